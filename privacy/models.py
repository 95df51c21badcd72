from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Person


class CorrectionRequest(models.Model):
    """A person asks their unit's office to correct what the portal holds about them (the law's right to
    correction): it waits as a to-do of the offices over their unit until one answers."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="correction_requests"
    )
    text = models.TextField(_("what should be corrected"), max_length=2000)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request to correct personal data")
        verbose_name_plural = _("requests to correct personal data")
        ordering = ["handled_at", "-asked_at"]

    def __str__(self):
        return f"{self.person} ({self.asked_at:%d/%m/%Y})"
