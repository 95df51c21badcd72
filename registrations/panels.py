"""What registrations add to the campaign page (the cadre's own sheet, the reviewer's counts) and to the home page
("Việc cần làm": sheets to finish or fix, sheets waiting, windows closing), through common.panels."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common import todo
from organizations.scope import has_any_grant

from . import selectors
from .models import Registration, Status
from .policies import REGISTRATIONS


def my_registration_box(request, context: dict) -> dict:
    campaign, person = context["campaign"], context.get("person")
    return {
        "registration": campaign.registrations.filter(person=person).first() if person else None,
        "counts": selectors.status_counts(campaign, request.user) if has_any_grant(request.user) else {},
    }


def registration_todo(request, context: dict) -> dict:
    """The cadre's sheets to finish or fix, sheets waiting for the unit's confirmation or the office's approval, and
    registration windows closing within a week (grouped per campaign: a few queries however many sheets)."""
    user, today = request.user, timezone.localdate()
    items = []
    person = context.get("person")
    if person is not None:
        open_campaigns = (
            Campaign.objects.for_person(person)
            .filter(registration_opens__lte=today, registration_closes__gte=today, closing__isnull=True)
            .select_related("organizer")  # is_eligible reads its path
        )
        mine = {r.campaign_id: r for r in Registration.objects.filter(person=person, campaign__in=open_campaigns)}
        for campaign in open_campaigns:
            sheet = mine.get(campaign.pk)
            if sheet is None and campaign.is_eligible(person):
                text = _("Register for “%(campaign)s”") % {"campaign": campaign.title}
            elif sheet is not None and sheet.status == Status.RETURNED:
                text = _("Fix and send again your sheet for “%(campaign)s”") % {"campaign": campaign.title}
            elif sheet is not None and sheet.status == Status.DRAFT:
                text = _("Finish and send your sheet for “%(campaign)s”") % {"campaign": campaign.title}
            else:
                continue
            items.append(
                todo.Todo(
                    text,
                    reverse("registrations:register", args=[campaign.slug]),
                    deadline=campaign.registration_closes,
                    detail=sheet.return_reason if sheet is not None and sheet.status == Status.RETURNED else "",
                )
            )
    if has_any_grant(user):
        waiting = (
            REGISTRATIONS.visible(user, Registration.objects, "review")
            .filter(status=Status.SUBMITTED, campaign__closing__isnull=True)  # a closed campaign no longer moves
            .exclude(person__user=user)
            .values_list("campaign__slug", "campaign__title")
            .annotate(n=Count("pk"))
            .order_by("campaign__title")
        )
        for slug, title, n in waiting:
            items.append(
                todo.Todo(
                    _("Sheets waiting for the unit's confirmation – %(campaign)s") % {"campaign": title},
                    reverse("registrations:review_queue", args=[slug]) + "?status=submitted",
                    count=n,
                )
            )
        confirmed = (
            REGISTRATIONS.visible(
                user, Registration.objects.filter(status=Status.CONFIRMED, campaign__closing__isnull=True), "manage"
            )
            .values_list("campaign__slug", "campaign__title")
            .annotate(n=Count("pk"))
            .order_by("campaign__title")
        )
        for slug, title, n in confirmed:
            items.append(
                todo.Todo(
                    _("Sheets waiting for the office's approval – %(campaign)s") % {"campaign": title},
                    reverse("registrations:review_queue", args=[slug]) + "?status=confirmed",
                    count=n,
                )
            )
        closing = CAMPAIGNS.visible(user, Campaign.objects, "manage").filter(
            closing__isnull=True,
            registration_opens__lte=today,
            registration_closes__gte=today,
            registration_closes__lte=today + timedelta(days=7),
        )
        for campaign in closing:
            items.append(
                todo.Todo(
                    _("Registration for “%(campaign)s” closes soon: see who has not registered")
                    % {"campaign": campaign.title},
                    reverse("registrations:not_registered", args=[campaign.slug]),
                    deadline=campaign.registration_closes,
                )
            )
    return todo.add(context, items)
