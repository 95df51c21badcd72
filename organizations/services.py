"""Actions that change the unit tree and terms of office.

Each service takes the acting user as `by=`, checks the rules and the actor's scope first
(raising ValidationError in Vietnamese, or PermissionDenied), then writes in one
transaction and leaves an entry, with who and why, in the history (django-simple-history).

Structural changes (move, merge, split, dissolve) act on units strictly inside the
actor's subtree: an office can restructure what is below it, not itself.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common import versions
from common.versioning import stamp

from .membership import Decision, carry_members, follow_the_record, on_record
from .models import (
    ALLOWED_PARENT_KINDS,
    LEAF_KINDS,
    LineageEvent,
    LineageKind,
    Person,
    Position,
    Role,
    Unit,
    UnitKind,
    UnitSpan,
)
from .scope import can_reach_unit, forget_grants, granted_paths
from .timeline import DatedTree


def _kind_label(kind: str) -> str:
    return str(UnitKind(kind).label)


def _require_manage(by, unit: Unit | None) -> None:
    """`by` may change `unit` (None: the top of the tree, superusers only)."""
    if unit is None:
        if granted_paths(by, "manage") is not None:
            raise PermissionDenied(_("Only an administrator can create or move top-level units."))
        return
    if not can_reach_unit(by, "manage", unit):
        raise PermissionDenied(_("This unit is outside the units you manage."))


def _require_manage_parent_of(by, unit: Unit) -> None:
    parent = unit.parent_unit()
    _require_manage(by, parent)


def check_placement(kind: str, parent: Unit | None) -> None:
    """Raise ValidationError if a unit of `kind` may not sit under `parent`."""
    allowed = ALLOWED_PARENT_KINDS[kind]
    if parent is None:
        if None not in allowed:
            raise ValidationError(_("A %(kind)s must sit under a higher unit.") % {"kind": _kind_label(kind)})
        return
    if not parent.is_active:
        raise ValidationError(_("“%(parent)s” has been dissolved; no unit can be put under it.") % {"parent": parent})
    if parent.kind in LEAF_KINDS:
        raise ValidationError(_("A %(parent_kind)s has no units under it.") % {"parent_kind": _kind_label(parent.kind)})
    if parent.kind not in allowed:
        raise ValidationError(
            _("A %(kind)s cannot sit under a %(parent_kind)s (“%(parent)s”).")
            % {"kind": _kind_label(kind), "parent_kind": _kind_label(parent.kind), "parent": parent}
        )


def check_move(unit: Unit, new_parent: Unit) -> None:
    """Raise ValidationError if `unit` may not be moved under `new_parent`."""
    if new_parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or under one of its own units."))
    if unit.parent_path() == new_parent.path:
        raise ValidationError(_("“%(unit)s” is already under “%(parent)s”.") % {"unit": unit, "parent": new_parent})
    if not unit.is_active:
        raise ValidationError(_("“%(unit)s” has been dissolved and cannot be moved.") % {"unit": unit})
    check_placement(unit.kind, new_parent)


def check_code_free(code: str, exclude_pk=None) -> str:
    code = (code or "").strip().upper()
    clash = Unit.objects.filter(code__iexact=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(_("The unit code %(code)s is already used by another unit.") % {"code": code})
    return code


# --- Dating a change: its effective day, its decision, the spans it closes and opens ------------------


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _effective(on: date | None, decision: Decision | None) -> date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError(_("The effective date cannot be in the future."))
    if decision and decision.decided_on and decision.decided_on > today:
        raise ValidationError(_("The decision date cannot be in the future."))
    return on


def _open_span(unit: Unit, on: date, *, closing: bool = False) -> UnitSpan:
    """The unit's span as it stands now, which a change effective `on` will end; refused when the unit is
    closed or already changed on a later day (the past cannot be rewritten out of order)."""
    span = UnitSpan.objects.select_for_update().filter(unit=unit, valid_to__isnull=True).first()
    if span is None or not unit.is_active:
        raise ValidationError(_("“%(unit)s” has been dissolved or merged; it cannot change.") % {"unit": unit})
    if span.valid_from and (on < span.valid_from or (closing and on == span.valid_from)):
        raise ValidationError(
            _("“%(unit)s” changed on %(since)s; a change effective %(on)s would rewrite that. Enter changes in order.")
            % {"unit": unit, "since": _day(span.valid_from), "on": _day(on)}
        )
    return span


def _next_span(unit: Unit, on: date, **changes) -> UnitSpan:
    """End the unit's open span on `on` and open the next one with `changes` (on the same day: amend it)."""
    span = _open_span(unit, on)
    if span.valid_from == on:
        for field, value in changes.items():
            setattr(span, field, value)
        span.save()
        return span
    span.valid_to = on
    span.save(update_fields=["valid_to"])
    values = {"parent": span.parent, "name": span.name, "kind": span.kind, "sector": span.sector, **changes}
    return UnitSpan.objects.create(unit=unit, valid_from=on, **values)


