"""The Youth Union's unit tree, its people and their terms of office.

The tree is a django-treebeard materialized path: a unit's subtree is every row whose
`path` starts with the unit's path, one indexed prefix query whatever the depth. The
depth varies (a Chi đoàn cơ sở may sit under a Tỉnh đoàn, a Đoàn xã under a Tỉnh đoàn
after 2025), so nothing here assumes which kind of body sits above a grassroots unit:
the allowed parent kinds are a table, `ALLOWED_PARENT_KINDS`.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from common.images import RandomUploadPath
from common.text import (
    collation_key,
    nfc,
    normalize_phone,
    person_sort_key,
    reject_control_characters,
    search_key,
)


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Provincial Youth Union (Tỉnh đoàn)")
    DISTRICT = "district", _("District Youth Union (Huyện đoàn)")
    BLOC = "bloc", _("Bloc Youth Union (Đoàn Khối)")
    UPPER = "upper", _("Body directly above grassroots (Đoàn xã/phường, Đoàn ngành…)")
    GRASSROOTS = "grassroots", _("Grassroots Youth Union (Đoàn cơ sở)")
    GRASSROOTS_BRANCH = "grassroots_branch", _("Grassroots branch (Chi đoàn cơ sở)")
    BRANCH = "branch", _("Branch (Chi đoàn)")


@dataclass(frozen=True)
class KindRules:
    """What a kind of unit does: every place that treats kinds differently asks this table (KINDS)."""

    parents: frozenset  # the kinds it may sit under; None: it may be a root
    grassroots: bool = False  # a "tổ chức cơ sở Đoàn", counted in "19/19 Đoàn cơ sở"
    branch: bool = False  # a Chi đoàn: counted in "177/177 Chi đoàn", not offered in pickers (one tap away)
    leaf: bool = False  # never has units under it
    signs_commitments: bool = False  # a branch-level unit: signs a collective commitment, holds branch meetings


# Grassroots units may sit under any body above grassroots, the Tỉnh đoàn included: the 2025 restructure put Đoàn
# xã/phường and new blocs directly under the province.
_ABOVE_GRASSROOTS = frozenset({UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.BLOC, UnitKind.UPPER})
KINDS: dict[str, KindRules] = {
    UnitKind.PROVINCE: KindRules(parents=frozenset({None})),
    UnitKind.DISTRICT: KindRules(parents=frozenset({UnitKind.PROVINCE})),
    UnitKind.BLOC: KindRules(parents=frozenset({UnitKind.PROVINCE})),
    UnitKind.UPPER: KindRules(parents=frozenset({UnitKind.PROVINCE})),
    UnitKind.GRASSROOTS: KindRules(parents=_ABOVE_GRASSROOTS, grassroots=True),
    UnitKind.GRASSROOTS_BRANCH: KindRules(
        parents=_ABOVE_GRASSROOTS, grassroots=True, leaf=True, signs_commitments=True
    ),
    UnitKind.BRANCH: KindRules(
        parents=frozenset({UnitKind.GRASSROOTS}), branch=True, leaf=True, signs_commitments=True
    ),
}
# The table read by question (kept as names: they are asked in queries, `kind__in=`).
ALLOWED_PARENT_KINDS: dict[str, frozenset] = {kind: rules.parents for kind, rules in KINDS.items()}
GRASSROOTS_KINDS = tuple(kind for kind, rules in KINDS.items() if rules.grassroots)
BRANCH_KINDS = tuple(kind for kind, rules in KINDS.items() if rules.branch)
COUNTED_KINDS = (*GRASSROOTS_KINDS, *BRANCH_KINDS)  # what deployment and coverage count
LEAF_KINDS = tuple(kind for kind, rules in KINDS.items() if rules.leaf)
SIGNING_KINDS = tuple(kind for kind, rules in KINDS.items() if rules.signs_commitments)


class Sector(models.TextChoices):
    COMMUNE = "commune", _("Commune, ward or town")
    SCHOOL = "school", _("School")
    AGENCY = "agency", _("Agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    ARMED_FORCES = "armed_forces", _("Armed forces")


class UnitQuerySet(MP_NodeQuerySet):
    def subtree_of(self, unit: "Unit"):
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)

    def active(self):
        return self.filter(is_active=True)

    def search(self, query: str):
        key = search_key(query)
        return self.filter(search_text__contains=key) if key else self


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        # treebeard's manager builds its own queryset class; keep its tree order, add ours.
        return UnitQuerySet(self.model, using=self._db).order_by("path")


code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._-]*$",
    _("A unit code uses capital letters without diacritics, digits, dots, dashes or underscores (e.g. CM-PT-01)."),
)


class Unit(MP_Node):
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("Stable identifier used by Excel imports; never reused."),
    )
    name = models.CharField(_("name"), max_length=200, validators=[reject_control_characters])
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    search_text = models.CharField(max_length=200, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="")
    # What API clients ask for with ?updated_since (the structural services save the unit they change).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    steplen = 4
    objects = UnitManager()
    history = HistoricalRecords(excluded_fields=["search_text", "sort_key", "numchild", "updated_at"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_active=True, dissolved_on__isnull=True) | Q(is_active=False),
                name="unit_active_has_no_dissolution_date",
            ),
        ]
        indexes = [models.Index(fields=["kind", "path"], name="unit_kind_path")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "sort_key"}
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            # Every unit has a span from birth, however it was created (services, treebeard, fixtures): the
            # dated tree never misses a unit. The services date it when the unit is founded by a decision.
            parent = Unit.objects.filter(path=self.parent_path()).first() if self.depth > 1 else None
            UnitSpan.objects.create(unit=self, parent=parent, name=self.name, kind=self.kind, sector=self.sector)

    def fill_derived_fields(self):
        self.name = nfc(self.name)
        self.code = (self.code or "").strip().upper()
        self.search_text = search_key(f"{self.name} {self.code}")[:200]
        self.sort_key = collation_key(self.name)[:600]

    @property
    def is_leaf_kind(self) -> bool:
        return self.kind in LEAF_KINDS

    @property
    def signs_commitments(self) -> bool:
        return self.kind in SIGNING_KINDS

    def parent_unit(self) -> "Unit | None":
        return Unit.objects.get_parent(self)

    def child_units(self):
        return Unit.objects.get_children(self)

    def parent_path(self) -> str:
        return self.path[: -self.steplen]

    def ancestor_paths(self) -> list[str]:
        return Unit.path_and_above(self.path)[:-1]

    @classmethod
    def path_and_above(cls, path: str) -> list[str]:
        """The paths of the unit at `path` and of every unit above it, the top first."""
        return [path[:end] for end in range(cls.steplen, len(path) + 1, cls.steplen)]


# --- The tree over time: spans of a unit's life and the events that ended them ----------------------
#
# The treebeard path answers "now". A span answers "as of a date": from `valid_from` (None: since before the
# portal's records) until `valid_to` (exclusive; None: still so) the unit had this parent, name, kind and sector.
# Every structural service closes the unit's open span and opens the next one on the effective date, and records
# a LineageEvent with the decision. A merged or dissolved unit keeps its spans; only its open span is closed.
# Readers: organizations.timeline.DatedTree.


class UnitSpan(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="spans", verbose_name=_("unit"))
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("parent unit")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)

    class Meta:
        verbose_name = _("period of a unit")
        verbose_name_plural = _("periods of units")
        ordering = ["unit", F("valid_from").asc(nulls_first=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_from__lt=F("valid_to")),
                name="unit_span_ordered",
            ),
            # One open span per unit: the unit as it stands now.
            models.UniqueConstraint(fields=["unit"], condition=Q(valid_to__isnull=True), name="unit_one_open_span"),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="unit_span_dates")]

    def __str__(self):
        return f"{self.name} ({self.valid_from or '…'} – {self.valid_to or '…'})"

    def covers(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on < self.valid_to)


class LineageKind(models.TextChoices):
    FOUNDED = "founded", _("Founded")
    RENAMED = "renamed", _("Renamed or changed")
    MOVED = "moved", _("Moved")
    MERGED = "merged", _("Merged into another unit")
    SPLIT = "split", _("Split off from another unit")
    DISSOLVED = "dissolved", _("Dissolved")


class LineageEvent(models.Model):
    """What happened to a unit on a day, under which decision: founded, renamed, moved (under `other`), merged
    into `other`, split off from `other`, dissolved."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="lineage", verbose_name=_("unit"))
    kind = models.CharField(_("event"), max_length=20, choices=LineageKind.choices)
    effective_on = models.DateField(_("effective on"))
    other = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("other unit")
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change in the organisation")
        verbose_name_plural = _("changes in the organisation")
        ordering = ["-effective_on", "-pk"]
        indexes = [models.Index(fields=["kind", "other"], name="lineage_kind_other")]

    def __str__(self):
        return f"{self.unit} – {self.get_kind_display()} ({self.effective_on:%d/%m/%Y})"


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


