"""Recording a unit's activities in a campaign: launch conferences, signing ceremonies, branch meetings (sinh hoạt
chi đoàn, chủ điểm, with "phê bình và tự phê bình"), dialogues, trainings.

A launch conference records the unit's deployment and a signing ceremony the branch's commitment (through
campaigns.services, which keep the linked activity), so the figures that count them stay one fact per unit.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import clean_text
from organizations.models import SIGNING_KINDS, Person, Unit

from . import services
from .models import Activity, ActivityKind, ActivityPhoto, Campaign

MAX_ACTIVITY_PHOTOS = 6


@dataclass(frozen=True)
class ActivityData:
    kind: str
    held_on: date
    title: str = ""
    chair: str = ""
    place: str = ""
    attendance: int | None = None  # None: the number of people picked from the roster
    attendee_ids: list[int] = field(default_factory=list)
    minutes: str = ""


def roster(unit: Unit):
    """The people of the unit's subtree: who may be picked as attending, and the most who can attend."""
    return Person.objects.filter(home_unit__path__startswith=unit.path)


def _attendance(unit: Unit, data: ActivityData) -> tuple[int, list[int]]:
    people = roster(unit)
    picked = sorted(set(data.attendee_ids))
    if picked and people.filter(pk__in=picked).count() != len(picked):
        raise ValidationError(_("Someone picked as attending is not a member of %(unit)s.") % {"unit": unit})
    attendance = len(picked) if data.attendance is None else data.attendance
    if attendance < len(picked):
        raise ValidationError(
            _("%(picked)d people are picked as attending; the number attending cannot be lower.")
            % {"picked": len(picked)}
        )
    members = people.count()
    if attendance > members:
        raise ValidationError(
            _("%(n)d people attending is more than the %(members)d members of %(unit)s.")
            % {"n": attendance, "members": members, "unit": unit}
        )
    return attendance, picked


@transaction.atomic
def activity_record(
    *, by, campaign: Campaign, unit: Unit, data: ActivityData, photos=(), activity: Activity | None = None
) -> Activity:
    """Record (or correct) an activity of `unit` in the campaign; photos are already checked images."""
    services.require_unit_in_campaign(by, campaign, unit)
    if data.kind not in ActivityKind.values:
        raise ValidationError(_("Choose the kind of activity."))
    services.check_day(data.held_on, campaign)
    attendance, picked = _attendance(unit, data)
    minutes = clean_text(data.minutes or "", multiline=True)
    title = clean_text(data.title or "")
    if data.kind == ActivityKind.LAUNCH:
        deployment = services.deployment_report(
            by=by, campaign=campaign, unit=unit, deployed_on=data.held_on, attendance=attendance, notes=minutes
        )
        activity = deployment.activity
    elif data.kind == ActivityKind.SIGNING:
        if unit.kind not in SIGNING_KINDS:
            raise ValidationError(_("Only a branch (Chi đoàn) signs a collective commitment."))
        commitment = services.commitment_record(
            by=by,
            campaign=campaign,
            unit=unit,
            signed_on=data.held_on,
            text=minutes or title or _("Collective commitment of the branch"),
            signers=attendance,
        )
        activity = commitment.activity
    else:
        activity = activity or Activity(campaign=campaign, unit=unit, kind=data.kind)
    photos = list(photos)
    if activity.pk and activity.photos.count() + len(photos) > MAX_ACTIVITY_PHOTOS:
        raise ValidationError(_("At most %(n)d photos per activity.") % {"n": MAX_ACTIVITY_PHOTOS})
    if len(photos) > MAX_ACTIVITY_PHOTOS:
        raise ValidationError(_("At most %(n)d photos per activity.") % {"n": MAX_ACTIVITY_PHOTOS})
    activity.held_on, activity.attendance, activity.minutes, activity.title = data.held_on, attendance, minutes, title
    activity.chair, activity.place = clean_text(data.chair or ""), clean_text(data.place or "")
    activity.recorded_by = by
    activity._history_user = by
    activity.save()
    activity.attendees.set(picked)
    for photo in photos:
        ActivityPhoto.objects.create(activity=activity, image=photo)
    return activity
