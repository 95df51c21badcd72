"""Calling a meeting (its invitations sent through the portal's channels), replying to one, taking its roster
(which records the campaign's activity), and the day-before reminder."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import activities
from campaigns.models import ActivityKind, Campaign
from campaigns.services import require_unit_in_campaign
from common.text import clean_text
from messaging.models import Cohort
from messaging.services import cohort_recipients, tell
from notices.channels import Message
from notices.reminders import Due, reach
from organizations.models import Unit
from organizations.scope import person_of

from .models import Invitation, Meeting, Reply

INVITABLE = (Cohort.MEMBERS, Cohort.SECRETARIES)


@dataclass(frozen=True)
class MeetingData:
    kind: str
    title: str
    day: date
    starts_at: time
    place: str
    agenda: str = ""


def _when(meeting: Meeting) -> str:
    return f"{meeting.starts_at:%H:%M} {meeting.day:%d/%m/%Y}"


@transaction.atomic
def meeting_call(*, by, campaign: Campaign, unit: Unit, data: MeetingData, cohort: str = Cohort.MEMBERS) -> Meeting:
    """Call a meeting of `unit` and invite `cohort` of it; each invitee is told through their channels."""
    require_unit_in_campaign(by, campaign, unit)
    if data.kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Choose the kind of activity.")})
    if data.day < timezone.localdate():
        raise ValidationError({"day": _("The meeting's day has passed: record it as an activity instead.")})
    if data.day > campaign.ends_on:
        raise ValidationError({"day": _("The campaign ends on %(day)s.") % {"day": f"{campaign.ends_on:%d/%m/%Y}"}})
    if cohort not in INVITABLE:
        raise ValidationError({"cohort": _("Choose who is invited.")})
    title, place = clean_text(data.title), clean_text(data.place)
    if not title or not place:
        raise ValidationError(_("Write the meeting's title and place."))
    people = cohort_recipients(by=by, cohort=cohort, unit=unit)
    meeting = Meeting(
        campaign=campaign,
        unit=unit,
        kind=data.kind,
        title=title,
        day=data.day,
        starts_at=data.starts_at,
        place=place,
        agenda=clean_text(data.agenda, multiline=True),
        invited_by=by,
    )
    meeting._history_user = by
    meeting.save()
    Invitation.objects.bulk_create(Invitation(meeting=meeting, person=person) for person in people)
    tell(
        people,
        Message(
            event="meeting.invitation",
            title=_("Invitation: %(title)s, %(when)s") % {"title": title, "when": _when(meeting)},
            body=_("%(unit)s invites you. Place: %(place)s. Please reply whether you will attend.")
            % {"unit": unit.name, "place": place},
            url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        ),
    )
    return meeting


def replies_open(meeting: Meeting) -> bool:
    return meeting.activity_id is None and meeting.day >= timezone.localdate()


@transaction.atomic
def invitation_reply(*, by, invitation: Invitation, attending: bool, reason: str = "") -> Invitation:
    """The invitee's reply; an absence needs its reason. Replies close when the day has passed or the roster is
    taken."""
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    person = person_of(by)
    if person is None or invitation.person_id != person.pk:
        raise PermissionDenied(_("This invitation is someone else's."))
    if not replies_open(invitation.meeting):
        raise ValidationError(_("This meeting has taken place: replies are closed."))
    reason = clean_text(reason)
    if not attending and not reason:
        raise ValidationError({"reason": _("Write the reason you cannot attend.")})
    invitation.reply = Reply.ATTENDING if attending else Reply.ABSENT
    invitation.reason = "" if attending else reason
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "reason", "replied_at"])
    return invitation


@transaction.atomic
def meeting_roster(*, by, meeting: Meeting, present_ids: list[int], chair: str = "", minutes: str = "") -> Meeting:
    """Take the roster: who of the invitees came. Records the campaign's activity (campaigns.activities) with
    them as its attendees; taken again, it corrects that activity."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("campaign", "unit", "activity")
        .get(pk=meeting.pk)
    )
    invited = set(meeting.invitations.values_list("person_id", flat=True))
    if not set(present_ids) <= invited:
        raise ValidationError(_("Someone ticked as present was not invited to this meeting."))
    activity = activities.activity_record(
        by=by,
        campaign=meeting.campaign,
        unit=meeting.unit,
        data=activities.ActivityData(
            kind=meeting.kind,
            held_on=meeting.day,
            title=meeting.title,
            chair=chair,
            place=meeting.place,
            attendee_ids=present_ids,
            minutes=minutes,
        ),
        activity=meeting.activity,
    )
    meeting.activity = activity
    meeting.save(update_fields=["activity"])
    return meeting


def with_counts(meetings):
    """Meetings with `invited`, `replied` and `attending` counted (and `present`: the roster's, once taken)."""
    return meetings.annotate(
        invited=Count("invitations"),
        replied=Count("invitations", filter=~Q(invitations__reply=Reply.NONE)),
        attending=Count("invitations", filter=Q(invitations__reply=Reply.ATTENDING)),
    ).select_related("unit", "activity")


def meeting_reminders(today: date, thresholds: tuple[int, ...]):
    """The day before: every invitee who has not said they will be absent."""
    tomorrow = today + timedelta(days=1)
    invitations = (
        Invitation.objects.filter(meeting__day=tomorrow, meeting__activity__isnull=True)
        .exclude(reply=Reply.ABSENT)
        .select_related("meeting__unit", "person__user")
    )
    for invitation in invitations:
        meeting = invitation.meeting
        yield Due(
            key=f"meeting:{meeting.pk}:{invitation.person_id}:1",
            message=Message(
                "reminder.meeting",
                _("Tomorrow: %(title)s, %(when)s") % {"title": meeting.title, "when": _when(meeting)},
                _("%(unit)s · %(place)s") % {"unit": meeting.unit.name, "place": meeting.place},
                reverse("meetings:meeting_detail", args=[meeting.pk]),
            ),
            **reach(invitation.person),
        )
