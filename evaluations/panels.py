"""What the year-end evaluation adds to the campaign page, to a registration sheet and to the home page ("Việc cần
làm": self-assessments due or waiting, proposals to decide), through common.panels."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import todo
from organizations.models import Unit
from organizations.policies import UNITS
from organizations.scope import has_any_grant
from registrations.models import Registration, Status

from .models import Evaluation, Stage
from .policies import EVALUATIONS
from .selectors import year_end_for


def year_end_box_on_campaign(request, context: dict) -> dict:
    return year_end_for(context["campaign"], context.get("registration"))


def year_end_box_on_registration(request, context: dict) -> dict:
    registration = context["registration"]
    if registration.status != Status.APPROVED:
        return {}
    return year_end_for(registration.campaign, registration)


def evaluation_todo(request, context: dict) -> dict:
    """The cadre's self-assessment due; self-assessments waiting for the unit's proposal; proposals waiting for the
    office's decision (grouped per campaign)."""
    user, today = request.user, timezone.localdate()
    items = []
    person = context.get("person")
    if person is not None:
        due = (
            Registration.objects.filter(
                person=person,
                status=Status.APPROVED,
                campaign__evaluation_round__opens_on__lte=today,
                campaign__evaluation_round__closes_on__gte=today,
                campaign__closing__isnull=True,  # a closed campaign takes no more self-assessments
            )
            .exclude(evaluation__stage__in=[Stage.SUBMITTED, Stage.PROPOSED, Stage.DECIDED])
            .select_related("campaign__evaluation_round")
        )
        for registration in due:
            campaign = registration.campaign
            items.append(
                todo.Todo(
                    _("Write and send your year-end self-assessment – %(campaign)s") % {"campaign": campaign.title},
                    reverse("campaigns:campaign_detail", args=[campaign.slug]) + "#year-end",
                    deadline=campaign.evaluation_round.closes_on,
                )
            )
    if has_any_grant(user):
        submitted = (
            EVALUATIONS.visible(
                user, Evaluation.objects.filter(stage=Stage.SUBMITTED, round__campaign__closing__isnull=True), "review"
            )
            .exclude(registration__person__user=user)
            .values_list("round__campaign__slug", "round__campaign__title")
            .annotate(n=Count("pk"))
            .order_by("round__campaign__title")
        )
        for slug, title, n in submitted:
            items.append(
                todo.Todo(
                    _("Self-assessments waiting for the unit's proposal – %(campaign)s") % {"campaign": title},
                    reverse("evaluations:evaluation_list", args=[slug]) + f"?stage={Stage.SUBMITTED}",
                    count=n,
                )
            )
        deciding = UNITS.visible(user, Unit.objects, "manage")
        waiting = (
            Evaluation.objects.filter(
                stage=Stage.PROPOSED, deciding_unit__in=deciding, round__campaign__closing__isnull=True
            )
            .values_list("round__campaign__slug", "round__campaign__title")
            .annotate(n=Count("pk"))
            .order_by("round__campaign__title")
        )
        for slug, title, n in waiting:
            items.append(
                todo.Todo(
                    _("Proposed ratings waiting for your decision – %(campaign)s") % {"campaign": title},
                    reverse("evaluations:calibration", args=[slug]),
                    count=n,
                )
            )
    return todo.add(context, items)
