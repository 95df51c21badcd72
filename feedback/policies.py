"""Who sees comments on cadres (organizations.policies): the committee over the unit that opened the round (its
reviewers and the offices above), and each writer their own comment. The cadre reads those on their own sheet
through feedback.selectors, which hides the names when the unit chose so."""

from organizations.policies import SubtreePolicy, register

from .models import CollectiveOpinion, Comment, FeedbackRound

ROUNDS = register(FeedbackRound, SubtreePolicy("unit__path"))
COMMENTS = register(Comment, SubtreePolicy("round__unit__path", own_user_field="author__user"))
OPINIONS = register(CollectiveOpinion, SubtreePolicy("round__unit__path", own_user_field="registration__person__user"))
