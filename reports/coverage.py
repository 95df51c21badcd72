"""Coverage of a campaign, rolled up the unit tree: "19/19 Đoàn cơ sở, 177/177 Chi đoàn, 206 cán bộ đăng ký".

Figures are counted per unit in a handful of grouped queries (one per kind of fact), then
added up the tree in Python by path prefix, so the number of queries does not depend on
the number of units or registrations.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count

from campaigns.models import Campaign, Deployment
from organizations.models import GRASSROOTS_KINDS, Person, Position, Unit, UnitKind
from registrations.models import Registration, Status


@dataclass
class Figures:
    grassroots: int = 0
    grassroots_deployed: int = 0
    branches: int = 0
    branches_deployed: int = 0
    must_register: int = 0
    registered: int = 0
    by_status: Counter = field(default_factory=Counter)

    @property
    def confirmed_or_later(self) -> int:
        return self.by_status[Status.CONFIRMED] + self.by_status[Status.APPROVED]

    @property
    def approved(self) -> int:
        return self.by_status[Status.APPROVED]

    @staticmethod
    def percent(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def registered_percent(self):
        return self.percent(self.registered, self.must_register)

    def status_shares(self) -> list[tuple[str, str, int, int]]:
        """(status, label, count, percent of registered) for the status-mix bar."""
        return [
            (status, label, self.by_status[status], self.percent(self.by_status[status], self.registered) or 0)
            for status, label in Status.choices
        ]

    def add(self, other: "Figures") -> None:
        for name in (
            "grassroots",
            "grassroots_deployed",
            "branches",
            "branches_deployed",
            "must_register",
            "registered",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_status.update(other.by_status)


@dataclass
class UnitRow:
    unit: Unit
    figures: Figures


def _per_unit(campaign: Campaign, root: Unit) -> dict[int, Figures]:
    """Facts about each unit itself (not yet its subtree), keyed by unit id; who must register is
    counted separately, because a person must count once in every subtree, not once per position."""
    facts: dict[int, Figures] = defaultdict(Figures)
    in_scope = Unit.objects.filter(path__startswith=root.path, is_active=True)
    deployed = set(
        Deployment.objects.filter(campaign=campaign, unit__path__startswith=root.path).values_list("unit_id", flat=True)
    )
    for unit_id, kind in in_scope.filter(kind__in=[*GRASSROOTS_KINDS, UnitKind.BRANCH]).values_list("pk", "kind"):
        figures = facts[unit_id]
        if kind == UnitKind.BRANCH:
            figures.branches, figures.branches_deployed = 1, int(unit_id in deployed)
        else:
            figures.grassroots, figures.grassroots_deployed = 1, int(unit_id in deployed)
    registrations = (
        Registration.objects.filter(campaign=campaign, unit__path__startswith=root.path)
        .values("unit_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in registrations:
        figures = facts[row["unit_id"]]
        figures.registered += row["n"]
        figures.by_status[row["status"]] += row["n"]
    return facts


def coverage_tree(campaign: Campaign, root: Unit) -> dict[str, Figures]:
    """Figures of every unit of `root`'s subtree, rolled up: {unit path: Figures of its whole subtree}."""
    path_of = dict(Unit.objects.filter(path__startswith=root.path).values_list("pk", "path"))
    per_unit = _per_unit(campaign, root)
    rolled: dict[str, Figures] = defaultdict(Figures)

    def up_from(path):  # the unit and every ancestor down from the root
        return (path[:end] for end in range(len(root.path), len(path) + 1, Unit.steplen))

    for pk, own in per_unit.items():
        if pk in path_of:
            for prefix in up_from(path_of[pk]):
                rolled[prefix].add(own)
    people: dict[str, set[int]] = defaultdict(set)
    for person_id, unit_id in _must_register_pairs(campaign, root):
        for prefix in up_from(path_of.get(unit_id, root.path)):
            people[prefix].add(person_id)
    for prefix, persons in people.items():
        rolled[prefix].must_register = len(persons)
    return rolled


