"""Writing to a cohort: who is in it (within the sender's subtree, nowhere else), and sending, throttled so that one
office cannot flood a province: COHORT_MESSAGES_PER_DAY messages a day per sender, COHORT_MAX_RECIPIENTS people
a message."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from checkins.selectors import committed, open_window, reported_in
from common.text import nfc
from notices.channels import Message, notify
from organizations.models import Person, Position, PositionTitle, Unit
from organizations.scope import can_reach_unit
from registrations.models import Registration, Status

from .models import CAMPAIGN_COHORTS, Cohort, CohortMessage


def cohort_people(*, by, cohort: str, unit: Unit, campaign: Campaign | None = None):
    """The people of `cohort` under `unit` (which must be in `by`'s subtree), in Vietnamese order."""
    if not can_reach_unit(by, "review", unit):
        raise PermissionDenied(_("This unit is outside the units you may write to."))
    under = {"home_unit__path__startswith": unit.path}
    if cohort == Cohort.MEMBERS:
        people = Person.objects.filter(left_union_on__isnull=True, **under)
    elif cohort == Cohort.SECRETARIES:
        secretaries = Position.objects.current().filter(title=PositionTitle.SECRETARY, unit__path__startswith=unit.path)
        people = Person.objects.filter(pk__in=secretaries.values("person_id"))
    elif cohort in CAMPAIGN_COHORTS:
        if campaign is None:
            raise ValidationError({"campaign": _("Choose the campaign.")})
        sheets = Registration.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
        if cohort == Cohort.RETURNED:
            sheets = sheets.filter(status=Status.RETURNED)
        else:
            window = open_window(campaign)
            if window is None:
                raise ValidationError({"campaign": _("This campaign has no check-in open today.")})
            sheets = committed(campaign).filter(unit__path__startswith=unit.path).exclude(reported_in(window))
        people = Person.objects.filter(pk__in=sheets.values("person_id"))
    else:
        raise ValidationError({"cohort": _("Choose who the message is for.")})
    return people.select_related("user").order_by("sort_key", "pk")


def _sent_today(by) -> int:
    return CohortMessage.objects.filter(sender=by, sent_at__gte=timezone.now() - timedelta(days=1)).count()


def cohort_recipients(*, by, cohort: str, unit: Unit, campaign: Campaign | None = None) -> list[Person]:
    """The people of the cohort, refused when it is empty or larger than COHORT_MAX_RECIPIENTS (a message to it, an
    invitation to a meeting)."""
    people = list(cohort_people(by=by, cohort=cohort, unit=unit, campaign=campaign))
    if not people:
        raise ValidationError(_("No one is in this group."))
    if len(people) > settings.COHORT_MAX_RECIPIENTS:
        raise ValidationError(
            _("This group has %(n)d people, more than %(max)d: choose a unit lower down.")
            % {"n": len(people), "max": settings.COHORT_MAX_RECIPIENTS}
        )
    return people


def tell(people: list[Person], message: Message) -> int:
    """Tell `people` through the channels: those with an account by their choices, the others by the e-mail on
    their record."""
    return notify(
        [person.user for person in people if person.user_id],
        message,
        also_email=[person.email for person in people if not person.user_id and person.email],
    )


@transaction.atomic
def message_send(*, by, cohort: str, unit: Unit, campaign: Campaign | None, title: str, body: str) -> CohortMessage:
    title, body = nfc(title).strip(), nfc(body).strip()
    if not title or not body:
        raise ValidationError(_("Write the message's title and text."))
    people = cohort_recipients(by=by, cohort=cohort, unit=unit, campaign=campaign)
    if _sent_today(by) >= settings.COHORT_MESSAGES_PER_DAY:
        raise ValidationError(
            _("You sent %(n)d messages to groups in the last 24 hours: wait before sending another.")
            % {"n": settings.COHORT_MESSAGES_PER_DAY}
        )
    message = CohortMessage.objects.create(
        sender=by,
        unit=unit,
        cohort=cohort,
        campaign=campaign if cohort in CAMPAIGN_COHORTS else None,
        title=title,
        body=body,
        count=len(people),
    )
    message.recipients.add(*people)
    tell(
        people,
        Message(
            event="message.cohort", title=title, body=body, url=reverse("messaging:message_detail", args=[message.pk])
        ),
    )
    return message
