"""What check-ins add to the campaign page (the window open now, the cadre's report in it) and to the home page
("Việc cần làm": check-ins due, cadres who have not reported), through common.panels."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common import todo
from organizations.scope import has_any_grant
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from . import selectors
from .models import CheckIn, CheckInWindow


def checkin_box(request, context: dict) -> dict:
    campaign, registration = context["campaign"], context.get("registration")
    window = None if campaign.closed_on() else selectors.open_window(campaign)
    mine = None
    if window and registration and registration.status == RegistrationStatus.APPROVED:
        mine = selectors.checkin_for(registration, window)
    has_windows = window is not None or campaign.checkin_windows.exists()
    return {"checkin_window": window, "my_checkin": mine, "has_checkins": has_windows}


def checkin_todo(request, context: dict) -> dict:
    """The cadre's check-ins open and not yet reported; for reviewers, who has not reported in each open one."""
    user, today = request.user, timezone.localdate()
    open_windows = list(
        CheckInWindow.objects.filter(opens_on__lte=today, closes_on__gte=today, campaign__closing__isnull=True)
        .filter(campaign__in=CAMPAIGNS.visible(user, Campaign.objects))
        .select_related("campaign")
    )
    if not open_windows:
        return {}
    items = []
    person = context.get("person")
    if person is not None:
        mine = list(
            Registration.objects.filter(
                person=person, status=RegistrationStatus.APPROVED, campaign__in=[w.campaign_id for w in open_windows]
            )
        )
        reported = set(CheckIn.objects.filter(registration__in=mine).values_list("window_id", "registration_id"))
        by_campaign = {r.campaign_id: r for r in mine}
        for window in open_windows:
            registration = by_campaign.get(window.campaign_id)
            if registration and (window.pk, registration.pk) not in reported:
                items.append(
                    todo.Todo(
                        _("Report the progress of your committed actions – %(window)s") % {"window": window.title},
                        reverse("checkins:checkin_report", args=[window.campaign.slug, window.pk]),
                        deadline=window.closes_on,
                    )
                )
    if has_any_grant(user):
        for window in open_windows:
            waiting = selectors.not_reported(window, user).exclude(person__user=user).count()
            if waiting:
                items.append(
                    todo.Todo(
                        _("Cadres who have not reported in “%(window)s”") % {"window": window.title},
                        reverse("checkins:not_reported", args=[window.campaign.slug, window.pk]),
                        count=waiting,
                        deadline=window.closes_on,
                    )
                )
    return todo.add(context, items)
