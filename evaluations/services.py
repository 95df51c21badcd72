"""The evaluation's life: the cadre's self-assessment → the unit's comment and proposal → the
deciding level's rating with its decision number and date (locked) → reopened by the office
with a reason when a decision must be corrected.

Each step checks permission, stage, window and version first and changes nothing when one
fails (a Vietnamese ValidationError or PermissionDenied); then one transaction with the row
locked and an entry in the history. Decisions are taken in batches (one decision number for
a list of cadres) and checked against the round's quotas: a hard quota refuses the whole
batch, a warning quota lets it through and says by how much the cap is exceeded.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from checkins import selectors as checkin_selectors
from common.scans import checked_scan
from common.text import clean_text
from common.versioning import lock_current, save_step
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from . import notifications, workflow
from .models import Attachment, CriterionResult, Enforcement, Evaluation, EvaluationRound, RatingLevel, Stage
from .numbers import require_number_free
from .selectors import level_counts

MAX_ATTACHMENTS = 5


@dataclass(frozen=True)
class Rating:
    level: RatingLevel
    points: int | None = None


@dataclass(frozen=True)
class Result:
    choice_id: int
    achieved: str
    evidence: str


def rating_from(scheme, *, level_id=None, points=None) -> Rating:
    """The level chosen (or reached by the points, for a points scheme), checked against the scheme."""
    levels = list(scheme.levels.all())
    if scheme.uses_points:
        if points in (None, ""):
            raise ValidationError(_("Give the points (0–100)."))
        try:
            points = int(points)
        except (TypeError, ValueError):
            raise ValidationError(_("Points must be a whole number from 0 to 100.")) from None
        if not 0 <= points <= 100:
            raise ValidationError(_("Points must be a whole number from 0 to 100.")) from None
        level = scheme.level_for_points(points, levels)
        if level is None:
            raise ValidationError(_("No level of this scheme starts at %(points)d points.") % {"points": points})
        return Rating(level, points)
    level = next((lv for lv in levels if str(lv.pk) == str(level_id)), None)
    if level is None:
        raise ValidationError(_("Choose one of the rating levels."))
    return Rating(level)


def _locked(evaluation: Evaluation, expected_version: int | None) -> Evaluation:
    return lock_current(
        Evaluation.objects.select_related(
            "round__scheme", "registration__person", "registration__unit", "deciding_unit"
        ),
        evaluation.pk,
        expected_version,
        _(
            "Someone else changed this evaluation while you were working on it. Reload the page to see the latest "
            "version."
        ),
    )


RESUBMIT_MAX_DAYS = 60


def _deadline_for_late_return(evaluation: Evaluation, resubmit_by: date | None, today: date) -> date | None:
    """None while the round is open; after it closed, the new deadline the reviewer must give."""
    if evaluation.round.is_open(today):
        return None
    if resubmit_by is None:
        raise ValidationError(
            _("The evaluation window closed on %(day)s: give the cadre a new deadline to send again.")
            % {"day": f"{evaluation.round.closes_on:%d/%m/%Y}"},
            code="deadline",
        )
    if not today <= resubmit_by <= today + timedelta(days=RESUBMIT_MAX_DAYS):
        raise ValidationError(
            _("The new deadline must be between today and %(n)d days from today.") % {"n": RESUBMIT_MAX_DAYS},
            code="deadline",
        )
    return resubmit_by


def allowed_steps(user, evaluation: Evaluation) -> dict[str, bool]:
    """Which steps the page offers this user now (evaluations.workflow); the steps check again when taken."""
    steps = workflow.available_steps(user, evaluation)
    return {
        "is_own": evaluation.registration.person.user_id == user.pk,
        "can_self": "self" in steps,
        "can_propose": "propose" in steps,
        "can_return": "return" in steps,
        "can_decide": "decide" in steps,
        "can_reopen": "reopen" in steps,
    }


# --- The cadre -------------------------------------------------------------------------------


@transaction.atomic
def evaluation_start(*, by, registration: Registration, today: date | None = None) -> Evaluation:
    """The cadre's evaluation of an approved registration, created the first time (one per registration)."""
    existing = Evaluation.objects.filter(registration=registration).first()
    if existing:
        return existing
    if registration.person.user_id != by.pk:
        raise PermissionDenied(_("Only the cadre can write their own self-assessment."))
    if registration.status != RegistrationStatus.APPROVED:
        raise ValidationError(_("Only an approved registration is evaluated at the end of the year."))
    registration.campaign.require_not_closed()
    round_ = EvaluationRound.objects.filter(campaign=registration.campaign_id).first()
    if round_ is None:
        raise ValidationError(_("This campaign has no year-end evaluation yet."))
    workflow.require_window(round_, today)
    evaluation = Evaluation(
        registration=registration, round=round_, deciding_unit=round_.deciding_unit_for(registration.unit)
    )
    evaluation._history_user, evaluation._change_reason = by, _("Self-assessment started")
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:  # a double click created it a moment ago
        return Evaluation.objects.get(registration=registration)
    # Started from what the year's check-ins said of each action: the cadre edits rather than recalls.
    notes = checkin_selectors.progress_notes(registration)
    CriterionResult.objects.bulk_create(
        [
            CriterionResult(evaluation=evaluation, choice=choice, achieved=notes.get(choice.pk, ""))
            for choice in registration.choices.all()
        ]
    )
    return evaluation


