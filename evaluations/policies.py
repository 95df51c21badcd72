"""Who may see and review year-end evaluations (organizations.policies): the registration's unit subtree, and
one's own; deciding is the deciding unit's (evaluations.workflow). A round is its campaign organiser's."""

from organizations.policies import SubtreePolicy, register

from .models import Commendation, Evaluation, EvaluationRound

# A commendation's uploaded photo and record belong to the issuing office's subtree.
COMMENDATIONS = register(Commendation, SubtreePolicy("issuing_unit__path"))
EVALUATIONS = register(
    Evaluation, SubtreePolicy("registration__unit__path", own_user_field="registration__person__user")
)
EVALUATION_ROUNDS = register(EvaluationRound, SubtreePolicy("campaign__organizer__path"))
