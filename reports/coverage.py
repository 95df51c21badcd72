"""Coverage of a campaign, rolled up the unit tree: "19/19 Đoàn cơ sở, 177/177 Chi đoàn, 206 cán bộ đăng ký".

Figures are counted per unit in a handful of grouped queries (one per kind of fact), then added up the tree
in Python, so the number of queries does not depend on the number of units or registrations.

The tree is the one that stood on the report's date (organizations.timeline.DatedTree; by default the
campaign's end, or today while it runs): restructuring units later never changes a closed campaign's figures.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.core.cache import cache
from django.db import connections, router
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Activity, ActivityKind, BranchCommitment, Campaign, Deployment
from checkins.models import CheckInWindow
from checkins.selectors import latest_window, reported_in
from organizations.models import (
    BRANCH_KINDS,
    COUNTED_KINDS,
    KEY_TITLES,
    SIGNING_KINDS,
    Membership,
    Person,
    Position,
    Sector,
    Unit,
)
from organizations.timeline import DatedSubtree, DatedTree
from registrations.models import Registration, Status


@dataclass
class Figures:
    grassroots: int = 0
    grassroots_deployed: int = 0
    branches: int = 0
    branches_deployed: int = 0
    chi_doan: int = 0  # branches of either level (Chi đoàn, Chi đoàn cơ sở): those whose members sign
    branches_signed: int = 0  # of them, those that signed a collective commitment (Lạng Sơn)
    must_register: int = 0
    registered: int = 0
    registered_key: int = 0  # of them, Bí thư and Phó Bí thư ("cán bộ chủ chốt")
    updated: int = 0  # approved cadres who reported in the latest check-in
    by_status: Counter = field(default_factory=Counter)
    branches_by_sector: Counter = field(default_factory=Counter)
    branches_deployed_by_sector: Counter = field(default_factory=Counter)
    activities: Counter = field(default_factory=Counter)  # ActivityKind -> activities recorded

    @property
    def approved(self) -> int:
        return self.by_status[Status.APPROVED]

    @staticmethod
    def percent(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def updated_percent(self):
        """Share of the approved cadres (those with commitments) who reported in the latest check-in."""
        return self.percent(self.updated, self.approved)

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
            "chi_doan",
            "branches_signed",
            "must_register",
            "registered",
            "registered_key",
            "updated",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_status.update(other.by_status)
        self.branches_by_sector.update(other.branches_by_sector)
        self.branches_deployed_by_sector.update(other.branches_deployed_by_sector)
        self.activities.update(other.activities)

    def activity_counts(self) -> list[tuple[str, str, int]]:
        """(kind, label, activities recorded) for every kind, in the kinds' order."""
        return [(kind, label, self.activities[kind]) for kind, label in ActivityKind.choices]

    def branch_sectors(self) -> list[tuple[str, str, int, int]]:
        """(sector, label, deployed, branches) per sector of the branches, largest first: the article's "177 Chi
        đoàn trực thuộc Đoàn cơ sở xã, thị trấn" next to the school branches the total also holds."""
        labels = dict(Sector.choices)
        return [
            (sector, str(labels.get(sector, "–")), self.branches_deployed_by_sector[sector], n)
            for sector, n in self.branches_by_sector.most_common()
        ]


@dataclass
class UnitRow:
    unit: Unit
    figures: Figures
    own: bool = False  # the root's own office: cadres and facts filed at the root itself, under no child

    @property
    def label(self) -> str:
        name = getattr(self.unit, "label", self.unit.name)  # organizations.selectors.tell_apart, where names collide
        return _("%(unit)s (its own office)") % {"unit": self.unit.name} if self.own else name


