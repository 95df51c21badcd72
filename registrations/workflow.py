"""The registration's steps as one table: from which statuses, to which, and who may take each.

The services enforce it (`check`), the pages offer what `available_steps` says: no view or admin
re-derives "may I". A new step is a new row here plus the service that does its writing; a step taken from the
sheet's page by a reviewer (it has a `button`) gets its address, its button and its message from its row
(registrations.urls, views.registration_review, the sheet's template) once its service is in services.REVIEWS.

    draft ──submit──▶ submitted ──confirm──▶ confirmed ──approve──▶ approved
      ▲  (owner)        │ (unit: review)        │ (office: manage)
      └──── returned ◀──┴──return (unit)        └──return (office)
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.workflow import available_steps as offered
from organizations.policies import user_can

from .models import EDITABLE_STATUSES, Registration, Status

OWNER = "owner"  # the cadre whose sheet it is; otherwise a scope action on the sheet's unit


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]  # the statuses it starts from
    target: str | None  # the status it leads to (None: the sheet is saved and stays where it is)
    actor: str  # OWNER, or "review" / "manage" on the registration's unit
    refused: Promise  # why it cannot be taken from another status
    while_open: bool = False  # only while the campaign's registration window is open
    button: Promise | None = None  # a reviewer's step on the sheet's page: its button
    done: Promise | None = None  # and what is said once it is taken ("%(person)s": the cadre)
    asks_reason: bool = False  # the reviewer writes why (sent to the cadre)


SENT = _("This registration has been sent and can no longer be changed.")
NOT_RETURNABLE = _("Only a sent or confirmed registration can be returned.")
CONFIRM = dict(button=_("Confirm"), done=_("Registration of %(person)s confirmed."))
APPROVE = dict(button=_("Approve this sheet"), done=_("Registration of %(person)s approved."))
RETURN = dict(button=_("Return for changes"), done=_("Registration of %(person)s returned."), asks_reason=True)
STEPS = (
    Step("save", EDITABLE_STATUSES, None, OWNER, SENT, while_open=True),
    Step("submit", EDITABLE_STATUSES, Status.SUBMITTED, OWNER, SENT, while_open=True),
    Step(
        "confirm",
        (Status.SUBMITTED,),
        Status.CONFIRMED,
        "review",
        _("Only a sent registration can be confirmed."),
        **CONFIRM,
    ),
    Step(
        "approve",
        (Status.CONFIRMED,),
        Status.APPROVED,
        "manage",
        _("Only a registration confirmed by its unit can be approved."),
        **APPROVE,
    ),
    # Returned by the unit while it waits for the unit, by the office once the unit confirmed it.
    Step("return", (Status.SUBMITTED,), Status.RETURNED, "review", NOT_RETURNABLE, **RETURN),
    Step("return", (Status.CONFIRMED,), Status.RETURNED, "manage", NOT_RETURNABLE, **RETURN),
)
NAMES = tuple(dict.fromkeys(step.name for step in STEPS))
# The reviewers' steps on the sheet's page, one per name (its rows share the button), in the table's order.
REVIEW_STEPS = tuple({step.name: step for step in STEPS if step.button}.values())


def _require_actor(user, registration: Registration, step: Step) -> None:
    if step.actor == OWNER:
        if registration.person.user_id != user.pk:
            raise PermissionDenied(_("Only the cadre can change their own registration."))
        return
    if not user_can(user, step.actor, registration.unit):
        raise PermissionDenied(_("This registration is outside the units you review."))
    if registration.person.user_id == user.pk:
        raise PermissionDenied(_("You cannot review your own registration."))


def check(user, registration: Registration, name: str) -> Step:
    """The row of step `name` this user may take on this registration now; PermissionDenied or
    ValidationError (in Vietnamese) otherwise."""
    rows = [step for step in STEPS if step.name == name]
    if not rows:
        raise ValueError(f"Unknown registration step: {name!r}")
    step = next((row for row in rows if registration.status in row.sources), None)
    if step is None:
        if rows[0].actor == OWNER:
            _require_actor(user, registration, rows[0])
        raise ValidationError(rows[0].refused)
    _require_actor(user, registration, step)
    registration.campaign.require_not_closed()
    if step.while_open and not registration.campaign.registration_is_open():
        raise ValidationError(_("Registration for this campaign is closed; the sheet can no longer be changed."))
    return step


def available_steps(user, registration: Registration) -> set[str]:
    """The steps the page may offer this user now (each is checked again when taken)."""
    return offered(check, user, registration, NAMES)
