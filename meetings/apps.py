from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from common import panels
        from notices import reminders

        from . import policies  # noqa: F401  (registers the policies)
        from .panels import invitation_todo, meetings_link
        from .services import meeting_reminders

        panels.register("home", invitation_todo)
        panels.register("campaign_detail", meetings_link)
        reminders.register("meeting", meeting_reminders)
