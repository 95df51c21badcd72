"""What programmes add to a campaign's page (common.panels, slot "campaign_detail"): the movement it serves."""

from .models import Adoption


def movement_of_campaign(request, context: dict) -> dict:
    adoption = Adoption.objects.filter(campaign=context["campaign"]).select_related("programme").first()
    return {"movement": adoption.programme if adoption else None}
