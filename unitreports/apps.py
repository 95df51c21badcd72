from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitreportsConfig(AppConfig):
    name = "unitreports"
    verbose_name = _("Units' reports")

    def ready(self):
        from campaigns.models import Campaign
        from common import panels, private_files, versions
        from notices import reminders

        from .models import ReportRequest, UnitReport
        from .panels import report_todo, reports_link
        from .policies import UNIT_REPORTS
        from .reminders import report_reminders

        panels.register("home", report_todo)
        panels.register("campaign_detail", reports_link)
        reminders.register("unit_report", report_reminders)
        # A signed scan: to whoever sees the unit's report (its reviewers, the organiser's office).
        private_files.register(
            "unitreports/", lambda user, name: UNIT_REPORTS.visible(user, UnitReport.objects.filter(scan=name))
        )
        versions.track(ReportRequest, UnitReport, owner=Campaign)
