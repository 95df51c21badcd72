from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.conf import settings

        from common import periodic, private_files

        from .exports import remove_expired, restart_lost_jobs, visible_file
        from .imports import forget_stale

        private_files.register("exports/", visible_file, attachment=True)
        periodic.register("exports.restart_lost", every=settings.EXPORT_WATCHDOG_SECONDS, run=restart_lost_jobs)
        periodic.register("exports.remove_expired", every=3600, run=remove_expired)
        periodic.register("imports.forget_stale", every=3600, run=forget_stale)
