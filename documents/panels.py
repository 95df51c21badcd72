"""What documents add to the pages of the apps below (common.panels)."""

from organizations.models import Unit
from organizations.policies import UNITS
from organizations.scope import has_any_grant, scope_roots

from .writers import commendation_decisions, rating_decisions


def closing_decisions(request, context: dict) -> dict:
    """The decisions on the campaign's commendations the user's office issued (on the closing page, to download)."""
    units = UNITS.visible(request.user, Unit.objects, "manage")
    return {
        "decisions": commendation_decisions(context["campaign"], units),
        "rating_decisions": rating_decisions(context["campaign"], units),
    }


def blank_sheet_units(request, context: dict) -> dict:
    """The units whose blank sheet a reviewer may print from the campaign page: their own units in its scope."""
    campaign = context["campaign"]
    if not has_any_grant(request.user):
        return {"blank_sheet_units": []}
    roots = [unit for unit in scope_roots(request.user, "review") if unit.path.startswith(campaign.organizer.path)]
    if not roots and UNITS.can(request.user, "review", campaign.organizer):
        roots = [campaign.organizer]
    return {"blank_sheet_units": roots[:5]}
