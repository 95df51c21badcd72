"""Activation codes are short enough to guess: wrong attempts are counted per address and per login name,
and past the limit the form is refused for a while with the minutes to wait (as the login is, by django-axes).
"""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.utils import timezone

from .models import ActivationFailure


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
