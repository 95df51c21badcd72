"""The units' own year-end rating in a campaign (xếp loại tập thể): a criteria set with points per item, a
suggested score computed from the campaign's facts, and the deciding office's decision, under quotas.

The Lạng Sơn article: this campaign is "một trong những nội dung trong Bộ Tiêu chí đánh giá công tác Đoàn".
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign
from evaluations.models import POINTS, QuotaRule, RatingLevel, RatingScheme
from organizations.models import Unit


class UnitRound(models.Model):
    """A campaign's rating of its units: which units, on which scale, decided in which window."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="unit_round"
    )
    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("rating scheme"), on_delete=models.PROTECT, related_name="unit_rounds"
    )
    rated_kinds = models.CharField(
        _("units rated"),
        max_length=100,
        default="grassroots,grassroots_branch",
        help_text=_("Kinds of unit rated, comma-separated (grassroots, grassroots_branch, branch)."),
    )
    opens_on = models.DateField(_("decisions from"))
    closes_on = models.DateField(_("decisions until"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("units' rating round")
        verbose_name_plural = _("units' rating rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")),
                name="unit_round_ordered",
                violation_error_message=_("The decisions cannot close before they open."),
            )
        ]

    def __str__(self):
        return str(self.campaign)

    def kinds(self) -> set[str]:
        return {kind.strip() for kind in self.rated_kinds.split(",") if kind.strip()}

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class Measure(models.TextChoices):
    DEPLOYED = "deployed", _("Share of the unit and its branches that deployed")
    REGISTERED = "registered", _("Share of those who must register who did")
    APPROVED = "approved", _("Share of the registrations approved")
    UPDATED = "updated", _("Share of the approved who updated their progress")
    SIGNED = "signed", _("Share of its branches that signed the commitment")
    MEETINGS = "meetings", _("Held branch meetings (all or nothing)")
    OFFICE = "office", _("Assessed by the office (not suggested)")


class UnitCriterion(models.Model):
    """One item of the criteria set (bộ tiêu chí): up to `max_points`, suggested from one measured fact."""

    round = models.ForeignKey(UnitRound, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("criterion"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("points"), validators=POINTS)
    measure = models.CharField(_("suggested from"), max_length=12, choices=Measure.choices)

    class Meta:
        verbose_name = _("unit criterion")
        verbose_name_plural = _("unit criteria set")
        ordering = ["round", "order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.title} ({self.max_points})"


class UnitQuota(QuotaRule):
    """At most `max_percent` of the units rated in the round may receive `level` (the cadres' quota rule)."""

    round = models.ForeignKey(UnitRound, on_delete=models.CASCADE, related_name="quotas")

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["round", "level"], name="unit_quota_once_per_level")]


class UnitRating(models.Model):
    """One unit's rating, decided by the office that runs the campaign; the suggestion it started from is kept."""

    round = models.ForeignKey(UnitRound, on_delete=models.PROTECT, related_name="ratings")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="year_ratings")
    suggested_points = models.PositiveSmallIntegerField(_("suggested points"), validators=POINTS)
    breakdown = models.JSONField(_("points per criterion"), default=dict, editable=False)
    points = models.PositiveSmallIntegerField(_("points"), validators=POINTS)
    level = models.ForeignKey(RatingLevel, verbose_name=_("rating"), on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    decided_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by")
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit's rating")
        verbose_name_plural = _("units' ratings")
        ordering = ["round", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="unit_rating_once")]

    def __str__(self):
        return f"{self.unit} – {self.level}"
