"""Slow clients against the documented production setup (deploy/), on 127.0.0.1, bounded in time.

Phase 1 — gunicorn alone (3 sync workers): 3 clients send a POST body one byte every 1.5 s while a
probe asks /healthz every 0.5 s. Phase 2 — the same gunicorn behind nginx (deploy/nginx-site.conf):
12 such clients. Prints how many probes failed and the slowest answer in each phase; exits 1 when
any probe failed behind nginx. Installs nginx from Debian's packages when it is missing.

    .venv/bin/python bench/slow_clients.py        (make slow-clients; tests/test_deploy.py runs it)
"""

import http.client
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

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "slow-clients"
APP_PORT, PROXY_PORT = 18701, 18702
WORKERS = 3
SLOW_SECONDS = 12  # each slow client gives up after this long
BYTE_EVERY = 1.5


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found or not shutil.which("apt-get"):
        return found
    print("== installing nginx (Debian package)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], env=env, capture_output=True)
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], env=env, capture_output=True)
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def app_env() -> dict:
    return {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
        "GUNICORN_WORKERS": str(WORKERS),
        "DJANGO_DEBUG": "0",
        # What is measured is the pages, signed in; the second step of offices has tests of its own.
        "SECOND_FACTOR_FOR_OFFICES": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{APP_PORT}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
    }


def start_gunicorn() -> subprocess.Popen:
    env = app_env()
    # A migrated database, as a deployment has: /healthz checks the cache table and the task queue's table too.
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")  # the one installed beside this Python
    process = subprocess.Popen(
        [
            str(gunicorn),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--access-logfile",
            "/dev/null",
            "campaign_portal.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(WORK / "gunicorn.log", "w"),  # noqa: SIM115 (open for the process's life)
    )
    wait_for_port(APP_PORT)
    return process


def start_nginx(binary: str) -> subprocess.Popen:
    values = {
        "LISTEN": f"127.0.0.1:{PROXY_PORT}",
        "SERVER_NAME": "127.0.0.1",
        "UPSTREAM": f"127.0.0.1:{APP_PORT}",
        "STATIC_ROOT": ROOT / "staticfiles",
        "MEDIA_ROOT": WORK / "media",
        "PRIVATE_MEDIA_ROOT": WORK / "private",
        "SENDFILE_URL": "/_private",
    }
    # Only ${NAME} placeholders: nginx's own $variables stay as they are.
    template = (ROOT / "deploy" / "nginx-site.conf").read_text()
    site = re.sub(r"\$\{([A-Z_]+)\}", lambda m: str(values[m.group(1)]), template)
    temp = WORK / "temp"
    temp.mkdir(mode=0o777)
    temp.chmod(0o777)
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    (WORK / "nginx.conf").write_text(f"""
worker_processes 1;
error_log {WORK}/nginx-error.log warn;
pid {WORK}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    {mime}
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
""")
    process = subprocess.Popen(
        [binary, "-p", str(WORK), "-c", str(WORK / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=open(WORK / "nginx.log", "w"),  # noqa: SIM115 (open for the process's life)
    )
    wait_for_port(PROXY_PORT)
    return process


def slow_client(port: int, stop: threading.Event) -> None:
    """A POST whose body comes one byte at a time, for at most SLOW_SECONDS."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        # A CSRF cookie and header as a logged-in page would send: Django then reads the body in the view.
        token = b"a" * 32
        sock.sendall(
            b"POST /dang-nhap/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrftoken=" + token + b"\r\n"
            b"X-CSRFToken: " + token + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 10000\r\n\r\n"
        )
        deadline = time.monotonic() + SLOW_SECONDS
        while time.monotonic() < deadline and not stop.is_set():
            sock.sendall(b"a")
            stop.wait(BYTE_EVERY)
        sock.close()
    except OSError:
        pass  # cut off by the server: that is the point


def probe(port: int, seconds: float, every: float = 0.5, timeout: float = 2.0) -> tuple[int, int, float]:
    """(failed, sent, slowest answer in seconds) of GET /healthz, one every `every` s for `seconds` s."""
    failed = sent = 0
    slowest = 0.0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            ok = connection.getresponse().status == 200
            connection.close()
        except OSError:
            ok = False
        took = time.monotonic() - started
        sent += 1
        failed += not ok
        slowest = max(slowest, took)
        time.sleep(max(0.0, every - took))
    return failed, sent, slowest


def phase(name: str, port: int, clients: int) -> tuple[int, float]:
    stop = threading.Event()
    threads = [threading.Thread(target=slow_client, args=(port, stop), daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # the slow clients are in
    failed, sent, slowest = probe(port, seconds=SLOW_SECONDS - 3)  # only while they are all still sending
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    print(
        f"{name}: {clients} slow clients; /healthz probes meanwhile: {failed} of {sent} failed (2 s timeout), "
        f"slowest {slowest:.2f} s",
        flush=True,
    )
    return failed, slowest


def status_of(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    status = connection.getresponse().status
    connection.close()
    return status


def private_files_stay_private() -> bool:
    """A file in the private root: nginx's internal location refuses it, Django's view wants a login first;
    a file in the public root is served."""
    (WORK / "private" / "people").mkdir(parents=True, exist_ok=True)
    (WORK / "private" / "people" / "anh.jpg").write_bytes(b"\xff\xd8private")
    (WORK / "media" / "guong-sang").mkdir(parents=True, exist_ok=True)
    (WORK / "media" / "guong-sang" / "anh.jpg").write_bytes(b"\xff\xd8public")
    answers = {
        path: status_of(PROXY_PORT, path)
        for path in (
            "/_private/people/anh.jpg",
            "/tep/people/anh.jpg",
            "/media/people/anh.jpg",
            "/media/guong-sang/anh.jpg",
        )
    }
    print(
        "private and public files through nginx: " + ", ".join(f"{path} {status}" for path, status in answers.items()),
        flush=True,
    )
    return answers == {
        "/_private/people/anh.jpg": 404,
        "/tep/people/anh.jpg": 302,
        "/media/people/anh.jpg": 404,
        "/media/guong-sang/anh.jpg": 200,
    }


def main() -> int:
    binary = nginx_binary()
    if not binary:
        print("nginx is not installed and could not be installed: skipped")
        return 2
    shutil.rmtree(WORK, ignore_errors=True)
    for folder in (WORK, WORK / "media", WORK / "private"):
        folder.mkdir(parents=True)
    processes = []
    try:
        processes.append(start_gunicorn())
        direct_failed, _ = phase(f"gunicorn alone ({WORKERS} sync workers)", APP_PORT, WORKERS)
        processes.append(start_nginx(binary))
        proxied_failed, proxied_slowest = phase("behind nginx (deploy/nginx-site.conf)", PROXY_PORT, 4 * WORKERS)
        private_ok = private_files_stay_private()
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    if proxied_failed or proxied_slowest > 1.0:
        print("FAILED: behind nginx, slow clients still delayed the site")
        return 1
    if not private_ok:
        print("FAILED: a private file was reachable through nginx")
        return 1
    print(f"ok: behind nginx the site answered every probe (gunicorn alone: {direct_failed} failed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