@dataclass(frozen=True)
class Cut:
    """The seeds' own cuts: units of one sector (the article's Chi đoàn of "Đoàn cơ sở xã, thị trấn"), and one
    group of positions ("chủ yếu là cán bộ chủ chốt": Bí thư, Phó Bí thư; or the others)."""

    sector: str = ""
    group: str = ""  # "" everyone, KEY or OTHERS

    KEY = "key"
    OTHERS = "others"

    def unit_ok(self, node) -> bool:
        return not self.sector or node.sector == self.sector

    def registrations(self, queryset):
        """`queryset` of registrations kept to the cut's position group."""
        if self.group == Cut.KEY:
            return queryset.filter(position_title__in=KEY_TITLES)
        if self.group == Cut.OTHERS:
            return queryset.exclude(position_title__in=KEY_TITLES).exclude(position_title="")
        return queryset

    def title_ok(self, title: str) -> bool:
        if self.group == Cut.KEY:
            return title in KEY_TITLES
        if self.group == Cut.OTHERS:
            return bool(title) and title not in KEY_TITLES
        return True


EVERYONE = Cut()  # no cut: every sector, every position


class Frame(DatedSubtree):
    """Where a campaign's report stands: the root's subtree in the tree of the report's date, and its cut."""

    def __init__(self, campaign: Campaign, root: Unit, tree: DatedTree, cut: Cut = EVERYONE):
        super().__init__(root, tree)
        self.campaign = campaign
        self.cut = cut

    @cached_property
    def checkin_window(self) -> CheckInWindow | None:
        """The check-in the figures speak of: the latest one opened by the report's day (and by today)."""
        return latest_window(self.campaign, min(self.on, timezone.localdate()))

    @classmethod
    def of(cls, campaign: Campaign, root: Unit, on: date | None = None, cut: Cut = EVERYONE) -> "Frame":
        return cls(campaign, root, DatedTree.as_of(on or campaign.report_date()), cut)

    def counted(self, key_of: dict[int, int]) -> dict[int, int]:
        """`key_of` kept to the units of the cut's sector."""
        if not self.cut.sector:
            return key_of
        return {pk: key for pk, key in key_of.items() if pk in self.tree and self.cut.unit_ok(self.tree.nodes[pk])}


def _count_units_and_facts(frame: Frame, key_of: dict[int, int], into) -> None:
    """Grassroots units and branches alive that day, those that deployed the campaign or signed its commitment,
    and every unit's activities, under their key."""
    kind_of = {}
    for pk, key in frame.counted(key_of).items():
        if pk not in frame.tree:  # the root itself, on a day it did not exist
            continue
        node = frame.tree.nodes[pk]
        if node.kind in COUNTED_KINDS:
            kind_of[pk] = node
            into(key).chi_doan += node.kind in SIGNING_KINDS
            if node.kind in BRANCH_KINDS:
                into(key).branches += 1
                into(key).branches_by_sector[node.sector] += 1
            else:
                into(key).grassroots += 1
    # Deployments, signed commitments and the activities of each kind are facts of a unit in the campaign
    # ("19/19 đã triển khai", "x/y chi đoàn đã ký kết", "12 buổi sinh hoạt chi đoàn"): read together in one query.
    campaign = frame.campaign
    text = CharField()
    deployed = Deployment.objects.filter(campaign=campaign).annotate(fact=Value(DEPLOYED, text), n=Value(1))
    signed = BranchCommitment.objects.filter(campaign=campaign).annotate(fact=Value(SIGNED, text), n=Value(1))
    activities = (
        Activity.objects.filter(campaign=campaign)
        .values("unit_id")
        .annotate(fact=F("kind"), n=Count("pk"))
        .order_by()
        .values_list("unit_id", "fact", "n")
    )
    facts = deployed.values_list("unit_id", "fact", "n").union(
        signed.values_list("unit_id", "fact", "n"), activities, all=True
    )
    counted = frame.counted(key_of)
    for unit_id, fact, n in facts:
        if fact not in (DEPLOYED, SIGNED):  # an activity, of any unit alive that day (the district's own too)
            if unit_id in counted and unit_id in frame.tree:
                into(counted[unit_id]).activities[fact] += n
            continue
        if unit_id not in kind_of:
            continue
        node, figures = kind_of[unit_id], into(key_of[unit_id])
        if fact == SIGNED:
            figures.branches_signed += node.kind in SIGNING_KINDS
        elif node.kind in BRANCH_KINDS:
            figures.branches_deployed += 1
            figures.branches_deployed_by_sector[node.sector] += 1
        else:
            figures.grassroots_deployed += 1


