"""Who hears of units' reports: the reviewers of every unit asked, when the organiser asks; the organiser's office
when a unit sends; the unit's reviewers when theirs is returned. Reminders before the due date: reminders.py."""

from django.urls import reverse
from django.utils.translation import gettext as _

from notices.channels import Message, notify
from organizations.policies import UNITS


def asked(request, reports) -> None:
    for report in reports:
        notify(
            UNITS.holders("review", report.unit),
            Message(
                "unitreport.asked",
                _("Report asked: %(title)s, by %(day)s")
                % {"title": request.title, "day": f"{request.due_on:%d/%m/%Y}"},
                request.campaign.title,
                reverse("unitreports:report_detail", args=[report.pk]),
            ),
            outside=False,
        )


def sent(report) -> None:
    notify(
        UNITS.holders("manage", report.request.campaign.organizer),
        Message(
            "unitreport.sent",
            _("%(unit)s sent its report: %(title)s") % {"unit": report.unit.name, "title": report.request.title},
            report.request.campaign.title,
            reverse("unitreports:report_detail", args=[report.pk]),
        ),
    )


def returned(report) -> None:
    notify(
        UNITS.holders("review", report.unit),
        Message(
            "unitreport.returned",
            _("Your report was returned: %(title)s") % {"title": report.request.title},
            report.return_reason,
            reverse("unitreports:report_detail", args=[report.pk]),
        ),
    )
