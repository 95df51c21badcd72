"""Who may see and review registrations (organizations.policies): the unit's subtree, and one's own sheet."""

from organizations.policies import SubtreePolicy, register

from .models import Registration

REGISTRATIONS = register(Registration, SubtreePolicy("unit__path", own_user_field="person__user"))
