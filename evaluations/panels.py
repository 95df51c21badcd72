"""What the year-end evaluation adds to the campaign page and to a registration sheet (common.panels)."""

from registrations.models import Status

from .selectors import year_end_for


def year_end_box_on_campaign(request, context: dict) -> dict:
    return year_end_for(context["campaign"], context.get("registration"))


def year_end_box_on_registration(request, context: dict) -> dict:
    registration = context["registration"]
    if registration.status != Status.APPROVED:
        return {}
    return year_end_for(registration.campaign, registration)
