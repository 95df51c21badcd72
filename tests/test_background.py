"""Background work: export jobs with their progress, the watchdog for lost workers, expiry, outside
messages tried again later, the periodic jobs, and the two real task backends — the database (db_worker) and
Redis (RQ; skipped, saying so, when no Redis answers on REDIS_URL or 127.0.0.1:6379)."""

import io
import os
import socket
from datetime import timedelta

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from common import periodic
from notices.channels import Message, notify
from notices.models import Delivery
from reports import exports, progress
from reports.models import ExportJob, JobStatus
from reports.xlsx import ReportWriter

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The tests that run db_worker use real transactions (transactional_db): the worker closes the database connection
# between tasks, which on PostgreSQL would end a test's surrounding transaction.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_answers() -> bool:
    host, port = "127.0.0.1", 6379
    if "//" in REDIS_URL:
        address = REDIS_URL.split("//", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1]
        host, _, port = address.partition(":")
        port = int(port or 6379)
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def start(client, campaign, report="registrations"):
    """The dashboard's button, without running the job (its task is queued after commit, which a test's
    transaction never reaches)."""
    response = client.post(reverse("reports:export", args=[campaign.slug, report]))
    assert response.status_code == 302
    return ExportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def test_an_export_job_shows_its_progress_then_offers_its_file_to_its_owner_only(world, campaign, approved, client_for):
    office = client_for(world.office1)
    job = start(office, campaign)
    page = office.get(reverse("reports:export_job", args=[job.pk])).content.decode()
    assert "<progress" in page and "Đang chờ đến lượt" in page and 'http-equiv="refresh"' in page
    status = office.get(reverse("reports:export_status", args=[job.pk])).json()
    assert status == {
        "status": "queued",
        "label": "Đang chờ đến lượt",
        "written": 0,
        "total": 0,
        "percent": 0,
        "url": "",
    }

    exports.run_export.call(str(job.pk))  # what the worker does
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_written == job.rows_total == 1 and job.attempts == 1
    status = office.get(reverse("reports:export_status", args=[job.pk])).json()
    assert status["percent"] == 100 and status["url"].endswith(".xlsx")
    page = office.get(reverse("reports:export_job", args=[job.pk])).content.decode()
    assert "Tải tệp Excel" in page and "http-equiv" not in page
    download = office.get(status["url"])
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert sheet["A1"].value == "DANH SÁCH CÁN BỘ ĐĂNG KÝ RÈN LUYỆN"
    # Nobody else: not the other district's office, not the secretary of the unit, not the administrator.
    for other in (world.office2, world.secretary1, world.superuser):
        stranger = client_for(other)
        assert stranger.get(reverse("reports:export_job", args=[job.pk])).status_code == 404
        assert stranger.get(status["url"]).status_code == 404


def test_the_bar_moves_every_500_rows_and_ends_at_the_total(tmp_path):
    seen = []
    with progress.listening(lambda written, total: seen.append((written, total))):
        writer = ReportWriter(str(tmp_path / "r.xlsx"), sheet_name="r", title="t", subtitle="s", columns=[("a", 5)])
        writer.expect(1200)
        for number in range(1200):
            writer.write_row([number])
            writer.advance()
        writer.close()
    assert seen == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]


def test_a_job_whose_worker_died_runs_again_and_never_offers_the_half_written_file(
    world, campaign, approved, client_for, settings
):
    office = client_for(world.office1)
    job = start(office, campaign)
    # The worker took it, wrote half a file and was killed: the job says "running", its heartbeat stopped.
    storage = storages["default"]
    partial = f"exports/{job.pk}/1/.writing-{job.filename}"  # each attempt writes in a folder of its own
    os.makedirs(os.path.dirname(storage.path(partial)), exist_ok=True)
    with open(storage.path(partial), "wb") as half:
        half.write(b"PK\x03\x04 half")
    silent_since = timezone.now() - timedelta(seconds=settings.EXPORT_STALE_SECONDS + 5)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1, heartbeat_at=silent_since)
    assert office.get(reverse("reports:export_status", args=[job.pk])).json()["url"] == ""
    assert office.get(reverse("common:private_file", args=[partial])).status_code == 404

    assert exports.restart_lost_jobs() == {"restarted": 1, "failed": 0}  # the task ran inline
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and not storage.exists(partial)
    assert exports.restart_lost_jobs() == {"restarted": 0, "failed": 0}
    exports.run_export.call(str(job.pk))  # a late second delivery of the same job: it is taken, nothing runs again
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2

    # A job that keeps losing its worker stops after MAX_ATTEMPTS, marked failed, with a message on its page.
    again = start(office, campaign)
    ExportJob.objects.filter(pk=again.pk).update(
        status=JobStatus.RUNNING, attempts=exports.MAX_ATTEMPTS, heartbeat_at=silent_since
    )
    assert exports.restart_lost_jobs() == {"restarted": 0, "failed": 1}
    page = office.get(reverse("reports:export_job", args=[again.pk])).content.decode()
    assert "Không ghi được tệp" in page


