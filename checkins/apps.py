from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = _("Check-ins")

    def ready(self):
        from django.db.models import Q

        from common import panels, private_files
        from notices import reminders

        from .models import ActionUpdate, CheckIn
        from .panels import checkin_box, checkin_todo
        from .policies import CHECKINS
        from .reminders import checkin_reminders

        def update_photo(user, name):
            # A photo of a committed action's progress: to the cadre and to who reviews the cadre's unit.
            return ActionUpdate.objects.filter(
                Q(photo=name) | Q(thumbnail=name), checkin__in=CHECKINS.visible(user, CheckIn.objects.all())
            )

        private_files.register("checkins/", update_photo)
        panels.register("campaign_detail", checkin_box)
        panels.register("home", checkin_todo)
        reminders.register("checkin", checkin_reminders)

        from campaigns.models import Campaign
        from common import versions

        from .models import CheckInWindow

        versions.track(CheckInWindow, CheckIn, ActionUpdate, owner=Campaign)
