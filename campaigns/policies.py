"""Who may see campaigns and use documents (organizations.policies).

Campaigns: to view, those over the user's own unit (they may register), those they have a sheet in (their own past,
wherever their unit went since), and those whose subtree overlaps a grant's
subtree (a district's campaign for a commune's secretary, a commune's campaign for the district office), then or
now (a dissolved district's campaign for the office of the commune its communes merged into); to manage,
the organiser must be in the office's subtree. Documents: the office's subtree's own, and the central ones (no
issuing unit), which every office may cite but only an administrator changes."""

from django.db.models import Q, QuerySet

from organizations.models import Unit, UnitSpan
from organizations.policies import SubtreePolicy, register
from organizations.scope import EVERYTHING, granted_paths, person_of, subtree_or_q

from .models import Activity, ActivityPhoto, BranchCommitment, Campaign, Closing, Deployment, DeploymentPhoto, Document


class DocumentPolicy(SubtreePolicy):
    def q(self, user, action: str = "view") -> Q:
        if action == "manage":  # a central document is the administrator's to change
            return super().q(user, action)
        return subtree_or_q(user, action, self.path_field, Q(issuing_unit__isnull=True))

    def usable(self, user) -> QuerySet:
        """The documents an office may cite as a campaign's plan or legal basis: its subtree's and the central
        ones."""
        central = Q(issuing_unit__isnull=True)
        return Document.objects.select_related("issuing_unit").filter(
            subtree_or_q(user, "manage", self.path_field, central)
        )

    def readable(self, user) -> QuerySet:
        """The documents a user may open: those `visible` to view, and the plans and legal bases of every
        campaign the user sees."""
        campaigns = CAMPAIGNS.visible(user, Campaign.objects)
        also = Q(pk__in=campaigns.values("plan_id")) | Q(pk__in=campaigns.values("legal_bases"))
        return Document.objects.filter(subtree_or_q(user, "view", self.path_field, Q(issuing_unit__isnull=True) | also))


class CampaignPolicy(SubtreePolicy):
    def q(self, user, action: str = "view") -> Q:
        if action != "view":
            return super().q(user, action)
        paths = granted_paths(user, "view")
        if paths is EVERYTHING:
            return Q()
        person = person_of(user)
        # Over the person's own unit: organised by it or a unit above it (Campaign.objects.for_person, as a filter);
        # and every campaign the person has a sheet in, whatever their unit is now: their own past stays theirs.
        q = Q(pk__in=[])
        if person:
            sheets = Campaign._meta.get_field("registrations").related_model.objects.filter(person=person)
            q = Q(organizer__path__in=Unit.path_and_above(person.home_unit.path)) | Q(
                pk__in=sheets.values("campaign_id")
            )
        for path in paths:
            # The campaign's subtree and the grant's subtree overlap when one path starts the other.
            q |= Q(organizer__path__startswith=path)
            q |= Q(organizer__path__in=Unit.path_and_above(path))
            # Lineage: units now in the grant's subtree that once stood under the organiser (one or two levels
            # down, as a merged commune and its branches stood under a dissolved district).
            once_above = UnitSpan.objects.filter(unit__path__startswith=path).values("parent_id")
            q |= Q(organizer_id__in=once_above)
            q |= Q(organizer_id__in=UnitSpan.objects.filter(unit_id__in=once_above).values("parent_id"))
        return q

    def can(self, user, action: str, obj) -> bool:
        if action != "view":
            return super().can(user, action, obj)
        return self.visible(user, Campaign.objects.filter(pk=obj.pk)).exists()


CAMPAIGNS = register(Campaign, CampaignPolicy("organizer__path"))
DEPLOYMENTS = register(Deployment, SubtreePolicy("unit__path"))
DEPLOYMENT_PHOTOS = register(DeploymentPhoto, SubtreePolicy("deployment__unit__path"))
COMMITMENTS = register(BranchCommitment, SubtreePolicy("unit__path"))
ACTIVITIES = register(Activity, SubtreePolicy("unit__path"))
ACTIVITY_PHOTOS = register(ActivityPhoto, SubtreePolicy("activity__unit__path"))
DOCUMENTS = register(Document, DocumentPolicy("issuing_unit__path"))
CLOSINGS = register(Closing, SubtreePolicy("campaign__organizer__path"))