def coverage(campaign: Campaign, root: Unit) -> tuple[Figures, list[UnitRow]]:
    """The root's totals and one row per child, for the dashboard.

    Only two levels are needed: each fact is fetched keyed by unit id with no join (the
    registrations query has the very shape of a bare one-query view), and mapped to the child
    it falls under through the subtree's unit list, fetched once.
    """
    prefix_length = len(root.path) + Unit.steplen
    child_of: dict[int, str] = {}
    kind_of: dict[int, str] = {}
    by_child: dict[str, Figures] = defaultdict(Figures)
    counted_kinds = {*GRASSROOTS_KINDS, UnitKind.BRANCH}
    for pk, path, kind, active in Unit.objects.filter(path__startswith=root.path).values_list(
        "pk", "path", "kind", "is_active"
    ):
        child_of[pk] = path[:prefix_length]  # the root itself maps to its own, shorter path
        if active and kind in counted_kinds:
            kind_of[pk] = kind
            figures = by_child[child_of[pk]]
            if kind == UnitKind.BRANCH:
                figures.branches += 1
            else:
                figures.grassroots += 1
    for unit_id in Deployment.objects.filter(campaign=campaign).values_list("unit_id", flat=True):
        if unit_id in kind_of:
            figures = by_child[child_of[unit_id]]
            if kind_of[unit_id] == UnitKind.BRANCH:
                figures.branches_deployed += 1
            else:
                figures.grassroots_deployed += 1
    must_total = _count_must_register(campaign, root, child_of, by_child)
    registrations = Registration.objects.filter(campaign=campaign)
    if root.pk != campaign.organizer_id:  # the organiser's subtree is the whole campaign: no filter needed
        registrations = registrations.filter(unit__path__startswith=root.path)
    for unit_id, status, n in registrations.values_list("unit_id", "status").annotate(n=Count("id")).order_by():
        if unit_id in child_of:
            figures = by_child[child_of[unit_id]]
            figures.registered += n
            figures.by_status[status] += n

    totals = Figures()
    for figures in by_child.values():
        totals.add(figures)
    totals.must_register = must_total
    children = Unit.objects.get_children(root).filter(is_active=True).order_by("sort_key")
    return totals, [UnitRow(child, by_child.get(child.path, Figures())) for child in children]


def _count_must_register(campaign: Campaign, root: Unit, child_of: dict[int, str], by_child) -> int:
    """Who must register under each child and in all, each person once (see _must_register_pairs).

    This is a pass over every position (or person) in scope, yet it changes only when positions,
    units or people do, so it is cached under a key made of the newest history entry of each:
    any change, through any service, admin page or import, leaves a history row and so a new key.
    """
    key = _must_register_key(campaign, root)
    cached = cache.get(key)
    if cached is None:
        cached = _must_register(campaign, root, child_of)
        cache.set(key, cached, timeout=24 * 3600)
    per_child, total = cached
    for prefix, n in per_child.items():
        by_child[prefix].must_register += n
    return total


def _must_register_key(campaign: Campaign, root: Unit) -> str:
    newest = [
        model.history.model.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0
        for model in (Position, Unit, Person)
    ]
    rules = sorted(campaign.eligibility_rules.values_list("title", "unit_kind", "sector"))
    signature = hashlib.sha256(repr((rules, campaign.members_register, root.path, newest)).encode()).hexdigest()
    return f"must-register:{campaign.pk}:{signature}"


def _must_register_pairs(campaign: Campaign, root: Unit):
    """(person, unit) for everyone who must register under `root`: the unit of the position that obliges
    them (where their registration is filed), or their home unit when every member registers."""
    if campaign.members_register:
        return (
            campaign.eligible_people().filter(home_unit__path__startswith=root.path).values_list("pk", "home_unit_id")
        )
    return campaign.eligible_positions().filter(unit__path__startswith=root.path).values_list("person_id", "unit_id")


def _must_register(campaign: Campaign, root: Unit, child_of: dict[int, str]) -> tuple[dict[str, int], int]:
    pairs = _must_register_pairs(campaign, root)
    everyone: set[int] = set()
    per_child: dict[str, set[int]] = defaultdict(set)
    for person_id, unit_id in pairs:
        everyone.add(person_id)
        per_child[child_of.get(unit_id, root.path)].add(person_id)
    return {prefix: len(people) for prefix, people in per_child.items()}, len(everyone)
