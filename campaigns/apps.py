from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from common import panels, private_files

        from .models import ActivityPhoto, BranchCommitment, DeploymentPhoto
        from .policies import ACTIVITY_PHOTOS, COMMITMENTS, DEPLOYMENT_PHOTOS, DOCUMENTS

        def deployment_or_commitment_photo(user, name):
            # Photos of a unit's deployment, of a branch's signed commitment or of an activity: to who sees the unit.
            photos = DEPLOYMENT_PHOTOS.visible(user, DeploymentPhoto.objects.filter(image=name))
            if photos.exists():
                return photos
            photos = ACTIVITY_PHOTOS.visible(user, ActivityPhoto.objects.filter(image=name))
            return photos if photos.exists() else COMMITMENTS.visible(user, BranchCommitment.objects.filter(photo=name))

        def document(user, name):
            return DOCUMENTS.readable(user).filter(file=name)

        private_files.register("campaigns/", deployment_or_commitment_photo)
        from .panels import deployment_todo

        panels.register("home", deployment_todo)
        private_files.register("documents/", document, attachment=True)

        from common import versions

        from .models import Activity, Campaign, Closing, Criterion, Deployment, Document, EligibilityRule

        # What a campaign's pages and figures show moves its version (ETags, cached figures: common.versions).
        tracked = (Campaign, EligibilityRule, Criterion, Deployment, DeploymentPhoto, BranchCommitment, Activity)
        versions.track(*tracked, ActivityPhoto, Closing, owner=Campaign)
        versions.track(Document, name=versions.SHARED)
        m2m_changed.connect(
            lambda instance, action, **_signal: versions.move(versions.SHARED) if action.startswith("post_") else None,
            sender=Campaign.legal_bases.through,
            dispatch_uid="versions-campaign-legal-bases",
            weak=False,
        )
