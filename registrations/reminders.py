"""Reminders to those who must register and have not, before the window closes. Never twice."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import Campaign

from . import notifications
from .models import Registration, Reminder
from .selectors import SENT_STATUSES


def campaigns_closing_soon(days: int):
    today = timezone.localdate()
    return Campaign.objects.filter(
        registration_opens__lte=today,
        registration_closes__gte=today,
        registration_closes__lte=today + timedelta(days=days),
    )


def send_reminders(days: int = 7) -> dict[str, int]:
    sent = skipped_no_address = 0
    for campaign in campaigns_closing_soon(days):
        done = Registration.objects.filter(campaign=campaign, status__in=SENT_STATUSES).values("person_id")
        reminded = Reminder.objects.filter(campaign=campaign).values("person_id")
        people = (
            campaign.eligible_people()
            .exclude(pk__in=done)
            .exclude(pk__in=reminded)
            .select_related("user")
            .order_by("pk")
        )
        for person in people:
            address = (person.user.email if person.user_id else "") or person.email
            if not address:
                skipped_no_address += 1
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(campaign=campaign, person=person)  # claim it first: never twice
            except IntegrityError:
                continue
            if notifications.remind(campaign, person, address):
                sent += 1
    return {"sent": sent, "no_address": skipped_no_address}
