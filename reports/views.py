from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Closing
from common import panels, versions
from common.conditional import revalidated
from common.errors import error_text
from common.replica import configured as replica_configured
from common.replica import replica_reads
from evaluations.results import year_end_results
from organizations.models import Unit
from organizations.policies import UNITS, user_can
from organizations.selectors import tell_apart
from organizations.timeline import DatedTree

from . import charts
from .closing import campaign_close, closing_as_read, closing_figures, still_open
from .compare import compare
from .coverage import Frame, coverage, sent_per_week
from .exports import jobs_of, start_export, status_of
from .forms import AsOfForm, ClosingForm, ResultColumnsForm
from .models import REPORT_TITLES, ExportJob, ProfileKind
from .policies import REPORT_SCOPE
from .profiles import profiles_for
from .xlsx import REPORTS, cut_labels


def _campaign(user, slug) -> Campaign:
    return get_object_or_404(REPORT_SCOPE.campaigns(user).select_related("organizer"), slug=slug)


def _frame(request, campaign) -> tuple[Frame, AsOfForm]:
    """The report's tree: the day asked for (?ngay=dd/mm/yyyy), else the campaign's end or today."""
    form = AsOfForm(request.GET or None)
    with replica_reads():
        tree = DatedTree.kept_as_of(form.day(campaign.report_date()))
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
        with replica_reads():
            tree = DatedTree.kept_as_of(campaign.report_date())
    root = REPORT_SCOPE.root(request.user, campaign, tree, request.GET.get("unit"))
    return Frame(campaign, root, tree, form.cut()), form


def _report_campaign(request, slug) -> Campaign | None:
    """The dashboard's campaign in the user's scope (None: missing or out of scope), read once a request: its
    ETag asks first, then the view."""
    if not hasattr(request, "_report_campaign"):
        campaigns = REPORT_SCOPE.campaigns(request.user).select_related("organizer")
        request._report_campaign = campaigns.filter(slug=slug).first()
    return request._report_campaign


def _figures_versions(request, slug) -> list[str] | None:
    """The versions of what the dashboard shows: its campaign and the ones it continues, the tree, shared rows
    (asked for the ETag, then for the kept figures: read once a request)."""
    if not hasattr(request, "_figures_versions"):
        campaign = _report_campaign(request, slug)
        series = Campaign.series_ids(campaign.pk, campaign.predecessor_id) if campaign else []
        request._figures_versions = campaign and [
            versions.TREE,
            versions.SHARED,
            *(versions.of(Campaign, pk) for pk in series),
        ]
    return request._figures_versions


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
@revalidated(_figures_versions)
def dashboard(request, slug):
    campaign = _report_campaign(request, slug)
    if campaign is None:
        raise Http404
    frame, as_of = _frame(request, campaign)
    root = frame.root
    root.name = frame.tree.name(root.pk) or root.name

    keep = urlencode(
        {"ngay": frame.on.strftime("%d/%m/%Y")}
        | ({"linh_vuc": frame.cut.sector} if frame.cut.sector else {})
        | ({"nhom": frame.cut.group} if frame.cut.group else {})
    )

    names, seconds = _figures_versions(request, slug), 30 if replica_configured() else 3600
    key = f"{root.pk}:{frame.on.isoformat()}:{frame.cut.sector}:{frame.cut.group}"

    def counted():
        with replica_reads():  # many rows, may be a few seconds behind (the scope was checked above)
            totals, rows = coverage(campaign, root, frame=frame)
            tell_apart([row.unit for row in rows if not row.own], frame.on)
            results, comparison = year_end_results(campaign, frame), compare(campaign, root, frame.on)
            return totals, rows, results, comparison, sent_per_week(frame)

    def figures():
        # Kept until a write to one of its campaigns or to the tree (a replica's may be behind: briefly).
        return versions.remember(names, f"dashboard:{key}", counted, seconds=seconds)

    def drawn():
        # The figures' part of the page is the same for everyone who reads this unit, day and cut: drawn once and
        # kept under the same versions (it holds no form, no token and nothing of the reader).
        shown = _figures_shown(frame, *figures())
        context = {"campaign": campaign, "root": root, "keep": keep, "as_of": as_of, **shown}
        return {
            "figures_top": mark_safe(render_to_string("reports/_dashboard_figures_top.html", context)),
            "figures_body": mark_safe(render_to_string("reports/_dashboard_figures_body.html", context)),
            # Which exports to offer beside them.
            "checkin_window": bool(shown["checkin_window"]),
            "comparison": bool(shown["comparison"]),
            "results": bool(shown["results"]),
        }

    page = versions.remember(names, f"dashboard-drawn:{key}:{as_of.is_bound}:{get_language()}", drawn, seconds=seconds)
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
            "keep": keep,
            "breadcrumbs": _crumbs(frame, request.user),
            **page,
            # What the figures' part was drawn from, for whoever reads the context (a test, a template changed
            # later): taken from the cache only when asked.
            "totals": SimpleLazyObject(lambda: figures()[0]),
            "rows": SimpleLazyObject(lambda: figures()[1]),
        },
    )


