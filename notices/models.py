"""What the portal tells people: in-app notifications (with the unread count in the menu), each person's choice
of outside channels, the outside deliveries that failed, and the reminders already sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title


class Preference(models.Model):
    """Which outside channels a person wants besides the in-app list (always on)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference")
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_phone = models.BooleanField(_("by Zalo message to my phone"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class Delivery(models.Model):
    """One message sent through an outside channel: what went, and why one did not."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("channel"), max_length=12)
    event = models.CharField(_("event"), max_length=60)
    address = models.CharField(_("address"), max_length=200)
    ok = models.BooleanField(_("delivered"))
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.channel} → {self.address}"


class SentReminder(models.Model):
    """A reminder already sent (its key names the window, the person and the days left): never twice."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self):
        return self.key


class Outgoing(models.Model):
    """Messages for the outside channels (e-mail, Zalo), written in the transaction of the step that caused them:
    the outbox. A committed step always has its messages on the way, even when the app server dies right after
    the commit; a task worker sends each once (taken_at claims it), the periodic drain picks up any left."""

    sends = models.JSONField()  # [{"user": id or None, "channel": "email" or a phone backend's name, "address": …}]
    message = models.JSONField()
    attempt = models.PositiveSmallIntegerField(default=1)  # a retry of the sends that failed is a row of its own
    created_at = models.DateTimeField(auto_now_add=True)
    send_after = models.DateTimeField(default=timezone.now, db_index=True)
    taken_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")

    def __str__(self):
        return f"{self.message.get('event', '')} × {len(self.sends)} ({self.attempt})"


class PushSubscription(models.Model):
    """A browser's Web Push subscription (the installed app on a phone): where its push service takes messages for
    it, and the keys they are encrypted to (notices.push)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(_("push service address"), max_length=500, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phone receiving notifications")
        verbose_name_plural = _("phones receiving notifications")

    def __str__(self):
        return f"{self.user} ({self.created_at:%d/%m/%Y})"
