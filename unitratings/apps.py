from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitratingsConfig(AppConfig):
    name = "unitratings"
    verbose_name = _("Units' year-end ratings")

    def ready(self):
        from common import panels
        from reports.xlsx import REPORTS

        from .models import UnitRound
        from .xlsx import write_unit_ratings

        REPORTS["unit_ratings"] = write_unit_ratings  # the export page and export_xlsx offer it

        def units_rating_link(request, context):
            return {"unit_round": UnitRound.objects.filter(campaign=context["campaign"]).first()}

        panels.register("campaign_detail", units_rating_link)

        from campaigns.models import Campaign
        from common import versions

        from .models import UnitCriterion, UnitQuota, UnitRating

        versions.track(UnitRound, UnitCriterion, UnitQuota, UnitRating, owner=Campaign)
