"""What campaigns add to the home page (common.panels, slot "home"): units that have not deployed a running
campaign, for those who review them."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import todo
from organizations.models import COUNTED_KINDS, Unit
from organizations.policies import UNITS
from organizations.scope import has_any_grant

from .models import Campaign, Deployment
from .policies import CAMPAIGNS


def deployment_todo(request, context: dict) -> dict:
    user, today = request.user, timezone.localdate()
    if not has_any_grant(user):
        return {}
    items = []
    running = CAMPAIGNS.visible(user, Campaign.objects).filter(
        starts_on__lte=today, ends_on__gte=today, closing__isnull=True
    )
    for campaign in running.select_related("organizer")[:5]:
        units = UNITS.visible(user, Unit.objects, "review").filter(
            path__startswith=campaign.organizer.path, is_active=True, kind__in=COUNTED_KINDS
        )
        missing = units.exclude(pk__in=Deployment.objects.filter(campaign=campaign).values("unit_id")).count()
        if missing:
            items.append(
                todo.Todo(
                    _("Units that have not deployed “%(campaign)s”") % {"campaign": campaign.title},
                    reverse("campaigns:deployment_list", args=[campaign.slug]),
                    count=missing,
                )
            )
    return todo.add(context, items)
