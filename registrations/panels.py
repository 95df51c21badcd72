"""What registrations add to the campaign page (common.panels): the cadre's own sheet, the reviewer's counts."""

from organizations.scope import has_any_grant

from . import selectors


def my_registration_box(request, context: dict) -> dict:
    campaign, person = context["campaign"], context.get("person")
    return {
        "registration": campaign.registrations.filter(person=person).first() if person else None,
        "counts": selectors.status_counts(campaign, request.user) if has_any_grant(request.user) else {},
    }
