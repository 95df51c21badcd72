from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from common import panels, periodic

        from .panels import correction_todo
        from .retention import anonymise_departed

        panels.register("home", correction_todo)
        periodic.register("privacy.anonymise_departed", every=86400, run=lambda: anonymise_departed())
