"""Pages at framework speed: each page's throughput next to a bare one-query Django view (bench/bare.py),
both served by gunicorn with 3 sync workers, DEBUG off, loaded by wrk with 32 connections on 127.0.0.1, in
interleaved rounds (bare, page, bare, page, …) so both see the same machine. Bounded in time (ROUNDS ×
SECONDS per page). Every signed-in page is built afresh on every view (nothing is kept between a person's
requests), as in a deadline-day rush where every view is someone's first. The demo is loaded into databases of its
own: var/http/db.sqlite3 and the PostgreSQL database portal_bench_http (emptied first). wrk comes from Debian's
packages, installed when missing. Last, ten sign-ins one after another: what each cadre's visit starts with.

    .venv/bin/python bench/http_pages.py        (make bench runs it after bench/run.py): SQLite, then PostgreSQL
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/benchhttp .venv/bin/python bench/http_pages.py   (that one only)
"""

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import deadline_day as mix  # bench/, beside this script

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "http"
PORTAL_PORT, BARE_PORT = 18711, 18712
WORKERS, CONNECTIONS = 3, 32
SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "2"))
SIGN_INS = 10
YEAR = date.today().year
CURRENT = f"phong-cach-can-bo-doan-ca-mau-{YEAR}"
PAGES = [  # (who, label, path): the pages measured against the bare view
    ("canbo.phutan", "cadre: registration form", f"/chien-dich/{CURRENT}/dang-ky/"),
    ("canbo.phutan", "cadre: campaign page", f"/chien-dich/{CURRENT}/"),
    ("canbo.phutan", "cadre: home", "/"),
    (None, "anonymous: /guong-sang/", "/guong-sang/"),
    ("vanphong.camau", "office: review queue", f"/chien-dich/{CURRENT}/duyet/"),
    ("vanphong.camau", "office: dashboard", f"/bao-cao/{CURRENT}/"),
    # The floor of a signed-in page: nothing of its own but a sentence — the session, the user, the menu's grants
    # and the base template. No page that shows something can be faster.
    ("canbo.phutan", "floor: a signed-in page with nothing of its own", "/doi-mat-khau/xong/"),
]
PASSWORDS = {"canbo.phutan": "PhuTan@2022", "vanphong.camau": "CaMau@2025"}
# The API's lists, read with the demo's service token of the Tỉnh đoàn (demo/api_tokens.py), against the bare view's
# JSON twin. BENCH_HTTP_ONLY=api measures these alone.
API_PAGES = [
    ("API: units, a page of 100", "/api/v1/units?page_size=100"),
    ("API: registrations, a page of 100", "/api/v1/registrations?page_size=100"),
    ("API: campaigns", "/api/v1/campaigns"),
    # The floor of a read with a token: the token checked (one query), nothing else read.
    ("API floor: who reads (/api/v1/me)", "/api/v1/me"),
]
ONLY = os.environ.get("BENCH_HTTP_ONLY", "")


def wrk_binary() -> str:
    if not shutil.which("wrk") and shutil.which("apt-get"):
        print("== installing wrk (Debian package)", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    return found


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def databases() -> list[tuple[dict, str, str]]:
    """(the portal's database settings, the bare view's DATABASE_URL, a label) of each database to measure on:
    DATABASE_URL's alone when set; otherwise SQLite, then PostgreSQL (BENCH_HTTP_PG_URL, created when missing)
    when a server answers on 127.0.0.1."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return [({"DATABASE_URL": url}, url, "PostgreSQL" if url.startswith("postgres") else url.split(":")[0])]
    path = WORK / "db.sqlite3"
    chosen = [({"SQLITE_PATH": str(path), "DATABASE_URL": ""}, f"sqlite:///{path}", "SQLite")]
    postgres = os.environ.get("BENCH_HTTP_PG_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_http")
    if postgres_ready(postgres):
        chosen.append(({"DATABASE_URL": postgres}, postgres, "PostgreSQL"))
    else:
        print(f"PostgreSQL does not answer at {postgres}: measured on SQLite only", flush=True)
    return chosen


def postgres_ready(url: str) -> bool:
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    try:
        with psycopg.connect(**server, dbname="postgres", connect_timeout=3, autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
                admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    except psycopg.OperationalError:
        return False
    return True


def load_demo(db_env: dict) -> None:
    env = {**os.environ, **db_env}
    if not env["DATABASE_URL"]:
        env.pop("DATABASE_URL")
        Path(db_env["SQLITE_PATH"]).unlink(missing_ok=True)
    else:
        subprocess.run([sys.executable, "manage.py", "flush", "--noinput"], cwd=ROOT, env=env, capture_output=True)
    for command in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    # The planner's statistics, as autovacuum (PostgreSQL) or a nightly ANALYZE would have them on a live portal:
    # right after a bulk load they describe empty tables, and PostgreSQL then picks nested loops over every span.
    analyze = "from django.db import connection; connection.cursor().execute('ANALYZE')"
    subprocess.run([sys.executable, "manage.py", "shell", "-c", analyze], cwd=ROOT, env=env, check=True)


def gunicorn(app: str, port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            app,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(WORK / f"gunicorn-{port}.log", "w"),  # noqa: SIM115 (open for the process's life)
    )
    wait_for_port(port)
    return process


def log_in(username: str) -> str:
    """The Cookie header of a signed-in session (through the real login form, CSRF included)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORTAL_PORT, timeout=30)
    connection.request("GET", "/dang-nhap/")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = {m.group(1): m.group(2) for m in re.finditer(r"(\w+)=([^;]+);", response.getheader("Set-Cookie", ""))}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORDS[username]})
    connection.request(
        "POST",
        "/dang-nhap/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://127.0.0.1:{PORTAL_PORT}/dang-nhap/",
        },
    )
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+);", response.getheader("Set-Cookie", ""))
    if response.status != 302 or not session:
        raise SystemExit(f"could not log in as {username} ({response.status})")
    return f"sessionid={session.group(1)}; csrftoken={cookies['csrftoken']}"


