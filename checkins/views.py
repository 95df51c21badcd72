from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common.errors import error_text
from organizations.scope import has_any_grant
from organizations.selectors import parent_names, unit_label
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from . import selectors, services
from .forms import CheckInForm

PER_PAGE = 50


def _campaign_for(user, slug) -> Campaign:
    return get_object_or_404(CAMPAIGNS.visible(user, Campaign.objects).select_related("organizer"), slug=slug)


def _my_registration(user, campaign) -> Registration | None:
    return Registration.objects.filter(campaign=campaign, person__user=user).select_related("person").first()


@login_required
def window_list(request, slug):
    """The campaign's check-ins: the cadre's own reports, and for reviewers how many of their units' cadres
    reported in each."""
    campaign = _campaign_for(request.user, slug)
    registration = _my_registration(request.user, campaign)
    rows = selectors.my_windows(campaign, registration)
    reviewer = has_any_grant(request.user)
    windows = [window for window, _mine in rows]
    progress = selectors.windows_progress(campaign, request.user, windows) if reviewer else {}
    context = {
        "campaign": campaign,
        "registration": registration,
        "can_report": registration is not None and registration.status == RegistrationStatus.APPROVED,
        "rows": [(window, mine, progress.get(window.pk)) for window, mine in rows],
        "is_reviewer": reviewer,
    }
    return render(request, "checkins/window_list.html", context)


@login_required
def checkin_report(request, slug, window_pk):
    """The cadre's report on each committed action, from the phone."""
    campaign = _campaign_for(request.user, slug)
    window = get_object_or_404(campaign.checkin_windows, pk=window_pk)
    registration = _my_registration(request.user, campaign)
    if registration is None:
        raise PermissionDenied
    if campaign.closed_on():  # the form would only refuse on sending
        messages.info(request, campaign.closed_message())
        return redirect("campaigns:campaign_detail", slug=campaign.slug)
    checkin = selectors.checkin_for(registration, window)
    choices = registration.choices.select_related("criterion")
    form = CheckInForm(request.POST or None, request.FILES or None, choices=choices, checkin=checkin)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_report(
                by=request.user,
                registration=registration,
                window=window,
                updates=form.updates(),
                expected_version=form.cleaned_data["version"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Your check-in was recorded. Thank you!"))
            return redirect("checkins:window_list", slug=campaign.slug)
    context = {
        "campaign": campaign,
        "window": window,
        "registration": registration,
        "checkin": checkin,
        "form": form,
        "is_open": window.is_open(),
        "approved": registration.status == RegistrationStatus.APPROVED,
    }
    return render(request, "checkins/checkin_form.html", context)


@login_required
@require_POST
def remind_not_reported(request, slug, window_pk):
    """The secretary's "Nhắc": a reminder now to each cadre in their units who has not reported (by the channels
    each chose, else the phone on record); once a day per cadre, however often the button is pressed."""
    campaign = _campaign_for(request.user, slug)
    window = get_object_or_404(campaign.checkin_windows, pk=window_pk)
    if not has_any_grant(request.user):
        raise PermissionDenied
    try:
        sent, already = services.remind_not_reported(by=request.user, window=window)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("checkins:not_reported", slug=slug, window_pk=window.pk)
    messages.success(request, _("Reminder sent to %(n)d cadre(s).") % {"n": sent})
    if already:
        messages.info(request, _("%(n)d had been reminded today already.") % {"n": already})
    return redirect("checkins:not_reported", slug=slug, window_pk=window.pk)


@login_required
def not_reported(request, slug, window_pk):
    """For the secretary: who, in the units they review, has not reported in this window."""
    campaign = _campaign_for(request.user, slug)
    window = get_object_or_404(campaign.checkin_windows, pk=window_pk)
    if not has_any_grant(request.user):
        raise PermissionDenied
    page = Paginator(selectors.not_reported(window, request.user), PER_PAGE).get_page(request.GET.get("page"))
    parents = parent_names([registration.unit for registration in page])
    for registration in page:  # "Chi đoàn ấp 1" exists in many communes: said with its commune
        registration.unit_label = unit_label(registration.unit, parents)
    context = {
        "campaign": campaign,
        "window": window,
        "page": page,
        "progress": selectors.window_progress(window, request.user),
        "window_open": not campaign.closed_on() and window.opens_on <= timezone.localdate() <= window.closes_on,
    }
    return render(request, "checkins/not_reported.html", context)
