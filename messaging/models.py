"""A message an office or a unit's secretary writes to a group of people inside its subtree (a cohort): every
member of a unit, its Bí thư, the cadres whose sheet was returned, those who have not reported in the open
check-in. Sent through the portal's channels (in-app, e-mail, Zalo, Web Push: notices.channels); the message keeps
who it went to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from organizations.models import Person, Unit


class Cohort(models.TextChoices):
    MEMBERS = "members", _("Every member of the unit and the units under it")
    SECRETARIES = "secretaries", _("The Bí thư of the unit and of every unit under it")
    RETURNED = "returned", _("Cadres whose sheet in the campaign was returned")
    NOT_REPORTED = "not_reported", _("Cadres who have not reported in the campaign's open check-in")


# The cohorts that speak of one campaign.
CAMPAIGN_COHORTS = (Cohort.RETURNED, Cohort.NOT_REPORTED)


class CohortMessage(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    cohort = models.CharField(_("to"), max_length=20, choices=Cohort.choices)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("message"), max_length=2000)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    count = models.PositiveIntegerField(_("people"), default=0)
    recipients = models.ManyToManyField(Person, verbose_name=_("sent to"), related_name="cohort_messages")

    class Meta:
        verbose_name = _("message to a group")
        verbose_name_plural = _("messages to groups")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.sent_at:%d/%m/%Y})"
