"""Years side by side: a campaign against the ones it continues ("copy for next year"), per unit of this year's
tree. Each earlier year is counted on the tree of its own time, then every unit is followed through the lineage
to the unit that carries it on now (a commune merged in 2025 adds its 2022 figures to the new commune), and the
row says which old units it includes ("gồm: xã A, xã B (trước 07/2025)").
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from organizations.models import BRANCH_KINDS, LineageEvent, LineageKind, Unit, UnitSpan
from registrations.models import Registration

from .coverage import Frame, must_register_pairs_kept

GONE = 0  # the row of units that no unit carries on (dissolved without a successor)


@dataclass
class YearFigures:
    registered: int = 0
    must_register: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.registered / self.must_register) if self.must_register else None


@dataclass
class CompareRow:
    unit: Unit | None
    label: str
    includes: str = ""
    years: list[YearFigures] = field(default_factory=list)


@dataclass
class Comparison:
    campaigns: list[Campaign]
    rows: list[CompareRow]
    totals: list[YearFigures]

    @property
    def years(self) -> list[int]:
        return [campaign.starts_on.year for campaign in self.campaigns]


def compare(campaign: Campaign, root: Unit, on=None) -> Comparison | None:
    """This campaign and its predecessors per child of `root` (this year's tree); None without predecessors."""
    series = campaign.series()
    if len(series) < 2:
        return None
    now = Frame.of(campaign, root, on)
    key_of = now.child_of()
    merged_into = dict(LineageEvent.objects.filter(kind=LineageKind.MERGED).values_list("unit_id", "other_id"))

    def carried_by(unit_id: int) -> int | None:
        seen = set()
        while unit_id not in now.tree and unit_id in merged_into and unit_id not in seen:
            seen.add(unit_id)
            unit_id = merged_into[unit_id]
        return unit_id if unit_id in now.tree else None

    with_gone = root.pk == campaign.organizer_id
    figures: dict[int, list[YearFigures]] = defaultdict(lambda: [YearFigures() for _ in series])
    absorbed: dict[int, dict[int, str]] = defaultdict(dict)  # key → {old unit id: its name then}
    totals = [YearFigures() for _ in series]
    for index, year in enumerate(series):
        frame = now if year.pk == campaign.pk else Frame.of(year, year.organizer)

        def key(unit_id, frame=frame):
            current = carried_by(unit_id)
            if current is None:
                return GONE if with_gone else None
            found = key_of.get(current)
            if found is not None and current != unit_id and frame.tree.nodes[unit_id].kind not in BRANCH_KINDS:
                absorbed[found][unit_id] = frame.tree.name(unit_id)
            return found

        registered = Registration.objects.filter(campaign=year).values_list("unit_id").annotate(n=Count("id"))
        for unit_id, n in registered.order_by():
            if unit_id in frame.tree and (k := key(unit_id)) is not None:
                figures[k][index].registered += n
        people: dict[int, set[int]] = defaultdict(set)
        everyone: set[int] = set()  # a person counts once in the total, even if obliged in two rows
        for person_id, unit_id in must_register_pairs_kept(frame):
            if (k := key(unit_id)) is not None:
                people[k].add(person_id)
                everyone.add(person_id)
        for k, persons in people.items():
            figures[k][index].must_register = len(persons)
        totals[index].must_register = len(everyone)

    closed = dict(
        UnitSpan.objects.filter(unit_id__in=[pk for olds in absorbed.values() for pk in olds])
        .values_list("unit_id")
        .annotate(last=Max("valid_to"))
        .order_by()
    )
    rows = []
    for child in now.children():
        olds = absorbed.get(child.pk, {})
        includes = ""
        if olds:
            until = min((closed[pk] for pk in olds if closed.get(pk)), default=None)
            includes = _("includes: %(units)s") % {"units": ", ".join(sorted(olds.values()))}
            if until:
                includes += " " + _("(before %(month)s)") % {"month": until.strftime("%m/%Y")}
        rows.append(CompareRow(child, child.name, includes, figures.get(child.pk) or [YearFigures() for _ in series]))
    if GONE in figures:
        rows.append(CompareRow(None, _("Units dissolved without a successor"), "", figures[GONE]))
    for row in rows:
        for total, year in zip(totals, row.years, strict=True):
            total.registered += year.registered
    return Comparison(series, rows, totals)
