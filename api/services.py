"""Making and revoking service tokens. The plain token exists only in what token_issue returns: the office copies
it once, the database keeps its hash."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import nfc
from organizations.models import Unit
from organizations.scope import can_reach_unit

from .models import LOOKUP_LENGTH, TOKEN_PREFIX, ServiceToken, hash_token, new_token


@dataclass(frozen=True)
class IssuedToken:
    token: ServiceToken
    raw: str  # shown once


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max.replace(microsecond=0)))


def token_check(*, by, unit: Unit, purpose: str, expires_on: date) -> None:
    """Refuse a token this office may not make (the form asks before saving, token_issue again)."""
    if not unit.is_active or not can_reach_unit(by, "manage", unit):
        raise PermissionDenied(_("This unit is outside the units you manage."))
    errors = {}
    if not nfc(purpose).strip():
        errors["purpose"] = _("Say what will read with this token, e.g. “website”.")
    today = timezone.localdate()
    if expires_on <= today:
        errors["expires_on"] = _("A token must expire after today.")
    elif expires_on > today + timedelta(days=settings.API_TOKEN_MAX_DAYS):
        errors["expires_on"] = _("A token may be made for at most %(days)d days.") % {
            "days": settings.API_TOKEN_MAX_DAYS
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def token_issue(*, by, unit: Unit, purpose: str, expires_on: date) -> IssuedToken:
    """A token reading what `unit`'s office reads, until the end of `expires_on`."""
    token_check(by=by, unit=unit, purpose=purpose, expires_on=expires_on)
    purpose = nfc(purpose).strip()
    raw = new_token()
    token = ServiceToken.objects.create(
        unit=unit,
        purpose=purpose,
        lookup=raw[: len(TOKEN_PREFIX) + LOOKUP_LENGTH],
        token_hash=hash_token(raw),
        created_by=by,
        expires_at=_end_of(expires_on),
    )
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def token_revoke(*, by, token: ServiceToken) -> ServiceToken:
    """Stop a token from working, now. Revoking twice changes nothing."""
    token = ServiceToken.objects.select_for_update().select_related("unit").get(pk=token.pk)
    if not can_reach_unit(by, "manage", token.unit):
        raise PermissionDenied(_("This token belongs to a unit outside the units you manage."))
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
