"""Who may see and review year-end evaluations (organizations.policies): the registration's unit subtree, and
one's own; deciding is the deciding unit's (evaluations.workflow)."""

from organizations.policies import SubtreePolicy

# A commendation's uploaded photo and record belong to the issuing office's subtree.
COMMENDATIONS = SubtreePolicy("issuing_unit__path")
EVALUATIONS = SubtreePolicy("registration__unit__path", own_user_field="registration__person__user")
