"""The registration's life: draft → submitted → confirmed by the unit → approved by the office,
or returned with a reason at either review step and resubmitted.

Each step is a service: guard clauses (permission, state, window, version) raising a
Vietnamese ValidationError or PermissionDenied and changing nothing; then one transaction
with the row locked, the new state, an entry in the history, and e-mails sent after commit.
`expected_version` is what the person saw: if someone else changed the registration since,
the step is refused with "reload" instead of silently overwriting their change.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from common.text import clean_text
from common.versioning import apply_to_each, lock_current, save_step
from organizations.models import Person, Position
from organizations.scope import person_of

from . import notifications, workflow
from .models import Registration, RegistrationCriterion, ReturnStage, Status


@dataclass(frozen=True)
class Choice:
    criterion_id: int
    shortcomings: str
    actions: str
    target: str = ""  # optional, measurable ("chỉ tiêu")


def _person_of(user) -> Person:
    person = person_of(user)
    if person is None:
        raise PermissionDenied(_("Your account is not linked to a cadre record."))
    return person


_STALE = gettext_lazy(
    "Someone else changed this registration while you were working on it. Reload the page to see the latest version."
)


def _locked(registration: Registration, expected_version: int | None) -> Registration:
    return lock_current(
        Registration.objects.select_related("campaign", "unit", "person"), registration.pk, expected_version, _STALE
    )


def _current_position(person: Person, campaign: Campaign) -> Position | None:
    """The position that makes the person eligible, else any current one (shown on the sheet)."""
    eligible = campaign.eligible_positions().filter(person=person).select_related("unit").first()
    return eligible or Position.objects.current().filter(person=person).select_related("unit").first()


def registration_unit(person: Person, campaign: Campaign):
    """The unit a new sheet of this person would be filed under (its criteria follow that unit's sector)."""
    position = _current_position(person, campaign)
    return position.unit if position else person.home_unit


def criteria_for(campaign: Campaign, unit) -> list:
    """The campaign's criteria a cadre of `unit` chooses from: all, less those kept to another sector."""
    return [criterion for criterion in campaign.criteria.all() if criterion.applies_to(unit)]


@transaction.atomic
def registration_start(*, by, campaign: Campaign) -> Registration:
    """The user's registration for the campaign, created as a draft the first time (a double click makes one)."""
    person = _person_of(by)
    existing = Registration.objects.filter(campaign=campaign, person=person).first()
    if existing:
        return existing
    if not campaign.registration_is_open():
        raise ValidationError(
            _("Registration for this campaign is closed (%(opens)s – %(closes)s).")
            % {"opens": f"{campaign.registration_opens:%d/%m/%Y}", "closes": f"{campaign.registration_closes:%d/%m/%Y}"}
        )
    if not campaign.is_eligible(person):
        raise ValidationError(_("You are not among those who register for this campaign."))
    position = _current_position(person, campaign)
    registration = Registration(
        campaign=campaign,
        person=person,
        unit=position.unit if position else person.home_unit,
        position_title=position.title if position else "",
    )
    registration._history_user = by
    registration._change_reason = _("Draft started")
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the same person's other request created it a moment ago
        return Registration.objects.get(campaign=campaign, person=person)
    return registration


def _check_choices(campaign: Campaign, choices: list[Choice], *, complete: bool, unit=None) -> None:
    criteria = {c.pk: c for c in campaign.criteria.all()}
    if any(choice.criterion_id not in criteria for choice in choices):
        raise ValidationError(_("A chosen criterion does not belong to this campaign."))
    if unit is not None and any(not criteria[c.criterion_id].applies_to(unit) for c in choices):
        raise ValidationError(_("A chosen criterion is kept for units of another sector."))
    if len({c.criterion_id for c in choices}) != len(choices):
        raise ValidationError(_("A criterion was chosen twice."))
    if len(choices) > campaign.max_criteria:
        raise ValidationError(_("Choose at most %(max)d criteria.") % {"max": campaign.max_criteria})
    if complete:
        if len(choices) < campaign.min_criteria:
            raise ValidationError(_("Choose at least %(min)d criteria.") % {"min": campaign.min_criteria})
        for choice in choices:
            if not choice.shortcomings.strip() or not choice.actions.strip():
                # Which criterion and which box: the page marks that box and takes the cadre to it.
                missing = "shortcomings" if not choice.shortcomings.strip() else "actions"
                raise ValidationError(
                    _("For every chosen criterion, write your shortcomings and the concrete actions you commit to."),
                    code="incomplete_choice",
                    params={"criterion": choice.criterion_id, "missing": missing},
                )


@transaction.atomic
def registration_save(
    *,
    by,
    registration: Registration,
    choices: list[Choice],
    strengths: str = "",
    overall_commitment: str = "",
    excellent_member: bool | None = None,
    expected_version: int | None,
) -> Registration:
    """Save the sheet as it stands (a draft may be incomplete); `excellent_member` None keeps what it was."""
    registration = _locked(registration, expected_version)
    workflow.check(by, registration, "save")
    _check_choices(registration.campaign, choices, complete=False, unit=registration.unit)
    registration.choices.all().delete()
    RegistrationCriterion.objects.bulk_create(
        [
            RegistrationCriterion(
                registration=registration,
                criterion_id=c.criterion_id,
                shortcomings=clean_text(c.shortcomings, multiline=True),
                actions=clean_text(c.actions, multiline=True),
                target=clean_text(c.target or ""),
            )
            for c in choices
        ]
    )
    registration.strengths = clean_text(strengths, multiline=True)
    registration.overall_commitment = clean_text(overall_commitment, multiline=True)
    if excellent_member is not None:
        registration.excellent_member = excellent_member and registration.campaign.members_register
    return save_step(registration, by, _("Sheet saved"), ["strengths", "overall_commitment", "excellent_member"])


def _choices_of(registration: Registration) -> list[Choice]:
    return [Choice(c.criterion_id, c.shortcomings, c.actions, c.target) for c in registration.choices.all()]


@transaction.atomic
def registration_submit(*, by, registration: Registration, expected_version: int | None) -> Registration:
    registration = _locked(registration, expected_version)
    workflow.check(by, registration, "submit")
    _check_choices(registration.campaign, _choices_of(registration), complete=True, unit=registration.unit)
    if not registration.overall_commitment.strip():
        raise ValidationError(_("Write your overall commitment before sending."), code="missing_commitment")
    registration.status = Status.SUBMITTED
    registration.submitted_at = timezone.now()
    registration.returned_stage = ""
    save_step(registration, by, _("Sent to the unit"), ["status", "submitted_at", "returned_stage"])
    notifications.submitted(registration)
    return registration


@dataclass(frozen=True)
class Filled:
    registration: Registration
    sent: bool
    refused: ValidationError | None  # why sending was refused (the sheet itself was saved)


@transaction.atomic
def registration_fill(
    *,
    by,
    campaign: Campaign,
    registration: Registration | None,
    choices: list[Choice],
    strengths: str,
    overall_commitment: str,
    expected_version: int | None,
    send: bool,
    excellent_member: bool | None = None,
) -> Filled:
    """The sheet as the cadre's form sends it, in one transaction: started if new, saved, and sent when asked.

    A refused send changes nothing (its savepoint is rolled back) but the draft is still saved: what the
    cadre typed is never lost because one part is missing.
    """
    if registration is None:
        registration = registration_start(by=by, campaign=campaign)
        expected_version = registration.version
    elif expected_version is None:  # an existing sheet sent without the version it was read at
        raise ValidationError(_STALE, code="stale")
    registration = registration_save(
        by=by,
        registration=registration,
        choices=choices,
        strengths=strengths,
        overall_commitment=overall_commitment,
        excellent_member=excellent_member,
        expected_version=expected_version,
    )
    if not send:
        return Filled(registration, sent=False, refused=None)
    try:
        with transaction.atomic():
            registration = registration_submit(by=by, registration=registration, expected_version=registration.version)
    except ValidationError as error:
        registration.refresh_from_db()
        return Filled(registration, sent=False, refused=error)
    return Filled(registration, sent=True, refused=None)


@transaction.atomic
def registration_confirm(*, by, registration: Registration, expected_version: int | None = None) -> Registration:
    """The unit (its secretary, or the office) confirms a submitted sheet."""
    registration = _locked(registration, expected_version)
    workflow.check(by, registration, "confirm")
    registration.status = Status.CONFIRMED
    registration.confirmed_at, registration.confirmed_by = timezone.now(), by
    save_step(registration, by, _("Confirmed by the unit"), ["status", "confirmed_at", "confirmed_by"])
    notifications.confirmed(registration)
    return registration


@transaction.atomic
def registration_approve(*, by, registration: Registration, expected_version: int | None = None) -> Registration:
    """The office approves a sheet its unit confirmed."""
    registration = _locked(registration, expected_version)
    workflow.check(by, registration, "approve")
    registration.status = Status.APPROVED
    registration.approved_at, registration.approved_by = timezone.now(), by
    save_step(registration, by, _("Approved by the office"), ["status", "approved_at", "approved_by"])
    notifications.approved(registration)
    return registration


@transaction.atomic
def registration_return(
    *, by, registration: Registration, reason: str, expected_version: int | None = None
) -> Registration:
    """Send a sheet back to its cadre with a reason: by the unit (when sent) or by the office (when confirmed)."""
    registration = _locked(registration, expected_version)
    if not (reason or "").strip():
        raise ValidationError(_("Say why the registration is returned, so the cadre knows what to fix."))
    step = workflow.check(by, registration, "return")
    stage = ReturnStage.UNIT if step.actor == "review" else ReturnStage.OFFICE
    registration.status, registration.returned_stage = Status.RETURNED, stage
    registration.return_reason = clean_text(reason, multiline=True)
    registration.confirmed_at = registration.confirmed_by = None
    save_step(
        registration,
        by,
        _("Returned: %(reason)s") % {"reason": clean_text(reason)[:200]},
        ["status", "returned_stage", "return_reason", "confirmed_at", "confirmed_by"],
    )
    notifications.returned(registration)
    return registration


# The service of each reviewer's step on the sheet's page (workflow.REVIEW_STEPS).
REVIEWS = {"confirm": registration_confirm, "approve": registration_approve, "return": registration_return}


def apply_to_many(step, *, by, registrations, **kwargs) -> tuple[int, list[str]]:
    """Run one step over many registrations; each in its own transaction. Returns (done, error messages)."""
    return apply_to_each(step, registrations, argument="registration", by=by, **kwargs)
