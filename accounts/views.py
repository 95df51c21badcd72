from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.errors import error_text
from organizations.models import Person, Unit
from organizations.policies import PEOPLE, UNITS

from . import oidc, throttle
from .forms import ActivationForm
from .services import account_activate, activation_code_issue, activation_codes_issue_for_unit


def activate(request):
    """A cadre turns the code from their unit into a login of their own (wrong codes are throttled)."""
    form = ActivationForm(request.POST or None)
    if request.method == "POST":
        wait = throttle.wait_before_next_try(request, request.POST.get("username", ""))
        if wait is not None:
            return render(request, "accounts/activation_locked.html", {"wait": wait}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_activate(
                raw_code=form.cleaned_data["code"],
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            target = "password1" if any("password" in (e.code or "") for e in error.error_list) else None
            if target is None:  # a wrong, used or expired code (or a taken name): counts towards the limit
                throttle.record_failure(request, form.cleaned_data["username"])
            form.add_error(target, error)
        else:
            throttle.forget_failures(request, user.username)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Welcome, %(name)s!") % {"name": user.first_name})
            return redirect("organizations:home")
    return render(request, "accounts/activate.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Django's login, offering the province's identity provider beside the password when one is configured."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_provider": oidc.enabled() and settings.OIDC_PROVIDER_NAME}


class LogoutView(auth_views.LogoutView):
    """Django's logout, and the browser told to forget what this person's visit left on the phone — private photos
    in its cache, drafts kept offline — before the next person signs in on it."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, with the link on SITE_URL (never the Host header the request carried, which anyone
    can set) and throttled per mailbox and per client address."""

    def form_valid(self, form):
        refusal = throttle.password_reset_refusal(self.request, form.cleaned_data["email"])
        if refusal == "address":
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        if refusal == "email":  # the same page as a mail sent: it must not tell whether the address has an account
            return redirect(self.get_success_url())
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return redirect(self.get_success_url())


# --- The office hands out codes (a printable sheet) -------------------------------------------


@never_cache  # the codes are secrets: no cache, shared or the browser's, may keep the printed sheet
@login_required
@require_POST
def person_activation_code(request, pk):
    person = get_object_or_404(
        PEOPLE.visible(request.user, Person.objects, "manage").select_related("home_unit"), pk=pk
    )
    try:
        issued = [activation_code_issue(by=request.user, person=person)]
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("organizations:person_detail", pk=person.pk)
    return _code_sheet(request, person.home_unit, issued)


@never_cache
@login_required
@require_POST
def unit_activation_codes(request, pk):
    unit = get_object_or_404(UNITS.visible(request.user, Unit.objects, "manage"), pk=pk)
    issued = activation_codes_issue_for_unit(by=request.user, unit=unit)
    return _code_sheet(request, unit, issued)


def _code_sheet(request, unit, issued):
    """The printable slips. The address is the site's own (SITE_URL, with its port): behind the proxy the request's
    Host has none, and a cadre typing it from the paper would land nowhere."""
    address = settings.SITE_URL.rstrip("/") + reverse("activate")
    context = {"unit": unit, "issued": issued, "activation_address": address.split("://", 1)[-1]}
    return render(request, "accounts/activation_codes_print.html", context)
