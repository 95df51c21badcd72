"""Reads for the campaign pages."""

from organizations.models import GRASSROOTS_KINDS, Unit, UnitKind
from organizations.policies import UNITS

from .models import Campaign, Deployment


def deployment_units(campaign: Campaign, user):
    """Grassroots units and branches in both the campaign's and the user's scope, with their deployment."""
    units = list(
        UNITS.visible(user, Unit.objects, "review")
        .filter(
            path__startswith=campaign.organizer.path,
            is_active=True,
            kind__in=[*GRASSROOTS_KINDS, UnitKind.BRANCH],
        )
        .order_by("path")
    )
    deployed = {d.unit_id: d for d in Deployment.objects.filter(campaign=campaign, unit__in=units)}
    return [(unit, deployed.get(unit.pk)) for unit in units]
