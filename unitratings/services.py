"""The units' rating: the suggestion computed from the campaign's facts, and the office's decision under quotas.

The suggestion reads the figures of the campaign's report (reports.coverage, on the tree of the campaign's end or
today) for every unit of the rated kinds: each criterion gives its points times the share its measure reached.
The decision is the office's: points (the level follows from them), one decision number and date for a batch,
all or none; a hard quota refuses the batch, a warning quota lets it through and says so.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.text import clean_text
from common.versioning import save_step
from evaluations.models import RatingLevel
from organizations.models import Unit
from organizations.policies import user_can
from reports.coverage import Figures, Frame, coverage_tree

from .models import Measure, UnitRating, UnitRound


def share(measure: str, figures: Figures) -> float:
    """How far a unit reached one measure, 0–1 (a measure with nothing to count reaches 0)."""

    def part(done: int, whole: int) -> float:
        return min(1.0, done / whole) if whole else 0.0

    if measure == Measure.DEPLOYED:
        return part(figures.grassroots_deployed + figures.branches_deployed, figures.grassroots + figures.branches)
    if measure == Measure.REGISTERED:
        return part(figures.registered, figures.must_register)
    if measure == Measure.APPROVED:
        return part(figures.approved, figures.registered)
    if measure == Measure.UPDATED:
        return part(figures.updated, figures.approved)
    if measure == Measure.SIGNED:
        return part(figures.branches_signed, figures.chi_doan)
    if measure == Measure.MEETINGS:
        return 1.0 if figures.activities["meeting"] else 0.0
    return 0.0  # Measure.OFFICE: the office gives these points itself


@dataclass
class Suggestion:
    unit: Unit
    figures: Figures
    breakdown: dict[int, int] = field(default_factory=dict)  # criterion id -> points
    points: int = 0
    level: RatingLevel | None = None
    rating: UnitRating | None = None


def suggestions(round_: UnitRound) -> list[Suggestion]:
    """Every unit the round rates, in the tree's order (named as on the report's day), with its suggestion and its
    decided rating, if any: a fixed number of queries, however many units."""
    campaign = round_.campaign
    frame = Frame.of(campaign, campaign.organizer)
    rolled = coverage_tree(campaign, campaign.organizer, frame.on)
    kinds = round_.kinds()
    ids = [pk for pk, _depth in frame.walk() if frame.tree.nodes[pk].kind in kinds]
    units = Unit.objects.in_bulk(ids)
    criteria = list(round_.criteria.all())
    levels = list(round_.scheme.levels.all())
    ratings = {r.unit_id: r for r in round_.ratings.select_related("level")}
    found = []
    for pk in ids:
        unit = units[pk]
        unit.name = frame.tree.name(pk) or unit.name
        figures = rolled.get(pk) or Figures()
        breakdown = {c.pk: round(c.max_points * share(c.measure, figures)) for c in criteria}
        points = min(100, sum(breakdown.values()))
        found.append(
            Suggestion(
                unit, figures, breakdown, points, round_.scheme.level_for_points(points, levels), ratings.get(pk)
            )
        )
    return found


@dataclass(frozen=True)
class UnitDecision:
    unit_id: int
    points: int
    expected_version: int | None = None  # the rating's version the office saw (None: not decided yet)


_STALE = gettext_lazy("Someone else decided this unit's rating meanwhile. Reload the page to see it.")


@transaction.atomic
def unit_ratings_decide(
    *, by, round_: UnitRound, decisions: list[UnitDecision], number: str, on, today=None
) -> list[str]:
    """Decide the rating of each unit in `decisions` under one decision (all or none); returns the warnings of
    quotas that only warn."""
    today = today or timezone.localdate()
    campaign = round_.campaign
    if not user_can(by, "manage", campaign.organizer):
        raise PermissionDenied(_("Only the office that runs the campaign decides its units' ratings."))
    campaign.require_not_closed()
    if today < round_.opens_on or today > round_.closes_on:
        raise ValidationError(
            _("Units' ratings are decided from %(opens)s to %(closes)s.")
            % {"opens": f"{round_.opens_on:%d/%m/%Y}", "closes": f"{round_.closes_on:%d/%m/%Y}"}
        )
    number = clean_text(number or "")
    if not number:
        raise ValidationError(_("Give the number of the decision."))
    if on is None or on > today:
        raise ValidationError(_("Give the date of the decision (dd/mm/yyyy), not in the future."))
    if not decisions:
        raise ValidationError(_("Tick at least one unit to decide."))
    round_ = UnitRound.objects.select_for_update().get(pk=round_.pk)  # two offices deciding are counted in turn
    by_unit = {s.unit.pk: s for s in suggestions(round_)}
    levels = list(round_.scheme.levels.all())
    planned: dict[int, RatingLevel] = {}
    for decision in decisions:
        suggestion = by_unit.get(decision.unit_id)
        if suggestion is None:
            raise ValidationError(_("A unit chosen is not rated in this campaign."))
        if decision.points is None or not 0 <= decision.points <= 100:
            raise ValidationError(_("%(unit)s: give points from 0 to 100.") % {"unit": suggestion.unit.name})
        current = suggestion.rating
        if (current.version if current else None) != decision.expected_version:
            raise ValidationError(_STALE, code="stale")
        planned[decision.unit_id] = round_.scheme.level_for_points(decision.points, levels)
    warnings = _check_quotas(round_, by_unit, planned)
    for decision in decisions:
        suggestion = by_unit[decision.unit_id]
        rating = suggestion.rating or UnitRating(round=round_, unit=suggestion.unit, version=0)
        if rating.pk:
            rating = UnitRating.objects.select_for_update().get(pk=rating.pk)
            if rating.version != decision.expected_version:
                raise ValidationError(_STALE, code="stale")
        rating.suggested_points = suggestion.points
        rating.breakdown = {str(k): v for k, v in suggestion.breakdown.items()}
        rating.points, rating.level = decision.points, planned[decision.unit_id]
        rating.decision_number, rating.decision_date, rating.decided_by = number, on, by
        if rating.pk:
            save_step(
                rating,
                by,
                _("Decided again: %(number)s") % {"number": number},
                ["suggested_points", "breakdown", "points", "level", "decision_number", "decision_date", "decided_by"],
            )
        else:
            rating.version = 1
            rating._history_user, rating._change_reason = by, _("Decided: %(number)s") % {"number": number}
            rating.save()
    return warnings


def _check_quotas(round_: UnitRound, by_unit: dict, planned: dict) -> list[str]:
    """The quotas over every unit the round rates, counting this batch as decided (the cadres' rule)."""
    quotas = list(round_.quotas.select_related("level"))
    if not quotas:
        return []
    rated = len(by_unit)
    levels = Counter(s.rating.level_id for pk, s in by_unit.items() if s.rating and pk not in planned)
    levels.update(level.pk for level in planned.values())
    warnings = []
    for quota in quotas:
        cap = quota.cap(rated)
        if levels[quota.level_id] > cap:
            text = _(
                "“%(level)s” would be given to %(n)d of %(rated)d units; the quota is %(percent)d%% (%(cap)d)."
            ) % {
                "level": quota.level.name,
                "n": levels[quota.level_id],
                "rated": rated,
                "percent": quota.max_percent,
                "cap": cap,
            }
            if quota.hard:
                raise ValidationError(text + " " + _("Nothing was decided."), code="quota")
            warnings.append(text)
    return warnings
