from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from django.db.models import Q

        from common import private_files
        from organizations.scope import subtree_or_q, subtree_q

        from .models import BranchCommitment, Campaign, DeploymentPhoto, Document

        def deployment_or_commitment_photo(user, name):
            # Photos of a unit's deployment or of a branch's signed commitment: to who sees the unit.
            photos = DeploymentPhoto.objects.filter(subtree_q(user, "view", "deployment__unit__path"), image=name)
            return (
                photos
                if photos.exists()
                else BranchCommitment.objects.filter(subtree_q(user, "view", "unit__path"), photo=name)
            )

        def document(user, name):
            # A plan or legal basis of a campaign the user sees, the office's own documents, central ones.
            campaigns = Campaign.objects.visible_to(user)
            also = (
                Q(issuing_unit__isnull=True)
                | Q(pk__in=campaigns.values("plan_id"))
                | Q(pk__in=campaigns.values("legal_bases"))
            )
            return Document.objects.filter(subtree_or_q(user, "view", "issuing_unit__path", also), file=name)

        private_files.register("campaigns/", deployment_or_commitment_photo)
        private_files.register("documents/", document, attachment=True)
