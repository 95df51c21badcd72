"""Campaign plans, the documents they cite, their criteria, who must register, and deployment per unit."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.images import RandomUploadPath
from common.storage import public_storage
from common.text import nfc
from organizations.models import Membership, Person, Position, PositionTitle, Sector, Unit, UnitKind
from organizations.timeline import DatedTree


class DocumentKind(models.TextChoices):
    PLAN = "KH", _("Plan (kế hoạch)")
    DIRECTIVE = "CT", _("Directive (chỉ thị)")
    CONCLUSION = "KL", _("Conclusion (kết luận)")
    GUIDANCE = "HD", _("Guidance (hướng dẫn)")
    DECISION = "QĐ", _("Decision (quyết định)")
    RESOLUTION = "NQ", _("Resolution (nghị quyết)")
    NOTICE = "TB", _("Notice (thông báo)")
    REPORT = "BC", _("Report (báo cáo)")


# "09-KH/HĐTN", "06-KL/TWĐTN-BKT", "10-HD/TĐTN-TCKT", older "94/HD-TĐ"; spacing varies.
_NUMBER = re.compile(r"^\s*(?P<serial>\d+)\s*(?:-\s*(?P<kind>[^\s/]+)\s*)?/\s*(?P<rest>.+?)\s*$")


def parse_document_number(raw: str) -> dict:
    """Split a document number leniently: {"serial", "kind", "issuer", "department"}; unknown parts are ""."""
    text = nfc(raw).upper()
    match = _NUMBER.match(text)
    if not match:
        return {"serial": None, "kind": "", "issuer": "", "department": ""}
    kind, rest = match["kind"] or "", match["rest"].replace(" ", "")
    parts = rest.split("-")
    if not kind and len(parts) > 1 and parts[0] in DocumentKind.values:  # "94/HD-TĐ": kind after the slash
        kind, parts = parts[0], parts[1:]
    return {"serial": int(match["serial"]), "kind": kind, "issuer": parts[0], "department": "-".join(parts[1:])}


class Document(models.Model):
    number = models.CharField(_("number"), max_length=60, help_text=_("As written on the document, e.g. 09-KH/HĐTN."))
    kind = models.CharField(_("kind"), max_length=4, choices=DocumentKind.choices)
    issuer = models.CharField(
        _("issued by"),
        max_length=200,
        help_text=_("E.g. Ban Chấp hành Đoàn huyện Phú Tân, Ban Chấp hành Trung ương Đoàn."),
    )
    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("issuing unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text=_("Empty for documents of the central level or outside the portal."),
    )
    issued_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)
    file = models.FileField(
        _("file"),
        upload_to=RandomUploadPath("documents"),
        blank=True,
        validators=[FileExtensionValidator(["pdf", "doc", "docx"])],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "number"]
        # Numbers run over a term and recur across years: unique only with the issuer and the date.
        constraints = [models.UniqueConstraint(fields=["number", "issuer", "issued_on"], name="document_unique")]

    def __str__(self):
        return f"{self.get_kind_display().split(' (')[0]} số {self.number} ngày {self.issued_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.number, self.issuer, self.title = nfc(self.number), nfc(self.issuer), nfc(self.title)
        if not self.kind:
            self.kind = parse_document_number(self.number)["kind"] or DocumentKind.PLAN
        super().save(*args, **kwargs)


class CampaignQuerySet(models.QuerySet):
    def for_person(self, person: Person | None):
        """Campaigns whose organising unit's subtree holds the person's home unit."""
        if person is None:
            return self.none()
        return self.filter(organizer__path__in=Unit.path_and_above(person.home_unit.path))

    def with_closing(self):
        """Read each campaign's closing day with it (a page asks `closed_on()` from several of its boxes)."""
        day = Closing.objects.filter(campaign_id=models.OuterRef("pk")).values("closed_on")[:1]
        return self.annotate(closing_day_read=models.Subquery(day))


