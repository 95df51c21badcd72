"""The units' ratings as an Excel report: per unit, its facts, each criterion's suggested points, the suggestion
and the decision (registered in reports.xlsx.REPORTS by the app, so the export page and export_xlsx offer it)."""

from datetime import date

from django.utils.translation import gettext as _

from campaigns.models import Campaign
from organizations.models import Unit, UnitKind
from reports.coverage import EVERYONE, Cut
from reports.xlsx import ReportWriter

from . import services
from .models import UnitRound


def write_unit_ratings(campaign: Campaign, root: Unit, target, on: date | None = None, cut: Cut = EVERYONE) -> int:
    """One row per rated unit of `root`'s subtree. `on` and `cut` do not apply: the round rates the units of the
    campaign's end (or today)."""
    round_ = UnitRound.objects.filter(campaign=campaign).select_related("scheme").first()
    criteria = list(round_.criteria.all()) if round_ else []
    kinds = dict(UnitKind.choices)
    writer = ReportWriter(
        target,
        sheet_name=_("Units' ratings"),
        title=_("YEAR-END RATING OF THE UNITS"),
        subtitle=f"{campaign.title} – {round_.scheme.name if round_ else _('no units rating round')}",
        columns=[
            (_("Unit"), 40),
            (_("Kind"), 20),
            *[(f"{c.order}. {c.title} ({c.max_points})", 12) for c in criteria],
            (_("Suggested points"), 11),
            (_("Suggested rating"), 14),
            (_("Points"), 9),
            (_("Rating"), 14),
            (_("Decision number"), 16),
            (_("Decision date"), 12),
        ],
    )
    rows = [row for row in services.suggestions(round_) if row.unit.path.startswith(root.path)] if round_ else []
    for row in rows:
        rating = row.rating
        writer.write_row(
            [
                row.unit.name,
                kinds.get(row.unit.kind, row.unit.kind),
                *[row.breakdown.get(c.pk, 0) for c in criteria],
                row.points,
                row.level.name if row.level else "",
                rating.points if rating else "",
                rating.level.name if rating else "",
                rating.decision_number if rating else "",
                rating.decision_date if rating else "",
            ]
        )
    writer.close()
    return len(rows)