phone_validator = RegexValidator(
    r"^(0|\+84)\d{9,10}$", _("Enter a Vietnamese phone number, e.g. 0912345678 or +84912345678.")
)


class PhoneNumberField(models.CharField):
    """A phone number kept as digits: "+84 912 345 678" and "0912.345.678" are accepted and stored bare."""

    def to_python(self, value):
        return normalize_phone(super().to_python(value))


# A member number: 4–30 letters, digits or dashes, with at least one digit (the card's number; a word is a slip).
member_number_validator = RegexValidator(
    r"^(?=[A-Za-z-]*[0-9])[0-9A-Za-z-]{4,30}$", _("A member number has 4–30 letters or digits, at least one a digit.")
)

# The Youth Union admits (kết nạp) at 16 to 30 years of age: no one in the portal is younger than 16.
ADMISSION_AGES = (16, 30)
YOUNGEST_AGE = ADMISSION_AGES[0]


def age_on(birth: date, on: date) -> int:
    """Full years of age on `on`."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_date_problem(value: date | None) -> str | None:
    """The one rule for a date of birth (form, admin and Excel import): after 01/01/1900, at least 16 years ago."""
    if not value:
        return None
    today = timezone.localdate()
    if value > today:
        return _("The date of birth cannot be in the future.")
    if value <= date(1900, 1, 1):
        return _("The date of birth must be after 01/01/1900.")
    if age_on(value, today) < YOUNGEST_AGE:
        return _("A member or cadre is at least %(age)d years old: check the date of birth.") % {"age": YOUNGEST_AGE}
    return None


class PersonQuerySet(models.QuerySet):
    def in_subtree(self, unit: Unit):
        return self.filter(home_unit__path__startswith=unit.path)

    def search(self, query: str):
        key = search_key(query)
        return self.filter(search_text__contains=key) if key else self

    def cadres(self, on: date | None = None):
        """People holding a position on the given day (today by default)."""
        return self.filter(pk__in=Position.objects.current(on).values("person_id"))

    def vietnamese_order(self):
        return self.order_by("sort_key", "pk")


def _photo_path(instance, filename):  # named by the first migrations; new files use RandomUploadPath
    return f"people/{timezone.now():%Y/%m}/{filename}"


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=120, validators=[reject_control_characters])
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = PhoneNumberField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    member_number = models.CharField(
        _("member number"),
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        validators=[member_number_validator],
        help_text=_("As in the national member management system; used to match Excel imports."),
    )
    photo = models.ImageField(_("photo"), upload_to=RandomUploadPath("people"), blank=True)
    # The registration sheet's header (DOMAIN: "date joined, Party member or not, job position").
    joined_on = models.DateField(_("date joined the Youth Union"), null=True, blank=True)
    party_member = models.BooleanField(_("Party member"), default=False)
    job_title = models.CharField(
        _("position at work"),
        max_length=200,
        blank=True,
        help_text=_("Chức vụ chính quyền / chuyên môn, e.g. Phó Chủ tịch UBND xã, giáo viên."),
    )
    # "Now", kept by the membership services for speed like the tree's path; the past is in Membership.
    home_unit = models.ForeignKey(Unit, verbose_name=_("home unit"), on_delete=models.PROTECT, related_name="members")
    left_union_on = models.DateField(
        _("left the Youth Union on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Aged out, struck off, expelled or transferred outside the portal: no longer a member here."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    search_text = models.CharField(max_length=200, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=600, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "sort_key"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(birth_date__gt=date(1900, 1, 1)), name="person_born_after_1900"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "sort_key"}
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        self.full_name = nfc(self.full_name)
        self.member_number = (self.member_number or "").strip() or None
        self.search_text = search_key(f"{self.full_name} {self.member_number or ''} {self.phone}")[:200]
        self.sort_key = person_sort_key(self.full_name)[:600]

    def clean(self):
        problem = birth_date_problem(self.birth_date)
        if problem:
            raise ValidationError({"birth_date": problem})


class MembershipStart(models.TextChoices):
    ON_RECORD = "on_record", _("On record (a member before the portal kept dates)")
    ADMITTED = "admitted", _("Admitted (kết nạp)")
    TRANSFERRED_IN = "transferred_in", _("Transferred in (chuyển sinh hoạt đến)")
    CARRIED = "carried", _("Carried over with the unit (merger, split)")


class MembershipEnd(models.TextChoices):
    TRANSFERRED_OUT = "transferred_out", _("Transferred out (chuyển sinh hoạt đi)")
    CARRIED = "carried", _("Carried over with the unit (merger, split)")
    AGED_OUT = "aged_out", _("Aged out (trưởng thành Đoàn)")
    STRUCK_OFF = "struck_off", _("Struck off (xóa tên)")
    EXPELLED = "expelled", _("Expelled (khai trừ)")


# Ends after which the person is no longer a member anywhere in the portal.
LEAVING_ENDS = (MembershipEnd.AGED_OUT, MembershipEnd.STRUCK_OFF, MembershipEnd.EXPELLED)


class MembershipQuerySet(models.QuerySet):
    def as_of(self, on: date):
        """Memberships that held on `on` (a membership ends the day before `ended_on`)."""
        return self.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gt=on)
        )

    def open(self):
        return self.filter(ended_on__isnull=True)


class Membership(models.Model):
    """A person's belonging to a unit over a stretch of days: who belonged where, when — what every-member figures
    of a past campaign count. Written only by organizations.membership (admission, transfer, aging out, removal)
    and by the unit services, which carry members across a merger or split on the event's day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    started_on = models.DateField(_("from"), null=True, blank=True, help_text=_("Empty: since before the portal."))
    start = models.CharField(_("how it began"), max_length=20, choices=MembershipStart.choices)
    ended_on = models.DateField(_("until (exclusive)"), null=True, blank=True)
    end = models.CharField(_("how it ended"), max_length=20, choices=MembershipEnd.choices, blank=True)
    # The unit transferred from or to inside the portal, or the place outside it ("Huyện đoàn X, tỉnh Y").
    other_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("other unit")
    )
    elsewhere = models.CharField(_("outside the portal"), max_length=200, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["person", F("started_on").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(ended_on__isnull=True), name="one_open_membership"),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(ended_on__isnull=True) | Q(started_on__lt=F("ended_on")),
                name="membership_ordered",
            ),
        ]
        indexes = [models.Index(fields=["unit", "started_on", "ended_on"], name="membership_unit_dates")]

    def __str__(self):
        until = f"{self.ended_on:%d/%m/%Y}" if self.ended_on else "…"
        since = f"{self.started_on:%d/%m/%Y}" if self.started_on else "…"
        return f"{self.person} – {self.unit} ({since} – {until})"


