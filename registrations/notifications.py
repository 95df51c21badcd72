"""Notifications about a registration (notices.channels: in-app, and e-mail — plain text with an HTML part — or
Zalo, as each person chose), in Vietnamese. Sent after commit.

Who hears what: the unit's reviewers when a sheet waits for them; the office when a
confirmed sheet waits for approval; the cadre when their sheet is returned, confirmed or approved.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from notices.channels import Message, notify
from organizations.models import RoleKind
from organizations.policies import UNITS


def _grant_holders(registration, kinds) -> list[User]:
    """Users with a grant of `kinds` on the registration's unit or a unit above it (not the cadre)."""
    holders = UNITS.holders("review", registration.unit, kinds=kinds)
    return list(holders.exclude(pk=registration.person.user_id or 0))


def _send(template: str, subject: str, registration, users, *, event: str, body: str = "", also_email=()) -> int:
    """Tell `users` through the channel layer (in-app, and e-mail or Zalo as each chose); the e-mail is this app's
    own template. `also_email`: a cadre without an account is still e-mailed."""
    context = {
        "registration": registration,
        "campaign": registration.campaign,
        "person": registration.person,
        "site_url": getattr(settings, "SITE_URL", ""),
    }
    message = Message(
        event=event,
        title=subject,
        body=body or registration.campaign.title,
        url=reverse("registrations:registration_detail", args=[registration.pk]),
        email_text=render_to_string(f"registrations/email/{template}.txt", context),
        email_html=render_to_string(f"registrations/email/{template}.html", context),
    )
    return notify(users, message, also_email=also_email)


def _cadre(registration) -> dict:
    """The cadre: their login, or (without one) the e-mail address on their record."""
    user = registration.person.user
    return {"users": [user]} if user else {"users": [], "also_email": [registration.person.email]}


def submitted(registration):
    reviewers = _grant_holders(registration, [RoleKind.REVIEWER]) or _grant_holders(registration, [RoleKind.MANAGER])
    _send(
        "waiting",
        _("A registration waits for your review: %(person)s") % {"person": registration.person},
        registration,
        reviewers,
        event="registration.submitted",
    )


def confirmed(registration):
    _send(
        "confirmed",
        _("Your registration was confirmed by your unit"),
        registration,
        event="registration.confirmed",
        **_cadre(registration),
    )
    _send(
        "waiting",
        _("A registration waits for your approval: %(person)s") % {"person": registration.person},
        registration,
        _grant_holders(registration, [RoleKind.MANAGER]),
        event="registration.confirmed.office",
    )


def approved(registration):
    _send(
        "approved",
        _("Your registration was approved"),
        registration,
        event="registration.approved",
        **_cadre(registration),
    )


def returned(registration):
    _send(
        "returned",
        _("Your registration was returned for changes"),
        registration,
        event="registration.returned",
        body=registration.return_reason[:300],
        **_cadre(registration),
    )


def reminder(campaign, person) -> Message:
    context = {"campaign": campaign, "person": person, "site_url": getattr(settings, "SITE_URL", "")}
    return Message(
        event="reminder.registration",
        title=_("Reminder: register for “%(campaign)s” before %(day)s")
        % {"campaign": campaign.title, "day": f"{campaign.registration_closes:%d/%m/%Y}"},
        body=campaign.title,
        url=reverse("registrations:register", args=[campaign.slug]),
        email_text=render_to_string("registrations/email/reminder.txt", context),
        email_html=render_to_string("registrations/email/reminder.html", context),
    )
