"""The year-end evaluation's steps as one table: from which stages, to which, who may take each, and
whether the window (or a personal deadline) must be open.

The services enforce it (`check`), the evaluation page offers what `available_steps` says.

    self ──self (send)──▶ submitted ──propose──▶ proposed ──decide──▶ decided (locked)
     ▲      (cadre)          │ (unit: review)      │ ▲ (office: manage)  │
     └──────── return ◀──────┴─────────────────────┘ └────── reopen ─────┘
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.workflow import available_steps as offered
from organizations.policies import user_can

from .models import Evaluation, EvaluationRound, Stage

OWNER, UNIT, DECIDER = "owner", "unit", "decider"  # the cadre; the unit's reviewers; the deciding office

SENT = gettext_lazy("The self-assessment has been sent and can no longer be changed.")
RETURNABLE = (Stage.SUBMITTED, Stage.PROPOSED)


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]  # the stages it starts from
    target: str | None  # the stage it leads to (None: saved, the stage stays)
    actor: str  # OWNER, UNIT (review on the registration's unit) or DECIDER (manage on the deciding unit)
    refused: Promise  # why not from another stage (may name %(person)s)
    while_open: bool = False  # only in the round's window or before a personal deadline


STEPS = (
    Step("self", (Stage.SELF,), None, OWNER, SENT, while_open=True),  # save, or send with target SUBMITTED
    Step("attach", (Stage.SELF,), None, OWNER, SENT, while_open=True),
    Step("detach", (Stage.SELF,), None, OWNER, SENT, while_open=True),
    Step(
        "propose",
        RETURNABLE,
        Stage.PROPOSED,
        UNIT,
        gettext_lazy(
            "The unit proposes a rating once the cadre has sent the self-assessment, and before the decision."
        ),
        while_open=True,
    ),
    # After the window a return needs a new deadline for the cadre (the service asks for it).
    Step(
        "return",
        RETURNABLE,
        Stage.SELF,
        UNIT,
        gettext_lazy("Only a self-assessment waiting for the unit or the decision can be returned."),
    ),
    Step(
        "decide",
        (Stage.PROPOSED,),
        Stage.DECIDED,
        DECIDER,
        gettext_lazy("%(person)s: only an evaluation with the unit's proposal can be decided."),
    ),
    Step(
        "reopen", (Stage.DECIDED,), Stage.PROPOSED, DECIDER, gettext_lazy("Only a decided evaluation can be reopened.")
    ),
)
STEP_NAMES = tuple(step.name for step in STEPS)


def require_window(round_: EvaluationRound, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if today < round_.opens_on:
        raise ValidationError(_("The year-end evaluation opens on %(day)s.") % {"day": f"{round_.opens_on:%d/%m/%Y}"})
    if today > round_.closes_on:
        raise ValidationError(_("The year-end evaluation closed on %(day)s.") % {"day": f"{round_.closes_on:%d/%m/%Y}"})


def require_open(evaluation: Evaluation, today: date | None = None) -> None:
    """The round's window, or the personal deadline the cadre was given with a late return."""
    if evaluation.is_open(today):
        return
    if evaluation.resubmit_by and evaluation.resubmit_by > evaluation.round.closes_on:
        raise ValidationError(
            _("The deadline to send again was %(day)s.") % {"day": f"{evaluation.resubmit_by:%d/%m/%Y}"}
        )
    require_window(evaluation.round, today)


def _require_actor(user, evaluation: Evaluation, actor: str) -> None:
    own = evaluation.registration.person.user_id == user.pk
    if actor == OWNER:
        if not own:
            raise PermissionDenied(_("Only the cadre can write their own self-assessment."))
    elif actor == UNIT:
        if not user_can(user, "review", evaluation.registration.unit):
            raise PermissionDenied(_("This evaluation is outside the units you review."))
        if own:
            raise PermissionDenied(_("You cannot evaluate yourself as the unit."))
    else:
        if not user_can(user, "manage", evaluation.deciding_unit):
            raise PermissionDenied(
                _("Only the office of %(unit)s decides this rating.") % {"unit": evaluation.deciding_unit}
            )
        if own:
            raise PermissionDenied(_("You cannot decide your own rating."))


def check(user, evaluation: Evaluation, name: str, today: date | None = None) -> Step:
    """The step `name` if this user may take it on this evaluation now; PermissionDenied or
    ValidationError (in Vietnamese) otherwise. Who first, then the stage, then the window."""
    step = next((row for row in STEPS if row.name == name), None)
    if step is None:
        raise ValueError(f"Unknown evaluation step: {name!r}")
    _require_actor(user, evaluation, step.actor)
    if evaluation.stage not in step.sources:
        raise ValidationError(str(step.refused) % {"person": evaluation.registration.person})
    evaluation.registration.campaign.require_not_closed()
    if step.while_open:
        require_open(evaluation, today)
    return step


def available_steps(user, evaluation: Evaluation) -> set[str]:
    """The steps the page may offer this user now (each is checked again when taken)."""
    return offered(check, user, evaluation, STEP_NAMES)
