"""A meeting a unit calls in a campaign — launch, signing, branch meeting (sinh hoạt chi đoàn, phê bình và tự phê
bình) — with its day, hour, place and agenda, and the people invited to it, who reply on their phone: "sẽ tham
dự" or "vắng có lý do" with the reason. The roster taken at the meeting starts from the replies and records the
campaign's activity (campaigns.Activity) as before."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Activity, ActivityKind, Campaign
from organizations.models import Person, Unit


class Meeting(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind of activity"), max_length=10, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the roster is taken: the activity the meeting recorded.
    activity = models.OneToOneField(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-day", "-starts_at", "-pk"]

    def __str__(self):
        return f"{self.title} – {self.unit} ({self.day:%d/%m/%Y})"


class Reply(models.TextChoices):
    NONE = "", _("Not replied yet")
    ATTENDING = "yes", _("Will attend")
    ABSENT = "no", _("Absent with a reason")


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, verbose_name=_("invitee"), on_delete=models.CASCADE, related_name="+")
    reply = models.CharField(_("reply"), max_length=3, choices=Reply.choices, blank=True, default=Reply.NONE)
    reason = models.CharField(_("reason for being absent"), max_length=300, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["person__sort_key", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="invitation_once")]

    def __str__(self):
        return f"{self.person} – {self.meeting}"
