"""Reads for the evaluation pages, each a fixed number of queries."""

from collections import Counter

from django.db.models import Count

from campaigns.models import Campaign
from organizations.models import Unit
from organizations.policies import UNITS
from registrations.models import Status as RegistrationStatus

from .models import Evaluation, Stage
from .policies import EVALUATIONS

LIST_RELATED = ["registration__person", "registration__unit", "self_level", "proposed_level", "final_level"]


def evaluation_for(user, pk: int):
    """An evaluation the user may see: their own, or one in their view scope."""
    return (
        EVALUATIONS.visible(user, Evaluation.objects)
        .select_related(
            "round__scheme",
            "round__campaign__plan",
            "registration__person",
            "registration__unit",
            "deciding_unit",
            *LIST_RELATED[2:],
            "proposed_by",
            "decided_by",
        )
        .filter(pk=pk)
    )


def evaluation_list(campaign: Campaign, user):
    """Every evaluation of the campaign the user may review, in tree order (filters: evaluations.filters)."""
    return (
        EVALUATIONS.visible(user, Evaluation.objects.filter(round__campaign=campaign), "review")
        .select_related(*LIST_RELATED)
        .order_by("registration__unit__path", "registration__person__sort_key", "pk")
    )


def stage_counts(campaign: Campaign, user) -> dict[str, int]:
    rows = (
        EVALUATIONS.visible(user, Evaluation.objects.filter(round__campaign=campaign), "review")
        .values("stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["stage"]: row["n"] for row in rows}


def deciding_units(campaign: Campaign, user):
    """Deciding units of the campaign's evaluations that the user's office manages."""
    ids = Evaluation.objects.filter(round__campaign=campaign).values("deciding_unit").distinct()
    return UNITS.visible(user, Unit.objects, "manage").filter(pk__in=ids).order_by("path")


def calibration_rows(campaign: Campaign, deciding_unit: Unit, unit: Unit | None = None):
    """Evaluations at one deciding unit waiting for the decision or decided, by unit and name."""
    rows = (
        Evaluation.objects.filter(
            round__campaign=campaign, deciding_unit=deciding_unit, stage__in=[Stage.PROPOSED, Stage.DECIDED]
        )
        .select_related(*LIST_RELATED)
        .order_by("-stage", "registration__unit__path", "registration__person__sort_key", "pk")
    )
    if unit is not None:
        rows = rows.filter(registration__unit__path__startswith=unit.path)
    return rows


def level_counts(round_, deciding_unit: Unit, *, excluding=()) -> tuple[int, Counter, Counter]:
    """(cadres being rated, proposals per level id, decisions per level id) at one deciding unit;
    decisions of the evaluations in `excluding` are left out (a batch about to be decided again)."""
    rows = Evaluation.objects.filter(round=round_, deciding_unit=deciding_unit)
    proposed = Counter(
        dict(
            rows.exclude(proposed_level=None)
            .values_list("proposed_level")
            .annotate(n=Count("pk"))
            .values_list("proposed_level", "n")
        )
    )
    decided = Counter(
        dict(
            rows.filter(stage=Stage.DECIDED)
            .exclude(pk__in=list(excluding))
            .values_list("final_level")
            .annotate(n=Count("pk"))
            .values_list("final_level", "n")
        )
    )
    return rows.count(), proposed, decided


def year_end_for(campaign: Campaign, registration=None) -> dict:
    """The campaign's evaluation round and the registration's evaluation, for the campaign and sheet pages."""
    from .models import EvaluationRound

    round_ = EvaluationRound.objects.filter(campaign=campaign).first()
    evaluation = None
    if round_ is not None and registration is not None:
        evaluation = Evaluation.objects.filter(registration=registration).select_related("final_level").first()
    return {
        "evaluation_round": round_,
        "evaluation": evaluation,
        "can_start_evaluation": bool(
            round_
            and registration
            and evaluation is None
            and round_.is_open()
            and not campaign.closed_on()
            and registration.status == RegistrationStatus.APPROVED
        ),
    }
