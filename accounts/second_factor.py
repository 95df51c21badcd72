"""Two-step sign-in: a code from an authenticator app on the phone (TOTP, django-otp) after the password.

Required for every office account (a manager grant) and for administrators, whose sign-in opens a whole subtree's
personal data; a cadre may turn it on. One TOTP device per person, and ten one-time recovery codes for a lost
phone; when those are gone too, an office above the person's unit resets the second step (second_factor_reset),
and the person enrols again at the next sign-in. A phone may be remembered for REMEMBER_DAYS: a signed cookie
naming the device, which a reset or a new enrolment makes worthless.

django-otp keeps the throttling (each wrong code doubles the wait, per device) and refuses a TOTP code used
before (a replayed code); a recovery code is deleted when used."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations.models import Person, Role
from organizations.scope import forget_grants, granted_paths, is_manager

REMEMBER_COOKIE = "thiet_bi_tin_cay"
REMEMBER_SALT = "accounts.second_factor.remember"
RECOVERY_CODES = 10
TOTP_DIGITS = 6
DEVICE_NAME = "Điện thoại"
# Asked of the session once per sign-in: whether this person turned the second step on (django-otp answers
# is_verified() for the rest).
HAS_DEVICE_KEY = "second_factor_on"


def is_required(user) -> bool:
    """Office accounts and administrators must use the second step (unless SECOND_FACTOR_FOR_OFFICES is off: a
    portal whose sign-in goes through an identity provider that asks for its own second step)."""
    if not settings.SECOND_FACTOR_FOR_OFFICES or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or is_manager(user)


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def note_at_sign_in(sender, request, user, **kwargs) -> None:
    """Keep in the new session whether this person uses the second step (accounts.apps connects it to
    user_logged_in): the session is written at sign-in anyway, and no later request asks the database."""
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_KEY] = has_device(user)


def is_on(request) -> bool:
    """Whether this signed-in person uses the second step (asked once per session, then kept in it)."""
    if HAS_DEVICE_KEY not in request.session:
        request.session[HAS_DEVICE_KEY] = has_device(request.user)
    return request.session[HAS_DEVICE_KEY]


def needs_code(request) -> bool:
    """Whether this request's person must still give a code before going on."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return is_required(user) or is_on(request)


def enrolment_device(user) -> TOTPDevice:
    """The new device being set up (its secret stays the same across reloads until it is confirmed)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def clean_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "") if ch.isalnum()).lower()


def _wait_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds())) if until else 1
    return _("Too many wrong codes: wait %(seconds)d seconds and try again.") % {"seconds": seconds}


def enrolment_confirm(request, device: TOTPDevice, raw_code: str) -> list[str]:
    """Confirm the phone with its first code: the device counts from now on, the session is verified, and ten
    recovery codes are made (returned to be shown once)."""
    with transaction.atomic():  # a wrong code's count is kept: the refusal is raised after the commit
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user)
        refusal = _wait_message(device)
        if refusal is None and not device.verify_token(clean_code(raw_code)):
            refusal = _("The code is not right. Enter the 6 digits the app shows now.")
        if refusal is None:
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[HAS_DEVICE_KEY] = True
            return recovery_codes_new(request.user)
    raise ValidationError(refusal)


def recovery_codes_new(user) -> list[str]:
    """Ten new recovery codes (the earlier ones stop working)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Mã dự phòng"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@dataclass
class Verified:
    device: object
    by_recovery_code: bool


def verify(request, raw_code: str) -> Verified:
    """Check a code from the app, or else a recovery code, and mark the session verified."""
    user = request.user
    code = clean_code(raw_code)
    with transaction.atomic():  # a wrong code's count is kept: the refusal is raised after the commit
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if totp is None:
            raise ValidationError(_("The second step is not set up for this account."))
        refusal = _wait_message(totp)
        if refusal is None:
            found = _matching(totp, code)
            if found is not None:
                otp_login(request, totp)  # a recovery code is spent; the session stands on the phone's device
                return found
            refusal = _("The code is not right, or was used already.")
    raise ValidationError(refusal)


def _matching(totp: TOTPDevice, code: str) -> Verified | None:
    from_app = len(code) == TOTP_DIGITS and code.isdigit()  # a recovery code has 8 characters
    if from_app:
        return Verified(totp, by_recovery_code=False) if totp.verify_token(code) else None
    static = StaticDevice.objects.select_for_update().filter(user=totp.user_id).first()
    if static is not None and static.verify_token(code):
        return Verified(totp, by_recovery_code=True)
    totp.throttle_increment()  # a wrong recovery code counts against the same wait as a wrong app code
    return None


# --- A remembered phone --------------------------------------------------------------------------------


def _device_seal(device: TOTPDevice) -> str:
    # The device's secret enters the cookie's signature: a new enrolment or a reset makes old cookies worthless.
    return signing.salted_hmac(REMEMBER_SALT, device.key).hexdigest()[:16]


def remember(response, user, device: TOTPDevice) -> None:
    value = signing.dumps({"u": user.pk, "d": device.pk, "s": _device_seal(device)}, salt=REMEMBER_SALT)
    response.set_cookie(
        REMEMBER_COOKIE,
        value,
        max_age=settings.SECOND_FACTOR_REMEMBER_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def remembered_device(request) -> TOTPDevice | None:
    """The device this browser was trusted with for this person, if its cookie is still good."""
    raw = request.COOKIES.get(REMEMBER_COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=REMEMBER_SALT, max_age=settings.SECOND_FACTOR_REMEMBER_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != request.user.pk:
        return None
    device = TOTPDevice.objects.filter(pk=data.get("d"), user=request.user, confirmed=True).first()
    if device is None or not secrets.compare_digest(_device_seal(device), str(data.get("s", ""))):
        return None
    return device


def sign_in_remembered(request) -> bool:
    device = remembered_device(request)
    if device is not None:
        otp_login(request, device)
        return True
    return False


# --- Turning it off, and resetting it for someone who lost their phone -----------------------------------


@transaction.atomic
def second_factor_off(*, user) -> None:
    """A cadre who turned the second step on may turn it off; an office account may not."""
    if is_required(user):
        raise PermissionDenied(_("Office and administrator accounts must keep the second step."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _unit_paths(user) -> list[str]:
    paths = list(Role.objects.filter(user=user).values_list("unit__path", flat=True))
    paths += Person.objects.filter(user=user).values_list("home_unit__path", flat=True)
    return paths


def may_reset(by, user) -> bool:
    """An administrator, or an office whose subtree holds a unit of the person strictly below its own unit."""
    if getattr(by, "is_superuser", False) and by.is_active:
        return by.pk != user.pk
    if by.pk == user.pk or user.is_superuser:
        return False
    tops = granted_paths(by, "manage") or []
    return any(path.startswith(top) and len(path) > len(top) for path in _unit_paths(user) for top in tops)


@transaction.atomic
def second_factor_reset(*, by, user) -> None:
    """Remove a person's phone and recovery codes: they set the second step up again at their next sign-in."""
    if not may_reset(by, user):
        raise PermissionDenied(_("Only an office above this person's unit can reset their second step."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    forget_grants(user)
