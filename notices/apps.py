from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notifications")

    def ready(self):
        from django.utils import timezone

        from common import periodic

        from .channels import drain_outgoing
        from .reminders import send_reminders

        # Hourly: each reminder is claimed once (notices.reminders.claim), so only the first run of a day sends.
        periodic.register("notices.reminders", every=3600, run=lambda: send_reminders(timezone.localdate()))
        # Outside messages whose task was lost with its server (the outbox keeps them).
        periodic.register("notices.outgoing", every=60, run=drain_outgoing)
