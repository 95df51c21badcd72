"""A cadre's registration sheet (phiếu đăng ký rèn luyện) and its review."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign, Criterion
from organizations.models import Person, PositionTitle, Unit


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for the unit")
    CONFIRMED = "confirmed", _("Confirmed by the unit, waiting for the office")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


class ReturnStage(models.TextChoices):
    UNIT = "unit", _("by the unit")
    OFFICE = "office", _("by the office")


class Registration(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(Person, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="registrations")
    # Where and what the person was when registering: kept when they or the unit later move.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit at registration"), on_delete=models.PROTECT, related_name="registrations"
    )
    position_title = models.CharField(
        _("position at registration"), max_length=30, choices=PositionTitle.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    strengths = models.TextField(_("strengths"), blank=True)
    overall_commitment = models.TextField(_("overall commitment"), blank=True)
    excellent_member = models.BooleanField(
        _("strives to be an excellent member"),
        default=False,
        help_text=_("Đăng ký đoàn viên ưu tú (campaigns where every member registers, as in Lạng Sơn)."),
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    returned_stage = models.CharField(_("returned"), max_length=10, choices=ReturnStage.choices, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Optimistic locking: every change increments it; a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="registration_once_per_campaign"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="registration_returned_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="registration_campaign_status")]

    def __str__(self):
        return f"{self.person} – {self.campaign}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class RegistrationCriterion(models.Model):
    """One chosen criterion: the shortcomings the cadre sees in themself and the actions they commit to."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="choices")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="choices"
    )
    shortcomings = models.TextField(_("shortcomings I see in myself"))
    actions = models.TextField(_("concrete actions I commit to"))
    target = models.CharField(
        _("target (optional)"), max_length=300, blank=True, help_text=_("A measurable target, e.g. 12 buổi sinh hoạt.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chosen criterion")
        verbose_name_plural = _("chosen criteria")
        ordering = ["criterion__order"]
        constraints = [models.UniqueConstraint(fields=["registration", "criterion"], name="choice_once")]

    def __str__(self):
        return str(self.criterion)


class Reminder(models.Model):
    """One reminder sent to one person for one campaign at one threshold (7, 3, 1 days before the window closes):
    what keeps send_reminders from sending it twice."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="reminders"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reminders")
    days = models.PositiveSmallIntegerField(_("days before closing"), default=7)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["campaign", "person", "days"], name="reminder_once")]

    def __str__(self):
        return f"{self.person} – {self.campaign} ({self.sent_at:%d/%m/%Y})"
