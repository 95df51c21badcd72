import tempfile
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Closing
from common.errors import error_text
from evaluations.results import year_end_results
from organizations.models import Unit
from organizations.policies import UNITS
from organizations.scope import user_can
from organizations.timeline import DatedTree

from . import charts
from .closing import campaign_close, closing_figures
from .compare import compare
from .coverage import Frame, coverage
from .forms import AsOfForm, ClosingForm
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


@login_required
def closing(request, slug):
    """The closing report (tổng kết): once closed, the frozen figures and the summary, printable on A4; before,
    for the office that runs the campaign, today's figures and the form that closes it."""
    campaign = _campaign(request.user, slug)
    closed = Closing.objects.filter(campaign=campaign).select_related("closed_by").first()
    may_close = closed is None and user_can(request.user, "manage", campaign.organizer)
    if request.method == "POST" and not may_close:
        raise PermissionDenied
    form = ClosingForm(request.POST or None, initial={"closed_on": timezone.localdate()}) if may_close else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            campaign_close(
                by=request.user,
                campaign=campaign,
                closed_on=form.cleaned_data["closed_on"],
                narrative=form.cleaned_data["narrative"],
                report_number=form.cleaned_data["report_number"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The campaign is closed; its figures are frozen as of the closing day."))
            return redirect("reports:closing", slug=campaign.slug)
    figures = closed.figures if closed else closing_figures(campaign, timezone.localdate())
    context = {
        "campaign": campaign,
        "closing": closed,
        "figures": figures,
        "units_on": date.fromisoformat(figures["on"]),
        "form": form,
    }
    return render(request, "reports/closing.html", context)
