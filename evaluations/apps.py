from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Year-end evaluation and commendations")

    def ready(self):
        from common import panels, private_files

        from .models import Attachment, Commendation, Evaluation
        from .policies import COMMENDATIONS, EVALUATIONS

        def evidence(user, name):
            return Attachment.objects.filter(evaluation__in=EVALUATIONS.visible(user, Evaluation.objects), file=name)

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

        from django.db.models.signals import post_delete, post_save

        from organizations.models import Person, Unit

        from .stories import forget_public_pages

        for shown in (Commendation, Person, Unit):
            post_save.connect(forget_public_pages, sender=shown, dispatch_uid=f"public-pages-{shown.__name__}")
            post_delete.connect(forget_public_pages, sender=shown, dispatch_uid=f"public-pages-{shown.__name__}")

        from campaigns.models import Campaign
        from common import versions

        from .models import CriterionResult, EvaluationRound, Quota, RatingLevel, RatingScheme

        versions.track(EvaluationRound, Quota, Evaluation, CriterionResult, Attachment, Commendation, owner=Campaign)
        versions.track(RatingScheme, RatingLevel, name=versions.SHARED)
