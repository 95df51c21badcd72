"""Reminders to those who must register and have not sent their sheet, 7, 3 and 1 days before the window closes
(notices.reminders; registered in the app's ready()). Each goes once per person and threshold (Reminder)."""

from datetime import date

from django.db import IntegrityError, transaction

from campaigns.models import Campaign
from notices.reminders import Due, closing_soon, reach

from . import notifications
from .models import Registration, Reminder
from .selectors import SENT_STATUSES


def registration_reminders(today: date, thresholds: tuple[int, ...]):
    windows = closing_soon(
        Campaign.objects.all(), today, thresholds, opens="registration_opens", closes="registration_closes"
    )
    for campaign, days in windows:
        done = Registration.objects.filter(campaign=campaign, status__in=SENT_STATUSES).values("person_id")
        reminded = Reminder.objects.filter(campaign=campaign, days=days).values("person_id")
        people = campaign.eligible_people().exclude(pk__in=done).exclude(pk__in=reminded).select_related("user")
        for person in people.order_by("pk"):
            if not person.user_id and not person.email and not person.phone:
                continue  # no login, no address, no phone: nobody to tell
            try:
                with transaction.atomic():
                    Reminder.objects.create(campaign=campaign, person=person, days=days)  # claim first: never twice
            except IntegrityError:
                continue
            yield Due(
                key=f"registration:{campaign.pk}:{person.pk}:{days}",
                message=notifications.reminder(campaign, person),
                **reach(person),
            )
