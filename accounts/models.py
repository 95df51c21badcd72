import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. A cadre's user is linked to their Person (organizations.Person.user)."""

    # The menu's badge, kept with the login (already read on every request) instead of counted on every page:
    # notices.channels adds to it, reading the list sets it back (notices.views).
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self):
        # Vietnamese order: family (and middle) name first, given name last: "Nguyễn Văn An".
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()


# No 0/O, 1/I/L: a code is read off paper and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def normalize_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def hash_code(raw: str) -> str:
    """Keyed hash of a code: what the database keeps, so a leaked table reveals no usable code."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalize_code(raw).encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(raw: str) -> str:
    """ABCDEFGHJK -> ABCD-EFGH-JK, easier to copy by hand."""
    code = normalize_code(raw)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class ActivationCodeQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class ActivationCode(models.Model):
    """A single-use code the office hands a cadre so they can create their own login."""

    person = models.ForeignKey(
        "organizations.Person", on_delete=models.CASCADE, related_name="activation_codes", verbose_name=_("person")
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ActivationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.person} ({self.issued_at:%d/%m/%Y})"


class ActivationFailure(models.Model):
    """A wrong activation attempt, counted per address and per login name to slow down guessing.

    Kept in the database (not a process's memory) so that several app servers count together.
    """

    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    username = models.CharField(max_length=150, blank=True, db_index=True)
    attempted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed activation")
        verbose_name_plural = _("failed activations")

    def __str__(self):
        return f"{self.username or '-'} @ {self.ip_address} {self.attempted_at:%d/%m/%Y %H:%M}"


class PasswordResetRequest(models.Model):
    """A password-reset e-mail asked for, counted per address asked for and per client address: no one may flood
    a mailbox, or the mail server, through the public reset form."""

    email = models.EmailField(db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")

    def __str__(self):
        return f"{self.email} @ {self.ip_address} {self.requested_at:%d/%m/%Y %H:%M}"