def test_expired_files_are_removed_with_their_jobs(world, campaign, approved, client_for):
    office = client_for(world.office1)
    job = start(office, campaign)
    exports.run_export.call(str(job.pk))
    job.refresh_from_db()
    path = storages["default"].path(job.file.name)
    assert os.path.exists(path)
    assert exports.remove_expired() == 0
    assert exports.remove_expired(timezone.now() + timedelta(hours=25)) == 1
    assert not ExportJob.objects.exists() and not os.path.exists(path) and not os.path.exists(os.path.dirname(path))


def test_a_failing_writer_marks_the_job_failed(world, campaign, client_for, monkeypatch):
    office = client_for(world.office1)
    job = start(office, campaign, "coverage")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setitem(exports.REPORTS, "coverage", broken)
    with pytest.raises(OSError):
        exports.run_export.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "disk full" and not job.file


def test_the_database_backend_queues_the_job_for_db_worker(
    transactional_db, world, campaign, approved, client_for, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    office = client_for(world.office1)
    with override_settings(TASKS=DATABASE_TASKS):
        with django_capture_on_commit_callbacks(execute=True):
            job = start(office, campaign)
        waiting = DBTaskResult.objects.ready()
        assert waiting.count() == 1 and waiting.get().task_path == "reports.exports.run_export"
        health = office.get(reverse("common:healthz")).json()
        assert health["queue"] == "ok (1 waiting)" and health["cache"] == "ok"
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_written == 1
    assert DBTaskResult.objects.successful().count() == 1


def test_a_failed_email_is_tried_again_later_then_recorded(
    transactional_db, world, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from notices.channels import drain_outgoing
    from notices.models import Outgoing

    settings.EMAIL_BACKEND = "tests.test_background.BrokenMailBackend"
    world.cadre.email = "canbo@example.vn"
    world.cadre.save()
    message = Message(event="test", title="Phiếu đã được duyệt", url="/")
    with override_settings(TASKS=DATABASE_TASKS):
        notify([world.cadre], message)
        first = DBTaskResult.objects.get()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
        retry = DBTaskResult.objects.exclude(pk=first.pk).get()
        assert Outgoing.objects.get(pk=retry.args_kwargs["args"][0]).attempt == 2  # the second attempt
        assert "canbo@" not in str(first.args_kwargs) + str(retry.args_kwargs)  # workers log task arguments
        wait = (retry.run_after - timezone.now()).total_seconds()
        assert 50 < wait <= 60  # in a minute
        assert not Delivery.objects.exists()  # not failed yet: it will be tried again
    # Without a queue that can wait (inline), the periodic drain sends each retry once due; after the last, the
    # failure is recorded, with why.
    Outgoing.objects.all().delete()
    notify([world.cadre], message)
    for minutes in (2, 10, 60):
        assert not Delivery.objects.exists()
        assert drain_outgoing(timezone.now() + timedelta(minutes=minutes)) == 1
    failed = Delivery.objects.get()
    assert (failed.channel, failed.ok, failed.address, failed.detail) == ("email", False, "canbo@example.vn", "no mail")


class BrokenMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail")


def test_periodic_jobs_are_queued_once_per_slot_across_schedulers(db):
    names = [job.name for job in periodic.jobs()]
    assert {"exports.restart_lost", "exports.remove_expired", "notices.reminders"} <= set(names)
    cache.clear()
    now = 1_800_000_000.0
    assert periodic.queue_due(now) == sorted(names)
    assert periodic.queue_due(now + 30) == []  # a second scheduler, same minute: nothing twice
    # The next minute: the minute's jobs only.
    assert periodic.queue_due(now + 60) == ["exports.restart_lost", "notices.outgoing"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not redis_answers(), reason=f"no Redis answers at {REDIS_URL}: the RQ backend is not tested")
def test_the_rq_backend_runs_the_export_on_redis(world, campaign, approved, client_for):
    import django_rq
    from rq import SimpleWorker

    rq_tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queues = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    office = client_for(world.office1)
    with override_settings(TASKS=rq_tasks, RQ_QUEUES=queues):
        queue = django_rq.get_queue("default")
        queue.empty()
        response = office.post(reverse("reports:export", args=[campaign.slug, "registrations"]))
        job = ExportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
        assert queue.count == 1 and office.get(reverse("common:healthz")).json()["queue"] == "ok (1 waiting)"
        from django_tasks_rq import Job

        worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
        assert worker.work(burst=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_written == 1


def test_an_import_is_checked_then_applied_by_the_worker(
    transactional_db, world, client_for, settings, django_capture_on_commit_callbacks
):
    """The upload returns at once; the page reloads itself while the database worker checks the file, shows the
    preview, and after "Import" follows the worker applying it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from organizations.models import Person
    from reports.models import ImportJob

    from .test_imports import PEOPLE_HEADER, people_rows, xlsx

    office = client_for(world.office1)
    upload = SimpleUploadedFile("du-lieu.xlsx", xlsx(PEOPLE_HEADER, people_rows(3)))
    with override_settings(TASKS=DATABASE_TASKS):
        with django_capture_on_commit_callbacks(execute=True):
            response = office.post(reverse("reports:import_upload"), {"kind": "people", "file": upload})
        page = office.get(response["Location"]).content.decode()
        # The refresh names the job's address: the upload page writes the answer into itself (static/js/uploads.js),
        # and a bare refresh would reload the upload form instead.
        assert f'http-equiv="refresh" content="2; url={response["Location"]}"' in page and "Đang kiểm tra tệp" in page
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
        page = office.get(response["Location"]).content.decode()
        assert 'data-count="create">3<' in page and "http-equiv" not in page
        assert not Person.objects.filter(member_number__startswith="NK").exists()  # the check wrote nothing
        job = ImportJob.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            office.post(reverse("reports:import_confirm", args=[job.pk]))
        assert "Đang nhập dữ liệu" in office.get(response["Location"]).content.decode()
        # "Import" pressed twice (a double tap): the second finds nothing waiting, and nothing runs twice.
        again = office.post(reverse("reports:import_confirm", args=[job.pk]), follow=True)
        assert "Bản xem trước đã hết hiệu lực" in again.content.decode()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    page = office.get(response["Location"]).content.decode()
    assert "tạo mới 3" in page and Person.objects.filter(member_number__startswith="NK").count() == 3
    assert not storages["default"].exists(f"imports/{job.pk}.xlsx")  # the uploaded file is gone once imported


def test_an_import_left_by_its_worker_stops_waiting(world, client_for):
    """A check whose worker died: after the hour the recurring job marks it failed and removes its file, so its page
    stops reloading and says to upload again."""
    import time

    from reports import imports
    from reports.models import ImportJob, ImportStatus

    job = ImportJob.objects.create(requested_by=world.office1, kind="people", size=10)
    storage = storages["default"]
    storage.save(imports.file_of(job), ContentFile(b"PK"))
    assert imports.forget_stale() == 0
    os.utime(storage.path(imports.file_of(job)), (time.time() - imports.PREVIEW_SECONDS - 60,) * 2)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert imports.forget_stale() == 1 and not storage.exists(imports.file_of(job))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    page = client_for(world.office1).get(reverse("reports:import_job", args=[job.pk])).content.decode()
    assert "http-equiv" not in page and "Không nhập được tệp" in page


def test_a_paused_worker_that_lost_its_job_neither_finishes_it_again_nor_replaces_its_file(
    world, campaign, approved, client_for, settings, monkeypatch
):
    """Attempt 1 pauses (a stopped VM, a long GC) past the watchdog's patience; the job is given to attempt 2,
    which finishes. Attempt 1 then resumes: it is fenced off, so the job is done once, with attempt 2's file."""
    office = client_for(world.office1)
    job = start(office, campaign, "coverage")
    real = exports.REPORTS["coverage"]
    calls = []

    def pausing(campaign, root, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 1:  # attempt 1 pauses here; meanwhile the watchdog hands the job to attempt 2
            silent = timezone.now() - timedelta(seconds=settings.EXPORT_STALE_SECONDS + 5)
            ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=silent)
            assert exports.restart_lost_jobs() == {"restarted": 1, "failed": 0}  # attempt 2 runs inline
        return real(campaign, root, path, *args, **kwargs)

    monkeypatch.setitem(exports.REPORTS, "coverage", pausing)
    exports.run_export.call(str(job.pk))  # attempt 1, resumed after the pause, writes to its end
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and len(calls) == 2
    storage = storages["default"]
    assert job.file.name == f"exports/{job.pk}/2/{job.filename}" and storage.exists(job.file.name)
    assert not os.listdir(storage.path(f"exports/{job.pk}/1"))  # attempt 1 left nothing behind
