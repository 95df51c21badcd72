"""Which part of the tree a report covers for a user: where the campaign and the user's grants overlap."""

from django.http import Http404

from campaigns.models import Campaign
from organizations.models import Unit
from organizations.scope import EVERYTHING, granted_paths


def report_root(campaign: Campaign, user, unit_pk=None) -> Unit:
    """The unit a report starts from: the one asked for if the user may see it, else the user's
    top unit inside the campaign (or the campaign's organiser when the user's grant is above it)."""
    scope = Unit.objects.visible_to(user).filter(path__startswith=campaign.organizer.path)
    if unit_pk:
        unit = scope.filter(pk=unit_pk).first()
        if unit is None:
            raise Http404
        return unit
    paths = granted_paths(user, "view")
    if paths is EVERYTHING or any(campaign.organizer.path.startswith(p) for p in paths):
        return campaign.organizer
    inside = [p for p in paths if p.startswith(campaign.organizer.path)]
    if not inside:
        raise Http404
    return Unit.objects.get(path=inside[0])
