import tempfile
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from evaluations.results import year_end_results
from organizations.models import Unit
from organizations.policies import UNITS
from organizations.timeline import DatedTree

from . import charts
from .compare import compare
from .coverage import Frame, coverage
from .forms import AsOfForm
from .policies import REPORT_SCOPE
from .xlsx import REPORTS, cut_labels


def _campaign(user, slug) -> Campaign:
    return get_object_or_404(REPORT_SCOPE.campaigns(user).select_related("organizer"), slug=slug)


def _frame(request, campaign) -> tuple[Frame, AsOfForm]:
    """The report's tree: the day asked for (?ngay=dd/mm/yyyy), else the campaign's end or today."""
    form = AsOfForm(request.GET or None)
    tree = DatedTree.as_of(form.day(campaign.report_date()))
    if campaign.organizer_id not in tree:
        # The organiser did not exist that day (founded later, or already dissolved): its own time instead.
        messages.warning(
            request,
            _("%(unit)s did not exist on %(day)s; the figures use the units as of %(default)s.")
            % {
                "unit": campaign.organizer.name,
                "day": tree.on.strftime("%d/%m/%Y"),
                "default": campaign.report_date().strftime("%d/%m/%Y"),
            },
        )
        tree = DatedTree.as_of(campaign.report_date())
    root = REPORT_SCOPE.root(request.user, campaign, tree, request.GET.get("unit"))
    return Frame(campaign, root, tree, form.cut()), form


def _crumbs(frame: Frame, user) -> list[Unit]:
    """The units above the root inside the campaign that day, named as they were, those the user sees."""
    chain = frame.tree.ancestors(frame.root.pk)
    if frame.campaign.organizer_id not in chain:
        return []
    chain = chain[: chain.index(frame.campaign.organizer_id) + 1]
    units = {unit.pk: unit for unit in UNITS.visible(user, Unit.objects.filter(pk__in=chain))}
    for unit in units.values():
        unit.name = frame.tree.name(unit.pk)
    return [units[pk] for pk in reversed(chain) if pk in units]


@login_required
def dashboard(request, slug):
    campaign = _campaign(request.user, slug)
    frame, as_of = _frame(request, campaign)
    root = frame.root
    root.name = frame.tree.name(root.pk) or root.name
    totals, rows = coverage(campaign, root, frame=frame)
    results = year_end_results(campaign, frame)
    comparison = compare(campaign, root, frame.on)
    level_shares = results.totals.levels(results.levels) if results else []
    return render(
        request,
        "reports/dashboard.html",
        {
            "campaign": campaign,
            "root": root,
            "on": frame.on,
            "as_of": as_of,
            "default_day": campaign.report_date(),
            "cut": frame.cut,
            "cut_labels": cut_labels(frame.cut),
            "keep": urlencode(
                {"ngay": frame.on.strftime("%d/%m/%Y")}
                | ({"linh_vuc": frame.cut.sector} if frame.cut.sector else {})
                | ({"nhom": frame.cut.group} if frame.cut.group else {})
            ),
            "totals": totals,
            "rows": rows,
            "checkin_window": frame.checkin_window,
            "breadcrumbs": _crumbs(frame, request.user),
            "results": results,
            "level_shares": level_shares,
            "status_chart": charts.stacked(
                _("Status of the registrations"),
                [(label, count, f"status-{status}", status) for status, label, count, _share in totals.status_shares()],
            ),
            "weekly_chart": charts.weekly_registrations(frame, _("Sheets sent per week of the registration window")),
            "level_chart": charts.stacked(
                _("Final ratings by level"),
                [(level.name, count, f"level-{level.rank}", str(level.rank)) for level, count, _share in level_shares],
            ),
            "comparison": comparison,
            "trends": charts.trends(comparison) if comparison else [],
            "result_rows": [
                {"unit": row.unit, "figures": row.figures, "levels": row.figures.levels(results.levels)}
                for row in results.rows
            ]
            if results
            else [],
        },
    )


@login_required
def export(request, slug, report):
    """The report as an XLSX download, written to a temporary file and streamed from it."""
    campaign = _campaign(request.user, slug)
    if report not in REPORTS:
        raise Http404
    frame, _as_of = _frame(request, campaign)
    root = frame.root
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (deleted when the response closes it)
    REPORTS[report](campaign, root, handle.name, frame.on, frame.cut)
    handle.seek(0)
    filename = f"{report}-{campaign.slug}-{root.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
