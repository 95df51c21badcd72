"""Who sees meetings (organizations.policies): those who review the unit that called it, and each invitee their
own invitation."""

from organizations.policies import SubtreePolicy, register

from .models import Invitation, Meeting

MEETINGS = register(Meeting, SubtreePolicy("unit__path"))
INVITATIONS = register(Invitation, SubtreePolicy("meeting__unit__path", own_user_field="person__user"))
