"""What a transition table offers a user: every step whose check passes (registrations.workflow,
evaluations.workflow hold the tables and their checks)."""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError


def available_steps(check: Callable, user, obj, names: Iterable[str]) -> set[str]:
    """The names among `names` that `check(user, obj, name)` lets through now (each is checked again when taken)."""
    available = set()
    for name in names:
        try:
            check(user, obj, name)
        except (PermissionDenied, ValidationError):
            continue
        available.add(name)
    return available
