"""A member's life in the Youth Union, each step dated: admitted (kết nạp), transferred (chuyển sinh hoạt) to
another unit inside the portal or to a place outside it, carried over when their unit merges or splits, aged out
(trưởng thành Đoàn), struck off (xóa tên) or expelled (khai trừ).

Each step closes the person's open Membership on its day and, when they stay a member here, opens the next one;
`Person.home_unit` follows as "now" and `Person.left_union_on` says they are no longer a member. Every step is in the
history with who did it and why; a step that does not fit the person's past (dated before they joined, after
they left, in the future, or overlapping) is refused in Vietnamese and changes nothing.

Figures of a day read `Membership.objects.as_of(day)` (reports.coverage): a closed campaign's every-member
figures never move because a member moved later.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import versions
from common.versioning import stamp

from .models import ADMISSION_AGES, LEAVING_ENDS, Membership, MembershipEnd, MembershipStart, Person, Unit, age_on
from .scope import can_reach_unit


@dataclass(frozen=True)
class Decision:
    """The decision behind a change in the organisation or a member's life (e.g. "125-QĐ/TĐTN" of 20/06/2025)."""

    number: str = ""
    decided_on: date | None = None


NO_DECISION = Decision()


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _require_day(on: date, decision: Decision) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    if decision.decided_on and decision.decided_on > timezone.localdate():
        raise ValidationError(_("The decision's date cannot be in the future."))


def _open(person: Person) -> Membership:
    membership = Membership.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    if membership is None:
        raise ValidationError(
            _("%(person)s is not a member of any unit in the portal now.") % {"person": person.full_name}
        )
    return membership


def _close(membership: Membership, on: date, end: str, by, reason: str, **extra) -> Membership:
    """End the open membership on `on` (the person is no longer in that unit from that day)."""
    if membership.started_on and on <= membership.started_on:
        raise ValidationError(
            _("%(person)s joined %(unit)s on %(day)s: a change must come after that day.")
            % {"person": membership.person.full_name, "unit": membership.unit.name, "day": _day(membership.started_on)}
        )
    membership.ended_on, membership.end = on, end
    for name, value in extra.items():
        setattr(membership, name, value)
    stamp(membership, by, reason)
    membership.save()
    return membership


def _begin(person: Person, unit: Unit, on: date | None, start: str, by, reason: str, **extra) -> Membership:
    membership = Membership(person=person, unit=unit, started_on=on, start=start, **extra)
    stamp(membership, by, reason)
    membership.save()
    return membership


def _set_now(person: Person, by, reason: str, **fields) -> None:
    for name, value in fields.items():
        setattr(person, name, value)
    stamp(person, by, reason)
    person.save(update_fields=list(fields))


@transaction.atomic
def member_admit(*, by, person: Person, unit: Unit, on: date, decision: Decision = NO_DECISION) -> Membership:
    """Kết nạp: `person` becomes a member of `unit` on `on` (aged 16 to 30 that day)."""
    _require_day(on, decision)
    if not can_reach_unit(by, "manage", unit):
        raise PermissionDenied(_("This unit is outside the units you manage."))
    if not unit.is_active:
        raise ValidationError(_("“%(unit)s” has been dissolved.") % {"unit": unit.name})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Membership.objects.filter(person=person, ended_on__isnull=True).exists():
        raise ValidationError(_("%(person)s is already a member.") % {"person": person.full_name})
    if Membership.objects.filter(person=person, ended_on__gt=on).exists():
        raise ValidationError(_("This date overlaps an earlier membership of this person."))
    if person.birth_date:
        age = age_on(person.birth_date, on)
        if not ADMISSION_AGES[0] <= age <= ADMISSION_AGES[1]:
            raise ValidationError(
                _("A member is admitted at %(low)d to %(high)d years of age; on %(day)s %(person)s was %(age)d.")
                % {
                    "low": ADMISSION_AGES[0],
                    "high": ADMISSION_AGES[1],
                    "day": _day(on),
                    "person": person.full_name,
                    "age": age,
                }
            )
    reason = _("Admitted (kết nạp)")
    membership = _begin(
        person,
        unit,
        on,
        MembershipStart.ADMITTED,
        by,
        reason,
        decision_number=decision.number,
        decision_date=decision.decided_on,
    )
    _set_now(person, by, reason, home_unit=unit, left_union_on=None, joined_on=person.joined_on or on)
    return membership


