"""Who hears of check-ins: every approved cadre of the campaign when a window opens (in the app; the reminders at
7, 3 and 1 days before it closes carry it by e-mail or Zalo). A cadre's report notifies nobody: the secretaries
follow "who has not reported" on their home page instead."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from notices.channels import Message, notify

from .selectors import committed


def window_opened(window):
    users = get_user_model().objects.filter(
        pk__in=committed(window.campaign).filter(person__user__isnull=False).values("person__user")
    )
    notify(
        users,
        Message(
            "checkin.opened",
            _("Check-in open: %(window)s, until %(day)s")
            % {"window": window.title, "day": f"{window.closes_on:%d/%m/%Y}"},
            window.campaign.title,
            reverse("checkins:checkin_report", args=[window.campaign.slug, window.pk]),
        ),
        outside=False,
    )
