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

from .models import ALLOWED_PARENT_KINDS, LEAF_KINDS, Person, Position, Role, Unit, UnitKind
from .scope import can_reach_unit, forget_grants, granted_paths


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


def _stamp(obj, by, reason: str) -> None:
    """What simple-history records as who and why for the next save."""
    obj._history_user = by if getattr(by, "is_authenticated", False) else None
    obj._change_reason = reason


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


def _fresh(unit: Unit) -> Unit:
    """The unit re-read and locked: tree operations rewrite paths, so in-memory copies go stale."""
    return Unit.objects.select_for_update().get(pk=unit.pk)


@transaction.atomic
def unit_create(*, by, parent: Unit | None, code: str, name: str, kind: str, sector: str = "") -> Unit:
    parent = _fresh(parent) if parent else None
    _require_manage(by, parent)
    check_placement(kind, parent)
    unit = Unit(code=check_code_free(code), name=name, kind=kind, sector=sector)
    unit.fill_derived_fields()
    unit.full_clean(exclude=["path", "depth", "numchild", "code"])
    if not unit.name:
        raise ValidationError(_("A unit needs a name."))
    _stamp(unit, by, _("Created"))
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    return Unit.objects.add_child(parent, instance=unit)


@transaction.atomic
def unit_update(*, by, unit: Unit, name: str, sector: str = "") -> Unit:
    """Rename a unit or change its sector. The code is stable and the kind fixed: neither changes here."""
    unit = _fresh(unit)
    _require_manage(by, unit)
    unit.name, unit.sector = name, sector
    unit.fill_derived_fields()
    if not unit.name:
        raise ValidationError(_("A unit needs a name."))
    unit.full_clean(exclude=["path", "depth", "numchild", "code"])
    _stamp(unit, by, _("Renamed or edited"))
    unit.save()
    return unit


def _move_under(unit: Unit, new_parent: Unit, by, reason: str) -> Unit:
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit = Unit.objects.get(pk=unit.pk)
    # treebeard rewrites paths with UPDATE statements; a save records the new place in history.
    _stamp(unit, by, reason)
    unit.save()
    return unit


@transaction.atomic
def unit_move(*, by, unit: Unit, new_parent: Unit) -> Unit:
    unit, new_parent = _fresh(unit), _fresh(new_parent)
    _require_manage_parent_of(by, unit)
    _require_manage(by, new_parent)
    check_move(unit, new_parent)
    return _move_under(unit, new_parent, by, _("Moved under %(parent)s") % {"parent": new_parent.name})


def _end_current_positions(units_q: Q, on: date, by, reason: str) -> int:
    positions = list(Position.objects.current(on).filter(units_q))
    for position in positions:
        position.ended_on = on
    if positions:
        bulk_update_with_history(positions, Position, ["ended_on"], default_user=by, default_change_reason=reason)
    return len(positions)


def _transfer(*, children, members, to: Unit, by, reason: str) -> None:
    """Move units (each with its subtree) and people's home unit to `to`, checking placement first."""
    children, members = list(children), list(members)
    for child in children:
        check_placement(child.kind, to)
    for child in children:
        _move_under(_fresh(child), to, by, reason)
    for person in members:
        person.home_unit = to
    if members:
        bulk_update_with_history(members, Person, ["home_unit"], default_user=by, default_change_reason=reason)


def _mark_dissolved(unit: Unit, on: date, by, reason: str) -> Unit:
    _end_current_positions(Q(unit=unit), on, by, reason)
    unit = _fresh(unit)
    unit.is_active, unit.dissolved_on = False, on
    _stamp(unit, by, reason)
    unit.save()
    return unit


@transaction.atomic
def unit_dissolve(*, by, unit: Unit, on: date | None = None, reason: str = "") -> Unit:
    """Mark a unit dissolved on a day; terms of office in it end that day. History is kept."""
    on = on or timezone.localdate()
    unit = _fresh(unit)
    _require_manage_parent_of(by, unit)
    if not unit.is_active:
        raise ValidationError(_("“%(unit)s” has already been dissolved.") % {"unit": unit})
    if on > timezone.localdate():
        raise ValidationError(_("The dissolution date cannot be in the future."))
    active_children = list(unit.child_units().filter(is_active=True).values_list("name", flat=True)[:6])
    if active_children:
        raise ValidationError(
            _("“%(unit)s” still has active units under it (%(children)s). Move, merge or dissolve them first.")
            % {"unit": unit, "children": ", ".join(active_children)}
        )
    return _mark_dissolved(unit, on, by, reason or _("Dissolved"))


@transaction.atomic
def unit_merge(*, by, source: Unit, target: Unit, on: date | None = None) -> Unit:
    """Merge `source` into `target`: its units and members move to the target, then it is dissolved."""
    on = on or timezone.localdate()
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
    _transfer(
        children=source.child_units(), members=Person.objects.filter(home_unit=source), to=target, by=by, reason=reason
    )
    _mark_dissolved(source, on, by, reason)
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
) -> Unit:
    """Split a new unit off `source`, beside it, taking the chosen units and members with it."""
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
    )
    _transfer(
        children=children,
        members=members,
        to=new_unit,
        by=by,
        reason=_("Split off into %(unit)s") % {"unit": new_unit.name},
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
    _stamp(position, by, _("Term ended"))
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
    new_people = []
    for row in creates:
        person = Person(**row)
        person.fill_derived_fields()
        new_people.append(person)
    if new_people:
        bulk_create_with_history(new_people, Person, batch_size=1000, default_user=user, default_change_reason=reason)
    if updates:
        touched = set()
        for number, changes in updates:
            person = existing[number]
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
        _stamp(role, by, _("Role granted"))
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
    _stamp(role, by, _("Role changed"))
    role.save()
    forget_grants(role.user)
    return role


@transaction.atomic
def role_revoke(*, by, role: Role) -> None:
    _require_manage(by, role.unit)
    user = role.user
    _stamp(role, by, _("Role revoked"))
    role.delete()
    forget_grants(user)
