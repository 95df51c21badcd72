"""A programme's roll-up: every campaign under it that the reader sees, across districts and years, with its
coverage (units deployed, cadres registered), its year-end levels and its Gương sáng.

A closed campaign shows the figures its closing report froze; a running one its coverage as of today, kept per
campaign under the campaign's and the tree's versions (common.versions) so a reload does not count again. The
levels and commendations of all rows are read in one query each, however many campaigns there are."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common import versions
from evaluations.models import Commendation, Evaluation, Stage
from reports.coverage import coverage

from .models import Adoption, Programme

COUNTED = ("grassroots_deployed", "grassroots", "must_register", "registered", "approved")


@dataclass
class RollupRow:
    campaign: Campaign
    figures: dict  # COUNTED names -> numbers
    closed: bool
    levels: list[tuple[str, int]] = field(default_factory=list)  # (level's short name, cadres decided), best first
    commended: int = 0
    shining: int = 0  # published as Gương sáng
    template_changed: bool = False
    copied: bool = True


@dataclass
class Rollup:
    rows: list[RollupRow]
    totals: dict
    levels: list[tuple[str, int]]
    commended: int
    shining: int


def _live_figures(campaign: Campaign) -> dict:
    def build():
        totals, _rows = coverage(campaign, campaign.organizer)
        return {name: getattr(totals, name) for name in COUNTED}

    keys = [versions.of(Campaign, campaign.pk), versions.TREE]
    return versions.remember(keys, f"programme-row:{campaign.pk}", build)


def _levels_by_campaign(ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    decided = (
        Evaluation.objects.filter(stage=Stage.DECIDED, registration__campaign_id__in=ids)
        .values("registration__campaign_id", "final_level__rank", "final_level__short_name")
        .annotate(n=Count("pk"))
        .order_by("registration__campaign_id", "final_level__rank")
    )
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in decided:
        found[row["registration__campaign_id"]].append((row["final_level__short_name"], row["n"]))
    return found


def rollup(programme: Programme, reader, criteria=None) -> Rollup:
    """The roll-up as `reader` sees it (`criteria`: the programme's template, when the caller has read it)."""
    adoptions = (
        Adoption.objects.filter(
            programme=programme, campaign__in=CAMPAIGNS.visible(reader, Campaign.objects).values("pk")
        )
        .select_related("campaign__organizer", "campaign__closing")
        .order_by("-campaign__starts_on", "campaign__organizer__path")
    )
    adoptions = list(adoptions)
    ids = [adoption.campaign_id for adoption in adoptions]
    levels = _levels_by_campaign(ids)
    commended = dict(
        Commendation.objects.filter(campaign_id__in=ids).values_list("campaign_id").annotate(n=Count("pk"))
    )
    shining = dict(
        Commendation.objects.published().filter(campaign_id__in=ids).values_list("campaign_id").annotate(n=Count("pk"))
    )
    criteria = programme.criteria.order_by("order", "pk") if criteria is None else criteria
    template = [item.taken() for item in criteria]
    rows = []
    for adoption in adoptions:
        campaign = adoption.campaign
        closing = getattr(campaign, "closing", None)
        if closing is not None:
            frozen = closing.figures.get("totals", {})
            figures = {name: frozen.get(name, 0) for name in COUNTED}
        else:
            figures = _live_figures(campaign)
        rows.append(
            RollupRow(
                campaign=campaign,
                figures=figures,
                closed=closing is not None,
                levels=levels.get(campaign.pk, []),
                commended=commended.get(campaign.pk, 0),
                shining=shining.get(campaign.pk, 0),
                template_changed=adoption.criteria_taken != template,
                copied=adoption.copied,
            )
        )
    totals = {name: sum(row.figures[name] for row in rows) for name in COUNTED}
    all_levels: dict[str, int] = {}
    for row in rows:
        for name, n in row.levels:
            all_levels[name] = all_levels.get(name, 0) + n
    return Rollup(
        rows=rows,
        totals=totals,
        levels=list(all_levels.items()),
        commended=sum(row.commended for row in rows),
        shining=sum(row.shining for row in rows),
    )
