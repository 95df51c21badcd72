"""The production topology, started on 127.0.0.1 and put through its failures: `make prod-check`.

    nginx :18800 (deploy/nginx-site.conf)  →  gunicorn :18801 and gunicorn :18802 (deploy/gunicorn.conf.py)
    one task worker (RQ on Redis, or db_worker without Redis) and the scheduler of recurring jobs (manage.py periodic)
    PostgreSQL (database portal_prodcheck, made afresh), a Redis of its own on :16379 (cache and queue), private
    files through X-Accel-Redirect, settings as in production (DEBUG off).

1. /healthz through nginx: database, cache and queue answer.
2. A bounded load (8 clients, LOAD_SECONDS) of signed-in pages; one app server is killed (SIGKILL) a third of the way
   in. Every user request must still succeed: nginx passes an idempotent request that found the dead server to the
   other one.
3. The 60,000-row export of the province-sized dataset (bench/run.py builds it) as a job; the worker is killed
   (SIGKILL) while it writes. Meanwhile no file is offered; a new worker starts, the watchdog queues the job again,
   and the file that finally comes (through nginx) is whole: every row.
4. The recipe's headers: static files sent gzipped (gzip_static) with one Cache-Control; a private file marked
   private and Vary: Cookie; logout sends Clear-Site-Data.
5. The same load, and Redis is stopped (SIGKILL) a third of the way in: every page still answers 200 (from the
   database), a sign-in still works, /healthz says "degraded" naming the cache, and the scheduler does not exit.
   Redis comes back and /healthz says "ok" again.

Exit status 0 when all holds; prints the figures. Needs PostgreSQL on 127.0.0.1:5432 (user postgres); installs nginx
from Debian's packages when missing.
"""

import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "prod-check"
PROXY, APP_PORTS = 18800, (18801, 18802)
DATABASE = "portal_prodcheck"
REDIS_PORT = 16379
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
LOAD_SECONDS = float(os.environ.get("PROD_CHECK_LOAD_SECONDS", "12"))
PASSWORD = "Kiem-Tra-Trien-Khai-2026"
BENCH_SLUG = "bench-tinh"
PYTHON = sys.executable


def redis_answers(port: int = REDIS_PORT) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else "")
    if not found and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], env=env, capture_output=True)
        found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else "")
    if not found:
        raise SystemExit("nginx is not installed (apt-get install nginx)")
    return found


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def environment(queue: str) -> dict:
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        # What is measured is the pages, signed in; the second step of offices has tests of its own.
        "SECOND_FACTOR_FOR_OFFICES": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{PROXY}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "REDIS_URL": REDIS_URL if queue == "rq" else "",
        "TASKS_BACKEND": queue,
        "MEDIA_ROOT": str(WORK / "media"),
        "PRIVATE_MEDIA_ROOT": str(WORK / "private"),
        "SENDFILE_BACKEND": "nginx",
        "SENDFILE_URL": "/_private",
        "DJANGO_STATIC_ROOT": str(WORK / "static"),
        "GUNICORN_WORKERS": "2",
        "EXPORT_STALE_SECONDS": "4",
        "EXPORT_WATCHDOG_SECONDS": "2",
        "AXES_ENABLED": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "DJANGO_LOG_FORMAT": "json",
    }


