"""Who may see check-ins (organizations.policies): the cadre's own, and those of the units one reviews; a check-in
window is its campaign organiser's."""

from organizations.policies import SubtreePolicy, register

from .models import CheckIn, CheckInWindow

CHECKINS = register(CheckIn, SubtreePolicy("registration__unit__path", own_user_field="registration__person__user"))
CHECKIN_WINDOWS = register(CheckInWindow, SubtreePolicy("campaign__organizer__path"))
