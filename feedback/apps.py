from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Comments on cadres")

    def ready(self):
        from common import panels

        from . import policies  # noqa: F401  (registers the policies)
        from .panels import cadres_discussed, feedback_todo, rounds_link, sheet_feedback

        panels.register("registration_detail", sheet_feedback)
        panels.register("campaign_detail", rounds_link)
        panels.register("home", feedback_todo)
        panels.register("activity_detail", cadres_discussed)