@transaction.atomic
def self_assessment_save(
    *,
    by,
    evaluation: Evaluation,
    summary: str,
    results: list[Result],
    level_id=None,
    points=None,
    submit: bool = False,
    expected_version: int | None,
    today: date | None = None,
) -> Evaluation:
    """Save the self-assessment; with submit=True it goes to the unit and can no longer be changed."""
    evaluation = _locked(evaluation, expected_version)
    workflow.check(by, evaluation, "self", today=today)
    by_choice = {r.choice_id: r for r in evaluation.results.all()}
    if any(result.choice_id not in by_choice for result in results):
        raise ValidationError(_("A result does not belong to one of your chosen criteria."))
    rating = None
    if level_id not in (None, "") or points not in (None, ""):
        rating = rating_from(evaluation.round.scheme, level_id=level_id, points=points)
    if submit:
        given = {r.choice_id: r for r in results}
        if any(not (given.get(cid) and given[cid].achieved.strip()) for cid in by_choice):
            raise ValidationError(_("For every criterion you chose, write what you did before sending."))
        if not summary.strip():
            raise ValidationError(_("Write your overall self-assessment before sending."))
        if rating is None:
            raise ValidationError(_("Propose a rating for yourself before sending."))
    for result in results:
        row = by_choice[result.choice_id]
        row.achieved, row.evidence = (
            clean_text(result.achieved, multiline=True),
            clean_text(result.evidence, multiline=True),
        )
    CriterionResult.objects.bulk_update(list(by_choice.values()), ["achieved", "evidence"])
    evaluation.self_summary = clean_text(summary, multiline=True)
    evaluation.self_level = rating.level if rating else None
    evaluation.self_points = rating.points if rating else None
    fields = ["self_summary", "self_level", "self_points"]
    if submit:
        evaluation.stage, evaluation.submitted_at, evaluation.return_reason = Stage.SUBMITTED, timezone.now(), ""
        fields += ["stage", "submitted_at", "return_reason"]
        notifications.submitted(evaluation)
    return save_step(
        evaluation, by, _("Self-assessment sent to the unit") if submit else _("Self-assessment saved"), fields
    )


@transaction.atomic
def self_assessment_page_save(
    *,
    by,
    evaluation: Evaluation,
    fields: dict,
    expected_version: int | None,
    submit: bool = False,
    upload=None,
    caption: str = "",
    detach=None,
) -> Evaluation:
    """The cadre's page in one step, all or nothing: the draft saved with what was typed (`fields`: summary,
    results, level_id, points), a file added (`upload`) or removed (`detach`, an attachment's id) with it, and sent
    when asked — after the file, so that it goes with it."""
    self_assessment_save(
        by=by, evaluation=evaluation, submit=submit and upload is None, expected_version=expected_version, **fields
    )
    if upload is not None:
        attachment_add(by=by, evaluation=evaluation, upload=upload, caption=caption)
        if submit:
            fresh = Evaluation.objects.get(pk=evaluation.pk).version
            self_assessment_save(by=by, evaluation=evaluation, submit=True, expected_version=fresh, **fields)
    elif detach is not None:
        attachment = evaluation.attachments.filter(pk=detach).first()
        if attachment is None:
            raise ValidationError(_("This evidence file is no longer there."))
        attachment_remove(by=by, attachment=attachment)
    return evaluation


@transaction.atomic
def attachment_add(*, by, evaluation: Evaluation, upload, caption: str = "") -> Attachment:
    evaluation = _locked(evaluation, None)
    workflow.check(by, evaluation, "attach")
    if evaluation.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(_("At most %(n)d evidence files.") % {"n": MAX_ATTACHMENTS})
    clean = checked_scan(upload)
    attachment = Attachment(evaluation=evaluation, caption=clean_text(caption)[:200])
    attachment.file.save(clean.name, clean, save=False)
    attachment.save()
    save_step(evaluation, by, _("Evidence added: %(name)s") % {"name": attachment}, [])
    return attachment


