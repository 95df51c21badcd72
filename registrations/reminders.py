"""Reminders to those who must register and have not sent their sheet, 7, 3 and 1 days before the window closes
(notices.reminders; registered in the app's ready()). Each goes once per person and threshold (Reminder)."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction

from campaigns.models import Campaign
from notices.reminders import Due, reach, threshold

from . import notifications
from .models import Registration, Reminder
from .selectors import SENT_STATUSES


def registration_reminders(today: date, thresholds: tuple[int, ...]):
    widest = max(thresholds)
    campaigns = Campaign.objects.filter(
        registration_opens__lte=today,
        registration_closes__gte=today,
        registration_closes__lte=today + timedelta(days=widest),
    )
    for campaign in campaigns:
        days = threshold((campaign.registration_closes - today).days, thresholds)
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
