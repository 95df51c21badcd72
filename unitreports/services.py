"""The steps of units' reports upward, each one transaction with its history (who, why)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from common.scans import checked_scan
from common.text import clean_text
from common.versioning import lock_current, save_step, stamp
from organizations.models import Unit
from organizations.policies import UNITS
from reports.coverage import coverage

from . import notifications
from .models import ReportKind, ReportRequest, ReportStatus, UnitReport

STALE = gettext_lazy("This report was changed meanwhile: open it again and check before saving.")


def units_asked(campaign: Campaign) -> list[Unit]:
    """The units that report to the organiser: its units directly under it, today."""
    return list(
        Unit.objects.filter(
            path__startswith=campaign.organizer.path, depth=campaign.organizer.depth + 1, is_active=True
        ).order_by("sort_key")
    )


@transaction.atomic
def request_reports(*, by, campaign: Campaign, kind: str, title: str, due_on: date, note: str = "") -> ReportRequest:
    """Ask every unit directly under the organiser for a report by `due_on`: the organiser's office only."""
    if not UNITS.can(by, "manage", campaign.organizer):
        raise PermissionDenied
    campaign.require_not_closed()
    if kind not in ReportKind.values:
        raise ValidationError(_("Choose the kind of report."))
    if due_on < timezone.localdate():
        raise ValidationError(_("The due date cannot be in the past."), code="past")
    units = units_asked(campaign)
    if not units:
        raise ValidationError(_("No unit stands under %(unit)s to report.") % {"unit": campaign.organizer.name})
    request = ReportRequest(
        campaign=campaign,
        kind=kind,
        title=clean_text(title),
        due_on=due_on,
        note=clean_text(note, multiline=True),
        created_by=by,
    )
    stamp(request, by, _("Reports asked"))
    request.save()
    reports = UnitReport.objects.bulk_create([UnitReport(request=request, unit=unit) for unit in units])
    transaction.on_commit(lambda: notifications.asked(request, reports))
    return request


def unit_figures(report: UnitReport) -> dict:
    """The unit's own figures in the campaign today, as its report states them."""
    totals, _rows = coverage(report.request.campaign, report.unit)
    return {
        "must_register": totals.must_register,
        "registered": totals.registered,
        "approved": totals.approved,
        "updated": totals.updated,
        "branches": totals.branches,
        "branches_deployed": totals.branches_deployed,
        "activities": sum(totals.activities.values()),
    }


def _locked(report: UnitReport, expected_version: int | None) -> UnitReport:
    return lock_current(
        UnitReport.objects.select_related("request__campaign__organizer", "unit"), report.pk, expected_version, STALE
    )


@transaction.atomic
def unit_report_save(
    *, by, report: UnitReport, narrative: str, scan=None, send: bool = False, expected_version: int | None = None
) -> UnitReport:
    """The unit's report saved (and sent, with `send`): its reviewers only, while the campaign is open and the
    report not sent (a returned one is theirs again)."""
    report = _locked(report, expected_version)
    if not UNITS.can(by, "review", report.unit):
        raise PermissionDenied
    report.request.campaign.require_not_closed()
    if not report.is_editable:
        raise ValidationError(_("This report has been sent: the office returns it if it needs changes."), code="sent")
    report.narrative = clean_text(narrative, multiline=True)
    fields = ["narrative"]
    if scan is not None:
        clean = checked_scan(scan)
        report.scan.save(clean.name, clean, save=False)
        fields.append("scan")
    if send:
        if not report.narrative:
            raise ValidationError(_("Write the report before sending it."), code="empty")
        report.status, report.sent_at, report.sent_by = ReportStatus.SENT, timezone.now(), by
        report.figures = unit_figures(report)
        fields += ["status", "sent_at", "sent_by", "figures"]
        transaction.on_commit(lambda: notifications.sent(report))
    return save_step(report, by, _("Report sent") if send else _("Report saved"), fields)


@transaction.atomic
def unit_report_return(*, by, report: UnitReport, reason: str, expected_version: int | None = None) -> UnitReport:
    """A sent report back to its unit with why: the organiser's office only."""
    report = _locked(report, expected_version)
    if not UNITS.can(by, "manage", report.request.campaign.organizer):
        raise PermissionDenied
    report.request.campaign.require_not_closed()
    if report.status != ReportStatus.SENT:
        raise ValidationError(_("Only a sent report can be returned."), code="not_sent")
    reason = clean_text(reason, multiline=True)
    if not reason:
        raise ValidationError(_("Say why the report is returned."), code="no_reason")
    report.status, report.return_reason = ReportStatus.RETURNED, reason
    transaction.on_commit(lambda: notifications.returned(report))
    return save_step(report, by, _("Report returned: %(reason)s") % {"reason": reason}, ["status", "return_reason"])


def progress(request: ReportRequest) -> tuple[int, int]:
    """(sent, asked): "x/y đơn vị đã nộp"."""
    counted = ReportRequest.objects.filter(pk=request.pk).with_progress().values_list("sent", "asked").get()
    return counted[0], counted[1]