@transaction.atomic
def attachment_remove(*, by, attachment: Attachment) -> None:
    evaluation = _locked(attachment.evaluation, None)
    workflow.check(by, evaluation, "detach")
    name = str(attachment)
    attachment.file.delete(save=False)
    attachment.delete()
    save_step(evaluation, by, _("Evidence removed: %(name)s") % {"name": name}, [])


# --- The unit ----------------------------------------------------------------------------------


@transaction.atomic
def unit_propose(
    *,
    by,
    evaluation: Evaluation,
    comment: str,
    level_id=None,
    points=None,
    expected_version: int | None,
    today: date | None = None,
) -> Evaluation:
    """The collective's comment and proposed rating; may be revised until the decision."""
    evaluation = _locked(evaluation, expected_version)
    workflow.check(by, evaluation, "propose", today=today)
    if not comment.strip():
        raise ValidationError(_("Write the unit's comment on the cadre."))
    rating = rating_from(evaluation.round.scheme, level_id=level_id, points=points)
    evaluation.unit_comment = clean_text(comment, multiline=True)
    evaluation.proposed_level, evaluation.proposed_points = rating.level, rating.points
    evaluation.stage, evaluation.proposed_at, evaluation.proposed_by = Stage.PROPOSED, timezone.now(), by
    notifications.proposed(evaluation)
    return save_step(
        evaluation,
        by,
        _("Proposed by the unit: %(level)s") % {"level": rating.level},
        ["unit_comment", "proposed_level", "proposed_points", "stage", "proposed_at", "proposed_by"],
    )


@transaction.atomic
def evaluation_return(
    *,
    by,
    evaluation: Evaluation,
    reason: str,
    expected_version: int | None = None,
    resubmit_by: date | None = None,
    today: date | None = None,
) -> Evaluation:
    """Send the self-assessment back to the cadre (before the decision) with a reason; after the round
    closed, with a new deadline, so the cadre can send again (never a dead end)."""
    evaluation = _locked(evaluation, expected_version)
    workflow.check(by, evaluation, "return")
    if not reason.strip():
        raise ValidationError(_("Say why the self-assessment is returned, so the cadre knows what to fix."))
    deadline = _deadline_for_late_return(evaluation, resubmit_by, today or timezone.localdate())
    evaluation.stage, evaluation.return_reason = Stage.SELF, clean_text(reason, multiline=True)
    evaluation.resubmit_by = deadline or evaluation.resubmit_by
    evaluation.proposed_level = evaluation.proposed_points = evaluation.proposed_at = evaluation.proposed_by = None
    why = clean_text(reason)[:200] + (f" ({deadline:%d/%m/%Y})" if deadline else "")
    notifications.returned(evaluation)
    return save_step(
        evaluation,
        by,
        _("Returned: %(reason)s") % {"reason": why},
        ["stage", "return_reason", "resubmit_by", "proposed_level", "proposed_points", "proposed_at", "proposed_by"],
    )


# --- The deciding level ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaLine:
    quota_id: int
    level: RatingLevel
    max_percent: int
    hard: bool
    rated: int
    cap: int
    proposed: int
    decided: int

    @property
    def over(self) -> bool:
        return self.decided > self.cap


def quota_lines(
    round_: EvaluationRound, deciding_unit, *, planned: dict[int, int] | None = None, counts: tuple | None = None
) -> list[QuotaLine]:
    """Each quota of the round at one deciding unit: the cap, and proposals and decisions at its level.

    `planned` replaces the decided count per evaluation id → level id (a batch about to be decided);
    `counts` are selectors.level_counts already read for the same unit (the calibration page shows them too).
    """
    quotas = list(round_.quotas.select_related("level"))
    if not quotas:
        return []
    rated, proposed, decided = counts or level_counts(round_, deciding_unit, excluding=planned or ())
    decided = decided + Counter((planned or {}).values())
    return [
        QuotaLine(
            q.pk,
            q.level,
            q.max_percent,
            q.enforcement == Enforcement.HARD,
            rated,
            q.cap(rated),
            proposed[q.level_id],
            decided[q.level_id],
        )
        for q in quotas
    ]


def _check_decision(number: str, on: date | None, round_: EvaluationRound) -> None:
    if not (number or "").strip():
        raise ValidationError(_("Give the number of the decision."))
    if on is None:
        raise ValidationError(_("Give the date of the decision (dd/mm/yyyy)."))
    if on > timezone.localdate():
        raise ValidationError(_("The decision date cannot be in the future."))
    if on < round_.opens_on:
        raise ValidationError(
            _("The decision date is before the evaluation opened (%(day)s).") % {"day": f"{round_.opens_on:%d/%m/%Y}"}
        )


