"""Service tokens: how a program (the province's website, a Tỉnh đoàn dashboard) reads the API.

An office creates a token for a unit of its subtree and a purpose; the token then sees exactly what that unit's
office sees (api.auth.TokenPrincipal goes through the same policies). The token itself is shown once, when it is
made; the database keeps only a keyed hash of it, like activation codes (accounts.models.hash_code)."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import nfc
from organizations.models import Unit

# "dtn_" tells a leaked token apart in logs and secret scanners; the next 8 characters name it in the admin.
TOKEN_PREFIX = "dtn_"
LOOKUP_LENGTH = 8


def hash_token(raw: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ServiceTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, unit__is_active=True)


class ServiceToken(models.Model):
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="service_tokens",
        help_text=_("The token reads what this unit's office sees: the unit and everything under it."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=200, help_text=_("What reads with it, e.g. “website”, “Tỉnh đoàn dashboard”.")
    )
    lookup = models.CharField(_("token starts with"), max_length=LOOKUP_LENGTH + len(TOKEN_PREFIX), editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    objects = ServiceTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("service token")
        verbose_name_plural = _("service tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="token_expires_later"),
        ]

    def __str__(self):
        return f"{self.purpose} ({self.lookup}…)"

    def save(self, *args, **kwargs):
        self.purpose = nfc(self.purpose).strip()
        super().save(*args, **kwargs)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.unit.is_active