DEPLOYED, SIGNED = "=deployed", "=signed"  # never an ActivityKind value


def window_weeks(campaign: Campaign) -> list[date]:
    """The first day of each week of the registration window (weeks start on the window's first day)."""
    opens, closes = campaign.registration_opens, campaign.registration_closes
    return [opens + timedelta(days=7 * week) for week in range((closes - opens).days // 7 + 1)]


def _count_registrations(frame: Frame, key_of: dict[int, int], into) -> None:
    # Grouped per unit and status over the whole campaign (at most one row each), kept when the unit was in the
    # subtree that day; the key cadres counted alongside; the cut's position group applied in the query itself.
    # The approved who reported in the latest check-in, counted in the same query.
    key_of = frame.counted(key_of)
    window = frame.checkin_window
    updated = Count("id", filter=Q(reported_in(window), status=Status.APPROVED)) if window else Value(0)
    rows = (
        frame.cut.registrations(Registration.objects.filter(campaign=frame.campaign))
        .values_list("unit_id", "status")
        .annotate(n=Count("id"), key=Count("id", filter=Q(position_title__in=KEY_TITLES)), updated=updated)
        .order_by()
    )
    for unit_id, status, n, key, reported in rows:
        if unit_id in key_of:
            figures = into(key_of[unit_id])
            figures.registered += n
            figures.registered_key += key
            figures.by_status[status] += n
            figures.updated += reported


def sent_per_week(frame: Frame) -> Counter:
    """Sheets sent per week of the registration window (week index → count; the last week also takes late
    sheets), for the frame's units and positions. The week is a CASE over the stored timestamps: comparing them
    is cheap everywhere, where truncating each to a local date would run a function per row (in Python on
    SQLite). Grouped by week alone when the frame is the whole campaign."""
    zone = timezone.get_current_timezone()
    starts = [datetime.combine(day, time.min, tzinfo=zone) for day in window_weeks(frame.campaign)]
    week = Case(
        *[When(submitted_at__lt=starts[i + 1], then=Value(i)) for i in range(len(starts) - 1)],
        default=Value(len(starts) - 1),
        output_field=IntegerField(),
    )
    sent = frame.cut.registrations(
        Registration.objects.filter(campaign=frame.campaign, submitted_at__gte=starts[0])
    ).annotate(week=week)
    found: Counter = Counter()
    if frame.root.pk == frame.campaign.organizer_id and not frame.cut.sector:
        found.update(dict(sent.values_list("week").annotate(n=Count("id")).order_by()))
        return found
    kept = frame.counted(frame.child_of())
    for unit_id, index, n in sent.values_list("unit_id", "week").annotate(n=Count("id")).order_by():
        if unit_id in kept:
            found[index] += n
    return found


def coverage_tree(campaign: Campaign, root: Unit, on: date | None = None, cut: Cut = EVERYONE) -> dict[int, Figures]:
    """Figures of every unit of `root`'s subtree that day, rolled up: {unit id: Figures of its whole subtree}."""
    frame = Frame.of(campaign, root, on, cut)
    own: dict[int, Figures] = defaultdict(Figures)
    key_of = {pk: pk for pk in frame.ids()}
    _count_units_and_facts(frame, key_of, own.__getitem__)
    _count_registrations(frame, key_of, own.__getitem__)
    rolled: dict[int, Figures] = defaultdict(Figures)
    for pk, figures in own.items():
        for above in (pk, *frame.tree.ancestors(pk)):
            rolled[above].add(figures)
            if above == root.pk:
                break
    people: dict[int, set[int]] = defaultdict(set)
    for person_id, unit_id in must_register_pairs(frame):
        chain = (unit_id, *frame.tree.ancestors(unit_id)) if unit_id in key_of else (root.pk,)
        for above in chain:
            people[above].add(person_id)
            if above == root.pk:
                break
    for pk, persons in people.items():
        rolled[pk].must_register = len(persons)
    return rolled


def coverage(
    campaign: Campaign, root: Unit, on: date | None = None, cut: Cut = EVERYONE, frame: Frame | None = None
) -> tuple[Figures, list[UnitRow]]:
    """The root's totals and one row per child, for the dashboard (the tree as it stood on `on`, within `cut`;
    or `frame`, when the caller has read the tree already)."""
    frame = frame or Frame.of(campaign, root, on, cut)
    key_of = frame.child_of()
    by_child: dict[int, Figures] = defaultdict(Figures)
    _count_units_and_facts(frame, key_of, by_child.__getitem__)
    must_total = _count_must_register(frame, key_of, by_child)
    _count_registrations(frame, key_of, by_child.__getitem__)
    totals = Figures()
    for figures in by_child.values():
        totals.add(figures)
    totals.must_register = must_total
    rows = [UnitRow(child, by_child.get(child.pk, Figures())) for child in frame.children()]
    if frame.root.pk in by_child:  # so that the rows add up to the totals ("cơ quan Huyện đoàn")
        rows.append(UnitRow(frame.root, by_child[frame.root.pk], own=True))
    return totals, rows


def _count_must_register(frame: Frame, key_of: dict[int, int], by_child) -> int:
    """Who must register under each child and in all, each person once (see must_register_pairs).

    This is a pass over every position (or person) in scope, yet it changes only when positions,
    units or people do, so it is cached under a key made of the newest history entry of each:
    any change, through any service, admin page or import, leaves a history row and so a new key.
    """
    key = _must_register_key(frame)
    cached = cache.get(key)
    if cached is None:
        everyone: set[int] = set()
        per_child: dict[int, set[int]] = defaultdict(set)
        for person_id, unit_id in must_register_pairs(frame):
            everyone.add(person_id)
            per_child[key_of.get(unit_id, frame.root.pk)].add(person_id)
        cached = ({pk: len(people) for pk, people in per_child.items()}, len(everyone))
        cache.set(key, cached, timeout=24 * 3600)
    per_child, total = cached
    for pk, n in per_child.items():
        by_child[pk].must_register += n
    return total


def _newest_history_ids() -> tuple:
    """The newest history row of each table who-must-register depends on, in one query (a read of each table's
    primary-key index): any change through any path leaves a history row, and so a new cache key."""
    models = [model.history.model for model in (Position, Unit, Person, Membership)]
    database = connections[router.db_for_read(models[0])]  # the replica inside replica_reads(), as the ORM would
    quoted = [database.ops.quote_name(model._meta.db_table) for model in models]
    sql = "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in quoted)
    with database.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def _must_register_key(frame: Frame) -> str:
    newest = _newest_history_ids()
    campaign = frame.campaign
    rules = sorted(campaign.eligibility_rules.values_list("title", "unit_kind", "sector"))
    signature = repr((rules, campaign.members_register, frame.root.pk, frame.on.isoformat(), frame.cut, newest))
    return f"must-register:{campaign.pk}:{hashlib.sha256(signature.encode()).hexdigest()}"


def must_register_pairs_kept(frame: Frame) -> list[tuple[int, int]]:
    """must_register_pairs, kept in the cache under the same key as the dashboard's counts (any change to
    positions, units, people or memberships makes a new one): the years compared read last year's at every view."""
    key = _must_register_key(frame) + ":pairs"
    pairs = cache.get(key)
    if pairs is None:
        pairs = must_register_pairs(frame)
        cache.set(key, pairs, timeout=24 * 3600)
    return pairs


def must_register_pairs(frame: Frame):
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
            if not (frame.cut.unit_ok(node) and frame.cut.title_ok(title)):
                continue
            if any(rule.matches(title, node.kind, node.sector) for rule in rules):
                pairs.append((person_id, unit_id))
    if campaign.members_register and not frame.cut.group:  # members hold no position: no group to cut by
        # Who belonged to which unit that day (organizations.membership), not where the records stand today: a
        # member moved, aged out or carried into another unit later leaves the campaign's figures as they were.
        members = Membership.objects.as_of(frame.on).filter(unit_id__in=ids).values_list("person_id", "unit_id")
        pairs.extend((pk, unit) for pk, unit in members if frame.cut.unit_ok(tree.nodes[unit]))
    return pairs
