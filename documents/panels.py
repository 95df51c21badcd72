"""What documents add to the pages of the apps below (common.panels)."""

from organizations.policies import UNITS
from organizations.scope import has_any_grant, scope_roots


def blank_sheet_units(request, context: dict) -> dict:
    """The units whose blank sheet a reviewer may print from the campaign page: their own units in its scope."""
    campaign = context["campaign"]
    if not has_any_grant(request.user):
        return {"blank_sheet_units": []}
    roots = [unit for unit in scope_roots(request.user, "review") if unit.path.startswith(campaign.organizer.path)]
    if not roots and UNITS.can(request.user, "review", campaign.organizer):
        roots = [campaign.organizer]
    return {"blank_sheet_units": roots[:5]}
