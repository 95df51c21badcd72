"""Reminders to approved cadres who have not sent their year-end self-assessment, 7, 3 and 1 days before the round
closes."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from notices.channels import Message
from notices.reminders import Due, closing_soon
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from .models import EvaluationRound, Stage


def self_assessment_reminders(today: date, thresholds: tuple[int, ...]):
    rounds = EvaluationRound.objects.select_related("campaign")
    for round_, days in closing_soon(rounds, today, thresholds, opens="opens_on", closes="closes_on"):
        if round_.campaign.closed_on():
            continue
        waiting = (
            Registration.objects.filter(campaign=round_.campaign, status=RegistrationStatus.APPROVED)
            .exclude(evaluation__stage__in=[Stage.SUBMITTED, Stage.PROPOSED, Stage.DECIDED])
            .filter(person__user__isnull=False)
            .select_related("person__user")
        )
        for registration in waiting.order_by("pk"):
            yield Due(
                key=f"evaluation:{round_.pk}:{registration.pk}:{days}",
                user=registration.person.user,
                message=Message(
                    "reminder.self_assessment",
                    _("Reminder: send your year-end self-assessment before %(day)s")
                    % {"day": f"{round_.closes_on:%d/%m/%Y}"},
                    round_.campaign.title,
                    reverse("campaigns:campaign_detail", args=[round_.campaign.slug]),
                ),
            )