@transaction.atomic
def evaluations_decide(*, by, decisions: list[tuple[Evaluation, Rating]], number: str, on: date | None) -> list[str]:
    """Decide the final rating of each (evaluation, rating) under one decision; all or none.

    Returns warnings (quotas exceeded that only warn); raises when a hard quota would be exceeded.
    """
    if not decisions:
        raise ValidationError(_("Choose at least one cadre to decide."))
    # The quotas are counted, then the decisions written: lock each round first (always in the same order),
    # so that two offices deciding at once are counted one after the other and a hard cap holds.
    for round_id in sorted({evaluation.round_id for evaluation, _rating in decisions}):
        EvaluationRound.objects.select_for_update().filter(pk=round_id).first()
    locked = []
    for evaluation, rating in decisions:
        evaluation = _locked(evaluation, None)
        workflow.check(by, evaluation, "decide")
        if rating.level.scheme_id != evaluation.round.scheme_id:
            raise ValidationError(_("Choose one of the rating levels."))
        locked.append((evaluation, rating))
    _check_decision(number, on, locked[0][0].round)
    for deciding_unit in {evaluation.deciding_unit for evaluation, _rating in locked}:
        require_number_free(deciding_unit, number, on, decision=True)
    warnings = []
    groups: dict[tuple[int, int], dict[int, int]] = {}
    for evaluation, rating in locked:
        groups.setdefault((evaluation.round_id, evaluation.deciding_unit_id), {})[evaluation.pk] = rating.level.pk
    for (round_id, unit_id), planned in groups.items():
        sample = next(e for e, _r in locked if e.deciding_unit_id == unit_id and e.round_id == round_id)
        for line in quota_lines(sample.round, sample.deciding_unit, planned=planned):
            if not line.over:
                continue
            text = _(
                "%(unit)s: %(level)s would be %(n)d of %(rated)d rated, above the cap of %(percent)d%% (%(cap)d)."
            ) % {
                "unit": sample.deciding_unit,
                "level": line.level,
                "n": line.decided,
                "rated": line.rated,
                "percent": line.max_percent,
                "cap": line.cap,
            }
            if line.hard:
                raise ValidationError(text + " " + _("Nothing was decided."), code="quota")
            warnings.append(text)
    number = clean_text(number)
    for evaluation, rating in locked:
        evaluation.final_level, evaluation.final_points = rating.level, rating.points
        evaluation.decision_number, evaluation.decision_date = number, on
        evaluation.stage, evaluation.decided_at, evaluation.decided_by = Stage.DECIDED, timezone.now(), by
        evaluation.reopen_reason = ""
        save_step(
            evaluation,
            by,
            _("Decided: %(level)s (decision %(number)s)") % {"level": rating.level, "number": number},
            [
                "final_level",
                "final_points",
                "decision_number",
                "decision_date",
                "stage",
                "decided_at",
                "decided_by",
                "reopen_reason",
            ],
        )
        notifications.decided(evaluation)
    return warnings


@transaction.atomic
def evaluation_reopen(*, by, evaluation: Evaluation, reason: str, expected_version: int | None = None) -> Evaluation:
    """Unlock a decided evaluation (back to 'proposed') so the decision can be corrected."""
    evaluation = _locked(evaluation, expected_version)
    workflow.check(by, evaluation, "reopen")
    if not reason.strip():
        raise ValidationError(_("Say why the decided rating is reopened."))
    evaluation.stage, evaluation.reopen_reason = Stage.PROPOSED, clean_text(reason, multiline=True)
    evaluation.final_level = evaluation.final_points = evaluation.decision_date = None
    evaluation.decision_number, evaluation.decided_at, evaluation.decided_by = "", None, None
    notifications.reopened(evaluation)
    return save_step(
        evaluation,
        by,
        _("Reopened: %(reason)s") % {"reason": clean_text(reason)[:200]},
        [
            "stage",
            "reopen_reason",
            "final_level",
            "final_points",
            "decision_number",
            "decision_date",
            "decided_at",
            "decided_by",
        ],
    )


def decide_many(
    *,
    by,
    evaluations,
    level_for: dict[int, Rating] | None = None,
    rating: Rating | None = None,
    number: str,
    on: date | None,
) -> tuple[int, list[str]]:
    """Admin and calibration helper: one decision for many; each gets `level_for[pk]` or the shared `rating`
    (or, when neither, the unit's proposal)."""
    decisions = []
    for evaluation in evaluations:
        chosen = (level_for or {}).get(evaluation.pk) or rating
        if chosen is None and evaluation.proposed_level_id:
            chosen = Rating(evaluation.proposed_level, evaluation.proposed_points)
        if chosen is None:
            raise ValidationError(
                _("%(person)s: only an evaluation with the unit's proposal can be decided.")
                % {"person": evaluation.registration.person}
            )
        decisions.append((evaluation, chosen))
    return len(decisions), evaluations_decide(by=by, decisions=decisions, number=number, on=on)
