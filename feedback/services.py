"""Opening a round of comments on a unit's cadres, writing a comment in it, and the unit's collective opinion."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Activity, Campaign
from campaigns.services import require_unit_in_campaign
from common.text import clean_text
from notices.channels import Message, notify
from organizations.models import Person, Unit
from organizations.policies import user_can
from organizations.scope import person_of
from registrations.models import Registration, Status

from .models import CollectiveOpinion, Comment, CommentKind, FeedbackRound


def subjects(feedback_round: FeedbackRound):
    """The sheets the round comments on: those of the unit's cadres that were sent (not drafts)."""
    return (
        Registration.objects.filter(campaign_id=feedback_round.campaign_id, unit_id=feedback_round.unit_id)
        .exclude(status=Status.DRAFT)
        .select_related("person")
        .order_by("person__sort_key", "pk")
    )


def writer_of(user, feedback_round: FeedbackRound) -> Person | None:
    """The person `user` writes as in the round: a member of its unit, or of its committee (a reviewer of the
    unit with a member record); None: not one of them."""
    person = person_of(user)
    if person is None:
        return None
    if person.home_unit.path.startswith(feedback_round.unit.path) or user_can(user, "review", feedback_round.unit):
        return person
    return None


@transaction.atomic
def round_open(
    *,
    by,
    campaign: Campaign,
    unit: Unit,
    closes_on: date,
    names_hidden: bool = False,
    activity: Activity | None = None,
) -> FeedbackRound:
    require_unit_in_campaign(by, campaign, unit)
    today = timezone.localdate()
    if closes_on < today:
        raise ValidationError({"closes_on": _("The closing day has passed.")})
    if closes_on > campaign.ends_on:
        raise ValidationError(
            {"closes_on": _("The campaign ends on %(day)s.") % {"day": f"{campaign.ends_on:%d/%m/%Y}"}}
        )
    if activity is not None and (activity.campaign_id != campaign.pk or activity.unit_id != unit.pk):
        raise ValidationError({"activity": _("Choose a meeting of this unit in this campaign.")})
    feedback_round = FeedbackRound(
        campaign=campaign,
        unit=unit,
        opens_on=today,
        closes_on=closes_on,
        names_hidden=names_hidden,
        activity=activity,
        opened_by=by,
    )
    feedback_round._history_user = by
    feedback_round.save()
    members = Person.objects.filter(
        home_unit__path__startswith=unit.path, left_union_on__isnull=True, user__isnull=False
    )
    notify(
        [person.user for person in members.select_related("user")],
        Message(
            event="feedback.round",
            title=_("%(unit)s asks for your comments on its cadres") % {"unit": unit.name},
            body=_("Góp ý, phê bình until %(day)s.") % {"day": f"{closes_on:%d/%m/%Y}"},
            url=reverse("feedback:round_detail", args=[feedback_round.pk]),
        ),
    )
    return feedback_round


@transaction.atomic
def comment_save(*, by, feedback_round: FeedbackRound, registration: Registration, kind: str, text: str) -> Comment:
    """Write (or rewrite) `by`'s comment on one cadre's sheet while the round is open."""
    author = writer_of(by, feedback_round)
    if author is None:
        raise PermissionDenied(
            _("Only the members and the committee of %(unit)s comment in this round.")
            % {"unit": feedback_round.unit.name}
        )
    if not feedback_round.is_open(timezone.localdate()):
        raise ValidationError(_("This round of comments is closed."))
    if not subjects(feedback_round).filter(pk=registration.pk).exists():
        raise ValidationError(_("This sheet is not among those the round comments on."))
    if registration.person_id == author.pk:
        raise ValidationError(_("Your own shortcomings go in your sheet and self-assessment, not in a comment."))
    if kind not in CommentKind.values:
        raise ValidationError({"kind": _("Choose the kind of comment.")})
    text = clean_text(text, multiline=True)
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    comment = Comment.objects.filter(round=feedback_round, registration=registration, author=author).first()
    comment = comment or Comment(round=feedback_round, registration=registration, author=author)
    comment.kind, comment.text = kind, text
    comment._history_user = by
    comment.save()
    return comment


@transaction.atomic
def opinion_save(*, by, feedback_round: FeedbackRound, registration: Registration, text: str) -> CollectiveOpinion:
    """The unit's collective opinion on one cadre, written by its committee (not by the cadre on themself)."""
    if not user_can(by, "review", feedback_round.unit):
        raise PermissionDenied(_("The unit's committee writes the collective opinion."))
    if registration.person.user_id == by.pk:
        raise ValidationError(_("Another member of the committee writes the opinion on you."))
    if not subjects(feedback_round).filter(pk=registration.pk).exists():
        raise ValidationError(_("This sheet is not among those the round comments on."))
    feedback_round.campaign.require_not_closed()
    text = clean_text(text, multiline=True)
    if not text:
        raise ValidationError({"text": _("Write the collective's opinion.")})
    opinion, _created = CollectiveOpinion.objects.get_or_create(
        round=feedback_round, registration=registration, defaults={"text": text, "written_by": by}
    )
    opinion.text, opinion.written_by = text, by
    opinion._history_user = by
    opinion.save()
    if registration.person.user_id:
        notify(
            [registration.person.user],
            Message(
                event="feedback.opinion",
                title=_("The opinion of %(unit)s on your sheet") % {"unit": feedback_round.unit.name},
                body=text[:200],
                url=reverse("registrations:registration_detail", args=[registration.pk]),
            ),
        )
    return opinion
