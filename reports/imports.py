"""Excel imports as background jobs: the upload is checked by a task worker (every row, every error with its row and
column), the office reads the preview and confirms, and a worker applies it — all rows or none, after reading the
file again (what was previewed may have changed meanwhile). A large file no longer holds the request."""

import logging
import os
import tempfile
import time
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from common.storage import local_path
from common.xlsx_reader import FileRejected, FormulaCells, read_headers, read_table
from organizations import columns, importers

from .models import ColumnProfile, ImportJob, ImportStatus
from .profiles import save_profile

logger = logging.getLogger(__name__)

ERRORS_KEPT = 500
PREVIEW_SECONDS = 3600  # a checked file nobody confirmed within the hour is removed (it holds personal data)


FOLDER = "imports/"  # in the private storage, with no rule of the private files view: nobody downloads them


def file_of(job: ImportJob) -> str:
    """The uploaded file's name in the private storage (shared by the app servers and the workers)."""
    return f"{FOLDER}{job.pk}.{'csv' if job.is_csv else 'xlsx'}"


def _storage():
    return storages["default"]


@contextmanager
def _local_copy(name: str):
    """A path to the stored file on this machine's disk: itself, or a copy fetched from the object store."""
    storage = _storage()
    path = local_path(storage, name)
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory() as folder, storage.open(name, "rb") as stored:
        copy = os.path.join(folder, "import.xlsx")
        with open(copy, "wb") as out:
            for chunk in stored.chunks():
                out.write(chunk)
        yield copy


def read_mapped(path, kind: str, mapping: dict | None, *, is_csv: bool = False):
    """The file's rows under the portal's column names, read as they are consumed: paired by `mapping` ({file
    header: field}), or, without one, as `columns.match` pairs them. Returns (headers, rows, the mapping used)."""
    headers, rows = read_table(path, size=os.path.getsize(path), is_csv=is_csv, is_header=columns.header_test(kind))
    used = mapping if mapping is not None else columns.match(kind, headers)
    headers, rows = columns.mapped(kind, headers, rows, used)
    return headers, rows, used


def _plan(job: ImportJob, user) -> tuple[importers.ImportPlan, list[str]]:
    """The dry run's plan, and the file's columns left out (paired with no field)."""
    with _local_copy(file_of(job)) as path:
        headers, rows, used = read_mapped(path, job.kind, job.mapping or None, is_csv=job.is_csv)
        plan = importers.PLANNERS[job.kind](headers, rows, user)
    return plan, [header for header, field in used.items() if header and not field]


def _import(job: ImportJob) -> importers.ImportPlan:
    """Read the file again and write it, batch by batch, in one transaction (ImportRefused: nothing written)."""
    with _local_copy(file_of(job)) as path:
        headers, rows, _used = read_mapped(path, job.kind, job.mapping or None, is_csv=job.is_csv)
        return importers.import_rows(job.kind, headers, rows, job.requested_by)


def start_import(*, user, kind: str, uploaded, profile: ColumnProfile | None = None) -> ImportJob:
    """Keep the uploaded file and read its headers. The portal's own template (every column paired, none left
    over) goes straight to the check; any other file waits for the office to confirm the pairing (match_import),
    proposed from `profile` or by the words offices use. FileRejected for a file that cannot be read."""
    is_csv = (uploaded.name or "").lower().endswith(".csv")
    job = ImportJob.objects.create(requested_by=user, kind=kind, size=uploaded.size, is_csv=is_csv)
    _storage().save(file_of(job), uploaded)
    try:
        with _local_copy(file_of(job)) as path:
            headers = read_headers(path, size=os.path.getsize(path), is_csv=is_csv, is_header=columns.header_test(kind))
    except FileRejected as error:
        _refuse(job, message=str(error))
        return job
    proposed = columns.match(kind, headers)
    if profile is not None:
        proposed |= {header: field for header, field in profile.mapping.items() if header in proposed}
    own_template = all(proposed.get(header) for header in headers if header) and profile is None
    ImportJob.objects.filter(pk=job.pk).update(
        headers=headers,
        mapping=proposed,
        status=ImportStatus.CHECKING if own_template else ImportStatus.MATCHING,
    )
    if own_template:
        transaction.on_commit(lambda: check_import.enqueue(str(job.pk)))
    job.refresh_from_db()
    return job


