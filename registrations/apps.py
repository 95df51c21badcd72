from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from common import panels

        from .panels import my_registration_box

        panels.register("campaign_detail", my_registration_box)
