"""Year-end evaluation of a cadre's training, the rating schemes it uses, quotas, and commendations.

A rating scheme is data (its levels, and optionally the points that reach each level), so the
2023–2027 four levels, the older Xuất sắc/Khá/Trung bình/Yếu and a 0–100 points scale all
live side by side; each campaign's evaluation round names the scheme it uses.
"""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign
from common.images import RandomUploadPath
from common.storage import public_storage
from organizations.models import Person, Unit
from registrations.models import Registration, RegistrationCriterion

POINTS = [MinValueValidator(0), MaxValueValidator(100)]


class RatingScheme(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    uses_points = models.BooleanField(
        _("scored in points"),
        default=False,
        help_text=_("Ratings are given as 0–100 points; the level follows from each level's minimum points."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def level_for_points(self, points: int, levels=None):
        """The highest level whose minimum the points reach (levels ordered best first)."""
        for level in levels if levels is not None else self.levels.all():
            if level.min_points is not None and points >= level.min_points:
                return level
        return None


class RatingLevel(models.Model):
    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the best level."))
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=30, help_text=_("Used in table headings."))
    min_points = models.PositiveSmallIntegerField(_("minimum points"), null=True, blank=True, validators=POINTS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
        ordering = ["scheme", "rank"]
        constraints = [models.UniqueConstraint(fields=["scheme", "rank"], name="level_rank_once")]

    def __str__(self):
        return self.name


class EvaluationRound(models.Model):
    """The year-end evaluation of one campaign: its scheme and its window."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="evaluation_round"
    )
    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("rating scheme"), on_delete=models.PROTECT, related_name="rounds"
    )
    opens_on = models.DateField(_("self-assessment opens"))
    closes_on = models.DateField(
        _("unit proposals close"),
        help_text=_("Cadres assess themselves and units propose until this day; the office may decide later."),
    )
    deciding_kinds = models.CharField(
        _("deciding level"),
        max_length=100,
        default="district,bloc",
        help_text=_(
            "Kinds of unit that decide, comma-separated (district, bloc, province…): the nearest such "
            "unit above a cadre decides their rating and its quotas apply to it."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self):
        return str(self.campaign)

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def deciding_unit_for(self, unit: Unit) -> Unit:
        kinds = {kind.strip() for kind in self.deciding_kinds.split(",") if kind.strip()}
        paths = Unit.path_and_above(unit.path)
        candidates = {u.path: u for u in Unit.objects.filter(path__in=paths, kind__in=kinds)}
        for path in reversed(paths):
            if path in candidates:
                return candidates[path]
        return self.campaign.organizer


class Enforcement(models.TextChoices):
    WARN = "warn", _("Warn only")
    HARD = "hard", _("Hard limit")


class QuotaRule(models.Model):
    """At most `max_percent` of those rated may receive `level`: a warning, or a hard limit. The rule of the
    cadres' rounds (Quota) and of the units' (unitratings.UnitQuota)."""

    level = models.ForeignKey(RatingLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    max_percent = models.PositiveSmallIntegerField(
        _("at most (percent of those rated)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    enforcement = models.CharField(
        _("enforcement"), max_length=4, choices=Enforcement.choices, default=Enforcement.WARN
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.level} ≤ {self.max_percent}%"

    def cap(self, rated: int) -> int:
        return rated * self.max_percent // 100

    @property
    def hard(self) -> bool:
        return self.enforcement == Enforcement.HARD


class Quota(QuotaRule):
    """At most `max_percent` of the cadres rated at one deciding unit may receive `level`."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="quotas")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["round", "level"], name="quota_once_per_level")]


class Stage(models.TextChoices):
    SELF = "self", _("Self-assessment in progress")
    SUBMITTED = "submitted", _("Self-assessed, waiting for the unit")
    PROPOSED = "proposed", _("Proposed by the unit, waiting for the decision")
    DECIDED = "decided", _("Decided")


class Evaluation(models.Model):
    """The year-end evaluation of one approved registration: self → unit proposal → decision (locked)."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="evaluation"
    )
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="evaluations")
    deciding_unit = models.ForeignKey(Unit, verbose_name=_("deciding unit"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.SELF, db_index=True)

    self_summary = models.TextField(_("self-assessment"), blank=True)
    self_level = models.ForeignKey(
        RatingLevel, verbose_name=_("self rating"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    self_points = models.PositiveSmallIntegerField(_("self points"), null=True, blank=True, validators=POINTS)
    submitted_at = models.DateTimeField(_("self-assessed at"), null=True, blank=True)

    unit_comment = models.TextField(_("the unit's comment"), blank=True)
    proposed_level = models.ForeignKey(
        RatingLevel,
        verbose_name=_("proposed rating"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_points = models.PositiveSmallIntegerField(_("proposed points"), null=True, blank=True, validators=POINTS)
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )

    final_level = models.ForeignKey(
        RatingLevel, verbose_name=_("final rating"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_points = models.PositiveSmallIntegerField(_("final points"), null=True, blank=True, validators=POINTS)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    return_reason = models.TextField(_("reason for returning"), blank=True)
    # A return after the round closed gives the cadre (and then the unit) this personal deadline.
    resubmit_by = models.DateField(_("send again by"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["registration__person__sort_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="decided")
                | (Q(final_level__isnull=False) & ~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="evaluation_decided_has_decision",
            ),
        ]
        indexes = [models.Index(fields=["round", "deciding_unit", "stage"], name="evaluation_round_unit")]

    def __str__(self):
        return str(self.registration.person)

    def is_open(self, today=None) -> bool:
        """Whether the cadre and the unit may still work on it: the round's window, or a personal
        deadline given with a return after the window closed."""
        today = today or timezone.localdate()
        return self.round.is_open(today) or bool(self.resubmit_by and self.round.opens_on <= today <= self.resubmit_by)

    @property
    def closes_on(self):
        return max(self.round.closes_on, self.resubmit_by) if self.resubmit_by else self.round.closes_on

    @property
    def person(self):
        return self.registration.person

    @property
    def is_locked(self) -> bool:
        return self.stage == Stage.DECIDED


class CriterionResult(models.Model):
    """What the cadre did against one criterion they chose and the actions they promised."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    choice = models.ForeignKey(
        RegistrationCriterion, verbose_name=_("chosen criterion"), on_delete=models.PROTECT, related_name="+"
    )
    achieved = models.TextField(_("what I did"), blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Activities, dates, results that others can check.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result against a criterion")
        verbose_name_plural = _("results against the criteria")
        ordering = ["choice__criterion__order"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "choice"], name="result_once_per_choice")]

    def __str__(self):
        return f"{self.evaluation} – {self.choice}"


def _attachment_path(instance, filename):  # named by the first migrations; new files use RandomUploadPath
    return f"evaluations/{timezone.now():%Y/%m}/{instance.evaluation_id}/{filename}"


class Attachment(models.Model):
    """Evidence for a self-assessment: a photo (re-encoded) or a PDF. Served only through a scoped view."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"),
        upload_to=RandomUploadPath("evaluations"),
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png", "webp"])],
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["pk"]

    def __str__(self):
        # The stored name is random (never the uploader's): without a caption, say what it is.
        kind = "PDF" if self.file.name.lower().endswith(".pdf") else _("photo")
        return self.caption or _("Evidence file %(number)s (%(kind)s)") % {"number": self.pk or "", "kind": kind}


class CommendationForm(models.TextChoices):
    CERTIFICATE = "giay_khen", _("Certificate of merit (giấy khen)")
    DIPLOMA = "bang_khen", _("Diploma of merit (bằng khen)")
    PRAISE = "tuyen_duong", _("Public praise (tuyên dương)")


def _story_photo_path(instance, filename):  # named by the first migrations; new files use RandomUploadPath
    return f"guong-sang/{timezone.now():%Y/%m}/{filename}"


class CommendationQuerySet(models.QuerySet):
    def published(self):
        """What the public page may show: published, not withdrawn, with the person's consent, its photo's public
        copies made (by the worker, seconds after publishing: evaluations.stories)."""
        return (
            self.filter(is_published=True, withdrawn_at__isnull=True, consent_given=True)
            .exclude(photo="")
            .exclude(photo_small="")
        )


class Commendation(models.Model):
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="commendations_issued"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("commended cadre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("commended unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendations",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    form = models.CharField(_("form"), max_length=12, choices=CommendationForm.choices)
    reason = models.TextField(_("reason"))

    # "Gương sáng cán bộ Đoàn": shown publicly only with the person's recorded consent.
    consent_given = models.BooleanField(_("the person agreed to be shown publicly"), default=False)
    consent_note = models.CharField(
        _("how consent was recorded"),
        max_length=200,
        blank=True,
        help_text=_("E.g. signed form of 02/12/2022 kept at the office."),
    )
    headline = models.CharField(_("story title"), max_length=200, blank=True)
    story = models.TextField(_("story"), blank=True)
    # The uploaded photo is private (the office's); its variants are made public only while the story is.
    photo = models.ImageField(_("photo"), upload_to=RandomUploadPath("guong-sang"), blank=True)
    photo_small = models.ImageField(
        upload_to=RandomUploadPath("guong-sang"), storage=public_storage, blank=True, editable=False
    )
    photo_medium = models.ImageField(
        upload_to=RandomUploadPath("guong-sang"), storage=public_storage, blank=True, editable=False
    )
    photo_alt = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    is_published = models.BooleanField(_('show as "Gương sáng cán bộ Đoàn"'), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # When the consent was recorded and when it was withdrawn (set on save from consent_given; how: consent_note).
    consent_given_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True, editable=False)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True, editable=False)

    objects = CommendationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["photo_small", "photo_medium"])

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-decision_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) ^ Q(unit__isnull=True), name="commendation_person_xor_unit"
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(consent_given=True), name="commendation_published_with_consent"
            ),
        ]

    def __str__(self):
        return f"{self.get_form_display().split(' (')[0]} – {self.person or self.unit} ({self.decision_number})"

    def save(self, *args, **kwargs):
        had = self.pk and Commendation.objects.filter(pk=self.pk).values_list("consent_given", flat=True).first()
        if bool(had) != self.consent_given:
            now = timezone.now()
            if self.consent_given:
                self.consent_given_at, self.consent_withdrawn_at = now, None
            else:
                self.consent_withdrawn_at = now
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "consent_given_at", "consent_withdrawn_at"}
        super().save(*args, **kwargs)

    @property
    def subject(self):
        return self.person or self.unit

    def clean(self):
        errors = {}
        if bool(self.person_id) == bool(self.unit_id):
            errors["person"] = _("Commend either one cadre or one unit.")
        if self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = _("The decision date cannot be in the future.")
        if self.is_published:
            if not self.consent_given:
                errors["is_published"] = _("A story is shown publicly only with the person's recorded consent.")
            elif not self.person_id:
                errors["is_published"] = _('Only a cadre is shown as "Gương sáng cán bộ Đoàn".')
            if not self.headline.strip():
                errors["headline"] = _("A published story needs a title.")
            if not self.story.strip():
                errors["story"] = _("A published story needs its text.")
            if not self.photo:
                errors["photo"] = _("A published story needs a photo.")
        if errors:
            raise ValidationError(errors)
