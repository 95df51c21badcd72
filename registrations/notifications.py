"""E-mails about a registration, in Vietnamese, plain text with an HTML part. Sent after commit.

Who hears what: the unit's reviewers when a sheet waits for them; the office when a
confirmed sheet waits for approval; the cadre when their sheet is returned, confirmed or approved.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.models import User
from organizations.models import RoleKind
from organizations.policies import UNITS

logger = logging.getLogger(__name__)


def _grant_holders(registration, kinds) -> list[User]:
    """Users with a grant of `kinds` on the registration's unit or a unit above it (not the cadre), with an address."""
    holders = UNITS.holders("review", registration.unit, kinds=kinds)
    return list(holders.exclude(email="").exclude(pk=registration.person.user_id or 0))


def _send(template: str, subject: str, registration, recipients: list[str]) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    context = {
        "registration": registration,
        "campaign": registration.campaign,
        "person": registration.person,
        "site_url": getattr(settings, "SITE_URL", ""),
    }
    try:
        return send_mail(
            subject=subject,
            message=render_to_string(f"registrations/email/{template}.txt", context),
            html_message=render_to_string(f"registrations/email/{template}.html", context),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:  # the state change is committed; a mail server failure must not undo or hide it
        logger.exception("Could not send the %s e-mail for registration %s", template, registration.pk)
        return 0


def _cadre_address(registration) -> list[str]:
    user = registration.person.user
    return [user.email or registration.person.email] if user else [registration.person.email]


def submitted(registration):
    reviewers = _grant_holders(registration, [RoleKind.REVIEWER]) or _grant_holders(registration, [RoleKind.MANAGER])
    _send(
        "waiting",
        _("A registration waits for your review: %(person)s") % {"person": registration.person},
        registration,
        [user.email for user in reviewers],
    )


def confirmed(registration):
    _send("confirmed", _("Your registration was confirmed by your unit"), registration, _cadre_address(registration))
    _send(
        "waiting",
        _("A registration waits for your approval: %(person)s") % {"person": registration.person},
        registration,
        [user.email for user in _grant_holders(registration, [RoleKind.MANAGER])],
    )


def approved(registration):
    _send("approved", _("Your registration was approved"), registration, _cadre_address(registration))


def returned(registration):
    _send("returned", _("Your registration was returned for changes"), registration, _cadre_address(registration))


def remind(campaign, person, address: str) -> int:
    context = {"campaign": campaign, "person": person, "site_url": getattr(settings, "SITE_URL", "")}
    try:
        return send_mail(
            subject=_("Reminder: register for “%(campaign)s” before %(day)s")
            % {"campaign": campaign.title, "day": f"{campaign.registration_closes:%d/%m/%Y}"},
            message=render_to_string("registrations/email/reminder.txt", context),
            html_message=render_to_string("registrations/email/reminder.html", context),
            from_email=None,
            recipient_list=[address],
        )
    except Exception:
        logger.exception("Could not send the reminder for campaign %s to person %s", campaign.pk, person.pk)
        return 0
