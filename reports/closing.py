"""The campaign's closing report (tổng kết): figures frozen on the closing day, a narrative, an A4 page, an Excel file.

The figures are computed once, when the office closes the campaign, on the unit tree of that day (or of the
campaign's end, if it closes later), and stored with the report; after that the campaign refuses every change to
its facts (`Campaign.require_not_closed`), and the page and the Excel file read only the stored figures.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Closing
from common.text import clean_text
from evaluations.models import Commendation
from evaluations.results import year_end_results
from organizations.scope import user_can

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
            {"unit": frame.tree.name(row.unit.pk) or row.unit.name, **pack(row.figures, row.unit.pk)} for row in rows
        ],
        "levels": [[level.name, count] for level, count, _share in results.totals.levels(results.levels)]
        if results
        else [],
        "commended": Commendation.objects.filter(campaign=campaign).count(),
    }


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
