"""Year-end results per unit: of the cadres whose registration was approved, how many were
evaluated and how many were rated at each level. A unit's row is what its parent uses for the
unit's own yearly rating (Lạng Sơn counts the campaign among the unit criteria).

Counted in grouped queries keyed by unit id and mapped to the child units in Python, like the
coverage figures, so the number of queries does not grow with the units or the cadres.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from campaigns.models import Campaign
from organizations.models import Unit
from organizations.timeline import DatedSubtree
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from .models import EvaluationRound, RatingLevel, Stage


@dataclass
class ResultFigures:
    approved: int = 0
    self_assessed: int = 0
    proposed: int = 0
    decided: int = 0
    by_level: Counter = field(default_factory=Counter)

    def add(self, other: "ResultFigures") -> None:
        self.approved += other.approved
        self.self_assessed += other.self_assessed
        self.proposed += other.proposed
        self.decided += other.decided
        self.by_level.update(other.by_level)

    def percent(self, part: int) -> int | None:
        return round(100 * part / self.approved) if self.approved else None

    def levels(self, levels: list[RatingLevel]) -> list[tuple[RatingLevel, int, int]]:
        """(level, count, percent of those decided) in the scheme's order."""
        return [
            (level, self.by_level[level.pk], round(100 * self.by_level[level.pk] / self.decided) if self.decided else 0)
            for level in levels
        ]


@dataclass
class ResultRow:
    unit: Unit
    figures: ResultFigures


@dataclass
class Results:
    round: EvaluationRound
    levels: list[RatingLevel]
    totals: ResultFigures
    rows: list[ResultRow]


_REACHED = {
    Stage.SUBMITTED: ("self_assessed",),
    Stage.PROPOSED: ("self_assessed", "proposed"),
    Stage.DECIDED: ("self_assessed", "proposed", "decided"),
}


def _figures_by_unit(campaign: Campaign) -> dict[int, ResultFigures]:
    """Per unit over the whole campaign (one row per unit and stage at most); the caller keeps its subtree's."""
    per_unit: dict[int, ResultFigures] = defaultdict(ResultFigures)
    approved = Registration.objects.filter(campaign=campaign, status=RegistrationStatus.APPROVED)
    for unit_id, n in approved.values_list("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"):
        per_unit[unit_id].approved += n
    evaluations = (
        campaign.evaluation_round.evaluations.values_list("registration__unit_id", "stage", "final_level_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit_id, stage, level_id, n in evaluations:
        figures = per_unit[unit_id]
        for name in _REACHED.get(stage, ()):
            setattr(figures, name, getattr(figures, name) + n)
        if stage == Stage.DECIDED:
            figures.by_level[level_id] += n
    return per_unit


def year_end_results(campaign: Campaign, frame: DatedSubtree) -> Results | None:
    """The totals of `frame`'s root and one row per child unit, in the tree of the report's date; None when
    the campaign has no evaluation round."""
    round_ = EvaluationRound.objects.filter(campaign=campaign).select_related("scheme").first()
    if round_ is None:
        return None
    campaign.evaluation_round = round_
    child_of = frame.child_of()
    by_child: dict[int, ResultFigures] = defaultdict(ResultFigures)
    for unit_id, figures in _figures_by_unit(campaign).items():
        if unit_id in child_of:
            by_child[child_of[unit_id]].add(figures)
    totals = ResultFigures()
    for figures in by_child.values():
        totals.add(figures)
    rows = [ResultRow(child, by_child.get(child.pk, ResultFigures())) for child in frame.children()]
    return Results(round_, list(round_.scheme.levels.all()), totals, rows)
