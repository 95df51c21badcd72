"""Everything the portal holds about one person, as the law's right of access asks: their record, memberships,
terms of office, sheets with their commitments, check-ins, year-end evaluations, commendations, their account,
and who opened or exported their data. Read as plain rows (dates kept as dates), for the JSON and Excel files of
"Dữ liệu của tôi" (privacy.views)."""

from checkins.models import ActionUpdate
from evaluations.models import Commendation, CriterionResult, Evaluation
from feedback.models import CollectiveOpinion, Comment
from meetings.models import Invitation
from organizations import access
from organizations.models import Membership, Person, Position
from registrations.models import Registration, RegistrationCriterion

from .models import CorrectionRequest

PERSON_FIELDS = (
    "id",
    "full_name",
    "gender",
    "birth_date",
    "phone",
    "email",
    "member_number",
    "joined_on",
    "party_member",
    "job_title",
    "home_unit__name",
    "left_union_on",
    "created_at",
)


def everything_about(person: Person) -> dict[str, list[dict]]:
    """{section: rows}, each section a list of dicts with the same keys."""
    sheets = Registration.objects.filter(person=person)
    return {
        "person": list(Person.objects.filter(pk=person.pk).values(*PERSON_FIELDS)),
        "memberships": list(
            Membership.objects.filter(person=person)
            .order_by("started_on")
            .values("unit__name", "started_on", "start", "ended_on", "end", "other_unit__name", "elsewhere")
        ),
        "positions": list(
            Position.objects.filter(person=person)
            .order_by("started_on")
            .values("unit__name", "title", "started_on", "ended_on")
        ),
        "registrations": list(
            sheets.order_by("campaign__starts_on").values(
                "id",
                "campaign__title",
                "unit__name",
                "position_title",
                "status",
                "strengths",
                "overall_commitment",
                "return_reason",
                "submitted_at",
                "confirmed_at",
                "approved_at",
            )
        ),
        "commitments": list(
            RegistrationCriterion.objects.filter(registration__in=sheets)
            .order_by("registration_id", "criterion__order")
            .values("registration_id", "criterion__title", "shortcomings", "actions", "target")
        ),
        "check_ins": list(
            ActionUpdate.objects.filter(checkin__registration__in=sheets)
            .order_by("checkin__reported_at")
            .values("checkin__window__title", "checkin__reported_at", "choice__criterion__title", "status", "note")
        ),
        "evaluations": list(
            Evaluation.objects.filter(registration__in=sheets).values(
                "registration__campaign__title",
                "stage",
                "self_summary",
                "self_level__name",
                "unit_comment",
                "proposed_level__name",
                "final_level__name",
                "decision_number",
                "decision_date",
            )
        ),
        "evaluation_results": list(
            CriterionResult.objects.filter(evaluation__registration__in=sheets).values(
                "evaluation__registration__campaign__title", "choice__criterion__title", "achieved", "evidence"
            )
        ),
        "commendations": list(
            Commendation.objects.filter(person=person).values(
                "decision_number",
                "decision_date",
                "issuing_unit__name",
                "form",
                "reason",
                "consent_given",
                "consent_note",
                "consent_given_at",
                "consent_withdrawn_at",
                "is_published",
                "headline",
                "story",
            )
        ),
        # Comments: those the person wrote, and those about them without their writers (as on their sheet).
        "comments_written": list(
            Comment.objects.filter(author=person)
            .order_by("created_at")
            .values("round__unit__name", "registration__person__full_name", "kind", "text", "updated_at")
        ),
        "comments_about_me": list(
            Comment.objects.filter(registration__person=person)
            .order_by("created_at")
            .values("round__unit__name", "registration__campaign__title", "kind", "text", "updated_at")
        ),
        "collective_opinions": list(
            CollectiveOpinion.objects.filter(registration__person=person)
            .order_by("written_at")
            .values("round__unit__name", "registration__campaign__title", "text", "written_at")
        ),
        "invitations": list(
            Invitation.objects.filter(person=person)
            .order_by("meeting__day")
            .values("meeting__title", "meeting__day", "meeting__unit__name", "reply", "reason", "replied_at")
        ),
        "account": [
            {"username": user.username, "email": user.email, "last_login": user.last_login, "joined": user.date_joined}
            for user in ([person.user] if person.user_id else [])
        ],
        "correction_requests": list(
            CorrectionRequest.objects.filter(person=person).values("asked_at", "text", "handled_at", "answer")
        ),
        "accesses": list(
            access.of_person(person).values("at", "kind", "where", "user__username", "client", "unit__name")
        ),
    }
