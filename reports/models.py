"""An Excel export built in the background (an export job): who asked for which report, how far it has got,
and the finished file — private to the person who asked, removed when it expires."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Could not be written")


# What each report is called on its button and its job's page.
REPORT_TITLES = {
    "coverage": _("Coverage report (Excel)"),
    "registrations": _("List of registrations (Excel)"),
    "checkins": _("Check-ins (Excel)"),
    "compare": _("Years compared (Excel)"),
    "evaluations": _("Year-end ratings (Excel)"),
    "closing": _("Closing report (Excel)"),
    "unit_ratings": _("Units' ratings (Excel)"),
    "member_results": _("Members' results (Excel)"),
}
# The start of each report's file name, in the words an office uses (Vietnamese, without diacritics).
REPORT_FILE_NAMES = {
    "coverage": "trien-khai-dang-ky",
    "registrations": "danh-sach-dang-ky",
    "checkins": "so-ket",
    "compare": "so-sanh-cac-nam",
    "evaluations": "xep-loai-cuoi-nam",
    "closing": "tong-ket",
    "unit_ratings": "xep-loai-don-vi",
    "member_results": "ket-qua-doan-vien",
}


class ExportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("requested by")
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="+", verbose_name=_("campaign")
    )
    report = models.CharField(_("report"), max_length=30)
    root = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    # The report's day (its tree as it stood then) and its cut (reports.coverage.Cut), as the dashboard asked.
    on = models.DateField(_("units as of"))
    sector = models.CharField(max_length=20, blank=True)
    group = models.CharField(max_length=10, blank=True)
    # The members' results in an office's columns (a ColumnProfile of kind "results"); empty: the portal's own.
    profile = models.ForeignKey(
        "ColumnProfile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("columns")
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set only once the whole file is in place: a job never offers a half-written file.
    file = models.FileField(_("file"), max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=150)
    error = models.CharField(_("why it failed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # Written at each step of progress: a running job whose heartbeat stopped lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("removed after"))

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="exportjob_mine"),
            models.Index(fields=["status", "heartbeat_at"], name="exportjob_status"),
        ]

    def __str__(self):
        return self.filename

    @property
    def is_pdf(self) -> bool:
        return self.filename.endswith(".pdf")

    @property
    def title(self) -> str:
        return str(REPORT_TITLES.get(self.report, self.report))

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, self.rows_written * 100 // self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class ImportStatus(models.TextChoices):
    MATCHING = "matching", _("Columns to pair: waiting for you")
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked: waiting for your confirmation")
    REJECTED = "rejected", _("Refused: the file has errors")
    APPLYING = "applying", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportJob(models.Model):
    """An Excel import checked, then applied, in the background: the uploaded file waits in the private storage
    (`imports/`, which no page serves) until it is imported or refused; what the check found is kept for the
    preview page."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("requested by")
    )
    kind = models.CharField(_("what the file holds"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    # {"creates": n, "updates": n, "unchanged": n, "positions": n, "rows": n}
    summary = models.JSONField(default=dict, blank=True)
    # [[row, column letter, header, message], …]: the first 500 errors, and how many in all
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    # {"creates": [[key, name, detail], …], "updates": […]}: the first PREVIEW_LIMIT of each
    preview = models.JSONField(default=dict, blank=True)
    message = models.CharField(_("why it stopped"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The file's own headers, and how they pair with the portal's fields ({header: field or ""}), as the office
    # confirmed them; empty: paired automatically (organizations.columns.match).
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    is_csv = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.APPLYING)


class ProfileKind(models.TextChoices):
    UNITS = "units", _("Units (import)")
    PEOPLE = "people", _("People and positions (import)")
    RESULTS = "results", _("Members' results (export)")


class ColumnProfile(models.Model):
    """A named set of columns an office keeps for a program it exchanges files with: for an import, how the
    headers of its own files pair with the portal's fields ({file header: field or ""}); for the members' results,
    the columns to write, in order ([[header, field], …], as the national member software's template wants them).
    Offered to the office that saved it and to the offices below it."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("what the file holds"), max_length=10, choices=ProfileKind.choices)
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("office's unit")
    )
    mapping = models.JSONField(_("columns"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column profile")
        verbose_name_plural = _("column profiles")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "name"], name="import_profile_once")]

    def __str__(self):
        return self.name
