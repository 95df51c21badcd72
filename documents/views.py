from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from campaigns.models import Campaign, Closing
from campaigns.policies import CAMPAIGNS
from common.text import search_key
from evaluations.models import Commendation, Evaluation
from evaluations.policies import COMMENDATIONS, EVALUATIONS
from organizations.models import Unit
from organizations.policies import UNITS
from registrations.selectors import registration_for
from reports.closing import closing_as_read, closing_figures
from reports.policies import REPORT_SCOPE
from unitreports.models import UnitReport
from unitreports.policies import UNIT_REPORTS

from . import writers

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(document, name: str) -> HttpResponse:
    response = HttpResponse(document.to_bytes(), content_type=DOCX)
    # A file name without diacritics, đ written d ("ke-hoach-25-kh-tdtn"): slugify alone would drop the đ.
    response["Content-Disposition"] = f'attachment; filename="{slugify(search_key(name).replace("/", "-"))}.docx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def registration_sheet(request, pk):
    """The cadre's sheet as a Word document: the cadre's own, or one in the user's scope."""
    registration = get_object_or_404(registration_for(request.user, pk))
    return _docx(writers.registration_sheet(registration), f"phieu-dang-ky-{registration.person.full_name}")


@login_required
def blank_sheet(request, slug, unit_pk):
    """A unit's blank sheet of the campaign, for cadres to fill by hand: to who reviews the unit."""
    campaign = get_object_or_404(CAMPAIGNS.visible(request.user, Campaign.objects).select_related("plan"), slug=slug)
    unit = get_object_or_404(
        UNITS.visible(request.user, Unit.objects, "review"), pk=unit_pk, path__startswith=campaign.organizer.path
    )
    return _docx(writers.blank_sheet(campaign, unit), f"phieu-dang-ky-{unit.name}")


@login_required
def plan(request, slug):
    """The campaign's plan (kế hoạch) in the organiser's form: to whoever sees the campaign."""
    campaign = get_object_or_404(
        CAMPAIGNS.visible(request.user, Campaign.objects).select_related("plan", "organizer"), slug=slug
    )
    return _docx(writers.plan(campaign), f"ke-hoach-{campaign.plan.number}")


@login_required
def certificate(request, pk):
    """One certificate of merit: to the office that issued it (and the offices above)."""
    commendation = get_object_or_404(
        COMMENDATIONS.visible(request.user, Commendation.objects, "manage").select_related(
            "person__home_unit", "unit", "issuing_unit"
        ),
        pk=pk,
    )
    if commendation.issuing_unit is None:
        raise Http404
    return _docx(writers.certificate(commendation), f"giay-khen-{commendation.subject}")


@login_required
def evaluation_sheet(request, pk):
    """The year-end self-assessment in Word: to whoever may see the evaluation."""
    evaluation = get_object_or_404(
        EVALUATIONS.visible(request.user, Evaluation.objects).select_related(
            "registration__person",
            "registration__unit",
            "registration__campaign__plan",
            "self_level",
            "proposed_level",
            "final_level",
            "deciding_unit",
        ),
        pk=pk,
    )
    return _docx(writers.evaluation_sheet(evaluation), f"phieu-danh-gia-{evaluation.registration.person.full_name}")


@login_required
def closing_report(request, slug):
    """The organiser's Báo cáo tổng kết in Word, as the reader may read the closing report."""
    campaign = get_object_or_404(REPORT_SCOPE.campaigns(request.user).select_related("plan", "organizer"), slug=slug)
    closed = Closing.objects.filter(campaign=campaign).first()
    figures = closed.figures if closed else closing_figures(campaign, timezone.localdate())
    figures = closing_as_read(campaign, figures, request.user)
    name = f"bao-cao-tong-ket-{closed.report_number if closed and closed.report_number else campaign.slug}"
    return _docx(writers.closing_report(campaign, closed, figures), name)


def _decision(request, slug, unit_pk, number, decided, write, name: str):
    """A decision of the campaign by one of the user's offices, if `decided(campaign, unit)` finds any row under it."""
    campaign = get_object_or_404(CAMPAIGNS.visible(request.user, Campaign.objects).select_related("plan"), slug=slug)
    unit = get_object_or_404(UNITS.visible(request.user, Unit.objects, "manage"), pk=unit_pk)
    if not decided(campaign, unit).filter(decision_number=number).exists():
        raise Http404
    return _docx(write(campaign, unit, number), f"{name}-{number}")


@login_required
def rating_decision(request, slug, unit_pk, number):
    """The decision on year-end ratings `number` of the campaign, with its list: to the deciding office."""

    def decided(campaign, unit):
        return Evaluation.objects.filter(round__campaign=campaign, deciding_unit=unit)

    return _decision(request, slug, unit_pk, number, decided, writers.rating_decision, "quyet-dinh-xep-loai")


@login_required
def commendation_decision(request, slug, unit_pk, number):
    """The decision on commendations `number` of the campaign, with its list: to the office that issued it."""

    def decided(campaign, unit):
        return Commendation.objects.filter(campaign=campaign, issuing_unit=unit)

    return _decision(request, slug, unit_pk, number, decided, writers.commendation_decision, "quyet-dinh")


@login_required
def unit_report(request, pk):
    """A unit's report upward in Word: to whoever sees it (the unit's reviewers, the organiser's office)."""
    report = get_object_or_404(
        UNIT_REPORTS.visible(request.user, UnitReport.objects).select_related("request__campaign", "unit"), pk=pk
    )
    return _docx(writers.unit_report(report), f"bao-cao-{report.unit.name}")
