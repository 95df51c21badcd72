from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common import panels
from common.errors import error_text
from organizations.filters import unit_options
from organizations.scope import has_any_grant, is_manager, person_of

from . import selectors, services, workflow
from .filters import ReviewQueueFilter
from .forms import RegistrationForm, ReviewForm
from .models import Registration, Status
from .policies import REGISTRATIONS

PER_PAGE = 50


@login_required
def register(request, slug):
    """The cadre's sheet: fill in, save as draft, send."""
    campaign = get_object_or_404(
        CAMPAIGNS.visible(request.user, Campaign.objects.with_closing()).select_related("plan", "organizer"), slug=slug
    )
    person = person_of(request.user)
    registration = (
        Registration.objects.filter(campaign=campaign, person=person).select_related("unit").first() if person else None
    )
    if registration and not registration.is_editable:
        return redirect("registrations:registration_detail", pk=registration.pk)
    if campaign.closed_on():  # the form would only refuse on sending: say so before anything is typed
        messages.info(request, campaign.closed_message())
        if registration:
            return redirect("registrations:registration_detail", pk=registration.pk)
        return redirect("campaigns:campaign_detail", slug=campaign.slug)
    criteria = _criteria(campaign, registration, person)
    form = RegistrationForm(request.POST or None, campaign=campaign, registration=registration, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        send = "submit" in request.POST
        try:
            filled = services.registration_fill(
                by=request.user,
                campaign=campaign,
                registration=registration,
                choices=form.choices(),
                strengths=form.cleaned_data["strengths"],
                overall_commitment=form.cleaned_data["overall_commitment"],
                expected_version=form.cleaned_data["version"],
                send=send,
                excellent_member=form.excellent_member(),
            )
        except (ValidationError, PermissionDenied) as error:
            field = form.field_for(error) if isinstance(error, ValidationError) else None
            form.add_error(field, error_text(error))
        else:
            registration = filled.registration
            if filled.sent:
                messages.success(request, _("Your registration was sent to your unit."))
                return redirect("registrations:registration_detail", pk=registration.pk)
            if filled.refused:
                # Saved as a draft, not sent: the form again, with why, and the version the save gave the sheet
                # (with the old one, the next "Send" would be refused as a stale page).
                data = request.POST.copy()
                data["version"] = registration.version
                form = RegistrationForm(data, campaign=campaign, registration=registration, criteria=criteria)
                form.is_valid()
                form.add_error(form.field_for(filled.refused), error_text(filled.refused))
                context = _register_context(campaign, form, registration, person)
                return render(request, "registrations/register.html", context)
            messages.success(
                request,
                _("Draft saved. You can come back and finish it before %(day)s.")
                % {"day": f"{campaign.registration_closes:%d/%m/%Y}"},
            )
            return redirect("registrations:register", slug=campaign.slug)
    return render(request, "registrations/register.html", _register_context(campaign, form, registration, person))


def _criteria(campaign, registration, person) -> list:
    """The criteria offered: those of the sheet's unit's sector (a new sheet: the unit it will be filed under)."""
    unit = registration.unit if registration else (services.registration_unit(person, campaign) if person else None)
    return services.criteria_for(campaign, unit) if unit else list(campaign.criteria.all())


def _register_context(campaign, form, registration, person) -> dict:
    return {
        "campaign": campaign,
        "form": form,
        "registration": registration,
        # Asked only for a sheet not started: one started was eligible when it was (the page warns before a start).
        "eligible": bool(person) and (registration is not None or campaign.is_eligible(person)),
        "window_open": campaign.registration_is_open(),
    }


@login_required
def campaign_list(request):
    """The campaigns a user sees, each with their own registration's status."""
    return render(request, "campaigns/campaign_list.html", {"rows": selectors.campaigns_with_my_status(request.user)})


@login_required
def my_registrations(request):
    return render(
        request, "registrations/my_registrations.html", {"registrations": selectors.my_registrations(request.user)}
    )


@login_required
def registration_detail(request, pk):
    registration = get_object_or_404(selectors.registration_for(request.user, pk))
    return _detail(request, registration)


def _detail(request, registration, review_form=None, review_error=""):
    """The sheet, with the steps this user may take; after a refused step, its message and what was typed."""
    context = {
        "registration": registration,
        "choices": registration.choices.select_related("criterion"),
        "history": registration.history.select_related("history_user").order_by("history_date"),
        "is_own": registration.person.user_id == request.user.pk,
        "steps": workflow.available_steps(request.user, registration),
        "review_steps": workflow.REVIEW_STEPS,
        "review_form": review_form,
        "review_error": review_error,
    }
    context |= panels.context_for("registration_detail", request, context)
    return render(request, "registrations/registration_detail.html", context)


@login_required
def registration_print(request, pk):
    registration = get_object_or_404(selectors.registration_for(request.user, pk))
    return render(
        request,
        "registrations/registration_print.html",
        {"registration": registration, "choices": registration.choices.select_related("criterion")},
    )


@login_required
@require_POST
def registration_review(request, pk, action):
    registration = get_object_or_404(REGISTRATIONS.visible(request.user, Registration.objects, "review"), pk=pk)
    step = next((step for step in workflow.REVIEW_STEPS if step.name == action), None)
    if step is None:
        raise Http404
    form = ReviewForm(request.POST)
    waiting_in = registration.status  # after the step: back to the queue of sheets still in that status
    try:
        if not form.is_valid():
            raise ValidationError(" ".join(message for errors in form.errors.values() for message in errors))
        reason = {"reason": form.cleaned_data["reason"]} if step.asks_reason else {}
        take = services.REVIEWS[step.name]
        take(by=request.user, registration=registration, expected_version=form.cleaned_data["version"], **reason)
        messages.success(request, step.done % {"person": registration.person})
    except (ValidationError, PermissionDenied) as error:
        if (request.POST.get("reason") or "").strip():
            # A typed reason is not thrown away: the sheet again (as it now is), with why and the reason as typed.
            registration = get_object_or_404(selectors.registration_for(request.user, pk))
            return _detail(request, registration, review_form=form, review_error=error_text(error))
        messages.error(request, error_text(error))
        return redirect("registrations:registration_detail", pk=registration.pk)
    queue = reverse("registrations:review_queue", args=[registration.campaign.slug])
    return redirect(f"{queue}?status={waiting_in}")


@login_required
def review_queue(request, slug):
    campaign = get_object_or_404(CAMPAIGNS.visible(request.user, Campaign.objects), slug=slug)
    if not has_any_grant(request.user):
        raise PermissionDenied
    if request.method == "POST":
        chosen = REGISTRATIONS.visible(request.user, Registration.objects, "review").filter(
            campaign=campaign, pk__in=request.POST.getlist("selected")
        )
        if not request.POST.getlist("selected"):
            messages.warning(request, _("No sheet was ticked: tick the sheets to confirm, then press the button."))
            return redirect(request.get_full_path())
        approve = request.POST.get("step") == "approve"
        step = services.registration_approve if approve else services.registration_confirm
        done, errors = services.apply_to_many(step, by=request.user, registrations=chosen)
        if done:
            done_text = (
                _("%(count)d registration(s) approved.") if approve else _("%(count)d registration(s) confirmed.")
            )
            messages.success(request, done_text % {"count": done})
        for error in errors[:10]:
            messages.error(request, error)
        return redirect(request.get_full_path())
    filters = ReviewQueueFilter(request.GET, queryset=selectors.review_queue(campaign, request.user), request=request)
    if filters.unit_refused():
        raise Http404
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    filter_units = unit_options(request.user, campaign.organizer)
    context = {
        "campaign": campaign,
        "page": page,
        "rows": selectors.queue_rows(page),
        "status": filters.shown_status(),
        "statuses": Status.choices,
        "query": filters.form.cleaned_data.get("q", ""),
        "unit": filters.form.cleaned_data.get("unit"),
        "filter_units": filter_units,
        "counts": selectors.status_counts(campaign, request.user),
        "may_approve": is_manager(request.user),  # each sheet is checked again when approved
    }
    return render(request, "registrations/review_queue.html", context)


@login_required
def not_registered(request, slug):
    campaign = get_object_or_404(CAMPAIGNS.visible(request.user, Campaign.objects), slug=slug)
    if not has_any_grant(request.user):
        raise PermissionDenied
    page = Paginator(selectors.not_yet_registered(campaign, request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "registrations/not_registered.html", {"campaign": campaign, "page": page})