class Topology:
    def __init__(self, env: dict, queue: str):
        self.env, self.queue = env, queue
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(WORK / f"{name}.log", "a")  # noqa: SIM115 (open for the process's life)
        process = subprocess.Popen(
            command, cwd=ROOT, env=env or self.env, stdout=log, stderr=log, start_new_session=True
        )
        self.processes[name] = process
        return process

    def app_server(self, port: int) -> None:
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        self.start(f"app-{port}", [gunicorn, "-c", "deploy/gunicorn.conf.py", "campaign_portal.wsgi"], env)
        wait_for_port(port)

    def worker(self, name: str = "worker") -> None:
        if self.queue == "rq":
            command = ["rqworker", "default", "--job-class", "django_tasks_rq.Job", "--with-scheduler"]
        else:
            command = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.5"]
        self.start(name, [PYTHON, "manage.py", *command])

    def nginx(self, binary: str) -> None:
        values = {
            "LISTEN": f"127.0.0.1:{PROXY}",
            "SERVER_NAME": "127.0.0.1",
            # Two app servers: one `server` line each in the upstream block.
            "UPSTREAM": "; server ".join(f"127.0.0.1:{port}" for port in APP_PORTS),
            "STATIC_ROOT": WORK / "static",
            "MEDIA_ROOT": WORK / "media",
            "PRIVATE_MEDIA_ROOT": WORK / "private",
            "SENDFILE_URL": "/_private",
        }
        site = re.sub(
            r"\$\{([A-Z_]+)\}", lambda m: str(values[m.group(1)]), (ROOT / "deploy/nginx-site.conf").read_text()
        )
        conf = WORK / "nginx.conf"
        conf.write_text(
            f"daemon off;\npid {WORK}/nginx.pid;\nerror_log {WORK}/nginx-error.log;\nevents {{}}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {WORK}/tmp;\n"
            f"  proxy_temp_path {WORK}/tmp;\n  fastcgi_temp_path {WORK}/tmp;\n  uwsgi_temp_path {WORK}/tmp;\n"
            f"  scgi_temp_path {WORK}/tmp;\n{site}\n}}\n"
        )
        (WORK / "tmp").mkdir(exist_ok=True)
        self.start("nginx", [binary, "-c", str(conf), "-p", str(WORK)])
        wait_for_port(PROXY)

    def redis(self) -> None:
        """A Redis of the check's own (not the machine's), so that it can be stopped under load."""
        self.start(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"],
        )
        wait_for_port(REDIS_PORT)

    def kill(self, name: str) -> None:
        """SIGKILL to the whole process group: the master and every child, with no chance to finish."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def request(method: str, path: str, cookie: str = "", body: str = "", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", PROXY, timeout=30)
    all_headers = {"Cookie": cookie, **(headers or {})}
    if body:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=all_headers)
    response = connection.getresponse()
    return response, response.read()


def log_in(username: str) -> tuple[str, str]:
    """(the Cookie header of a signed-in session, its CSRF token), through the real login form."""
    response, page = request("GET", "/dang-nhap/")
    csrf = re.search(r"csrftoken=([^;]+);", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
    response, _ = request("POST", "/dang-nhap/", f"csrftoken={csrf}", body)
    session = re.search(r"sessionid=([^;]+);", response.getheader("Set-Cookie", ""))
    if response.status != 302 or not session:
        raise SystemExit(f"could not log in as {username} ({response.status})")
    return f"sessionid={session.group(1)}; csrftoken={csrf}", csrf


def load_with_failover(topology: Topology, cookie: str, victim: str = f"app-{APP_PORTS[0]}") -> dict:
    """8 clients ask signed-in pages (and the public ones) for LOAD_SECONDS; `victim` is killed a third of the way."""
    paths = ["/", "/chien-dich/", "/thong-bao/", "/healthz", "/guong-sang/", "/dang-nhap/"]
    outcomes, lock, stop = [], threading.Lock(), threading.Event()

    def client(number: int) -> None:
        turn = number
        while not stop.is_set():
            path = paths[turn % len(paths)]
            turn += 1
            started = time.monotonic()
            try:
                response, _ = request("GET", path, "" if path == "/dang-nhap/" else cookie)  # its form, signed out
                status = response.status
            except OSError as error:
                status = f"error: {error}"
            with lock:
                outcomes.append((path, status, time.monotonic() - started))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(LOAD_SECONDS / 3)
    before = len(outcomes)
    topology.kill(victim)
    killed_after = before
    time.sleep(LOAD_SECONDS * 2 / 3)
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    failed = [(path, status) for path, status, _ in outcomes if status != 200]
    return {
        "requests": len(outcomes),
        "killed_after": killed_after,
        "failed": failed,
        "slowest": max(seconds for *_, seconds in outcomes),
    }


def export_with_a_killed_worker(topology: Topology, cookie: str, csrf: str) -> dict:
    response, _ = request(
        "POST",
        f"/bao-cao/{BENCH_SLUG}/xuat/registrations/",
        cookie,
        urlencode({"csrfmiddlewaretoken": csrf}),
        {"Referer": f"http://127.0.0.1:{PROXY}/bao-cao/{BENCH_SLUG}/", "X-CSRFToken": csrf},
    )
    if response.status != 302:
        raise SystemExit(f"the export did not start ({response.status})")
    job_page = response.getheader("Location")
    status_path = job_page.rstrip("/") + "/trang-thai/"
    started = time.monotonic()

    def status() -> dict:
        answer, body = request("GET", status_path, cookie)
        return json.loads(body)

    # Wait until the worker is writing, then kill it.
    deadline = time.monotonic() + 120
    while True:
        state = status()
        if state["status"] == "running" and state["written"] > 0:
            break
        if state["status"] in ("done", "failed") or time.monotonic() > deadline:
            raise SystemExit(f"the export was not caught while writing: {state}")
        time.sleep(0.05)
    killed_at = dict(state)
    topology.kill("worker")
    offered_while_lost = []
    for _ in range(10):  # the job stays without a file while nobody writes it
        state = status()
        if state["url"]:
            offered_while_lost.append(state)
        time.sleep(0.2)
    topology.worker("worker-2")
    deadline = time.monotonic() + 240
    while state["status"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        state = status()
    if state["status"] != "done":
        raise SystemExit(f"the export did not finish after the worker was replaced: {state}")
    seconds = time.monotonic() - started
    response, content = request("GET", state["url"], cookie)
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    data_rows = sum(1 for row in sheet.iter_rows(min_row=6, values_only=True) if isinstance(row[0], int))
    return {
        "headers": {name.lower(): value for name, value in response.getheaders()},
        "killed_at": killed_at,
        "offered_while_lost": offered_while_lost,
        "rows": state["total"],
        "data_rows": data_rows,
        "download_status": response.status,
        "sent_by": "nginx (X-Accel-Redirect)" if response.getheader("Server", "").startswith("nginx") else "?",
        "bytes": len(content),
        "seconds": seconds,
    }


def without_redis(topology: Topology, cookie: str) -> dict:
    load = load_with_failover(topology, cookie, victim="redis")
    response, body = request("GET", "/healthz")
    health_down = (response.status, json.loads(body))
    signed_in = log_in("bench")[0].startswith("sessionid=")
    scheduler_alive = topology.processes["scheduler"].poll() is None
    topology.redis()
    time.sleep(6)  # the cache asks Redis again a few seconds after a failure
    response, body = request("GET", "/healthz")
    return {
        **load,
        "health_down": health_down,
        "health_back": (response.status, json.loads(body)),
        "signed_in": signed_in,
        "scheduler_alive": scheduler_alive,
    }


def recipe_headers(cookie: str, csrf: str) -> dict:
    """What a phone gets on its first visit: the static files the login page names, gzipped and plain."""
    _response, page = request("GET", "/dang-nhap/")
    assets = sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)))
    gzipped = plain = 0
    cache_headers, encodings = set(), set()
    for asset in assets:
        response, body = request("GET", asset.decode(), headers={"Accept-Encoding": "gzip"})
        gzipped += len(body)
        encodings.add(response.getheader("Content-Encoding", "none"))
        cache_headers.add(len([v for k, v in response.getheaders() if k.lower() == "cache-control"]))
        plain += len(request("GET", asset.decode())[1])
    response, _ = request(
        "POST", "/dang-xuat/", cookie, urlencode({"csrfmiddlewaretoken": csrf}), {"X-CSRFToken": csrf}
    )
    return {
        "assets": len(assets),
        "gzipped": gzipped,
        "plain": plain,
        "encodings": encodings,
        "cache_control_headers": cache_headers,
        "logout_clears": response.getheader("Clear-Site-Data", ""),
    }


def main() -> int:
    queue = "rq" if shutil.which("redis-server") else "database"
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    nginx = nginx_binary()
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    env = environment(queue)
    topology = Topology(env, queue)
    if queue == "rq":
        topology.redis()
    print(f"== prod-check: nginx → 2 gunicorn, 1 worker ({queue}), scheduler; PostgreSQL {DATABASE}", flush=True)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(
        env, "check"
    )  # `check --deploy` wants HTTPS, which this plain-http run on 127.0.0.1 has not (a test checks it)
    build = subprocess.run([PYTHON, "bench/run.py", "build"], cwd=ROOT, env=env, capture_output=True, text=True)
    if build.returncode:
        raise SystemExit(build.stdout + build.stderr)
    manage(
        env,
        "shell",
        "-c",
        f"from accounts.models import User; u = User.objects.get(username='bench'); u.set_password('{PASSWORD}'); "
        "u.save()",
    )
    print(f"   database, static files and the province-sized dataset ready in {time.monotonic() - started:.0f} s")
    failures = []
    try:
        for port in APP_PORTS:
            topology.app_server(port)
        topology.worker()
        topology.start("scheduler", [PYTHON, "manage.py", "periodic", "--interval", "1"])
        topology.nginx(nginx)
        response, body = request("GET", "/healthz")
        health = json.loads(body)
        print(f"1. /healthz through nginx: {response.status} {health}")
        if response.status != 200:
            failures.append("the health check failed")
        cookie, csrf = log_in("bench")

        load = load_with_failover(topology, cookie)
        print(
            f"2. {load['requests']} signed-in requests by 8 clients in {LOAD_SECONDS:.0f} s; app server "
            f":{APP_PORTS[0]} killed (SIGKILL) after {load['killed_after']}; failed: {len(load['failed'])}; "
            f"slowest {load['slowest']:.2f} s"
        )
        if load["failed"]:
            failures.append(f"user requests failed when an app server died: {load['failed'][:5]}")

        export = export_with_a_killed_worker(topology, cookie, csrf)
        killed = export["killed_at"]
        print(
            f"3. export of {export['rows']:,} rows: worker killed (SIGKILL) at "
            f"{killed['written']:,}/{killed['total']:,} rows; file offered meanwhile: "
            f"{len(export['offered_while_lost'])} times; a new worker finished it, "
            f"{export['seconds']:.0f} s from the click; download {export['download_status']} sent by "
            f"{export['sent_by']}, {export['bytes'] / 1e6:.1f} MB, {export['data_rows']:,} data rows"
        )
        if export["offered_while_lost"]:
            failures.append("a file was offered while its job had lost its worker")
        if export["data_rows"] != export["rows"] or export["download_status"] != 200:
            failures.append("the downloaded file is not whole")

        private = export["headers"]
        headers = recipe_headers(*log_in("bench"))
        print(
            f"4. first visit's {headers['assets']} CSS/JS files: {headers['gzipped'] / 1000:.0f} KB sent gzipped "
            f"({headers['plain'] / 1000:.0f} KB plain; Content-Encoding {headers['encodings']}, Cache-Control "
            f"headers each {headers['cache_control_headers']}); private file: Cache-Control "
            f"{private.get('cache-control')!r}, Vary {private.get('vary')!r}; logout: Clear-Site-Data "
            f"{headers['logout_clears']!r}"
        )
        if headers["encodings"] != {"gzip"} or headers["cache_control_headers"] != {1}:
            failures.append("static files are not sent gzipped with one Cache-Control header")
        if "private" not in private.get("cache-control", "") or "Cookie" not in private.get("vary", ""):
            failures.append("a private file may be kept by a cache shared between people")
        if "cache" not in headers["logout_clears"]:
            failures.append("logout leaves the browser's cache as it was")

        if queue == "rq":
            down = without_redis(topology, cookie)
            print(
                f"5. {down['requests']} requests by 8 clients; Redis killed (SIGKILL) after {down['killed_after']}; "
                f"failed: {len(down['failed'])}; slowest {down['slowest']:.2f} s; sign-in without Redis: "
                f"{'ok' if down['signed_in'] else 'FAILED'}; /healthz {down['health_down']}; scheduler "
                f"{'still running' if down['scheduler_alive'] else 'EXITED'}; "
                f"Redis back: /healthz {down['health_back']}"
            )
            if down["failed"]:
                failures.append(f"pages failed without Redis: {down['failed'][:5]}")
            if not (down["signed_in"] and down["scheduler_alive"]):
                failures.append("no sign-in, or the scheduler exited, without Redis")
            if down["health_down"][1].get("cache") != "unreachable" or down["health_back"][1].get("status") != "ok":
                failures.append(f"/healthz did not say what was down: {down['health_down']} {down['health_back']}")
        else:
            print("5. skipped: redis-server is not installed")
    finally:
        topology.stop()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=False)
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print(f"prod-check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
