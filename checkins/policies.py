"""Who may see check-ins (organizations.policies): the cadre's own, and those of the units one reviews."""

from organizations.policies import SubtreePolicy

CHECKINS = SubtreePolicy("registration__unit__path", own_user_field="registration__person__user")
