from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common.text import search_key
from evaluations.models import Commendation
from evaluations.policies import COMMENDATIONS
from organizations.models import Unit
from organizations.policies import UNITS
from registrations.selectors import registration_for

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
