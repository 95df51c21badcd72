"""A campaign's outline as its page shows it — title, organiser, plan and legal bases, dates, criteria with what to
do and not to do — drawn once and kept under the campaign's version and the shared rows' (common.versions): the same
for every reader, moved by any write to the campaign, its criteria or its documents."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from common import versions

from .models import Campaign


def campaign_outline(campaign: Campaign) -> dict:
    """{"head": html, "criteria": html} of `campaign` (its page's campaign, with plan and organiser read)."""

    def draw():
        context = {
            "campaign": campaign,
            "legal_bases": list(campaign.legal_bases.all()),
            "criteria": list(campaign.criteria.all()),
        }
        return {
            "head": render_to_string("campaigns/_outline_head.html", context),
            "criteria": render_to_string("campaigns/_outline_criteria.html", context),
        }

    names = [versions.of(Campaign, campaign.pk), versions.SHARED]
    drawn = versions.remember(names, f"campaign-outline:{campaign.pk}:{get_language()}", draw)
    return {part: mark_safe(html) for part, html in drawn.items()}  # our templates, escaped as they were drawn
