from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common import panels
from organizations.models import Person, Unit
from organizations.scope import has_any_grant, is_manager, user_can

from . import selectors, services
from .forms import CommitmentForm, DeploymentForm
from .models import Campaign


def _campaign_for(user, slug) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to(user).select_related("plan", "organizer"), slug=slug)


def _unit_to_report_for(user, campaign: Campaign, unit_pk) -> Unit:
    """A unit of the campaign the user reviews: unseen ones answer 404, seen but not reviewed 403."""
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=unit_pk, path__startswith=campaign.organizer.path)
    if not user_can(user, "review", unit):
        raise PermissionDenied
    return unit


@login_required
def campaign_detail(request, slug):
    """The campaign; the cadre's registration and year-end boxes come from the apps above (common.panels)."""
    campaign = _campaign_for(request.user, slug)
    person = Person.objects.filter(user=request.user).select_related("home_unit").first()
    context = {
        "campaign": campaign,
        "criteria": campaign.criteria.all(),
        "legal_bases": campaign.legal_bases.all(),
        "person": person,
        "eligible": bool(person) and campaign.is_eligible(person),
        "is_reviewer": has_any_grant(request.user),
        "is_manager": is_manager(request.user),
    }
    context |= panels.context_for("campaign_detail", request, context)
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def deployment_list(request, slug):
    campaign = _campaign_for(request.user, slug)
    if not has_any_grant(request.user):
        raise PermissionDenied
    rows = selectors.deployment_units(campaign, request.user)
    deployed = sum(1 for _unit, deployment in rows if deployment)
    return render(request, "campaigns/deployment_list.html", {"campaign": campaign, "rows": rows, "deployed": deployed})


@login_required
def deployment_report(request, slug, unit_pk):
    campaign = _campaign_for(request.user, slug)
    unit = _unit_to_report_for(request.user, campaign, unit_pk)
    existing = campaign.deployments.filter(unit=unit).first()
    initial = (
        {"deployed_on": existing.deployed_on, "attendance": existing.attendance, "notes": existing.notes}
        if existing
        else {}
    )
    form = DeploymentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.deployment_report(
                by=request.user,
                campaign=campaign,
                unit=unit,
                deployed_on=data["deployed_on"],
                attendance=data["attendance"],
                notes=data["notes"],
                photos=[data["photo"]] if data.get("photo") else [],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Deployment of %(unit)s recorded.") % {"unit": unit})
            return redirect("campaigns:deployment_list", slug=campaign.slug)
    return render(
        request,
        "campaigns/deployment_form.html",
        {"campaign": campaign, "unit": unit, "form": form, "existing": existing},
    )


@login_required
def commitment_record(request, slug, unit_pk):
    """A branch records its collective commitment, signed by its members (the Lạng Sơn model)."""
    campaign = _campaign_for(request.user, slug)
    unit = _unit_to_report_for(request.user, campaign, unit_pk)
    existing = campaign.commitments.filter(unit=unit).first()
    initial = {"signed_on": existing.signed_on, "signers": existing.signers, "text": existing.text} if existing else {}
    form = CommitmentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.commitment_record(
                by=request.user,
                campaign=campaign,
                unit=unit,
                signed_on=data["signed_on"],
                text=data["text"],
                signers=data["signers"],
                photo=data.get("photo"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Commitment of %(unit)s recorded.") % {"unit": unit})
            return redirect("campaigns:deployment_list", slug=campaign.slug)
    return render(
        request,
        "campaigns/commitment_form.html",
        {"campaign": campaign, "unit": unit, "form": form, "existing": existing},
    )
