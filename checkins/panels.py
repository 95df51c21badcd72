"""What check-ins add to the campaign page (common.panels): the window open now and the cadre's report in it."""

from registrations.models import Status as RegistrationStatus

from . import selectors


def checkin_box(request, context: dict) -> dict:
    campaign, registration = context["campaign"], context.get("registration")
    window = selectors.open_window(campaign)
    mine = None
    if window and registration and registration.status == RegistrationStatus.APPROVED:
        mine = selectors.checkin_for(registration, window)
    has_windows = window is not None or campaign.checkin_windows.exists()
    return {"checkin_window": window, "my_checkin": mine, "has_checkins": has_windows}