def _figures_shown(frame, totals, rows, results, comparison, weekly) -> dict:
    """What the dashboard's figures part draws, and the page around it asks (which exports to offer)."""
    level_shares = results.totals.levels(results.levels) if results else []
    return {
        "totals": totals,
        "rows": rows,
        "checkin_window": frame.checkin_window,
        "results": results,
        "level_shares": level_shares,
        "status_chart": charts.stacked(
            _("Status of the registrations"),
            [(label, count, f"status-{status}", status) for status, label, count, _share in totals.status_shares()],
        ),
        "weekly_chart": charts.weekly_chart(frame, weekly, _("Sheets sent per week of the registration window")),
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
    }


@login_required
def export(request, slug, report):
    """An Excel report of the dashboard's unit, day and cut (its query string): POST starts an export job and
    goes to its page; GET shows what would be exported, with the button (a bookmarked link starts nothing)."""
    campaign = _campaign(request.user, slug)
    if report not in REPORTS:
        raise Http404
    frame, _as_of = _frame(request, campaign)
    profiles = profiles_for(request.user, ProfileKind.RESULTS) if report == "member_results" else None
    data = request.POST if request.method == "POST" else None
    form = ResultColumnsForm(data, profiles=profiles) if profiles is not None and profiles.exists() else None
    if request.method == "POST" and (form is None or form.is_valid()):
        profile = form.cleaned_data["cot"] if form else None
        job = start_export(user=request.user, campaign=campaign, report=report, frame=frame, profile=profile)
        return redirect("reports:export_job", job_id=job.pk)
    context = {
        "campaign": campaign,
        "root": frame.root,
        "on": frame.on,
        "report_title": str(REPORT_TITLES.get(report, report)),
        "jobs": _recent(request),
        "form": form,
    }
    return render(request, "reports/export_start.html", context)


def _recent(request):
    return list(jobs_of(request.user).select_related("campaign")[:5])


def _job(request, job_id) -> ExportJob:
    """The export job `job_id` if the signed-in user started it and may still read its report (else 404)."""
    return get_object_or_404(jobs_of(request.user).select_related("campaign", "root"), pk=job_id)


@login_required
def export_job(request, job_id):
    """How far the job has got (the page follows it by itself), then the link to its file."""
    job = _job(request, job_id)
    others = [other for other in _recent(request) if other.pk != job.pk]
    return render(request, "reports/export_job.html", {"job": job, "status": status_of(job), "others": others})


@login_required
def export_status(request, job_id):
    """The progress bar's data, asked every second or two by static/js/export-job.js."""
    response = JsonResponse(status_of(_job(request, job_id)))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def closing(request, slug):
    """The closing report (tổng kết): once closed, the frozen figures and the summary, printable on A4; before,
    for the office that runs the campaign, today's figures and the form that closes it."""
    campaign = _campaign(request.user, slug)
    closed = Closing.objects.filter(campaign=campaign).select_related("closed_by").first()
    may_close = closed is None and user_can(request.user, "manage", campaign.organizer)
    if request.method == "POST" and not may_close:
        raise PermissionDenied
    form = None
    if may_close:
        form = ClosingForm(
            request.POST or None,
            initial={"closed_on": timezone.localdate()},
            still_open=still_open(campaign, timezone.localdate()),
        )
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
    figures = closing_as_read(campaign, figures, request.user)
    context = {
        "campaign": campaign,
        "closing": closed,
        "figures": figures,
        "units_on": date.fromisoformat(figures["on"]),
        "form": form,
    }
    context |= panels.context_for("closing", request, context)  # the documents of the closing (documents app)
    return render(request, "reports/closing.html", context)