class Campaign(models.Model):
    slug = models.SlugField(_("short name in links"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("purpose"), blank=True)
    plan = models.ForeignKey(Document, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="campaigns")
    legal_bases = models.ManyToManyField(Document, verbose_name=_("legal bases"), blank=True, related_name="+")
    organizer = models.ForeignKey(
        Unit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_("Its subtree is the campaign's scope."),
    )
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period until"))
    registration_opens = models.DateField(_("registration opens"))
    registration_closes = models.DateField(_("registration closes"))
    members_register = models.BooleanField(
        _("every member registers"),
        default=False,
        help_text=_("As in the Lạng Sơn model: all members register, not only the cadres named below."),
    )
    min_criteria = models.PositiveSmallIntegerField(
        _("criteria to choose, at least"), default=1, validators=[MinValueValidator(1)]
    )
    max_criteria = models.PositiveSmallIntegerField(
        _("criteria to choose, at most"), default=4, validators=[MinValueValidator(1)]
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("previous year's campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text=_("The campaign this one continues (set by “copy for next year”): reports compare the years."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # API clients' ?updated_since

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[legal_bases], excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(min_criteria__lte=F("max_criteria")), name="campaign_min_le_max"),
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="campaign_period_ordered"),
            models.CheckConstraint(
                condition=Q(registration_opens__lte=F("registration_closes")), name="campaign_registration_ordered"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.min_criteria and self.max_criteria and self.min_criteria > self.max_criteria:
            raise ValidationError({"max_criteria": _("The maximum cannot be below the minimum.")})
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": _("The period cannot end before it starts.")})
        if self.registration_opens and self.registration_closes and self.registration_opens > self.registration_closes:
            raise ValidationError({"registration_closes": _("Registration cannot close before it opens.")})

    def report_date(self) -> date:
        """The day whose unit tree the campaign's reports use by default: its end, or today while it runs."""
        today = timezone.localdate()
        return self.ends_on if self.ends_on < today else today

    @staticmethod
    def series_ids(pk: int, predecessor_id: int | None, limit: int = 10) -> list[int]:
        """The ids of `series()` (newest first), read one predecessor at a time without loading the campaigns."""
        chain = [pk]
        while predecessor_id and predecessor_id not in chain and len(chain) < limit:
            chain.append(predecessor_id)
            predecessor_id = Campaign.objects.filter(pk=predecessor_id).values_list("predecessor_id", flat=True).first()
        return chain

    def series(self, limit: int = 10) -> list["Campaign"]:
        """This campaign and the ones it continues, oldest first."""
        chain, seen, current = [self], {self.pk}, self
        while current.predecessor_id and current.predecessor_id not in seen and len(chain) < limit:
            current = Campaign.objects.select_related("organizer").get(pk=current.predecessor_id)
            chain.append(current)
            seen.add(current.pk)
        return chain[::-1]

    def closed_on(self) -> date | None:
        """The day of the campaign's closing report, or None while it runs. A closing is final, so once found it
        is kept on the instance; "not closed" is asked again each time (it may have changed since), unless the
        campaign was read `with_closing()` for one page."""
        if "closing_day_read" in self.__dict__:
            return self.closing_day_read
        if getattr(self, "_closed_on", None) is None:
            self._closed_on = Closing.objects.filter(campaign_id=self.pk).values_list("closed_on", flat=True).first()
        return self._closed_on

    def closed_message(self) -> str:
        return _("This campaign was closed on %(day)s: its figures can no longer change.") % {
            "day": f"{self.closed_on():%d/%m/%Y}"
        }

    def require_not_closed(self) -> None:
        """Refuse a change to a closed campaign's facts (its closing report froze them)."""
        if self.closed_on():
            raise ValidationError(self.closed_message(), code="closed")

    def registration_is_open(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.registration_opens <= on <= self.registration_closes

    def _in_scope_then(self, on: date) -> Q:
        """Rows whose unit was in the campaign's scope on `on`: today, the organiser's subtree by its path (one
        indexed test, as every cadre page asks); on an earlier day, the units of the tree as it stood then (a
        dissolved organiser's past)."""
        if on >= timezone.localdate():
            return Q(unit__path__startswith=self.organizer.path, unit__is_active=True)
        tree = DatedTree.as_of(on)
        return Q(unit_id__in=tree.subtree(self.organizer_id) if self.organizer_id in tree else [])

    def eligible_positions(self, on: date | None = None, scope: Q | None = None):
        """Positions held on `on` (today by default), in the campaign's scope that day, that oblige their holder to
        register."""
        rules = list(self.eligibility_rules.all())
        if not rules:
            return Position.objects.none()
        q = Q()
        for rule in rules:
            q |= rule.as_q()
        on = on or timezone.localdate()
        return Position.objects.current(on).filter(scope or self._in_scope_then(on)).filter(q)

    def eligible_people(self, on: date | None = None):
        """Who must register on `on` (today by default): cadres the rules name, or every member when the campaign
        says so — members as they belonged that day (organizations.Membership), so a past campaign's list is of its
        own time."""
        on = on or timezone.localdate()
        scope = self._in_scope_then(on)
        cadres = Person.objects.filter(pk__in=self.eligible_positions(on, scope).values("person_id"))
        if not self.members_register:
            return cadres
        members = Membership.objects.as_of(on).filter(scope)
        return Person.objects.filter(pk__in=members.values("person_id")) | cadres

    def is_eligible(self, person: Person) -> bool:
        """Whether `person` is among `eligible_people()`, asked without building that set: the cadre's pages ask it
        on every view."""
        if self.members_register and person.left_union_on is None:  # aged out, struck off: no longer a member
            home = person.home_unit
            if home is not None and home.is_active and home.path.startswith(self.organizer.path):
                return True
        rules = list(self.eligibility_rules.all())
        if not rules:
            return False
        positions = (
            Position.objects.current()
            .filter(person=person, unit__path__startswith=self.organizer.path)
            .values_list("title", "unit__kind", "unit__sector")
        )
        return any(rule.matches(*position) for position in positions for rule in rules)


class EligibilityRule(models.Model):
    """Who must register: holders of `title` (any committee title if empty) in units of `unit_kind` and `sector`."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="eligibility_rules"
    )
    title = models.CharField(
        _("position"), max_length=30, choices=PositionTitle.choices, blank=True, help_text=_("Empty: any position.")
    )
    unit_kind = models.CharField(
        _("kind of unit"), max_length=20, choices=UnitKind.choices, blank=True, help_text=_("Empty: any kind.")
    )
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, blank=True, help_text=_("Empty: any sector.")
    )

    class Meta:
        verbose_name = _("who must register")
        verbose_name_plural = _("who must register")

    def __str__(self):
        parts = [self.get_title_display() or _("Any position"), self.get_unit_kind_display() or _("any unit")]
        if self.sector:
            parts.append(self.get_sector_display())
        return " – ".join(str(p) for p in parts)

    def matches(self, title: str, unit_kind: str, unit_sector: str) -> bool:
        """`as_q` asked of one position (its title, its unit's kind and sector) in Python."""
        return (
            (not self.title or title == self.title)
            and (not self.unit_kind or unit_kind == self.unit_kind)
            and (not self.sector or unit_sector == self.sector)
        )

    def as_q(self) -> Q:
        q = Q()
        if self.title:
            q &= Q(title=self.title)
        if self.unit_kind:
            q &= Q(unit__kind=self.unit_kind)
        if self.sector:
            q &= Q(unit__sector=self.sector)
        return q


class CriterionText(models.Model):
    """What a criterion says, as a campaign's criterion and a movement's template (programmes) both hold it."""

    order = models.PositiveSmallIntegerField(_("order"), default=1)
    grouping = models.CharField(
        _("group"), max_length=120, blank=True, help_text=_("E.g. Trách nhiệm với bản thân (empty: no groups).")
    )
    title = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    should_do = models.TextField(_("do (nên làm)"), blank=True, help_text=_("One item per line."))
    should_not_do = models.TextField(_("don't (không nên làm)"), blank=True, help_text=_("One item per line."))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.order}. {self.title}"

    def do_items(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.should_do.splitlines() if line.strip(" -•\t")]

    def dont_items(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.should_not_do.splitlines() if line.strip(" -•\t")]


class Criterion(CriterionText):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="criteria"
    )
    sector = models.CharField(
        _("only for the sector"),
        max_length=20,
        choices=Sector.choices,
        blank=True,
        help_text=_("When each area chooses its own (“từng khu vực lựa chọn phong cách phù hợp”): empty for all."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["campaign", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="criterion_order_unique")]

    def applies_to(self, unit: Unit) -> bool:
        return not self.sector or self.sector == unit.sector


def _photo_path(instance, filename):  # named by the first migrations; new files use RandomUploadPath
    return f"campaigns/{timezone.now():%Y/%m}/{filename}"


class Deployment(models.Model):
    """A unit's report that it launched the campaign ("19/19 Đoàn cơ sở triển khai")."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deployments"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="deployments")
    deployed_on = models.DateField(_("deployed on"))
    attendance = models.PositiveIntegerField(_("people attending"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    reported_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="deployment_once_per_unit")]

    def __str__(self):
        return f"{self.unit} – {self.deployed_on:%d/%m/%Y}"


class DeploymentPhoto(models.Model):
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=RandomUploadPath("campaigns"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deployment photo")
        verbose_name_plural = _("deployment photos")

    def __str__(self):
        return self.caption or f"{self.deployment} ({self.pk})"


class BranchCommitment(models.Model):
    """A branch's collective commitment to the campaign, signed by its members (Lạng Sơn)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="commitments"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="commitments")
    signed_on = models.DateField(_("signed on"))
    text = models.TextField(_("commitment"))
    signers = models.PositiveIntegerField(_("members who signed"))
    photo = models.ImageField(_("photo of the signed sheet"), upload_to=RandomUploadPath("campaigns"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("branch commitment")
        verbose_name_plural = _("branch commitments")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="commitment_once_per_branch")]

    def __str__(self):
        return f"{self.unit} – {self.signed_on:%d/%m/%Y}"


class ActivityKind(models.TextChoices):
    LAUNCH = "launch", _("Launch conference (hội nghị triển khai)")
    SIGNING = "signing", _("Signing ceremony (ký kết)")
    BRANCH_MEETING = "meeting", _("Branch meeting (sinh hoạt chi đoàn, chủ điểm)")
    DIALOGUE = "dialogue", _("Dialogue (đối thoại)")
    TRAINING = "training", _("Training (tập huấn)")
    OTHER = "other", _("Other activity")


class Activity(models.Model):
    """A dated activity of a unit in the campaign. A launch conference is the unit's deployment and a signing
    ceremony its branch commitment: those two kinds are linked to the Deployment or BranchCommitment row they
    record, so "19/19 đã triển khai" and "x/y chi đoàn đã ký kết" count the same kind of fact."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="activities"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind of activity"), max_length=10, choices=ActivityKind.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("E.g. Sinh hoạt chủ điểm: phê bình và tự phê bình.")
    )
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("people attending"), default=0)
    attendees = models.ManyToManyField(
        Person, verbose_name=_("attending (from the roster)"), blank=True, related_name="+"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    deployment = models.OneToOneField(
        Deployment, null=True, blank=True, on_delete=models.SET_NULL, related_name="activity", editable=False
    )
    commitment = models.OneToOneField(
        BranchCommitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="activity", editable=False
    )
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    # On the public "Hoạt động" page (campaigns.publishing): what the public reads, and since when.
    public_summary = models.TextField(_("what the public reads"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "kind"], name="activity_campaign_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.unit} ({self.held_on:%d/%m/%Y})"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=RandomUploadPath("campaigns"))
    # Shown publicly only with the consent of the people in it, as a resized copy (the upload stays private).
    consent_given = models.BooleanField(_("the people shown agreed to publication"), default=False)
    public_image = models.ImageField(
        upload_to=RandomUploadPath("hoat-dong"), storage=public_storage, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self):
        return f"{self.activity} ({self.pk})"


class Closing(models.Model):
    """The campaign's closing report (tổng kết): a dated summary whose figures are frozen as they stood that day.

    Once a campaign is closed its facts no longer change: every step that would change them refuses
    (`Campaign.require_not_closed`), and the report shows the stored figures, never recomputed ones."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="closing"
    )
    closed_on = models.DateField(_("closed on"))
    report_number = models.CharField(
        _("report number"), max_length=60, blank=True, help_text=_("E.g. 15-BC/HĐTN, as written on the report.")
    )
    narrative = models.TextField(_("summary"), help_text=_("Results, strengths, shortcomings, lessons, next steps."))
    # {"totals": {...}, "rows": [{"unit": name, ...}], "levels": [[name, count], ...], "window": title, "on": iso day}
    figures = models.JSONField(_("figures as of the closing day"), default=dict, editable=False)
    closed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")

    def __str__(self):
        return f"{self.campaign} – {self.closed_on:%d/%m/%Y}"
