"""Reminders to approved cadres who have not reported in an open check-in, 7, 3 and 1 days before it closes."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from notices.channels import Message
from notices.reminders import Due, closing_soon, reach

from .models import CheckInWindow
from .selectors import committed, reported_in


def checkin_reminders(today: date, thresholds: tuple[int, ...]):
    windows = CheckInWindow.objects.select_related("campaign")
    for window, days in closing_soon(windows, today, thresholds, opens="opens_on", closes="closes_on"):
        if window.campaign.closed_on():
            continue
        waiting = committed(window.campaign).exclude(reported_in(window)).select_related("person__user")
        for registration in waiting.order_by("pk"):
            yield Due(
                key=f"checkin:{window.pk}:{registration.pk}:{days}",
                message=checkin_reminder(window),
                **reach(registration.person),  # with a login or not: by the phone on record if nothing else
            )


def checkin_reminder(window) -> Message:
    return Message(
        "reminder.checkin",
        _("Reminder: report your progress in “%(window)s” before %(day)s")
        % {"window": window.title, "day": f"{window.closes_on:%d/%m/%Y}"},
        window.campaign.title,
        reverse("checkins:checkin_report", args=[window.campaign.slug, window.pk]),
    )
