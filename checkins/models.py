"""Check-ins (sơ kết): windows the office opens during the campaign's year, in which each cadre says how far each
committed action ("phần việc") has come, with a note and optionally a photo."""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign
from common.images import RandomUploadPath
from common.text import nfc
from registrations.models import Registration, RegistrationCriterion


class CheckInWindow(models.Model):
    """One check-in round of a campaign ("Sơ kết 6 tháng"), open to cadres from one day to another."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="checkin_windows"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. Sơ kết 6 tháng."))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("check-in window")
        verbose_name_plural = _("check-in windows")
        ordering = ["campaign", "opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")),
                name="checkin_window_ordered",
                violation_error_message=_("A check-in cannot close before it opens."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.opens_on:%d/%m/%Y} – {self.closes_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title).strip()
        super().save(*args, **kwargs)

    def is_open(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.opens_on <= on <= self.closes_on


class ActionStatus(models.TextChoices):
    TODO = "todo", _("Not started")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")


class CheckIn(models.Model):
    """A cadre's report in one window: one update per chosen criterion of their approved registration."""

    window = models.ForeignKey(
        CheckInWindow, verbose_name=_("check-in window"), on_delete=models.PROTECT, related_name="checkins"
    )
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="checkins"
    )
    reported_at = models.DateTimeField(_("reported at"))
    reported_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["window", "registration"]
        constraints = [models.UniqueConstraint(fields=["window", "registration"], name="checkin_once_per_window")]

    def __str__(self):
        return f"{self.registration.person} – {self.window.title}"


class ActionUpdate(models.Model):
    """How far one committed action has come, as the cadre reports it in one check-in."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="updates")
    choice = models.ForeignKey(
        RegistrationCriterion, verbose_name=_("committed action"), on_delete=models.PROTECT, related_name="updates"
    )
    status = models.CharField(_("progress"), max_length=8, choices=ActionStatus.choices)
    note = models.TextField(_("what was done"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=RandomUploadPath("checkins"), blank=True)
    # A 320 px copy for the lists and forms (tens of KB instead of the photo's hundreds on a slow link).
    thumbnail = models.ImageField(_("thumbnail"), upload_to=RandomUploadPath("checkins"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress of a committed action")
        verbose_name_plural = _("progress of committed actions")
        ordering = ["choice__criterion__order"]
        constraints = [models.UniqueConstraint(fields=["checkin", "choice"], name="update_once_per_action")]

    def __str__(self):
        return f"{self.choice} – {self.get_status_display()}"
