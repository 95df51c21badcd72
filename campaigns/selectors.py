"""Reads for the campaign pages."""

from django.db.models import Count

from organizations.models import COUNTED_KINDS, Unit
from organizations.policies import UNITS

from .models import ActivityKind, Campaign, Deployment
from .policies import ACTIVITIES


def deployment_units(campaign: Campaign, user):
    """Grassroots units and branches in both the campaign's and the user's scope, with their deployment."""
    units = list(
        UNITS.visible(user, Unit.objects, "review")
        .filter(
            path__startswith=campaign.organizer.path,
            is_active=True,
            kind__in=COUNTED_KINDS,
        )
        .order_by("path")
    )
    deployed = {d.unit_id: d for d in Deployment.objects.filter(campaign=campaign, unit__in=units)}
    return [(unit, deployed.get(unit.pk)) for unit in units]


def activities(campaign: Campaign, user):
    """The campaign's activities of the units this user reviews (or sees), newest first."""
    return ACTIVITIES.visible(user, campaign.activities.select_related("unit"), "review")


def activity_counts(campaign: Campaign, user) -> list[tuple[str, str, int]]:
    """(kind, label, number of activities) over the user's units, in the order of the kinds."""
    found = dict(
        ACTIVITIES.visible(user, campaign.activities.all(), "review")
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(kind, label, found.get(kind, 0)) for kind, label in ActivityKind.choices]


def units_reviewed(campaign: Campaign, user):
    """The campaign's active units this user reviews, in tree order: those they may act for (record an activity,
    call a meeting, open a round of comments)."""
    return (
        UNITS.visible(user, Unit.objects, "review")
        .filter(path__startswith=campaign.organizer.path, is_active=True)
        .order_by("path")
    )


def units_to_report(campaign: Campaign, user):
    """The units of the campaign this user may record activities for (a picker: capped for a phone)."""
    return units_reviewed(campaign, user).only("pk", "name", "depth", "path")[:300]
