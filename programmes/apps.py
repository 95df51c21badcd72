from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Movements and drives")

    def ready(self):
        from campaigns.models import Campaign
        from common import panels, versions

        from . import policies  # noqa: F401  (registers the policies)
        from .models import Adoption, Programme
        from .panels import movement_of_campaign

        panels.register("campaign_detail", movement_of_campaign)
        # A campaign's page names the movement it serves.
        versions.track(Adoption, owner=Campaign)
        versions.track(Programme, name=versions.SHARED)