@transaction.atomic
def match_import(*, by, job: ImportJob, mapping: dict, profile_name: str = "") -> None:
    """The office's pairing of the file's columns (ValidationError, in Vietnamese, for one the import cannot use);
    kept, saved as a profile when named, and the check queued — all of it, or nothing."""
    try:
        columns.mapped(job.kind, job.headers, [], mapping)
    except FileRejected as error:
        raise ValidationError(str(error)) from None
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.MATCHING).update(
        mapping=mapping, status=ImportStatus.CHECKING
    ):
        raise ValidationError(_("This file is no longer waiting for its columns to be paired."))
    if profile_name.strip():
        save_profile(by=by, kind=job.kind, name=profile_name, mapping=mapping)
    transaction.on_commit(lambda: check_import.enqueue(str(job.pk)))


def _forget_file(job: ImportJob) -> None:
    _storage().delete(file_of(job))


def _refuse(job: ImportJob, *, errors=(), count: int | None = None, message: str = "") -> None:
    _forget_file(job)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.REJECTED,
        errors=[[e.row, e.column, e.header, e.message] for e in list(errors)[:ERRORS_KEPT]],
        error_count=len(errors) if count is None else count,
        message=message[:500],
        finished_at=timezone.now(),
    )


@task()
def check_import(job_id: str) -> None:
    """The dry run: every row read and checked, nothing written."""
    job = ImportJob.objects.select_related("requested_by").filter(pk=job_id, status=ImportStatus.CHECKING).first()
    if job is None:
        return
    if not _storage().exists(file_of(job)):  # removed meanwhile (an hour passed): say so rather than wait for ever
        _refuse(job, message=_("This preview has expired; upload the file again."))
        return
    try:
        plan, ignored = _plan(job, job.requested_by)
    except FormulaCells as error:
        _refuse(job, errors=error.errors, count=error.count)
        return
    except FileRejected as error:
        _refuse(job, message=str(error))
        return
    if not plan.ok:
        _refuse(job, errors=plan.errors, count=plan.error_count)
        return
    creates, updates = importers.preview_rows(plan)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKED,
        summary={
            "creates": plan.created,
            "updates": plan.updated,
            "unchanged": plan.unchanged,
            "positions": plan.positions,
            "rows": plan.rows,
            "ignored": ignored,
        },
        preview={
            "creates": [[r.key, r.name, r.detail] for r in creates],
            "updates": [[r.key, r.name, r.detail] for r in updates],
        },
        finished_at=timezone.now(),
    )


def confirm_import(job: ImportJob) -> bool:
    """Queue the import of a checked file; False when it is not waiting for confirmation (sent twice, expired)."""
    if not _storage().exists(file_of(job)):
        return False
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(status=ImportStatus.APPLYING):
        return False
    transaction.on_commit(lambda: apply_import.enqueue(str(job.pk)))
    return True


@task()
def apply_import(job_id: str) -> None:
    """Read and check the file again, then write it in one transaction; the file goes either way."""
    job = ImportJob.objects.select_related("requested_by").filter(pk=job_id, status=ImportStatus.APPLYING).first()
    if job is None:
        return
    try:
        plan, message = _import(job), ""
    except importers.ImportRefused:
        plan, message = None, _("The data changed since the preview; upload the file again.")
    except FileRejected as error:
        plan, message = None, str(error)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        plan, message = None, _("The file could not be imported; nothing was changed.")
    finally:
        _forget_file(job)
    done = not message
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE if done else ImportStatus.FAILED,
        message=message,
        summary={**job.summary, "creates": plan.created, "updates": plan.updated, "unchanged": plan.unchanged}
        if done
        else job.summary,
        finished_at=timezone.now(),
    )


def forget_stale(now: float | None = None) -> int:
    """Checked files nobody confirmed within PREVIEW_SECONDS, and files of jobs gone: removed; a job still busy
    after that long lost its worker and is marked failed (its page stops waiting). Returns the files removed."""
    cutoff = (now or time.time()) - PREVIEW_SECONDS
    ImportJob.objects.filter(
        status__in=[ImportStatus.CHECKING, ImportStatus.APPLYING],
        created_at__lt=timezone.datetime.fromtimestamp(cutoff, tz=timezone.get_current_timezone()),
    ).update(
        status=ImportStatus.FAILED,
        message=_("The file could not be imported; nothing was changed."),
        finished_at=timezone.now(),
    )
    removed, storage = 0, _storage()
    try:
        _folders, names = storage.listdir(FOLDER)
    except FileNotFoundError:  # no import yet on this disk
        names = []
    for name in names:
        if name.endswith((".xlsx", ".csv")) and storage.get_modified_time(FOLDER + name).timestamp() < cutoff:
            storage.delete(FOLDER + name)
            removed += 1
    return removed