@transaction.atomic
def member_transfer(
    *, by, person: Person, on: date, to: Unit | None = None, elsewhere: str = "", decision: Decision = NO_DECISION
) -> Membership:
    """Chuyển sinh hoạt: from the person's unit to `to` (inside the portal) or to `elsewhere` (outside it) on `on`."""
    _require_day(on, decision)
    person = Person.objects.select_for_update().get(pk=person.pk)
    current = _open(person)
    if not can_reach_unit(by, "manage", current.unit):
        raise PermissionDenied(_("This member belongs to a unit outside the units you manage."))
    if to is None and not elsewhere.strip():
        raise ValidationError(_("Say where the member goes: a unit of the portal, or a place outside it."))
    if to is not None:
        if to.pk == current.unit_id:
            raise ValidationError(_("The member is already in “%(unit)s”.") % {"unit": to.name})
        if not to.is_active:
            raise ValidationError(_("“%(unit)s” has been dissolved.") % {"unit": to.name})
    reason = _("Transferred to %(place)s") % {"place": to.name if to else elsewhere.strip()}
    extra = {"decision_number": decision.number, "decision_date": decision.decided_on}
    _close(
        current,
        on,
        MembershipEnd.TRANSFERRED_OUT,
        by,
        reason,
        other_unit=to,
        elsewhere=elsewhere.strip()[:200],
        **extra,
    )
    if to is None:
        _set_now(person, by, reason, left_union_on=on)
        return current
    arrived = _begin(person, to, on, MembershipStart.TRANSFERRED_IN, by, reason, other_unit=current.unit, **extra)
    _set_now(person, by, reason, home_unit=to, left_union_on=None)
    return arrived


@transaction.atomic
def member_leave(*, by, person: Person, on: date, end: str, decision: Decision = NO_DECISION) -> Membership:
    """Trưởng thành Đoàn, xóa tên or khai trừ on `on`: the person is no longer a member (khai trừ needs the
    decision)."""
    if end not in LEAVING_ENDS:
        raise ValueError(end)
    _require_day(on, decision)
    if end == MembershipEnd.EXPELLED and not decision.number:
        raise ValidationError(_("An expulsion is recorded with the number of its decision."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    current = _open(person)
    if not can_reach_unit(by, "manage", current.unit):
        raise PermissionDenied(_("This member belongs to a unit outside the units you manage."))
    reason = str(MembershipEnd(end).label)
    _close(current, on, end, by, reason, decision_number=decision.number, decision_date=decision.decided_on)
    _set_now(person, by, reason, left_union_on=on)
    return current


def carry_members(people, to: Unit, on: date, by, reason: str) -> None:
    """Members carried into `to` on `on` by a merger or a split (called by the unit services, in their
    transaction): each one's membership closes that day and the next opens in `to`; a membership that began that
    very day only changes its unit."""
    people = list(people)
    open_rows = {
        m.person_id: m for m in Membership.objects.select_for_update().filter(person__in=people, ended_on__isnull=True)
    }
    for person in people:
        current = open_rows.get(person.pk)
        if current is None:  # not a member any more (aged out, left): stays where the record says
            continue
        if current.started_on and current.started_on > on:
            raise ValidationError(
                _("%(person)s joined %(unit)s on %(day)s, after the change's day.")
                % {"person": person.full_name, "unit": current.unit.name, "day": _day(current.started_on)}
            )
        if current.started_on == on:
            current.unit = to
            stamp(current, by, reason)
            current.save(update_fields=["unit"])
            continue
        came_from = current.unit
        _close(current, on, MembershipEnd.CARRIED, by, reason, other_unit=to)
        _begin(person, to, on, MembershipStart.CARRIED, by, reason, other_unit=came_from)


def on_record(people, by=None, reason: str = "", *, new: bool = False) -> None:
    """Open memberships for people newly recorded (form, import, demo): in their home unit since the day they
    joined the Youth Union, or since before the portal kept dates, unless they already have one."""
    people = list(people)
    # `new`: just created by the caller, so none has one yet (an import's 200,000 rows are not asked about).
    have = set() if new else set(Membership.objects.filter(person__in=people).values_list("person_id", flat=True))
    rows = [
        # Joined the Đoàn on a known day: a member since then, in the unit the record gives.
        Membership(
            person=p,
            unit_id=p.home_unit_id,
            started_on=p.joined_on,
            start=MembershipStart.ADMITTED if p.joined_on else MembershipStart.ON_RECORD,
        )
        for p in people
        if p.pk not in have
    ]
    if rows:
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            rows, Membership, batch_size=1000, default_user=by, default_change_reason=reason or None
        )
        versions.move(versions.TREE)


def follow_the_record(sender, instance: Person, created: bool, raw: bool = False, **kwargs) -> None:
    """Keep the membership with the person's record however it was saved (a form, the admin, an import row, a
    script): a new person is a member of their home unit (on_record), and a home unit changed by hand is a
    transfer dated today. The services above change both together, and find nothing to do here. Bulk writes
    send no signal: their callers call on_record themselves."""
    if raw:  # loading fixtures
        return
    if created:
        on_record([instance], by=getattr(instance, "_history_user", None), new=True)
        return
    current = Membership.objects.filter(person=instance, ended_on__isnull=True).select_related("unit").first()
    if current is None or current.unit_id == instance.home_unit_id or instance.left_union_on:
        return
    today, reason = timezone.localdate(), _("Home unit changed on the record")
    by = getattr(instance, "_history_user", None)
    if current.started_on and current.started_on >= today:
        current.unit_id = instance.home_unit_id
        stamp(current, by, reason)
        current.save(update_fields=["unit"])
        return
    came_from = current.unit
    _close(current, today, MembershipEnd.TRANSFERRED_OUT, by, reason, other_unit_id=instance.home_unit_id)
    _begin(instance, instance.home_unit, today, MembershipStart.TRANSFERRED_IN, by, reason, other_unit=came_from)
