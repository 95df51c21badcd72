import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from campaigns.models import Campaign
from evaluations.results import year_end_results
from organizations.selectors import breadcrumbs

from .coverage import coverage
from .policies import REPORT_SCOPE
from .xlsx import REPORTS


def _campaign(user, slug) -> Campaign:
    return get_object_or_404(REPORT_SCOPE.campaigns(user).select_related("organizer"), slug=slug)


@login_required
def dashboard(request, slug):
    campaign = _campaign(request.user, slug)
    root = REPORT_SCOPE.root(request.user, campaign, request.GET.get("unit"))
    totals, rows = coverage(campaign, root)
    results = year_end_results(campaign, root)
    crumbs = [unit for unit in breadcrumbs(root, request.user) if unit.path.startswith(campaign.organizer.path)]
    return render(
        request,
        "reports/dashboard.html",
        {
            "campaign": campaign,
            "root": root,
            "totals": totals,
            "rows": rows,
            "breadcrumbs": crumbs,
            "results": results,
            "level_shares": results.totals.levels(results.levels) if results else [],
            "result_rows": [
                {"unit": row.unit, "figures": row.figures, "levels": row.figures.levels(results.levels)}
                for row in results.rows
            ]
            if results
            else [],
            "widest": max([row.figures.must_register for row in rows] + [row.figures.registered for row in rows] + [1]),
        },
    )


@login_required
def export(request, slug, report):
    """The report as an XLSX download, written to a temporary file and streamed from it."""
    campaign = _campaign(request.user, slug)
    if report not in REPORTS:
        raise Http404
    root = REPORT_SCOPE.root(request.user, campaign, request.GET.get("unit"))
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (deleted when the response closes it)
    REPORTS[report](campaign, root, handle.name)
    handle.seek(0)
    filename = f"{report}-{campaign.slug}-{root.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