def requests_per_second(wrk: str, url: str, cookie: str | None, header: str | None = None) -> float:
    command = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    if header:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS + 60).stdout
    if "Non-2xx or 3xx responses" in output:
        raise SystemExit(f"{url} answered errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def deadline_day(wrk: str, env: dict, cookies: dict, bare_url: str) -> None:
    """The mix of a registration deadline (bench/deadline_day.py) against the bare view before and after it."""
    cadres = mix.prepare(env)
    paths = {"form": PAGES[0][2], "campaign": PAGES[1][2], "home": PAGES[2][2], "dashboard": PAGES[5][2]}
    bare = [requests_per_second(wrk, bare_url, None)]
    found = mix.run(
        wrk, PORTAL_PORT, cadres, cookies["vanphong.camau"], cookies["canbo.phutan"], paths, SECONDS * ROUNDS
    )
    bare.append(requests_per_second(wrk, bare_url, None))
    b = sum(bare) / len(bare)
    shares = ", ".join(f"{name} {share} %" for name, share in mix.SHARES)
    print(
        f"Deadline-day mix ({len(cadres[0])} signed-in cadres, {len(cadres[1])} of them filling the form; {shares}; "
        "a draft saved each second): "
        f"{found['rate']:.0f} req/s (ratio {found['rate'] / b:.2f} to the bare view's {b:.0f}); "
        f"p50 {found['p50']:.0f} ms, p95 {found['p95']:.0f} ms, p99 {found['p99']:.0f} ms; "
        f"{found['drafts']} drafts saved, {found['errors']} errors",
        flush=True,
    )


def api_pages(wrk: str, env: dict, bare_json_url: str) -> None:
    """The API's lists with a service token, each next to the bare JSON view, interleaved like the pages."""
    made = "from demo.api_tokens import load_api_token_demo; print(load_api_token_demo())"
    token = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", made],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]  # made again under the servers' secret key, which its hash depends on
    # The second yardstick: the portal's own smallest JSON answer (/api/v1/, no query) through the same middleware,
    # so the ratio to it is what the API's reading and writing costs beyond the framework's stack.
    index = f"http://127.0.0.1:{PORTAL_PORT}/api/v1/"
    for name, path in API_PAGES:
        bare, stack, page = [], [], []
        for _round in range(ROUNDS):
            bare.append(requests_per_second(wrk, bare_json_url, None))
            stack.append(requests_per_second(wrk, index, None))
            url = f"http://127.0.0.1:{PORTAL_PORT}{path}"
            page.append(requests_per_second(wrk, url, None, f"Authorization: Bearer {token}"))
        b, i, p = sum(bare) / len(bare), sum(stack) / len(stack), sum(page) / len(page)
        print(
            f"HTTP (gunicorn {WORKERS} workers, {CONNECTIONS} connections): bare JSON view {b:.0f} req/s; "
            f"{name} {p:.0f} req/s (ratio {p / b:.2f}; {p / i:.2f} to the portal's /api/v1/ index, {i:.0f} req/s)",
            flush=True,
        )


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    wrk = wrk_binary()
    for db_env, bare_url, label in databases():
        measure(wrk, db_env, bare_url, label)


def measure(wrk: str, db_env: dict, bare_url: str, label: str) -> None:
    print(f"\nHTTP on {label}: loading the demo…", flush=True)
    load_demo(db_env)
    common = {
        **os.environ,
        **db_env,
        "DJANGO_DEBUG": "0",
        # What is measured is the pages, signed in; the second step of offices has tests of its own.
        "SECOND_FACTOR_FOR_OFFICES": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{PORTAL_PORT}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "API_REQUESTS_PER_MINUTE": "100000000",  # the rate limit is not what is measured
    }
    if not common["DATABASE_URL"]:
        common.pop("DATABASE_URL")
    processes = [
        gunicorn("campaign_portal.wsgi", PORTAL_PORT, common),
        gunicorn("bench.bare:application", BARE_PORT, {**os.environ, "DATABASE_URL": bare_url}),
    ]
    try:
        bare_url_http = f"http://127.0.0.1:{BARE_PORT}/"
        api_pages(wrk, common, f"{bare_url_http}json/")
        if ONLY == "api":
            return
        cookies = {user: log_in(user) for user in PASSWORDS}
        for who, name, path in PAGES:
            url, cookie = f"http://127.0.0.1:{PORTAL_PORT}{path}", cookies.get(who) if who else None
            bare, page = [], []
            for _round in range(ROUNDS):  # interleaved: both see the same machine
                bare.append(requests_per_second(wrk, bare_url_http, None))
                page.append(requests_per_second(wrk, url, cookie))
            b, p = sum(bare) / len(bare), sum(page) / len(page)
            print(
                f"HTTP (gunicorn {WORKERS} workers, {CONNECTIONS} connections): bare view {b:.0f} req/s; "
                f"{name} {p:.0f} req/s (ratio {p / b:.2f})",
                flush=True,
            )
        deadline_day(wrk, common, cookies, bare_url_http)
        # What a deadline day spends most on is not a page: each cadre signs in first, and the password's hash is
        # made slow on purpose (Django's PBKDF2). One at a time, as a cadre does it.
        started = time.perf_counter()
        for _ in range(SIGN_INS):
            log_in("canbo.phutan")
        each = (time.perf_counter() - started) / SIGN_INS * 1000
        print(f"Sign-in (the login page, then the form sent and the password checked): {each:.0f} ms each", flush=True)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
