"""What comments on cadres add to other pages (common.panels): a sheet's comments and its unit's collective
opinion on the sheet's page, the campaign page's link to its rounds, and the open rounds a member may comment in
on the home page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import todo
from organizations.scope import person_of

from .models import CollectiveOpinion, Comment, FeedbackRound
from .selectors import collective_opinion, comments_for, rounds_over


def sheet_feedback(request, context: dict) -> dict:
    registration = context["registration"]
    return {
        "feedback_comments": comments_for(request.user, registration),
        "collective_opinion": collective_opinion(registration),
    }


def cadres_discussed(request, context: dict) -> dict:
    """The cadres a branch meeting commented on: the sheets of the rounds given at it with comments or an
    opinion (the meeting's minutes link to them)."""
    rounds = FeedbackRound.objects.filter(activity=context["activity"])
    found = {}
    for opinion in CollectiveOpinion.objects.filter(round__in=rounds).select_related("registration__person"):
        found[opinion.registration_id] = (opinion.round_id, opinion.registration)
    for comment in Comment.objects.filter(round__in=rounds).select_related("registration__person"):
        found.setdefault(comment.registration_id, (comment.round_id, comment.registration))
    discussed = sorted(found.values(), key=lambda pair: (pair[1].person.sort_key, pair[1].pk))
    return {"discussed": discussed}


def rounds_link(request, context: dict) -> dict:
    return {"feedback_link": True}


def feedback_todo(request, context: dict) -> dict:
    person = person_of(request.user)
    if person is None:
        return {}
    today = timezone.localdate()
    rounds = (
        rounds_over(person)
        .filter(opens_on__lte=today, closes_on__gte=today)
        .exclude(pk__in=Comment.objects.filter(author=person).values("round_id"))
    )
    items = [
        todo.Todo(
            _("Comment on the cadres of %(unit)s") % {"unit": feedback_round.unit.name},
            reverse("feedback:round_detail", args=[feedback_round.pk]),
            deadline=feedback_round.closes_on,
        )
        for feedback_round in rounds.select_related("unit")[:3]
    ]
    return todo.add(context, items)
