from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from common import panels
        from notices import reminders as notice_reminders

        from .panels import my_registration_box, registration_todo
        from .reminders import registration_reminders

        panels.register("campaign_detail", my_registration_box)
        panels.register("home", registration_todo)
        notice_reminders.register("registration", registration_reminders)

        from campaigns.models import Campaign
        from common import versions

        from .models import Registration, RegistrationCriterion

        versions.track(Registration, RegistrationCriterion, owner=Campaign)
