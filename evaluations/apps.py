from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Year-end evaluation and commendations")

    def ready(self):
        from common import panels, private_files

        from .models import Attachment, Commendation, Evaluation
        from .policies import COMMENDATIONS

        def evidence(user, name):
            return Attachment.objects.filter(evaluation__in=Evaluation.objects.visible_to(user), file=name)

        def commendation_photo(user, name):
            # The uploaded original stays with the issuing office; the public sees only the published variants.
            return COMMENDATIONS.visible(user, Commendation.objects.filter(photo=name), "manage")

        private_files.register("evaluations/", evidence, attachment=True)

        from notices import reminders

        from .panels import evaluation_todo, year_end_box_on_campaign, year_end_box_on_registration
        from .reminders import self_assessment_reminders

        panels.register("campaign_detail", year_end_box_on_campaign)
        panels.register("home", evaluation_todo)
        reminders.register("self_assessment", self_assessment_reminders)
        panels.register("registration_detail", year_end_box_on_registration)
        private_files.register("guong-sang/", commendation_photo)

        # The public pages are kept a minute for visitors (common.page_cache): any change to a commendation, its
        # photo copies included, makes them be drawn again at once.
        from django.db.models.signals import post_delete, post_save

        from common import page_cache

        from .stories import PUBLIC_PAGES

        def stories_changed(**kwargs):
            page_cache.changed(PUBLIC_PAGES)

        post_save.connect(stories_changed, sender=Commendation, weak=False, dispatch_uid="public-stories-saved")
        post_delete.connect(stories_changed, sender=Commendation, weak=False, dispatch_uid="public-stories-deleted")
