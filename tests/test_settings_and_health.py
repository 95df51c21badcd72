import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.database_independent  # what it checks is the same on SQLite and PostgreSQL

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "doan.example.vn",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://doan.example.vn",
    "SITE_URL": "https://doan.example.vn",
}


def test_check_deploy_is_clean_with_production_settings():
    env = {**os.environ, **PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_address():
    """A forgotten SITE_URL would make e-mail links and shared story previews point at 127.0.0.1."""
    env = {**os.environ, **PRODUCTION_ENV, "SITE_URL": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SITE_URL" in result.stderr


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client):
    response = client.get(reverse("common:healthz"))
    assert response.status_code == 200 and response.json()["database"] == "ok"


def test_healthz_reports_a_database_failure(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert client.get(reverse("common:healthz")).status_code == 503


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    from datetime import date

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(date(2022, 5, 6), "SHORT_DATE_FORMAT") == "06/05/2022"


def test_json_logs_carry_the_request_and_the_error():
    import json
    import logging

    from django.test import RequestFactory

    from common.logs import JsonFormatter

    request = RequestFactory().get("/bao-cao/x/")
    try:
        raise ValueError("hỏng")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Lỗi máy chủ", None, sys.exc_info())
    record.request, record.status_code = request, 500
    line = json.loads(JsonFormatter().format(record))
    assert (line["level"], line["message"], line["path"], line["status"]) == (
        "ERROR",
        "Lỗi máy chủ",
        "/bao-cao/x/",
        500,
    )
    assert "ValueError: hỏng" in line["exception"]


@pytest.mark.django_db
def test_healthz_names_the_part_that_fails(client, monkeypatch):
    from django.core.cache import cache

    answer = client.get(reverse("common:healthz")).json()
    assert answer == {"database": "ok", "cache": "ok", "queue": "ok (inline)", "status": "ok"}
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)  # a cache that loses what it is given
    response = client.get(reverse("common:healthz"))
    # Pages are still served without the cache: the server stays in the pool, saying what is down.
    assert response.status_code == 200 and response.json()["cache"] == "unreachable"
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_pages_are_served_from_the_database_when_redis_is_away(world, client, settings, caplog):
    """Redis stopped: the login page, the public page, a signed-in page and a sign-in still answer, the recurring
    jobs wait (nothing claimed, nothing queued twice), and /healthz says the cache is down."""
    from django.core.cache import caches
    from django.core.signals import setting_changed

    from common import periodic

    away = {
        "default": {
            "BACKEND": "common.cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there (the discard port)
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.CACHES = away
    setting_changed.send(sender=None, setting="CACHES", value=away, enter=True)
    try:
        assert client.get(reverse("login")).status_code == 200
        assert client.get(reverse("evaluations:story_list")).status_code == 200
        signed_in = client.post(reverse("login"), {"username": "office1", "password": "Mat-khau-2026!"})
        assert signed_in.status_code == 302
        assert client.get(reverse("organizations:home")).status_code == 200
        health = client.get(reverse("common:healthz"))
        assert health.status_code == 200 and health.json()["cache"] == "unreachable"
        assert health.json()["status"] == "degraded" and health.json()["database"] == "ok"
        assert periodic.queue_due() == []  # no slot can be claimed: the job waits rather than run twice
        assert "The cache (Redis) is unreachable" in caplog.text
        assert caplog.text.count("unreachable, pages are served without it") == 1  # once per outage
    finally:
        caches["default"].close()


def test_a_sqlite_database_url_keeps_the_sqlite_settings(tmp_path):
    """DATABASE_URL=sqlite:///… is the same SQLite as the default: WAL, IMMEDIATE transactions, a lock timeout."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}"}
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['NAME'], d['OPTIONS'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert str(tmp_path / "portal.sqlite3") in result.stdout, result.stderr
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout and "journal_mode=WAL" in result.stdout
    assert "'timeout': 20" in result.stdout


@pytest.mark.django_db
def test_logout_clears_the_phone_and_code_sheets_are_never_kept(world, client_for):
    client = client_for(world.office1)
    sheet = client.post(reverse("person_activation_code", args=[world.b2_person.pk]))
    assert sheet.status_code == 200 and "no-store" in sheet["Cache-Control"]
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Clear-Site-Data"] == '"cache", "storage"'