def _close_span(unit: Unit, on: date) -> None:
    span = _open_span(unit, on, closing=True)
    span.valid_to = on
    span.save(update_fields=["valid_to"])


def _require_alive_on(unit: Unit, on: date) -> DatedTree:
    """`unit` existed on `on` (a change cannot place anything under a unit not yet founded or already closed)."""
    tree = DatedTree.as_of(on)
    if unit.pk not in tree:
        raise ValidationError(
            _("“%(unit)s” did not exist on %(on)s (founded later, or already closed).") % {"unit": unit, "on": _day(on)}
        )
    return tree


def _record(unit: Unit, kind: str, on: date, by, decision: Decision | None, other: Unit | None = None) -> None:
    decision = decision or Decision()
    LineageEvent.objects.create(
        unit=unit,
        kind=kind,
        effective_on=on,
        other=other,
        decision_number=decision.number,
        decision_date=decision.decided_on,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _fresh(unit: Unit) -> Unit:
    """The unit re-read and locked: tree operations rewrite paths, so in-memory copies go stale."""
    return Unit.objects.select_for_update().get(pk=unit.pk)


@transaction.atomic
def unit_create(
    *,
    by,
    parent: Unit | None,
    code: str,
    name: str,
    kind: str,
    sector: str = "",
    founded_on: date | None = None,
    decision: Decision | None = None,
) -> Unit:
    """A new unit under `parent`. `founded_on` None: a unit that existed before the portal's records (entering
    today's tree); a date: founded that day (a restructure), recorded with its decision."""
    parent = _fresh(parent) if parent else None
    _require_manage(by, parent)
    check_placement(kind, parent)
    if founded_on is not None:
        founded_on = _effective(founded_on, decision)
        if parent is not None:
            _open_span(parent, founded_on)
            _require_alive_on(parent, founded_on)
    unit = Unit(code=check_code_free(code), name=name, kind=kind, sector=sector)
    unit.fill_derived_fields()
    unit.full_clean(exclude=["path", "depth", "numchild", "code"])
    if not unit.name:
        raise ValidationError(_("A unit needs a name."))
    stamp(unit, by, _("Created"))
    unit = Unit.objects.add_root(instance=unit) if parent is None else Unit.objects.add_child(parent, instance=unit)
    if founded_on is not None:
        UnitSpan.objects.filter(unit=unit).update(valid_from=founded_on)  # the span Unit.save opened
        _record(unit, LineageKind.FOUNDED, founded_on, by, decision)
    return unit


@transaction.atomic
def unit_update(
    *, by, unit: Unit, name: str, sector: str = "", on: date | None = None, decision: Decision | None = None
) -> Unit:
    """Rename a unit or change its sector from `on` (today by default); reports before that day keep the old
    name. The code is stable and the kind fixed: neither changes here."""
    unit = _fresh(unit)
    _require_manage(by, unit)
    before = (unit.name, unit.sector)
    unit.name, unit.sector = name, sector
    unit.fill_derived_fields()
    if not unit.name:
        raise ValidationError(_("A unit needs a name."))
    unit.full_clean(exclude=["path", "depth", "numchild", "code"])
    if (unit.name, unit.sector) == before:
        return unit
    on = _effective(on, decision)
    _next_span(unit, on, name=unit.name, sector=unit.sector)
    _record(unit, LineageKind.RENAMED, on, by, decision)
    stamp(unit, by, _("Renamed or edited"))
    unit.save()
    return unit


def _move_under(unit: Unit, new_parent: Unit, by, reason: str, on: date | None = None, decision=None) -> Unit:
    """Move in today's tree; with `on`, also in the dated tree (a closed unit parked under its successor is
    moved in today's tree only: its spans keep where it was)."""
    if on is not None:
        tree = _require_alive_on(new_parent, on)
        if tree.is_under(new_parent.pk, unit.pk):
            raise ValidationError(
                _("On %(on)s “%(parent)s” was under “%(unit)s”: the move would form a cycle.")
                % {"on": _day(on), "parent": new_parent, "unit": unit}
            )
        _next_span(unit, on, parent=new_parent)
        _record(unit, LineageKind.MOVED, on, by, decision, other=new_parent)
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit = Unit.objects.get(pk=unit.pk)
    # treebeard rewrites paths with UPDATE statements; a save records the new place in history.
    stamp(unit, by, reason)
    unit.save()
    return unit


@transaction.atomic
def unit_move(*, by, unit: Unit, new_parent: Unit, on: date | None = None, decision: Decision | None = None) -> Unit:
    """Move a unit (with its subtree) under another from `on` (today by default)."""
    unit, new_parent = _fresh(unit), _fresh(new_parent)
    _require_manage_parent_of(by, unit)
    _require_manage(by, new_parent)
    check_move(unit, new_parent)
    on = _effective(on, decision)
    reason = _("Moved under %(parent)s") % {"parent": new_parent.name}
    return _move_under(unit, new_parent, by, reason, on, decision)


def _end_current_positions(units_q: Q, on: date, by, reason: str) -> int:
    positions = list(Position.objects.current(on).filter(units_q))
    for position in positions:
        position.ended_on = on
    if positions:
        bulk_update_with_history(positions, Position, ["ended_on"], default_user=by, default_change_reason=reason)
        versions.move(versions.TREE)  # a bulk write sends no signal
    return len(positions)


def _transfer(*, children, members, to: Unit, by, reason: str, on: date, decision=None) -> None:
    """Move units (each with its subtree) and people's home unit to `to` from `on`, checking placement first."""
    children, members = list(children), list(members)
    for child in children:
        check_placement(child.kind, to)
    for child in children:
        _move_under(_fresh(child), to, by, reason, on, decision)
    # Dated: who belonged where before `on` stays as it was (every-member figures of earlier days read it).
    carry_members(members, to, on, by, reason)
    for person in members:
        person.home_unit = to
    if members:
        bulk_update_with_history(members, Person, ["home_unit"], default_user=by, default_change_reason=reason)
        versions.move(versions.TREE)


def _mark_dissolved(unit: Unit, on: date, by, reason: str) -> Unit:
    _close_span(unit, on)
    _end_current_positions(Q(unit=unit), on, by, reason)
    unit = _fresh(unit)
    unit.is_active, unit.dissolved_on = False, on
    stamp(unit, by, reason)
    unit.save()
    return unit


def dissolve_refusal(unit: Unit) -> ValidationError | None:
    """Why `unit` cannot be dissolved yet (units still active under it), or None."""
    active_children = list(unit.child_units().filter(is_active=True).values_list("name", flat=True)[:6])
    if active_children:
        return ValidationError(
            _("“%(unit)s” still has active units under it (%(children)s). Move, merge or dissolve them first.")
            % {"unit": unit, "children": ", ".join(active_children)}
        )
    return None


@transaction.atomic
def unit_dissolve(
    *, by, unit: Unit, on: date | None = None, reason: str = "", decision: Decision | None = None
) -> Unit:
    """Mark a unit dissolved on a day; terms of office in it end that day and its offices' grants lapse.
    Its spans, registrations and figures are kept: reports before that day still show it."""
    unit = _fresh(unit)
    _require_manage_parent_of(by, unit)
    if not unit.is_active:
        raise ValidationError(_("“%(unit)s” has already been dissolved.") % {"unit": unit})
    if on and on > timezone.localdate():
        raise ValidationError(_("The dissolution date cannot be in the future."))
    on = _effective(on, decision)
    refusal = dissolve_refusal(unit)
    if refusal:
        raise refusal
    unit = _mark_dissolved(unit, on, by, reason or _("Dissolved"))
    _record(unit, LineageKind.DISSOLVED, on, by, decision)
    return unit


@transaction.atomic
def unit_merge(*, by, source: Unit, target: Unit, on: date | None = None, decision: Decision | None = None) -> Unit:
    """Merge `source` into `target` from `on`: its units and members move to the target and it closes.

    In today's tree the closed source is kept under its successor, so whoever now holds the target also sees
    the source's history (its registrations and reports); its spans keep where it stood before."""
    on = _effective(on, decision)
    source, target = _fresh(source), _fresh(target)
    _require_manage_parent_of(by, source)
    _require_manage(by, target)
    if source.pk == target.pk:
        raise ValidationError(_("A unit cannot be merged into itself."))
    if target.path.startswith(source.path):
        raise ValidationError(_("A unit cannot be merged into one of its own units."))
    if not source.is_active or not target.is_active:
        raise ValidationError(_("Both units must be active to be merged."))
    reason = _("Merged into %(target)s") % {"target": target.name}
    _require_alive_on(target, on)
    _open_span(source, on, closing=True)
    _transfer(
        children=source.child_units().filter(is_active=True),
        members=Person.objects.filter(home_unit=source),
        to=target,
        by=by,
        reason=reason,
        on=on,
        decision=decision,
    )
    source = _mark_dissolved(source, on, by, reason)
    _record(source, LineageKind.MERGED, on, by, decision, other=target)
    _move_under(source, _fresh(target), by, reason)
    return _fresh(target)


@transaction.atomic
def unit_split(
    *,
    by,
    source: Unit,
    code: str,
    name: str,
    kind: str | None = None,
    sector: str | None = None,
    children: list[Unit] = (),
    members: list[Person] = (),
    on: date | None = None,
    decision: Decision | None = None,
) -> Unit:
    """Split a new unit off `source` from `on`, beside it, taking the chosen units and members with it."""
    on = _effective(on, decision)
    source = _fresh(source)
    _require_manage_parent_of(by, source)
    if not source.is_active:
        raise ValidationError(_("“%(unit)s” has been dissolved and cannot be split.") % {"unit": source})
    foreign_children = [c for c in children if c.parent_path() != source.path]
    foreign_members = [p for p in members if p.home_unit_id != source.pk]
    if foreign_children or foreign_members:
        raise ValidationError(_("Only units and members of “%(unit)s” can be split off from it.") % {"unit": source})
    new_unit = unit_create(
        by=by,
        parent=source.parent_unit(),
        code=code,
        name=name,
        kind=kind or source.kind,
        sector=source.sector if sector is None else sector,
        founded_on=on,
        decision=decision,
    )
    LineageEvent.objects.filter(unit=new_unit, kind=LineageKind.FOUNDED).update(kind=LineageKind.SPLIT, other=source)
    _transfer(
        children=children,
        members=members,
        to=new_unit,
        by=by,
        reason=_("Split off into %(unit)s") % {"unit": new_unit.name},
        on=on,
        decision=decision,
    )
    return _fresh(new_unit)


@transaction.atomic
def position_end(*, by, position: Position, on: date | None = None) -> Position:
    on = on or timezone.localdate()
    position = Position.objects.select_for_update().select_related("unit").get(pk=position.pk)
    if not can_reach_unit(by, "manage", position.unit):
        raise PermissionDenied(_("This unit is outside the units you manage."))
    if position.ended_on is not None and position.ended_on <= on:
        raise ValidationError(_("This term of office has already ended."))
    if on < position.started_on:
        raise ValidationError(_("A term cannot end before it starts."))
    position.ended_on = on
    stamp(position, by, _("Term ended"))
    position.save(update_fields=["ended_on"])
    return position


@transaction.atomic
# --- People and positions in bulk (the Excel import) ------------------------------------------------


@transaction.atomic
def people_upsert_many(
    *, by, creates: list[dict], updates: list[tuple[str, dict]], positions: list[dict], reason: str
) -> None:
    """Write checked rows of people (new by member number, or changed fields of existing ones) and their
    positions, all or none, each with history (who, why). Every unit touched must be one `by` manages."""
    unit_ids = {row["home_unit_id"] for row in creates} | {
        c["home_unit_id"] for _n, c in updates if "home_unit_id" in c
    }
    unit_ids |= {row["unit_id"] for row in positions}
    for unit in Unit.objects.filter(pk__in=unit_ids):
        _require_manage(by, unit)
    numbers = [number for number, _changes in updates]
    existing = {
        p.member_number: p for p in Person.objects.filter(member_number__in=numbers).select_related("home_unit")
    }
    for person in existing.values():
        _require_manage(by, person.home_unit)
    user = by if getattr(by, "is_authenticated", False) else None
    versions.move(versions.TREE)  # bulk writes below send no signal
    new_people = []
    for row in creates:
        person = Person(**row)
        person.fill_derived_fields()
        new_people.append(person)
    if new_people:
        bulk_create_with_history(new_people, Person, batch_size=1000, default_user=user, default_change_reason=reason)
        on_record(new_people, by=user, reason=reason, new=True)  # a bulk write sends no signal
    if updates:
        touched, moved = set(), []
        for number, changes in updates:
            person = existing[number]
            if "home_unit_id" in changes and changes["home_unit_id"] != person.home_unit_id:
                moved.append((person, changes["home_unit_id"]))  # a transfer dated today, below
            for key, value in changes.items():
                setattr(person, key, value)
            person.fill_derived_fields()
            touched.update(changes)
        bulk_update_with_history(
            list(existing.values()),
            Person,
            [*touched, "search_text", "sort_key"],
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
        )
        for person, _unit_id in moved:  # a bulk write sends no signal: the membership follows here
            person._history_user = user
            follow_the_record(Person, person, created=False)
    if positions:
        numbers = {p["member_number"] for p in positions}
        ids = dict(Person.objects.filter(member_number__in=numbers).values_list("member_number", "pk"))
        rows = [
            Position(
                person_id=ids[p["member_number"]],
                unit_id=p["unit_id"],
                title=p["title"],
                started_on=p["started_on"],
                ended_on=p["ended_on"],
            )
            for p in positions
        ]
        bulk_create_with_history(rows, Position, batch_size=1000, default_user=user, default_change_reason=reason)


# --- Roles (grants on a subtree) -----------------------------------------------------------------


@transaction.atomic
def role_grant(*, by, user, unit: Unit, kind: str) -> Role:
    """Give `user` the role `kind` on `unit`'s subtree (once); only who manages that unit may."""
    _require_manage(by, unit)
    role = Role.objects.filter(user=user, unit=unit, kind=kind).first()
    if role is None:
        role = Role(user=user, unit=unit, kind=kind)
        stamp(role, by, _("Role granted"))
        role.save()
    forget_grants(user)
    return role


@transaction.atomic
def role_update(*, by, role: Role, unit: Unit, kind: str) -> Role:
    """Change a grant's unit or kind: who manages both the old and the new unit may."""
    _require_manage(by, role.unit)
    _require_manage(by, unit)
    if Role.objects.filter(user=role.user, unit=unit, kind=kind).exclude(pk=role.pk).exists():
        raise ValidationError(_("This user already has that role on that unit."))
    role.unit, role.kind = unit, kind
    stamp(role, by, _("Role changed"))
    role.save()
    forget_grants(role.user)
    return role


@transaction.atomic
def role_revoke(*, by, role: Role) -> None:
    _require_manage(by, role.unit)
    user = role.user
    stamp(role, by, _("Role revoked"))
    role.delete()
    forget_grants(user)
