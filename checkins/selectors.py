"""Reading check-ins: the window open now, one cadre's reports, who has not reported, and the progress figures."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from campaigns.models import Campaign
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus
from registrations.policies import REGISTRATIONS

from .models import ActionStatus, ActionUpdate, CheckIn, CheckInWindow


def open_window(campaign: Campaign, on: date | None = None) -> CheckInWindow | None:
    on = on or timezone.localdate()
    return campaign.checkin_windows.filter(opens_on__lte=on, closes_on__gte=on).first()


def latest_window(campaign: Campaign, on: date | None = None) -> CheckInWindow | None:
    """The most recent window opened by `on` (today by default): the one the figures speak of."""
    on = on or timezone.localdate()
    return campaign.checkin_windows.filter(opens_on__lte=on).order_by("-opens_on").first()


def committed(campaign: Campaign):
    """Registrations with commitments to report on: the approved ones."""
    return Registration.objects.filter(campaign=campaign, status=RegistrationStatus.APPROVED)


def reported_in(window: CheckInWindow):
    """An Exists() for annotating registrations: has it a check-in in `window`?"""
    return Exists(CheckIn.objects.filter(window=window, registration=OuterRef("pk")))


def my_windows(campaign: Campaign, registration: Registration | None) -> list[tuple[CheckInWindow, CheckIn | None]]:
    """Every window of the campaign, each with this cadre's check-in (or None)."""
    windows = list(campaign.checkin_windows.all())
    mine = {}
    if registration is not None:
        mine = {c.window_id: c for c in CheckIn.objects.filter(registration=registration)}
    return [(window, mine.get(window.pk)) for window in windows]


def checkin_for(registration: Registration, window: CheckInWindow) -> CheckIn | None:
    return CheckIn.objects.filter(registration=registration, window=window).prefetch_related("updates").first()


def not_reported(window: CheckInWindow, user):
    """Approved cadres of the units this user reviews who have not reported in `window`, by unit then name."""
    return (
        REGISTRATIONS.visible(user, committed(window.campaign), "review")
        .exclude(reported_in(window))
        .select_related("person", "unit")
        .order_by("unit__path", "person__sort_key", "pk")
    )


@dataclass
class Progress:
    expected: int = 0  # approved registrations
    reported: int = 0  # of them, with a check-in in the window
    actions: Counter = field(default_factory=Counter)  # ActionStatus -> count of actions

    @property
    def percent(self) -> int | None:
        return round(100 * self.reported / self.expected) if self.expected else None

    def action_shares(self) -> list[tuple[str, str, int]]:
        return [(status, label, self.actions[status]) for status, label in ActionStatus.choices]


def windows_progress(campaign: Campaign, user, windows=None) -> dict[int, Progress]:
    """{window: its figures over the units this user reviews}, for every window of the campaign (or `windows`)
    in three queries, however many windows and cadres."""
    scoped = REGISTRATIONS.visible(user, committed(campaign), "review")
    expected = scoped.count()
    checkins = CheckIn.objects.filter(registration__in=scoped.values("pk"))
    updates = ActionUpdate.objects.filter(checkin__registration__in=scoped.values("pk"))
    if windows is not None:
        checkins = checkins.filter(window__in=windows)
        updates = updates.filter(checkin__window__in=windows)
    found: dict[int, Progress] = {}
    for window_id, n in checkins.values_list("window_id").annotate(n=Count("pk")).order_by():
        found.setdefault(window_id, Progress(expected)).reported = n
    for window_id, status, n in updates.values_list("checkin__window_id", "status").annotate(n=Count("pk")).order_by():
        found.setdefault(window_id, Progress(expected)).actions[status] = n
    ids = [w.pk for w in windows] if windows is not None else campaign.checkin_windows.values_list("pk", flat=True)
    return {pk: found.get(pk) or Progress(expected) for pk in ids}


def window_progress(window: CheckInWindow, user) -> Progress:
    return windows_progress(window.campaign, user, [window])[window.pk]


def progress_notes(registration: Registration) -> dict[int, str]:
    """{chosen criterion: what the check-ins said of it}, oldest first, to start the year-end self-assessment."""
    lines: dict[int, list[str]] = {}
    updates = (
        ActionUpdate.objects.filter(checkin__registration=registration)
        .select_related("checkin__window")
        .order_by("checkin__window__opens_on", "pk")
    )
    for update in updates:
        head = f"{update.checkin.window.title} ({update.get_status_display()})"
        lines.setdefault(update.choice_id, []).append(f"{head}: {update.note}" if update.note else head)
    return {choice_id: "\n".join(texts) for choice_id, texts in lines.items()}
