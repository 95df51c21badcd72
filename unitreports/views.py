from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.errors import error_text
from organizations.policies import UNITS
from reports.policies import REPORT_SCOPE

from . import services
from .forms import RequestForm, ReturnForm, UnitReportForm
from .models import ReportRequest, UnitReport
from .policies import UNIT_REPORTS


@login_required
def request_list(request, slug):
    """The campaign's report requests with "x/y đơn vị đã nộp"; the organiser's office asks for a new one here."""
    campaign = get_object_or_404(REPORT_SCOPE.campaigns(request.user).select_related("organizer"), slug=slug)
    may_ask = UNITS.can(request.user, "manage", campaign.organizer)
    form = RequestForm(request.POST or None) if may_ask else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                asked = services.request_reports(by=request.user, campaign=campaign, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Reports asked of %(n)d units.") % {"n": asked.reports.count()})
                return redirect("unitreports:request_detail", pk=asked.pk)
    mine = UNIT_REPORTS.visible(request.user, UnitReport.objects.filter(request__campaign=campaign), "review")
    requests = [
        (asked, asked.sent, asked.asked)
        for asked in ReportRequest.objects.filter(campaign=campaign).with_progress().order_by("-due_on", "-pk")
    ]
    context = {
        "campaign": campaign,
        "requests": requests if may_ask else [],
        "mine": mine.select_related("request", "unit") if not may_ask else [],
        "form": form,
    }
    return render(request, "unitreports/request_list.html", context)


@login_required
def request_detail(request, pk):
    """One request's units, each with its report's state: to the organiser's office."""
    asked = get_object_or_404(ReportRequest.objects.select_related("campaign__organizer"), pk=pk)
    if not UNITS.can(request.user, "manage", asked.campaign.organizer):
        raise Http404
    sent, total = services.progress(asked)
    reports = asked.reports.select_related("unit").order_by("unit__sort_key")
    return render(
        request, "unitreports/request_detail.html", {"asked": asked, "reports": reports, "sent": sent, "total": total}
    )


@login_required
def report_detail(request, pk):
    """A unit's report: its reviewers write and send it; the organiser's office reads it and may return it."""
    report = get_object_or_404(
        UNIT_REPORTS.visible(request.user, UnitReport.objects).select_related("request__campaign__organizer", "unit"),
        pk=pk,
    )
    may_write = report.is_editable and UNITS.can(request.user, "review", report.unit)
    may_return = report.status == "sent" and UNITS.can(request.user, "manage", report.request.campaign.organizer)
    data = request.POST if request.method == "POST" else None
    form = UnitReportForm(
        data if data and "return" not in data else None,
        request.FILES or None,
        initial={"version": report.version, "narrative": report.narrative},
    )
    return_form = ReturnForm(data if data and "return" in data else None, initial={"version": report.version})
    if request.method == "POST":
        try:
            if "return" in request.POST:
                if not may_return:
                    raise PermissionDenied
                if return_form.is_valid():
                    services.unit_report_return(
                        by=request.user,
                        report=report,
                        reason=return_form.cleaned_data["reason"],
                        expected_version=return_form.cleaned_data["version"],
                    )
                    messages.success(request, _("The report was returned to %(unit)s.") % {"unit": report.unit.name})
                    return redirect("unitreports:request_detail", pk=report.request_id)
            else:
                if not may_write:
                    raise PermissionDenied
                if form.is_valid():
                    send = "send" in request.POST
                    services.unit_report_save(
                        by=request.user,
                        report=report,
                        narrative=form.cleaned_data["narrative"],
                        scan=form.cleaned_data["scan"],
                        send=send,
                        expected_version=form.cleaned_data["version"],
                    )
                    messages.success(request, _("Report sent.") if send else _("Report saved."))
                    return redirect("unitreports:report_detail", pk=report.pk)
        except ValidationError as error:
            (return_form if "return" in request.POST else form).add_error(None, error_text(error))
    context = {
        "report": report,
        "form": form,
        "return_form": return_form,
        "may_write": may_write,
        "may_return": may_return,
        "figures": report.figures if report.status == "sent" else services.unit_figures(report),
    }
    return render(request, "unitreports/report_detail.html", context)
