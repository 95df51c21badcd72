"""Reads for the front site: always a fixed number of queries, whatever the size of the tree."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F
from django.db.models.functions import Substr

from .models import LineageEvent, LineageKind, Person, Position, Role, Unit, UnitSpan
from .policies import UNITS


@dataclass
class UnitFigures:
    unit: Unit
    members: int
    cadres: int


def _rolled_up(queryset, path_field: str, prefix_length: int, count) -> dict[str, int]:
    """{path prefix: count} for rows whose unit lies under each child, grouped in the database."""
    rows = queryset.annotate(prefix=Substr(path_field, 1, prefix_length)).values("prefix").annotate(n=count).order_by()
    return {row["prefix"]: row["n"] for row in rows}


def unit_overview(unit: Unit) -> tuple[list[UnitFigures], UnitFigures]:
    """Each child of `unit` with the members and current cadres of the child's whole subtree,
    and the totals of `unit` itself (4 queries, whatever the size of the subtree)."""
    children = list(Unit.objects.get_children(unit).order_by("-is_active", "sort_key"))
    prefix_length = len(unit.path) + unit.steplen
    # People whose home is `unit` itself group under its own (shorter) path; they count in the total only.
    members = _rolled_up(Person.objects.in_subtree(unit), "home_unit__path", prefix_length, Count("id"))
    cadres = _rolled_up(
        Position.objects.current().filter(unit__path__startswith=unit.path),
        "unit__path",
        prefix_length,
        Count("person", distinct=True),
    )
    rows = [UnitFigures(child, members.get(child.path, 0), cadres.get(child.path, 0)) for child in children]
    # One person may hold positions in two children: the total of cadres is counted distinct, not summed.
    return rows, UnitFigures(unit, sum(members.values()), _distinct_cadres(unit))


def _distinct_cadres(unit: Unit) -> int:
    return Position.objects.current().filter(unit__path__startswith=unit.path).values("person").distinct().count()


def subtree_totals(unit: Unit) -> UnitFigures:
    return UnitFigures(unit, Person.objects.in_subtree(unit).count(), _distinct_cadres(unit))


def breadcrumbs(unit: Unit, user) -> list[Unit]:
    """The unit's ancestors that the user may see, top first (one query)."""
    return list(UNITS.visible(user, Unit.objects).filter(path__in=unit.ancestor_paths()).order_by("depth"))


def units_by_kind_below(unit: Unit) -> dict[str, int]:
    """How many active units of each kind lie below `unit`: "19 Đoàn cơ sở, 177 Chi đoàn"."""
    rows = (
        Unit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth, is_active=True)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["kind"]: row["n"] for row in rows}


def lapsed_grants(user) -> list:
    """The user's grants on units that closed since (dissolved, or merged into another): they give no right any
    more, and the home page says so, rather than showing an office an empty portal without a word."""
    return list(Role.objects.filter(user=user, unit__is_active=False).select_related("unit").order_by("unit__name"))


def current_positions_of(person: Person):
    return Position.objects.current().filter(person=person).select_related("unit")


def successor_of(unit: Unit) -> Unit | None:
    """The active unit that carries on `unit`'s work: itself while active; the unit it was merged into (followed
    through later mergers); else, for a dissolved unit, the nearest active unit above it today."""
    seen = set()
    while not unit.is_active and unit.pk not in seen:
        seen.add(unit.pk)
        merged = LineageEvent.objects.filter(unit=unit, kind=LineageKind.MERGED).select_related("other").first()
        if merged is None:
            above = Unit.objects.filter(path__in=unit.ancestor_paths(), is_active=True).order_by("-depth").first()
            return above
        unit = merged.other
    return unit if unit.is_active else None


def parent_names(units) -> dict[str, str]:
    """{parent path: name} of the units' parents, in one query: to tell apart the many "Chi đoàn ấp 1"."""
    paths = {unit.parent_path() for unit in units if unit.depth > 1}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "name")) if paths else {}


def unit_label(unit, parents: dict[str, str], *, within: str = "") -> str:
    """ "Chi đoàn ấp 1 – Đoàn xã Cái Đôi Vàm": the unit with its parent, unless the parent is `within` (the page's
    own unit, already said)."""
    parent = parents.get(unit.parent_path()) if unit.depth > 1 else None
    return f"{unit.name} – {parent}" if parent and parent != within else unit.name


def tell_apart(units: list, on=None) -> list:
    """Give each unit a `label` a reader can tell apart: its name, or, where two units of the list share a name
    ("Chi đoàn ấp 9" of two communes merged into one), the name with the unit it sat under before its last move —
    the former commune — else its code. One query, and only when names collide. Returns the list."""
    by_name = defaultdict(list)
    for unit in units:
        unit.label = unit.name
        by_name[unit.name].append(unit)
    twins = [unit for same in by_name.values() if len(same) > 1 for unit in same]
    if not twins:
        return units
    spans = defaultdict(list)
    # In the order they followed each other: by start (the first, with none, first), then as recorded (two on one
    # day: a unit created and merged the same day).
    spans_in_order = UnitSpan.objects.filter(unit__in=twins).select_related("parent")
    for span in spans_in_order.order_by("unit_id", F("valid_from").asc(nulls_first=True), "pk"):
        if on is None or span.valid_from is None or span.valid_from <= on:
            spans[span.unit_id].append(span)
    for unit in twins:
        history = spans.get(unit.pk, [])
        now = history[-1].parent_id if history else None
        before = next((span.parent for span in reversed(history) if span.parent_id != now and span.parent), None)
        if before:
            unit.label = f"{unit.name} ({before.name})"
    labels = defaultdict(list)
    for unit in twins:
        labels[unit.label].append(unit)
    for same in labels.values():
        if len(same) > 1:  # never moved, or moved from the same place: the code tells them apart
            for unit in same:
                unit.label = f"{unit.label} ({unit.code})"
    return units
