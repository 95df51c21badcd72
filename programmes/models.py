"""The movement above the campaigns: a programme (Cuộc vận động, Phong trào) owned by a higher unit, with a period
and a template of criteria it hands down (Cuộc vận động "Xây dựng giá trị hình mẫu thanh niên Việt Nam" with its 4
criteria; "Phong trào 3 trách nhiệm" grouped by the three responsibilities).

A campaign of a unit under the owner starts from the template (an `Adoption`): the criteria are copied into the
campaign, which may add its own. A later change to the template leaves those copies as they were taken."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign, CriterionText, Document
from organizations.models import Unit


class ProgrammeKind(models.TextChoices):
    MOVEMENT = "movement", _("Cuộc vận động (movement)")
    DRIVE = "drive", _("Phong trào (drive)")


class Programme(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ProgrammeKind.choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("short name in links"), max_length=120, unique=True)
    summary = models.TextField(_("purpose"), blank=True)
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("launched by"),
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_("The unit whose subtree's campaigns may start from this programme's criteria."),
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("launching document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period until"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements and drives")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="programme_period",
                violation_error_message=_("The period ends before it starts."),
            )
        ]

    def __str__(self):
        return self.title


TAKEN = ("grouping", "title", "description", "should_do", "should_not_do")  # what a campaign copies


class TemplateCriterion(CriterionText):
    """One criterion of the programme's template, as a campaign copies it."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="criteria"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion of the template")
        verbose_name_plural = _("criteria of the template")
        ordering = ["programme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "order"], name="template_criterion_order_unique")]

    def taken(self) -> dict:
        """What a campaign copies (and what the adoption remembers it took)."""
        return {name: getattr(self, name) for name in TAKEN}


class Adoption(models.Model):
    """A campaign started from a programme's template: under the programme in its roll-up, with the criteria it
    copied on that day (`criteria_taken`, to show where the template has changed since)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("movement"), on_delete=models.PROTECT, related_name="adoptions"
    )
    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="adoption"
    )
    adopted_at = models.DateTimeField(_("started from the template at"), auto_now_add=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied = models.BooleanField(
        _("criteria copied into the campaign"),
        default=True,
        help_text=_("Off: the campaign's own criteria put the movement's into its own words."),
    )
    criteria_taken = models.JSONField(default=list, editable=False)  # the template as it stood that day

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign under a movement")
        verbose_name_plural = _("campaigns under movements")

    def __str__(self):
        return f"{self.campaign} ← {self.programme}"
