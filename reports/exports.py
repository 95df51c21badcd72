"""Excel exports as background jobs: the dashboard's button starts one, the page shows how far it has got, and the
finished file waits, private to the person who asked, until it expires.

A job runs on a task worker (Django's Tasks API, settings.TASKS). Its file is written under a temporary name and
moved into place in one step before the job says "done": a worker killed half-way leaves no file anyone can fetch.
A running job's heartbeat moves with each step of progress; one that stopped beating lost its worker, and the
periodic watchdog runs it again (up to MAX_ATTEMPTS) or marks it failed.
"""

import contextlib
import logging
import os
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from campaigns.models import Campaign
from common.replica import replica_reads
from common.storage import local_path
from organizations import access
from organizations.models import AccessKind

from . import progress
from .coverage import Cut, Frame
from .models import REPORT_FILE_NAMES, ExportJob, JobStatus
from .policies import REPORT_SCOPE
from .xlsx import REPORT_FORMATS, REPORTS

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
FOLDER = "exports/"


# The reports that list people by name (the others count them).
NAMED_REPORTS = {
    "registrations",
    "checkins",
    "evaluations",
    "closing",
    "member_results",
    "sheets_pdf",
    "certificates_pdf",
}


def _keep() -> timedelta:
    return timedelta(hours=settings.EXPORT_KEEP_HOURS)


def _stale() -> timedelta:
    return timedelta(seconds=settings.EXPORT_STALE_SECONDS)


def start_export(*, user, campaign: Campaign, report: str, frame: Frame, profile=None) -> ExportJob:
    """A job for `report` of `frame` (already scoped to what `user` may see), queued once it is committed; the
    members' results in the columns of `profile` (one the user may use) when given."""
    if report not in REPORTS:
        raise ValueError(report)
    root = frame.root
    job = ExportJob.objects.create(
        requested_by=user,
        campaign=campaign,
        report=report,
        root=root,
        on=frame.on,
        sector=frame.cut.sector,
        group=frame.cut.group,
        profile=profile if report == "member_results" else None,
        filename=f"{REPORT_FILE_NAMES[report]}-{campaign.slug}-{slugify(root.code) or root.pk}-"
        f"{timezone.localdate():%Y%m%d}.{REPORT_FORMATS.get(report, 'xlsx')}",
        expires_at=timezone.now() + _keep(),
    )
    transaction.on_commit(lambda: run_export.enqueue(str(job.pk)))
    return job


class Superseded(Exception):
    """This attempt lost its job: the watchdog gave it to another while this one was paused."""


def _partial(job: ExportJob, attempt: int) -> str:
    return f"{FOLDER}{job.pk}/{attempt}/.writing-{job.filename}"


