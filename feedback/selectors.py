"""What each reader sees of the comments on a sheet: the cadre reads every comment on their own sheet, with the
writers' names unless the round hid them; the committee reads them all with names, except on their own sheet;
a writer reads their own."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.models import Person, Unit
from organizations.scope import is_manager, person_of
from registrations.models import Registration

from .models import CollectiveOpinion, Comment, FeedbackRound
from .policies import COMMENTS, ROUNDS


def rounds_over(person: Person):
    """The rounds a member may comment in: those of their own unit and of the units above it."""
    return FeedbackRound.objects.filter(unit__path__in=Unit.path_and_above(person.home_unit.path))


def rounds_for(user):
    """The rounds a user takes part in: those of the units they review, and those over their own unit."""
    visible = ROUNDS.visible(user, FeedbackRound.objects)
    person = person_of(user)
    if person is None:
        return visible
    return FeedbackRound.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=rounds_over(person).values("pk")))


@dataclass(frozen=True)
class ReadComment:
    comment: Comment
    writer: str  # a name, "you", or "a member of the unit"


def comments_for(reader, registration: Registration) -> list[ReadComment]:
    person = person_of(reader)
    own_sheet = person is not None and registration.person_id == person.pk
    found = Comment.objects.filter(registration=registration).select_related("author", "round")
    if not own_sheet:
        found = COMMENTS.visible(reader, found)
    office = is_manager(reader)
    read = []
    for comment in found.order_by("created_at", "pk"):
        if person is not None and comment.author_id == person.pk:
            writer = _("you")
        elif own_sheet and comment.round.names_hidden and not office:
            writer = _("a member of %(unit)s") % {"unit": registration.unit.name}
        else:
            writer = comment.author.full_name
        read.append(ReadComment(comment, writer))
    return read


def collective_opinion(registration: Registration) -> CollectiveOpinion | None:
    """The latest collective opinion of the cadre's unit on this sheet."""
    return CollectiveOpinion.objects.filter(registration=registration).order_by("-written_at", "-pk").first()