class PositionTitle(models.TextChoices):
    SECRETARY = "secretary", _("Secretary (Bí thư)")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary (Phó Bí thư)")
    STANDING_MEMBER = "standing_member", _("Standing committee member (Ủy viên Ban Thường vụ)")
    EXECUTIVE_MEMBER = "executive_member", _("Executive committee member (Ủy viên Ban Chấp hành)")
    FULL_TIME_STAFF = "full_time_staff", _("Full-time staff (cán bộ chuyên trách)")
    CONTRACT_STAFF = "contract_staff", _("Contract staff (cán bộ hợp đồng)")


# "Cán bộ chủ chốt": the secretary and deputies, the group the seeds' campaigns mostly count.
KEY_TITLES = (PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY)


class PositionQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class Position(models.Model):
    """A term of office: a person holds a title in a unit from one day to another."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("title"), max_length=30, choices=PositionTitle.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    appointed = models.BooleanField(
        _("appointed"), default=False, help_text=_("Appointed (chỉ định) rather than elected.")
    )

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="position_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["unit", "ended_on"], name="position_unit_ended")]

    def __str__(self):
        return f"{self.get_title_display()} – {self.unit}"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A term cannot end before it starts.")})


# --- Roles: who may act on which subtree ------------------------------------------------------


class RoleKind(models.TextChoices):
    # The district (or provincial, bloc) office: manages units, people and campaigns of its subtree.
    MANAGER = "manager", _("Office (manages the subtree)")
    # A grassroots or branch secretary: sees its subtree and reviews what its cadres submit.
    REVIEWER = "reviewer", _("Secretary (reviews the subtree)")


class Role(models.Model):
    """A grant: `user` may act as `kind` on `unit` and every unit below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="roles", verbose_name=_("unit"))
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    # The tables keep the names they had when roles lived in the accounts app.
    history = HistoricalRecords(table_name="accounts_historicalrole")

    class Meta:
        db_table = "accounts_role"
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "kind"], name="role_unique_grant")]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()} – {self.unit}"


# --- Who opened whose record (the personal-data law's record of processing) -------------------------------


class AccessKind(models.TextChoices):
    VIEW = "view", _("Opened")
    EXPORT = "export", _("Exported")
    API = "api", _("Read through the API")


class AccessRecord(models.Model):
    """One access to personal data by someone other than the person: a record opened, an API page read (the people
    on it), an export (the set: its subtree and what it held, not a row per person). Kept ACCESS_LOG_KEEP_DAYS
    (organizations.access)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    client = models.CharField(_("through"), max_length=200, blank=True, help_text=_("A service token, when one read."))
    kind = models.CharField(_("access"), max_length=10, choices=AccessKind.choices)
    where = models.CharField(_("page or file"), max_length=300)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("subtree exported"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("people"), default=0)
    people = models.ManyToManyField(Person, verbose_name=_("people"), related_name="accesses", blank=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.where} ({self.at:%d/%m/%Y %H:%M})"
