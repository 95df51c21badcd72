"""Units' reports upward: the organiser asks for a report (sơ kết, tổng kết) by a due date; each unit under it
writes a short narrative beside the figures the portal counts for it, attaches its signed scan and sends it; the
organiser reads them ("x/y đơn vị đã nộp") and returns one with a reason."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign
from common.images import RandomUploadPath
from organizations.models import Unit


class ReportKind(models.TextChoices):
    INTERIM = "so_ket", _("Interim report (sơ kết)")
    FINAL = "tong_ket", _("Final report (tổng kết)")


class ReportRequestQuerySet(models.QuerySet):
    def with_progress(self):
        """Each request with `sent` and `asked`: "x/y đơn vị đã nộp" in the same query."""
        return self.annotate(
            sent=models.Count("reports", filter=models.Q(reports__status="sent")), asked=models.Count("reports")
        )


class ReportRequest(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="report_requests"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. Sơ kết 6 tháng thực hiện kế hoạch."))
    due_on = models.DateField(_("due on"))
    note = models.TextField(_("what to report"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        ordering = ["-due_on", "pk"]

    def __str__(self):
        return f"{self.title} ({self.due_on:%d/%m/%Y})"


class ReportStatus(models.TextChoices):
    DUE = "due", _("Not sent yet")
    SENT = "sent", _("Sent")
    RETURNED = "returned", _("Returned for changes")


class UnitReport(models.Model):
    """One unit's report for a request: a row from the request on, so "x/y" keeps its y as units move."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DUE)
    narrative = models.TextField(_("report"), blank=True)
    # The unit's own figures as they stood when it sent the report (reports.coverage).
    figures = models.JSONField(_("figures when sent"), default=dict, blank=True)
    scan = models.FileField(_("signed scan"), upload_to=RandomUploadPath("unitreports"), blank=True, max_length=200)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["figures"])

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["request", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["request", "unit"], name="unit_report_once")]

    def __str__(self):
        return f"{self.request.title} – {self.unit.name}"

    @property
    def is_late(self) -> bool:
        """Sent after the due date, or not sent (or returned) with the date past."""
        sent = self.status == ReportStatus.SENT and self.sent_at
        return (timezone.localdate(self.sent_at) if sent else timezone.localdate()) > self.request.due_on

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DUE, ReportStatus.RETURNED)