@task()
def run_export(job_id: str) -> None:
    """Write the job's file. Called by a task worker; an exception marks the job failed (the cause is logged).

    Each attempt is fenced by its number: it writes into a folder of its own and reports progress, success or
    failure only while the job is still its own (running, with its attempt number). A worker paused long enough
    for the watchdog to give the job to another, then resumed, finds itself superseded and drops its file: the job
    is done once, with the file of the attempt that owns it."""
    job = ExportJob.objects.select_related("campaign", "root").filter(pk=job_id).first()
    # Claimed by moving it from queued to running: a second delivery of the same job (the watchdog queued it again
    # while it still waited behind others) finds it taken and leaves, so two workers never write one file.
    if job is None:
        return
    attempt = job.attempts + 1
    if not ExportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED, attempts=job.attempts).update(
        status=JobStatus.RUNNING, attempts=attempt, heartbeat_at=timezone.now(), rows_written=0
    ):
        return
    mine = ExportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=attempt)
    storage = storages["default"]
    final = f"{FOLDER}{job.pk}/{attempt}/{job.filename}"
    partial = _partial(job, attempt)

    def moved(written: int, total: int) -> None:
        if not mine.update(rows_written=written, rows_total=total, heartbeat_at=timezone.now()):
            raise Superseded

    def write(path: str) -> int:
        with progress.listening(moved), replica_reads():  # its rows from the read replica, when there is one
            # The closing report's rows are frozen per unit of their day and kept per reader (the lineage can put
            # several of that day's units under one of today's), not per root.
            extra = {"reader": job.requested_by} if job.report == "closing" else {}
            if job.report == "member_results":
                extra = {"profile": job.profile}  # the office's columns, or the portal's own
            return REPORTS[job.report](
                job.campaign, job.root, path, job.on, Cut(sector=job.sector, group=job.group), **extra
            )

    try:
        # The whole file appears at once, or none: on a disk it is written under another name and renamed; an
        # object store shows an object only once its upload is complete.
        if local_path(storage, final):
            os.makedirs(os.path.dirname(storage.path(partial)), exist_ok=True)
            rows = write(storage.path(partial))
            os.replace(storage.path(partial), storage.path(final))
        else:
            with tempfile.TemporaryDirectory() as folder:
                rows = write(os.path.join(folder, job.filename))
                with open(os.path.join(folder, job.filename), "rb") as handle:
                    final = storage.save(final, File(handle))
    except Superseded:
        logger.warning("Export job %s: attempt %d was superseded; its work is dropped", job.pk, attempt)
        _remove(storage, partial)
        return
    except Exception as error:
        logger.exception("Export job %s (%s) failed", job.pk, job.report)
        _remove(storage, partial)
        mine.update(status=JobStatus.FAILED, error=str(error)[:300], finished_at=timezone.now())
        raise
    done = mine.update(
        status=JobStatus.DONE,
        file=final,
        rows_written=rows,
        rows_total=rows,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if not done:  # superseded between its last step and the end: the other attempt's file is the job's
        logger.warning(
            "Export job %s: attempt %d finished after it was superseded; its file is dropped", job.pk, attempt
        )
        _remove(storage, final)
    elif job.report in NAMED_REPORTS:  # the set it held, in the record of access to personal data
        where = f"{job.title} – {job.campaign.title}"
        access.record(job.requested_by, AccessKind.EXPORT, where, unit=job.root, count=rows)


def _remove(storage, name: str) -> None:
    with contextlib.suppress(OSError):
        storage.delete(name)


def restart_lost_jobs(now=None) -> dict[str, int]:
    """Jobs whose worker went away: queued or running with no heartbeat for EXPORT_STALE_SECONDS. Each runs again
    while it has attempts left, else it is marked failed. Returns {"restarted": n, "failed": m}."""
    now = now or timezone.now()
    lost = ExportJob.objects.filter(
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=now - _stale())
        | Q(status=JobStatus.QUEUED, created_at__lt=now - 10 * _stale())
    )
    restarted = failed = 0
    storage = storages["default"]
    for job in lost:
        _remove(storage, _partial(job, job.attempts))
        if job.attempts < MAX_ATTEMPTS:
            # Claimed by moving its heartbeat: two watchdogs at once restart it once.
            if ExportJob.objects.filter(pk=job.pk, heartbeat_at=job.heartbeat_at, status=job.status).update(
                status=JobStatus.QUEUED, heartbeat_at=now
            ):
                run_export.enqueue(str(job.pk))
                restarted += 1
        elif ExportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=JobStatus.FAILED, error="worker lost", finished_at=now
        ):
            failed += 1
    return {"restarted": restarted, "failed": failed}


def remove_expired(now=None) -> int:
    """Expired jobs and their files (the storage signal deletes a removed row's file). Returns how many."""
    now = now or timezone.now()
    storage = storages["default"]
    count = 0
    for job in ExportJob.objects.filter(expires_at__lt=now):
        for attempt in range(1, job.attempts + 1):
            _remove(storage, _partial(job, attempt))
        if job.file:
            _remove(storage, job.file.name)
        for folder in [f"{FOLDER}{job.pk}/{attempt}" for attempt in range(1, job.attempts + 1)] + [f"{FOLDER}{job.pk}"]:
            with contextlib.suppress(OSError):  # never created (the job failed first), or already gone
                if local_path(storage, folder):  # an object store has no folders to remove
                    os.rmdir(local_path(storage, folder))
        job.delete()
        count += 1
    return count


def status_of(job: ExportJob) -> dict:
    """What the progress bar shows."""
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "written": job.rows_written,
        "total": job.rows_total,
        "percent": job.percent,
        "url": storages["default"].url(job.file.name) if job.status == JobStatus.DONE and job.file else "",
    }


def jobs_of(user):
    """The unexpired export jobs `user` started, while they may still read that campaign's reports (an office
    dissolved since, or a grant withdrawn, loses its files with its pages)."""
    return ExportJob.objects.filter(
        requested_by=user, expires_at__gt=timezone.now(), campaign__in=REPORT_SCOPE.campaigns(user)
    )


def visible_file(user, name: str):
    """The rule of the private files view for exports: the finished file of one of `user`'s jobs."""
    return jobs_of(user).filter(file=name, status=JobStatus.DONE)
