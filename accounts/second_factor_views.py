"""The second step's pages: setting up the phone, giving a code at sign-in, and the person's security page."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.errors import error_text

from . import second_factor
from .forms import SecondStepForm


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure())
    return wanted if safe and wanted.startswith("/") else "/"


def _secret(device) -> str:
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@login_required
def second_factor_setup(request):
    """Scan the QR code with an authenticator app, type its first code: the phone is set, the recovery codes
    shown once. Someone who set a phone up already gives its code first (they may then set up a new one)."""
    if second_factor.has_device(request.user) and not request.user.is_verified():
        return redirect(f"{redirect('second_factor_verify').url}?{urlencode({'next': request.get_full_path()})}")
    device = second_factor.enrolment_device(request.user)
    form = SecondStepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.enrolment_confirm(request, device, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            response = render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request), "first": True}
            )
            if form.cleaned_data["remember"]:
                second_factor.remember(response, request.user, device)
            return response
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr": qr.svg_data_uri(scale=5, border=2),
            "secret": _secret(device),
            "next": _next(request),
            "required": second_factor.is_required(request.user),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def second_factor_verify(request):
    """After the password: a code from the app (or a recovery code)."""
    if not second_factor.needs_code(request):
        return redirect(_next(request))
    if not second_factor.has_device(request.user):
        return redirect(f"{redirect('second_factor_setup').url}?{urlencode({'next': _next(request)})}")
    form = SecondStepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = second_factor.verify(request, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            if verified.by_recovery_code:
                left = second_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)d are left. Make new ones on your security page.")
                    % {"left": left},
                )
            response = redirect(_next(request))
            if form.cleaned_data["remember"]:
                second_factor.remember(response, request.user, verified.device)
            return response
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def security(request):
    """The person's own security page: whether the second step is on, recovery codes left, and what to do."""
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "on": second_factor.has_device(user),
            "required": second_factor.is_required(user),
            "codes_left": second_factor.recovery_codes_left(user),
        },
    )


@never_cache
@login_required
@require_POST
def recovery_codes_renew(request):
    if not (second_factor.has_device(request.user) and request.user.is_verified()):
        raise PermissionDenied
    codes = second_factor.recovery_codes_new(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/", "first": False})


@login_required
@require_POST
def second_factor_turn_off(request):
    if not request.user.is_verified():
        raise PermissionDenied
    try:
        second_factor.second_factor_off(user=request.user)
    except PermissionDenied as error:
        messages.error(request, error_text(error))
    else:
        request.session[second_factor.HAS_DEVICE_KEY] = False
        messages.success(request, _("The second step is off for your account."))
    return redirect("security")
