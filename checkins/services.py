"""The check-in steps: the office opens a window, the cadre reports on each committed action inside it.

Like every step of the portal: guard clauses first (permission, window, state, version), each refusing
in Vietnamese and changing nothing; then one transaction with the row locked and a history entry.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from common.images import random_name, resized_jpeg
from common.text import clean_text
from common.versioning import lock_current
from notices.channels import notify
from notices.reminders import claim, reach
from organizations.policies import user_can
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from . import notifications
from .models import ActionStatus, ActionUpdate, CheckIn, CheckInWindow
from .reminders import checkin_reminder
from .selectors import not_reported

THUMBNAIL_SIDE = 320


@dataclass(frozen=True)
class Update:
    """What the cadre says of one committed action (`choice_id`: the chosen criterion of the sheet)."""

    choice_id: int
    status: str
    note: str = ""
    photo: UploadedFile | None = None  # already checked and re-encoded (common.forms.PhotoField)


_STALE = gettext_lazy(
    "This check-in was changed in another window or on another device. Reload the page to see the latest version."
)


def window_check(
    *, by, campaign: Campaign, title: str, opens_on: date, closes_on: date, window: CheckInWindow | None = None
) -> str:
    """Why this window cannot be opened (PermissionDenied, ValidationError in Vietnamese); its cleaned title."""
    if not user_can(by, "manage", campaign.organizer):
        raise PermissionDenied(_("Only the office that runs the campaign opens its check-ins."))
    campaign.require_not_closed()
    title = clean_text(title or "")
    if not title:
        raise ValidationError(_("Give the check-in a title, e.g. “Sơ kết 6 tháng”."))
    if opens_on > closes_on:
        raise ValidationError(_("A check-in cannot close before it opens."))
    if opens_on < campaign.starts_on or closes_on > campaign.ends_on:
        raise ValidationError(
            _("A check-in falls within the campaign's period (%(starts)s – %(ends)s).")
            % {"starts": f"{campaign.starts_on:%d/%m/%Y}", "ends": f"{campaign.ends_on:%d/%m/%Y}"}
        )
    others = CheckInWindow.objects.filter(campaign=campaign, opens_on__lte=closes_on, closes_on__gte=opens_on)
    clash = others.exclude(pk=window.pk).first() if window and window.pk else others.first()
    if clash:
        raise ValidationError(_("It overlaps the check-in “%(other)s”.") % {"other": clash})
    return title


@transaction.atomic
def window_open(
    *, by, campaign: Campaign, title: str, opens_on: date, closes_on: date, window: CheckInWindow | None = None
) -> CheckInWindow:
    """Open a check-in window of the campaign (or change `window`): inside the campaign's period, not overlapping
    another window, so that on any day at most one is open."""
    title = window_check(by=by, campaign=campaign, title=title, opens_on=opens_on, closes_on=closes_on, window=window)
    creating = window is None or window.pk is None
    window = window or CheckInWindow()
    window.campaign = campaign
    window.title, window.opens_on, window.closes_on = title, opens_on, closes_on
    window._history_user = by
    window._change_reason = _("Check-in opened") if creating else _("Check-in changed")
    window.save()
    if creating:
        notifications.window_opened(window)
    return window


def _require_open(window: CheckInWindow, today: date) -> None:
    if today < window.opens_on:
        raise ValidationError(_("This check-in opens on %(day)s.") % {"day": f"{window.opens_on:%d/%m/%Y}"})
    if today > window.closes_on:
        raise ValidationError(_("This check-in closed on %(day)s.") % {"day": f"{window.closes_on:%d/%m/%Y}"})


def _check_updates(registration: Registration, updates: list[Update]) -> dict:
    choices = {choice.pk: choice for choice in registration.choices.all()}
    if any(update.choice_id not in choices for update in updates):
        raise ValidationError(_("An action in this check-in is not one of your commitments."))
    if len({u.choice_id for u in updates}) != len(updates):
        raise ValidationError(_("An action was reported twice."))
    if set(choices) - {u.choice_id for u in updates}:
        raise ValidationError(_("Say how far each of your committed actions has come."))
    if any(update.status not in ActionStatus.values for update in updates):
        raise ValidationError(_("Choose not started, in progress or done for each action."))
    return choices


@transaction.atomic
def checkin_report(
    *,
    by,
    registration: Registration,
    window: CheckInWindow,
    updates: list[Update],
    expected_version: int | None,
    today: date | None = None,
) -> CheckIn:
    """The cadre's report in an open window, on every committed action; sent again, it replaces the last one
    (a kept photo stays unless a new one is sent)."""
    today = today or timezone.localdate()
    if registration.person.user_id != by.pk:
        raise PermissionDenied(_("Only the cadre reports on their own commitments."))
    if window.campaign_id != registration.campaign_id:
        raise ValidationError(_("This check-in belongs to another campaign."))
    if registration.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("Only an approved registration has commitments to report on."))
    registration.campaign.require_not_closed()
    _require_open(window, today)
    _check_updates(registration, updates)
    existing = CheckIn.objects.filter(window=window, registration=registration).values_list("pk", flat=True).first()
    if existing:
        if expected_version is None:  # the page was read before this report existed: another tab or phone sent it
            raise ValidationError(_STALE, code="stale")
        checkin = lock_current(CheckIn.objects.all(), existing, expected_version, _STALE)
        checkin.version += 1
        reason = _("Check-in updated")
    else:
        checkin = CheckIn(window=window, registration=registration)
        reason = _("Check-in sent")
    checkin.reported_at, checkin.reported_by = timezone.now(), by
    checkin._history_user, checkin._change_reason = by, reason
    try:
        with transaction.atomic():
            checkin.save()
    except IntegrityError:  # the same report sent twice at once: the second one is stale
        raise ValidationError(_STALE, code="stale") from None
    kept = {u.choice_id: u for u in checkin.updates.all()} if existing else {}
    for update in updates:
        row = kept.get(update.choice_id) or ActionUpdate(checkin=checkin, choice_id=update.choice_id)
        row.status = update.status
        row.note = clean_text(update.note or "", multiline=True)
        if update.photo:
            row.photo = update.photo
            update.photo.seek(0)
            row.thumbnail = ContentFile(resized_jpeg(update.photo.read(), THUMBNAIL_SIDE), name=random_name(".jpg"))
        row._history_user, row._change_reason = by, reason
        row.save()
    return checkin


def remind_not_reported(*, by, window: CheckInWindow) -> tuple[int, int]:
    """The secretary's "Nhắc": a reminder now to each cadre of `by`'s units who has not reported in the open
    `window` (by the channels each chose, else the phone on record), once a day per cadre however often it is
    asked. Returns (reminded now, reminded earlier today); ValidationError when the window is not open."""
    today = timezone.localdate()
    if window.campaign.closed_on() or not (window.opens_on <= today <= window.closes_on):
        raise ValidationError(_("This check-in is not open: there is nothing to remind of."))
    sent = already = 0
    for registration in not_reported(window, by).select_related("person__user"):
        if not claim(f"checkin-nudge:{window.pk}:{registration.pk}:{today.isoformat()}"):
            already += 1
            continue
        due = reach(registration.person)
        notify(
            [due["user"]] if due["user"] else [],
            checkin_reminder(window),
            also_email=due.get("also_email", ()),
            also_phone=due.get("also_phone", ()),
            phone_on_record=True,
        )
        sent += 1
    return sent, already
