from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common import panels, versions
from common.conditional import revalidated
from common.errors import error_text
from organizations.models import Unit
from organizations.policies import UNITS, user_can
from organizations.scope import has_any_grant, is_manager, person_of

from . import activities, publishing, selectors, services
from .forms import ActivityForm, CommitmentForm, DeploymentForm, PublicationForm
from .models import ActivityKind, Campaign
from .outline import campaign_outline
from .policies import CAMPAIGNS


def _campaign_for(user, slug) -> Campaign:
    return get_object_or_404(
        CAMPAIGNS.visible(user, Campaign.objects.with_closing()).select_related("plan", "organizer"), slug=slug
    )


def _unit_to_report_for(user, campaign: Campaign, unit_pk) -> Unit:
    """A unit of the campaign the user reviews: unseen ones answer 404, seen but not reviewed 403."""
    unit = get_object_or_404(UNITS.visible(user, Unit.objects), pk=unit_pk, path__startswith=campaign.organizer.path)
    if not user_can(user, "review", unit):
        raise PermissionDenied
    return unit


def _campaign_of_page(request, slug) -> Campaign:
    """The page's campaign, read once a request (its ETag asks first, then the view)."""
    if not hasattr(request, "_campaign"):
        try:
            request._campaign = _campaign_for(request.user, slug)
        except Http404:
            request._campaign = None
    if request._campaign is None:
        raise Http404
    return request._campaign


def _campaign_versions(request, slug) -> list[str] | None:
    """What the campaign page shows: the campaign's own data, the tree (the person's place, grants), shared rows."""
    try:
        campaign = _campaign_of_page(request, slug)
    except Http404:
        return None  # the view answers
    return [versions.of(Campaign, campaign.pk), versions.TREE, versions.SHARED]


@login_required
@revalidated(_campaign_versions)
def campaign_detail(request, slug):
    """The campaign; the cadre's registration and year-end boxes come from the apps above (common.panels)."""
    campaign = _campaign_of_page(request, slug)
    person = person_of(request.user)
    context = {
        "campaign": campaign,
        "outline": campaign_outline(campaign),
        "person": person,
        "eligible": bool(person) and campaign.is_eligible(person),
        "is_reviewer": has_any_grant(request.user),
        "is_manager": is_manager(request.user),
        "closed_on": campaign.closed_on(),
        "registration_open": campaign.registration_opens <= timezone.localdate() <= campaign.registration_closes,
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


ACTIVITIES_PER_PAGE = 30


@login_required
def activity_list(request, slug):
    """The activities of the units the user reviews, newest first, by kind; and where to record a new one."""
    campaign = _campaign_for(request.user, slug)
    if not has_any_grant(request.user):
        raise PermissionDenied
    if "ghi_nhan" in request.GET:
        if not request.GET["ghi_nhan"].isdigit():
            raise Http404
        unit = _unit_to_report_for(request.user, campaign, request.GET["ghi_nhan"])
        return redirect("campaigns:activity_record", slug=campaign.slug, unit_pk=unit.pk)
    activities = selectors.activities(campaign, request.user)
    kind = request.GET.get("loai", "")
    if kind in ActivityKind.values:
        activities = activities.filter(kind=kind)
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "page": page,
        "kind": kind,
        "kinds": ActivityKind.choices,
        "counts": selectors.activity_counts(campaign, request.user),
        "units": selectors.units_to_report(campaign, request.user),
    }
    return render(request, "campaigns/activity_list.html", context)


@login_required
def activity_record(request, slug, unit_pk):
    campaign = _campaign_for(request.user, slug)
    unit = _unit_to_report_for(request.user, campaign, unit_pk)
    form = ActivityForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activities.activity_record(
                by=request.user,
                campaign=campaign,
                unit=unit,
                data=form.activity_data(),
                photos=[form.cleaned_data["photo"]] if form.cleaned_data.get("photo") else [],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Activity of %(unit)s recorded.") % {"unit": unit})
            return redirect("campaigns:activity_detail", slug=campaign.slug, pk=activity.pk)
    return render(request, "campaigns/activity_form.html", {"campaign": campaign, "unit": unit, "form": form})


@login_required
def activity_detail(request, slug, pk):
    campaign = _campaign_for(request.user, slug)
    activity = get_object_or_404(
        selectors.activities(campaign, request.user).select_related("recorded_by").prefetch_related("photos"), pk=pk
    )
    attendees = activity.attendees.select_related("home_unit").order_by("sort_key", "pk")
    can_publish = user_can(request.user, "review", activity.unit)
    context = {"campaign": campaign, "activity": activity, "attendees": attendees, "can_publish": can_publish}
    context |= panels.context_for("activity_detail", request, context)  # e.g. the cadres discussed (feedback)
    return render(request, "campaigns/activity_detail.html", context)


@login_required
def activity_publication(request, slug, pk):
    """Publish the activity on the public page (a summary for the public, the photos whose people agreed), or take
    it off ("withdraw")."""
    campaign = _campaign_for(request.user, slug)
    activity = get_object_or_404(selectors.activities(campaign, request.user).prefetch_related("photos"), pk=pk)
    if not user_can(request.user, "review", activity.unit):
        raise PermissionDenied
    form = PublicationForm(
        request.POST if request.method == "POST" else None,
        photos=activity.photos.all(),
        initial={
            "summary": activity.public_summary,
            "photos": [str(photo.pk) for photo in activity.photos.all() if photo.consent_given],
        },
    )
    if request.method == "POST" and "withdraw" in request.POST:
        publishing.activity_withdraw(by=request.user, activity=activity)
        messages.success(request, _("The activity was taken off the public page."))
        return redirect("campaigns:activity_detail", slug=campaign.slug, pk=activity.pk)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.activity_publish(
                by=request.user,
                activity=activity,
                summary=form.cleaned_data["summary"],
                consented_photo_ids=[int(pk) for pk in form.cleaned_data["photos"]],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The activity is on the public page."))
            return redirect("campaigns:activity_detail", slug=campaign.slug, pk=activity.pk)
    return render(
        request,
        "campaigns/activity_publication.html",
        {
            "campaign": campaign,
            "activity": activity,
            "form": form,
            "photo_rows": list(zip(form["photos"], activity.photos.all(), strict=True)),
        },
        status=400 if form.errors else 200,
    )
