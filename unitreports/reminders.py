"""Reminders to the reviewers of units whose report is not sent, 7, 3 and 1 days before it is due."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from notices.channels import Message
from notices.reminders import Due, closing_soon
from organizations.policies import UNITS

from .models import ReportRequest, ReportStatus


def report_reminders(today: date, thresholds: tuple[int, ...]):
    requests = ReportRequest.objects.select_related("campaign").filter(campaign__closing__isnull=True)
    for asked, days in closing_soon(requests, today, thresholds, opens="created_at__date", closes="due_on"):
        for report in asked.reports.filter(status__in=[ReportStatus.DUE, ReportStatus.RETURNED]).select_related("unit"):
            for user in UNITS.holders("review", report.unit):
                yield Due(
                    key=f"unitreport:{report.pk}:{user.pk}:{days}",
                    user=user,
                    message=Message(
                        "reminder.unitreport",
                        _("Reminder: send the report “%(title)s” of %(unit)s before %(day)s")
                        % {"title": asked.title, "unit": report.unit.name, "day": f"{asked.due_on:%d/%m/%Y}"},
                        asked.campaign.title,
                        reverse("unitreports:report_detail", args=[report.pk]),
                    ),
                )
