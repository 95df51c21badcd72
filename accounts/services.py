"""Activation codes: the office hands a cadre a code, the cadre creates their own login with it."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Person, Unit
from organizations.scope import can_reach_unit

from .models import ActivationCode, User, format_code, hash_code, new_code


@dataclass(frozen=True)
class IssuedCode:
    """A code as printed for its person; the plain code exists only here, never in the database."""

    person: Person
    code: str
    expires_at: object

    @property
    def display(self) -> str:
        return format_code(self.code)


def _issue(person: Person, by, now) -> IssuedCode:
    ActivationCode.objects.filter(person=person).usable().update(revoked_at=now)
    code = new_code()
    expires_at = now + timedelta(days=settings.ACTIVATION_CODE_DAYS)
    ActivationCode.objects.create(person=person, code_hash=hash_code(code), issued_by=by, expires_at=expires_at)
    return IssuedCode(person=person, code=code, expires_at=expires_at)


@transaction.atomic
def activation_code_issue(*, by, person: Person) -> IssuedCode:
    """A new code for one person; any earlier unused code of theirs stops working."""
    if not can_reach_unit(by, "manage", person.home_unit):
        raise PermissionDenied(_("This person is outside the units you manage."))
    if person.user_id:
        raise ValidationError(_("%(person)s already has an account.") % {"person": person})
    return _issue(person, by, timezone.now())


@transaction.atomic
def activation_codes_issue_for_unit(*, by, unit: Unit) -> list[IssuedCode]:
    """Codes for every current cadre of the unit's subtree who has no account yet."""
    if not can_reach_unit(by, "manage", unit):
        raise PermissionDenied(_("This unit is outside the units you manage."))
    people = (
        Person.objects.in_subtree(unit)
        .cadres()
        .filter(user__isnull=True)
        .select_related("home_unit")
        .order_by("home_unit__path", "sort_key", "pk")
    )
    now = timezone.now()
    return [_issue(person, by, now) for person in people]


def find_usable_code(raw_code: str) -> ActivationCode:
    code = ActivationCode.objects.select_related("person").filter(code_hash=hash_code(raw_code)).first()
    if code is None:
        raise ValidationError(
            _("This activation code is not valid. Check it, or ask your unit's office for a new one.")
        )
    if code.used_at:
        raise ValidationError(_("This activation code has already been used. Log in with the account you created."))
    if code.revoked_at:
        raise ValidationError(_("This activation code was replaced by a newer one. Use the newest code you received."))
    if code.expires_at <= timezone.now():
        raise ValidationError(_("This activation code has expired. Ask your unit's office for a new one."))
    if code.person.user_id:
        raise ValidationError(_("This person already has an account."))
    return code


@transaction.atomic
def account_activate(*, raw_code: str, username: str, password: str, email: str = "") -> User:
    """Create the cadre's login from a code: single use, linked to their Person record."""
    code = find_usable_code(raw_code)
    # Lock the code row: two submissions of one code create one account.
    code = ActivationCode.objects.select_for_update().select_related("person").get(pk=code.pk)
    if code.used_at:
        raise ValidationError(_("This activation code has already been used. Log in with the account you created."))
    person = Person.objects.select_for_update().get(pk=code.person_id)
    if person.user_id:
        raise ValidationError(_("This person already has an account."))
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The login name %(name)s is taken; choose another.") % {"name": username})
    family, _sep, given = person.full_name.rpartition(" ")
    user = User(username=username, first_name=given, last_name=family, email=email or person.email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    person.user = user
    person._change_reason = _("Account activated")
    person._history_user = user
    person.save(update_fields=["user"])
    code.used_at = timezone.now()
    code.save(update_fields=["used_at"])
    return user
