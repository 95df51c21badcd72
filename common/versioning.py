"""Optimistic locking for rows changed in steps (registrations, evaluations).

Every step locks the row, compares the version the person saw with the current one, and
refuses a stale change with "reload" instead of silently overwriting someone else's; each
saved step increments the version and leaves a history entry with who and why.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from .errors import error_text


def lock_current(queryset, pk, expected_version: int | None, stale_message: str):
    """The row `pk` of `queryset`, locked for this transaction; ValidationError when it moved past what was seen."""
    # of=("self",): the row itself, not the rows select_related joins in (PostgreSQL locks those too otherwise).
    fresh = queryset.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ValidationError(stale_message, code="stale")
    return fresh


def stamp(obj, by, reason: str) -> None:
    """What simple-history records as who and why for the object's next save."""
    obj._history_user = by if getattr(by, "is_authenticated", False) else None
    obj._change_reason = reason


def save_step(obj, by, reason: str, fields: list[str]):
    """Save a step's fields with a new version and a history entry (who, why)."""
    obj.version += 1
    stamp(obj, by, reason)
    obj.save(update_fields=[*fields, "version", "updated_at"])
    return obj


def apply_to_each(step, objects, *, argument: str, by, **kwargs) -> tuple[int, list[str]]:
    """Run one step over many objects, each in its own transaction: (done, "who: why not" messages)."""
    done, errors = 0, []
    for obj in objects:
        try:
            step(by=by, **{argument: obj}, **kwargs)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            errors.append(f"{getattr(obj, 'person', obj)}: {error_text(error)}")
    return done, errors
