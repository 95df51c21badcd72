"""The campaign's closing report (tổng kết): figures frozen on the closing day, a narrative, an A4 page, an Excel file.

The figures are computed once, when the office closes the campaign, on the unit tree of that day (or of the
campaign's end, if it closes later), and stored with the report; after that the campaign refuses every change to
its facts (`Campaign.require_not_closed`), and the page and the Excel file read only the stored figures.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Closing
from common.text import clean_text
from evaluations.models import Commendation
from evaluations.numbers import require_number_free
from evaluations.results import year_end_results
from organizations.models import Unit
from organizations.policies import UNITS, user_can
from organizations.timeline import DatedTree

from .coverage import Frame, coverage

FIGURES = (
    "grassroots_deployed",
    "grassroots",
    "branches_deployed",
    "branches",
    "branches_signed",
    "chi_doan",
    "must_register",
    "registered",
    "approved",
    "updated",
)


def figure_labels() -> list[tuple[str, str]]:
    """(name, label) of each frozen figure, in the order the report shows them (its Excel file and document)."""
    return [
        ("grassroots_deployed", _("Grassroots units deployed")),
        ("grassroots", _("Grassroots units in scope")),
        ("branches_deployed", _("Branches deployed")),
        ("branches", _("Branches in scope")),
        ("branches_signed", _("Branches that signed a commitment")),
        ("chi_doan", _("Branches of either level (chi đoàn, chi đoàn cơ sở)")),
        ("must_register", _("Cadres who must register")),
        ("registered", _("Registered")),
        ("approved", _("Approved")),
        ("updated", _("Updated in the latest check-in")),
        ("rated", _("Rated at the year's end")),
    ]


def _row_label(name: str, own: bool) -> str:
    return _("%(unit)s (its own office)") % {"unit": name} if own else name


def closing_figures(campaign: Campaign, on: date) -> dict:
    """Everything the closing report states, as plain data (stored as JSON)."""
    frame = Frame.of(campaign, campaign.organizer, min(on, campaign.ends_on))
    totals, rows = coverage(campaign, campaign.organizer, frame=frame)
    results = year_end_results(campaign, frame)
    rated = {row.unit.pk: row.figures.decided for row in results.rows} if results else {}

    def pack(figures, unit_id=None) -> dict:
        values = {name: getattr(figures, name) for name in FIGURES}
        values["rated"] = rated.get(unit_id, 0) if unit_id else (results.totals.decided if results else 0)
        return values

    return {
        "on": frame.on.isoformat(),
        "organizer": frame.tree.name(campaign.organizer_id) or campaign.organizer.name,
        "window": frame.checkin_window.title if frame.checkin_window else "",
        "totals": pack(totals),
        "rows": [
            {
                "unit": _row_label(frame.tree.name(row.unit.pk) or row.unit.name, row.own),
                "unit_id": row.unit.pk,
                "own": row.own,
                **pack(row.figures, row.unit.pk),
            }
            for row in rows
        ],
        "levels": [[level.name, count] for level, count, _share in results.totals.levels(results.levels)]
        if results
        else [],
        "commended": Commendation.objects.filter(campaign=campaign).count(),
    }


def closing_as_read(campaign: Campaign, figures: dict, reader) -> dict:
    """The closing report as `reader` may read it (None: the command line, the whole report). A holder of a grant
    on the organiser reads it whole; anyone else only the rows of the units they see today — a merged unit is kept
    under its successor, so the successor's office reads its predecessors' frozen rows — and no totals, levels or
    commendations, which are the organiser's."""
    if reader is None or user_can(reader, "view", campaign.organizer):
        return figures | {"whole": True}
    ids = _row_unit_ids(campaign, figures)
    seen = set(UNITS.visible(reader, Unit.objects.filter(pk__in=[pk for pk in ids if pk])).values_list("pk", flat=True))
    kept = [row for row, pk in zip(figures["rows"], ids, strict=True) if pk in seen and not row.get("own")]
    return figures | {"rows": kept, "totals": None, "levels": [], "commended": None, "whole": False}


def _row_unit_ids(campaign: Campaign, figures: dict) -> list[int | None]:
    """Each row's unit. Reports frozen before rows carried their unit name it only: found again among the
    organiser's children on the report's day, by that name (a name two children shared finds neither)."""
    if all("unit_id" in row for row in figures["rows"]):
        return [row["unit_id"] for row in figures["rows"]]
    tree = DatedTree.as_of(date.fromisoformat(figures["on"]))
    by_name = defaultdict(list)
    if campaign.organizer_id in tree:
        for pk in tree.children(campaign.organizer_id):
            by_name[tree.name(pk)].append(pk)
    return [
        row["unit_id"] if "unit_id" in row else (by_name[row["unit"]][0] if len(by_name[row["unit"]]) == 1 else None)
        for row in figures["rows"]
    ]


def still_open(campaign: Campaign, today: date) -> list[str]:
    """What closing the campaign today would cut short: its windows still open, as the office should read them
    before a step that cannot be undone."""
    from checkins.selectors import open_window
    from evaluations.models import EvaluationRound

    found = []
    if campaign.registration_opens <= today <= campaign.registration_closes:
        found.append(_("Registration is open until %(day)s.") % {"day": f"{campaign.registration_closes:%d/%m/%Y}"})
    window = open_window(campaign, today)
    if window is not None:
        found.append(
            _("The check-in “%(title)s” is open until %(day)s.")
            % {"title": window.title, "day": f"{window.closes_on:%d/%m/%Y}"}
        )
    round_ = EvaluationRound.objects.filter(campaign=campaign).first()
    if round_ is not None and round_.is_open(today):
        found.append(_("The year-end self-assessment is open until %(day)s.") % {"day": f"{round_.closes_on:%d/%m/%Y}"})
    return found


@transaction.atomic
def campaign_close(*, by, campaign: Campaign, closed_on: date, narrative: str, report_number: str = "") -> Closing:
    """The office that runs the campaign closes it: the figures of that day are frozen with the report."""
    if not user_can(by, "manage", campaign.organizer):
        raise PermissionDenied(_("Only the office that runs the campaign closes it."))
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign.require_not_closed()
    if closed_on > timezone.localdate():
        raise ValidationError(_("The closing day cannot be in the future."))
    if closed_on < campaign.starts_on:
        raise ValidationError(
            _("The closing day cannot be before the campaign started (%(day)s).")
            % {"day": f"{campaign.starts_on:%d/%m/%Y}"}
        )
    narrative = clean_text(narrative or "", multiline=True)
    if not narrative:
        raise ValidationError(_("Write the summary: results, shortcomings, lessons."))
    require_number_free(campaign.organizer, clean_text(report_number or ""), closed_on)
    closing = Closing(
        campaign=campaign,
        closed_on=closed_on,
        report_number=clean_text(report_number or ""),
        narrative=narrative,
        figures=closing_figures(campaign, closed_on),
        closed_by=by,
    )
    closing._history_user, closing._change_reason = by, _("Campaign closed")
    closing.save()
    return closing
