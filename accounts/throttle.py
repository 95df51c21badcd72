"""Public forms that someone could hammer: wrong activation codes are counted per address and per login name,
and past the limit the form is refused for a while with the minutes to wait (as the login is, by django-axes);
password-reset e-mails are counted per address asked for and per client address.

The client address (client_address, which django-axes reads too): behind the production nginx, the address
nginx saw, never 127.0.0.1 for everyone.
"""

import ipaddress
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.utils import timezone

from .models import ActivationFailure, PasswordResetRequest


def client_address(request) -> str | None:
    """Who is asking. Each of the TRUSTED_PROXY_COUNT proxies in front appends the address it saw to
    X-Forwarded-For, so the client is that many entries from the right; whatever stands further left was sent by
    the client and is not believed. (django-ipware counts proxies differently: nginx's own address is not in the
    header, so its count cannot say "one nginx".)"""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


def _window() -> timedelta:
    return timedelta(minutes=settings.ACTIVATION_COOLOFF_MINUTES)


def _recent(now):
    return ActivationFailure.objects.filter(attempted_at__gt=now - _window())


def wait_before_next_try(request, username: str, now=None) -> timedelta | None:
    """How long this address (or this login name) must wait, or None when it may try."""
    now = now or timezone.now()
    ip = get_client_ip_address(request)
    recent = _recent(now)
    for failures, limit in (
        (recent.filter(ip_address=ip), settings.ACTIVATION_FAILURES_PER_IP),
        (
            recent.filter(username=username.lower()) if username else recent.none(),
            settings.ACTIVATION_FAILURES_PER_USERNAME,
        ),
    ):
        times = list(failures.order_by("-attempted_at").values_list("attempted_at", flat=True)[:limit])
        if len(times) >= limit:
            return times[-1] + _window() - now
    return None


def record_failure(request, username: str) -> None:
    ActivationFailure.objects.create(ip_address=get_client_ip_address(request), username=(username or "").lower())
    # Old rows are of no use once out of the window.
    ActivationFailure.objects.filter(attempted_at__lt=timezone.now() - 4 * _window()).delete()


def forget_failures(request, username: str) -> None:
    ActivationFailure.objects.filter(username=(username or "").lower()).delete()


RESET_WINDOW = timedelta(hours=1)


def password_reset_refusal(request, email: str, now=None) -> str | None:
    """None when a reset e-mail may be sent to `email` now (and it is counted); else why not: "address" (this
    client asked too often: say so) or "email" (that mailbox had enough: send nothing, say nothing, since the page
    must not tell whether an account exists)."""
    now = now or timezone.now()
    ip = get_client_ip_address(request)
    recent = PasswordResetRequest.objects.filter(requested_at__gt=now - RESET_WINDOW)
    if recent.filter(ip_address=ip).count() >= settings.PASSWORD_RESETS_PER_IP:
        return "address"
    email = email.strip().lower()
    refused = "email" if recent.filter(email=email).count() >= settings.PASSWORD_RESETS_PER_EMAIL else None
    PasswordResetRequest.objects.create(email=email, ip_address=ip)
    PasswordResetRequest.objects.filter(requested_at__lt=now - 4 * RESET_WINDOW).delete()
    return refused
