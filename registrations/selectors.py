"""Reads for the campaign pages, each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from organizations.policies import PEOPLE
from organizations.scope import person_of

from .models import Registration, Status
from .policies import REGISTRATIONS

SENT_STATUSES = (Status.SUBMITTED, Status.CONFIRMED, Status.APPROVED)


def review_queue(campaign: Campaign, user):
    """Every registration of the campaign the user may review, in tree order (filters: registrations.filters), with
    only what the queue shows of each: 50 a page, each row's other columns were most of its reading time."""
    return (
        REGISTRATIONS.visible(user, Registration.objects.filter(campaign=campaign), "review")
        .select_related("person", "unit")
        .only("status", "person", "unit", "person__full_name", "unit__name")
        .order_by("unit__path", "person__sort_key", "pk")
    )


@dataclass(frozen=True)
class QueueRow:
    pk: int
    name: str
    unit: str
    status: str
    status_label: str
    url: str


def queue_rows(registrations) -> list[QueueRow]:
    """The queue's rows as the page writes them, made here once rather than looked up field by field, label by label
    and link by link in the template (the page's time was mostly that, fifty times)."""
    labels = {value: str(label) for value, label in Status.choices}  # translated once, not once a row
    return [
        QueueRow(
            r.pk,
            r.person.full_name,
            r.unit.name,
            r.status,
            labels[r.status],
            reverse("registrations:registration_detail", args=[r.pk]),
        )
        for r in registrations
    ]


def status_counts(campaign: Campaign, user) -> dict[str, int]:
    rows = (
        REGISTRATIONS.visible(user, Registration.objects.filter(campaign=campaign), "review")
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def not_yet_registered(campaign: Campaign, user):
    """People who must register, in the user's review scope, whose sheet has not been sent: as of the campaign's
    report day (its end, once it ended), so a past campaign lists the members of its own time."""
    sent = Registration.objects.filter(campaign=campaign, status__in=SENT_STATUSES).values("person_id")
    return (
        campaign.eligible_people(campaign.report_date())
        .filter(PEOPLE.q(user, "review"))
        .exclude(pk__in=sent)
        .select_related("home_unit")
        .order_by("home_unit__path", "sort_key", "pk")
    )


def my_registrations(user):
    return (
        Registration.objects.filter(person__user=user)
        .select_related("campaign", "unit")
        .order_by("-campaign__starts_on")
    )


def campaigns_with_my_status(user):
    person = person_of(user)
    campaigns = list(CAMPAIGNS.visible(user, Campaign.objects).select_related("organizer", "plan"))
    mine = {r.campaign_id: r for r in Registration.objects.filter(person=person)} if person else {}
    return [(campaign, mine.get(campaign.pk)) for campaign in campaigns]


def registration_for(user, registration_pk: int):
    """A registration the user may see: their own, or one in their view scope."""
    return (
        REGISTRATIONS.visible(user, Registration.objects)
        .select_related("campaign", "campaign__plan", "person", "unit", "confirmed_by", "approved_by")
        .filter(pk=registration_pk)
    )
