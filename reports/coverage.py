"""Coverage of a campaign, rolled up the unit tree: "19/19 Đoàn cơ sở, 177/177 Chi đoàn, 206 cán bộ đăng ký".

Figures are counted per unit in a handful of grouped queries (one per kind of fact), then
added up the tree in Python by path prefix, so the number of queries does not depend on
the number of units or registrations.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from campaigns.models import Campaign, Deployment
from organizations.models import GRASSROOTS_KINDS, Unit, UnitKind
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
    def submitted_or_later(self) -> int:
        return self.by_status[Status.SUBMITTED] + self.confirmed_or_later

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
    def approved_percent(self):
        return self.percent(self.approved, self.must_register)

    def status_shares(self) -> list[tuple[str, str, int, int]]:
        """(status, label, count, percent of registered) for the status-mix bar."""
        return [(status, label, self.by_status[status], self.percent(self.by_status[status], self.registered) or 0)
                for status, label in Status.choices]

    def add(self, other: "Figures") -> None:
        for name in ("grassroots", "grassroots_deployed", "branches", "branches_deployed", "must_register",
                     "registered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_status.update(other.by_status)


@dataclass
class UnitRow:
    unit: Unit
    figures: Figures


def _per_unit(campaign: Campaign, root: Unit) -> dict[int, Figures]:
    """Facts about each unit itself (not yet its subtree), keyed by unit id: 4 queries."""
    facts: dict[int, Figures] = defaultdict(Figures)
    in_scope = Unit.objects.filter(path__startswith=root.path, is_active=True)
    deployed = set(Deployment.objects.filter(campaign=campaign, unit__path__startswith=root.path)
                   .values_list("unit_id", flat=True))
    for unit_id, kind in in_scope.filter(kind__in=[*GRASSROOTS_KINDS, UnitKind.BRANCH]).values_list("pk", "kind"):
        figures = facts[unit_id]
        if kind == UnitKind.BRANCH:
            figures.branches, figures.branches_deployed = 1, int(unit_id in deployed)
        else:
            figures.grassroots, figures.grassroots_deployed = 1, int(unit_id in deployed)
    eligible = (campaign.eligible_people().filter(home_unit__path__startswith=root.path)
                .values("home_unit_id").annotate(n=Count("id")).order_by())
    for row in eligible:
        facts[row["home_unit_id"]].must_register += row["n"]
    registrations = (Registration.objects.filter(campaign=campaign, unit__path__startswith=root.path)
                     .values("unit_id", "status").annotate(n=Count("id")).order_by())
    for row in registrations:
        figures = facts[row["unit_id"]]
        figures.registered += row["n"]
        figures.by_status[row["status"]] += row["n"]
    return facts


def coverage_tree(campaign: Campaign, root: Unit) -> dict[str, Figures]:
    """Figures of every unit of `root`'s subtree, rolled up: {unit path: Figures of its whole subtree}."""
    units = list(Unit.objects.filter(path__startswith=root.path).values_list("pk", "path"))
    per_unit = _per_unit(campaign, root)
    rolled: dict[str, Figures] = defaultdict(Figures)
    steplen = Unit.steplen
    for pk, path in units:
        own = per_unit.get(pk)
        if own is None:
            continue
        # Add the unit's own facts to itself and to every ancestor down from the root.
        for end in range(len(root.path), len(path) + 1, steplen):
            rolled[path[:end]].add(own)
    return rolled


def coverage(campaign: Campaign, root: Unit) -> tuple[Figures, list[UnitRow]]:
    """The root's totals and one row per child, for the dashboard."""
    rolled = coverage_tree(campaign, root)
    children = Unit.objects.get_children(root).filter(is_active=True).order_by("sort_key")
    return rolled.get(root.path, Figures()), [UnitRow(child, rolled.get(child.path, Figures())) for child in children]
