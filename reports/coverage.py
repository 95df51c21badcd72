"""Coverage of a campaign, rolled up the unit tree: "19/19 Đoàn cơ sở, 177/177 Chi đoàn, 206 cán bộ đăng ký".

Figures are counted per unit in a handful of grouped queries (one per kind of fact), then added up the tree
in Python, so the number of queries does not depend on the number of units or registrations.

The tree is the one that stood on the report's date (organizations.timeline.DatedTree; by default the
campaign's end, or today while it runs): restructuring units later never changes a closed campaign's figures.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count

from campaigns.models import Campaign, Deployment
from organizations.models import GRASSROOTS_KINDS, Person, Position, Unit, UnitKind
from organizations.timeline import DatedSubtree, DatedTree
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

    @property
    def bar_percent(self) -> int:
        """The coverage bar's width: registered out of those who must, not the unit's size (0–100)."""
        return min(100, self.registered_percent or 0)

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


COUNTED_KINDS = {*GRASSROOTS_KINDS, UnitKind.BRANCH}


class Frame(DatedSubtree):
    """Where a campaign's report stands: the root's subtree in the tree of the report's date."""

    def __init__(self, campaign: Campaign, root: Unit, tree: DatedTree):
        super().__init__(root, tree)
        self.campaign = campaign

    @classmethod
    def of(cls, campaign: Campaign, root: Unit, on: date | None = None) -> "Frame":
        return cls(campaign, root, DatedTree.as_of(on or campaign.report_date()))


def _count_units_and_deployments(frame: Frame, key_of: dict[int, int], into) -> None:
    """Grassroots units and branches alive that day, and those that deployed the campaign, under their key."""
    kind_of = {}
    for pk, key in key_of.items():
        if pk not in frame.tree:  # the root itself, on a day it did not exist
            continue
        kind = frame.tree.nodes[pk].kind
        if kind in COUNTED_KINDS:
            kind_of[pk] = kind
            if kind == UnitKind.BRANCH:
                into(key).branches += 1
            else:
                into(key).grassroots += 1
    for unit_id in Deployment.objects.filter(campaign=frame.campaign).values_list("unit_id", flat=True):
        if unit_id in kind_of:
            if kind_of[unit_id] == UnitKind.BRANCH:
                into(key_of[unit_id]).branches_deployed += 1
            else:
                into(key_of[unit_id]).grassroots_deployed += 1


def _count_registrations(frame: Frame, key_of: dict[int, int], into) -> None:
    # Grouped per unit over the whole campaign (at most one row per unit), kept when the unit was in the subtree.
    registrations = Registration.objects.filter(campaign=frame.campaign)
    for unit_id, status, n in registrations.values_list("unit_id", "status").annotate(n=Count("id")).order_by():
        if unit_id in key_of:
            figures = into(key_of[unit_id])
            figures.registered += n
            figures.by_status[status] += n


def coverage_tree(campaign: Campaign, root: Unit, on: date | None = None) -> dict[int, Figures]:
    """Figures of every unit of `root`'s subtree that day, rolled up: {unit id: Figures of its whole subtree}."""
    frame = Frame.of(campaign, root, on)
    own: dict[int, Figures] = defaultdict(Figures)
    key_of = {pk: pk for pk in frame.ids()}
    _count_units_and_deployments(frame, key_of, own.__getitem__)
    _count_registrations(frame, key_of, own.__getitem__)
    rolled: dict[int, Figures] = defaultdict(Figures)
    for pk, figures in own.items():
        for above in (pk, *frame.tree.ancestors(pk)):
            rolled[above].add(figures)
            if above == root.pk:
                break
    people: dict[int, set[int]] = defaultdict(set)
    for person_id, unit_id in _must_register_pairs(frame):
        chain = (unit_id, *frame.tree.ancestors(unit_id)) if unit_id in key_of else (root.pk,)
        for above in chain:
            people[above].add(person_id)
            if above == root.pk:
                break
    for pk, persons in people.items():
        rolled[pk].must_register = len(persons)
    return rolled


def coverage(campaign: Campaign, root: Unit, on: date | None = None) -> tuple[Figures, list[UnitRow]]:
    """The root's totals and one row per child, for the dashboard (the tree as it stood on `on`)."""
    frame = Frame.of(campaign, root, on)
    key_of = frame.child_of()
    by_child: dict[int, Figures] = defaultdict(Figures)
    _count_units_and_deployments(frame, key_of, by_child.__getitem__)
    must_total = _count_must_register(frame, key_of, by_child)
    _count_registrations(frame, key_of, by_child.__getitem__)
    totals = Figures()
    for figures in by_child.values():
        totals.add(figures)
    totals.must_register = must_total
    return totals, [UnitRow(child, by_child.get(child.pk, Figures())) for child in frame.children()]


def _count_must_register(frame: Frame, key_of: dict[int, int], by_child) -> int:
    """Who must register under each child and in all, each person once (see _must_register_pairs).

    This is a pass over every position (or person) in scope, yet it changes only when positions,
    units or people do, so it is cached under a key made of the newest history entry of each:
    any change, through any service, admin page or import, leaves a history row and so a new key.
    """
    key = _must_register_key(frame)
    cached = cache.get(key)
    if cached is None:
        everyone: set[int] = set()
        per_child: dict[int, set[int]] = defaultdict(set)
        for person_id, unit_id in _must_register_pairs(frame):
            everyone.add(person_id)
            per_child[key_of.get(unit_id, frame.root.pk)].add(person_id)
        cached = ({pk: len(people) for pk, people in per_child.items()}, len(everyone))
        cache.set(key, cached, timeout=24 * 3600)
    per_child, total = cached
    for pk, n in per_child.items():
        by_child[pk].must_register += n
    return total


def _must_register_key(frame: Frame) -> str:
    newest = [
        model.history.model.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0
        for model in (Position, Unit, Person)
    ]
    campaign = frame.campaign
    rules = sorted(campaign.eligibility_rules.values_list("title", "unit_kind", "sector"))
    signature = repr((rules, campaign.members_register, frame.root.pk, frame.on.isoformat(), newest))
    return f"must-register:{campaign.pk}:{hashlib.sha256(signature.encode()).hexdigest()}"


def _must_register_pairs(frame: Frame):
    """(person, unit) for everyone who had to register under the root that day: the unit of the position that
    obliged them (where their registration is filed), with the rules matched against the unit's kind and sector
    of that day; and, when every member registers, each member with their home unit."""
    campaign, tree = frame.campaign, frame.tree
    ids = frame.ids()
    rules = list(campaign.eligibility_rules.all())
    pairs = []
    if rules:
        positions = Position.objects.current(frame.on).filter(unit_id__in=ids)
        for person_id, unit_id, title in positions.values_list("person_id", "unit_id", "title"):
            node = tree.nodes[unit_id]
            if any(
                (not r.title or r.title == title)
                and (not r.unit_kind or r.unit_kind == node.kind)
                and (not r.sector or r.sector == node.sector)
                for r in rules
            ):
                pairs.append((person_id, unit_id))
    if campaign.members_register:
        pairs.extend(Person.objects.filter(home_unit_id__in=ids).values_list("pk", "home_unit_id"))
    return pairs
