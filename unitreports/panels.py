"""What units' reports add to the home page ("Việc cần làm": a report to send or fix, for the unit's reviewers; the
reports waiting to be read, for the organiser's office) and to the campaign page (its link), through common.panels."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common import todo
from organizations.scope import has_any_grant

from .models import ReportStatus, UnitReport
from .policies import UNIT_REPORTS


def report_todo(request, context: dict) -> dict:
    user = request.user
    if not has_any_grant(user):
        return {}
    waiting = (
        UNIT_REPORTS.visible(user, UnitReport.objects, "review")
        .filter(status__in=[ReportStatus.DUE, ReportStatus.RETURNED], request__campaign__closing__isnull=True)
        .select_related("request", "unit")
        .order_by("request__due_on")[:20]
    )
    items = [
        todo.Todo(
            (
                _("Fix and send again the report “%(title)s” of %(unit)s")
                if report.status == ReportStatus.RETURNED
                else _("Send the report “%(title)s” of %(unit)s")
            )
            % {"title": report.request.title, "unit": report.unit.name},
            reverse("unitreports:report_detail", args=[report.pk]),
            deadline=report.request.due_on,
            detail=report.return_reason if report.status == ReportStatus.RETURNED else "",
        )
        for report in waiting
    ]
    return todo.add(context, items)


def reports_link(request, context: dict) -> dict:
    """Whether the campaign page links to its units' reports: for the offices and the units' reviewers."""
    return {"unit_reports": has_any_grant(request.user)}
