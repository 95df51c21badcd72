"""Góp ý and phê bình on a cadre: a unit opens a window in which its members (and its committee) comment on the
sheets of its cadres, at a branch meeting or online; the cadre reads them (without names where the unit chooses;
the office still sees who wrote, for abuse); the unit writes the collective opinion ("ý kiến của tập thể chi
đoàn"), which goes into its year-end proposal and the printed evaluation sheet."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Activity, Campaign
from organizations.models import Person, Unit
from registrations.models import Registration


class FeedbackRound(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="feedback_rounds")
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    names_hidden = models.BooleanField(
        _("hide the writers' names from the cadre"),
        default=False,
        help_text=_("The office still sees who wrote each comment."),
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("given at the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round of comments on cadres")
        verbose_name_plural = _("rounds of comments on cadres")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="feedback_round_period",
                violation_error_message=_("The window closes before it opens."),
            )
        ]

    def __str__(self):
        return f"{self.unit} ({self.opens_on:%d/%m/%Y} – {self.closes_on:%d/%m/%Y})"

    def is_open(self, on) -> bool:
        return self.opens_on <= on <= self.closes_on


class CommentKind(models.TextChoices):
    SUGGESTION = "suggestion", _("Góp ý (suggestion)")
    CRITICISM = "criticism", _("Phê bình (criticism)")
    PRAISE = "praise", _("Ghi nhận (what went well)")


class Comment(models.Model):
    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="comments")
    registration = models.ForeignKey(
        Registration, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(Person, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=CommentKind.choices)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment on a cadre")
        verbose_name_plural = _("comments on cadres")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "registration", "author"], name="comment_once_per_round")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.registration.person}"


class CollectiveOpinion(models.Model):
    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="opinions")
    registration = models.ForeignKey(
        Registration, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="collective_opinions"
    )
    text = models.TextField(_("opinion of the branch's collective"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    written_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion of the collective")
        verbose_name_plural = _("opinions of the collective")
        ordering = ["-written_at"]
        constraints = [models.UniqueConstraint(fields=["round", "registration"], name="opinion_once_per_round")]

    def __str__(self):
        return f"{self.registration.person} – {self.round}"
