"""/api/v1/registrations and /api/v1/evaluations: cadres' sheets and year-end evaluations, with the fields a
unit's office sees of them. Of the person, only the id and the name: the date of birth, contacts and Party
membership stay on the pages that need them."""

from datetime import date, datetime

from ninja import Query, Router
from pydantic import BaseModel, Field

from evaluations.models import Evaluation
from evaluations.policies import EVALUATIONS
from organizations import access
from organizations.models import AccessKind, PositionTitle
from registrations.models import Registration, RegistrationCriterion
from registrations.policies import REGISTRATIONS

from ..answers import answered
from ..paging import Page, Paging, aware, id_filter, id_path, one_of, page_of, unit_in_scope

router = Router(tags=["Phiếu đăng ký và đánh giá"])


class PersonRef(BaseModel):
    id: int
    full_name: str


class ChoiceOut(BaseModel):
    criterion_id: int
    shortcomings: str = Field(description="Hạn chế, khuyết điểm tự nhận")
    actions: str = Field(description="Việc làm cụ thể cam kết")
    target: str


class RegistrationOut(BaseModel):
    id: int
    campaign_id: int
    person: PersonRef
    unit_id: int
    position_title: str
    position_label: str
    status: str = Field(description="draft, submitted, confirmed, approved, returned")
    strengths: str
    overall_commitment: str
    criteria: list[ChoiceOut]
    submitted_at: datetime | None
    confirmed_at: datetime | None
    approved_at: datetime | None
    updated_at: datetime


class SheetFilters(Paging):
    campaign: int | None = id_filter("Chỉ phiếu của đợt này.")
    unit: int | None = id_filter("Chỉ phiếu của đơn vị này và các đơn vị trực thuộc.")
    updated_since: datetime | None = Field(None, description="Chỉ phiếu thay đổi từ thời điểm này (ISO 8601).")


def _logged(request, items: list[dict]) -> list[dict]:
    """Record who read these people's sheets (one record for the page: organizations.access)."""
    access.record(
        request.auth, AccessKind.API, request.get_full_path(), people=[item["person"]["id"] for item in items]
    )
    return items


def _narrowed(request, queryset, filters: SheetFilters, prefix: str = ""):
    if filters.campaign is not None:
        queryset = queryset.filter(**{f"{prefix}campaign_id": filters.campaign})
    if filters.unit is not None:
        unit = unit_in_scope(request, filters.unit)
        queryset = queryset.filter(**{f"{prefix}unit__path__startswith": unit.path})
    if filters.updated_since is not None:
        queryset = queryset.filter(updated_at__gte=aware(filters.updated_since))
    return queryset


SHEET_FIELDS = (
    "pk",
    "campaign_id",
    "person_id",
    "person__full_name",
    "unit_id",
    "position_title",
    "status",
    "strengths",
    "overall_commitment",
    "submitted_at",
    "confirmed_at",
    "approved_at",
    "updated_at",
)


def _registrations(request):
    """The sheets this reader sees, as rows of SHEET_FIELDS (a page of plain rows costs a fraction of models)."""
    return (
        REGISTRATIONS.visible(request.auth, Registration.objects)
        .order_by("campaign_id", "unit__path", "person__sort_key", "pk")
        .values(*SHEET_FIELDS)
    )


def _registrations_out(sheets: list[dict]) -> list[dict]:
    choices: dict[int, list[dict]] = {sheet["pk"]: [] for sheet in sheets}
    chosen = RegistrationCriterion.objects.filter(registration__in=list(choices)).order_by(
        "registration_id", "criterion__order", "pk"
    )
    for registration_id, criterion_id, shortcomings, actions, target in chosen.values_list(
        "registration_id", "criterion_id", "shortcomings", "actions", "target"
    ):
        choices[registration_id].append(
            {"criterion_id": criterion_id, "shortcomings": shortcomings, "actions": actions, "target": target}
        )
    titles = {title: str(label) for title, label in PositionTitle.choices}
    return [
        {
            "id": sheet["pk"],
            "campaign_id": sheet["campaign_id"],
            "person": {"id": sheet["person_id"], "full_name": sheet["person__full_name"]},
            "unit_id": sheet["unit_id"],
            "position_title": sheet["position_title"],
            "position_label": titles.get(sheet["position_title"], ""),
            "status": sheet["status"],
            "strengths": sheet["strengths"],
            "overall_commitment": sheet["overall_commitment"],
            "criteria": choices[sheet["pk"]],
            "submitted_at": sheet["submitted_at"],
            "confirmed_at": sheet["confirmed_at"],
            "approved_at": sheet["approved_at"],
            "updated_at": sheet["updated_at"],
        }
        for sheet in sheets
    ]


@router.get(
    "/registrations", url_name="api_registrations", response=Page[RegistrationOut], summary="Phiếu đăng ký rèn luyện"
)
@answered
def registration_list(request, filters: Query[SheetFilters]):
    sheets = _narrowed(request, _registrations(request), filters)
    return page_of(request, sheets, filters, lambda rows: _logged(request, _registrations_out(rows)))


@router.get(
    "/registrations/{registration_id}",
    url_name="api_registration",
    response=RegistrationOut,
    summary="Một phiếu đăng ký",
)
@answered
def registration_detail(request, registration_id: int = id_path()):
    return _logged(request, _registrations_out([one_of(_registrations(request).filter(pk=registration_id))]))[0]


class LevelOut(BaseModel):
    rank: int
    name: str


class EvaluationOut(BaseModel):
    id: int
    registration_id: int
    campaign_id: int
    person: PersonRef
    unit_id: int
    stage: str = Field(description="self, submitted, proposed, decided")
    self_level: LevelOut | None
    proposed_level: LevelOut | None
    final_level: LevelOut | None
    final_points: int | None
    decision_number: str
    decision_date: date | None
    updated_at: datetime


def _level(level) -> dict | None:
    return {"rank": level.rank, "name": level.name} if level else None


def _evaluations(request):
    return (
        EVALUATIONS.visible(request.auth, Evaluation.objects)
        .select_related("registration__person", "self_level", "proposed_level", "final_level")
        .order_by("registration__campaign_id", "registration__unit__path", "registration__person__sort_key", "pk")
    )


def _evaluation_out(evaluation: Evaluation) -> dict:
    sheet = evaluation.registration
    return {
        "id": evaluation.pk,
        "registration_id": sheet.pk,
        "campaign_id": sheet.campaign_id,
        "person": {"id": sheet.person_id, "full_name": sheet.person.full_name},
        "unit_id": sheet.unit_id,
        "stage": evaluation.stage,
        "self_level": _level(evaluation.self_level),
        "proposed_level": _level(evaluation.proposed_level),
        "final_level": _level(evaluation.final_level),
        "final_points": evaluation.final_points,
        "decision_number": evaluation.decision_number,
        "decision_date": evaluation.decision_date,
        "updated_at": evaluation.updated_at,
    }


@router.get(
    "/evaluations", url_name="api_evaluations", response=Page[EvaluationOut], summary="Đánh giá cuối năm của cán bộ"
)
@answered
def evaluation_list(request, filters: Query[SheetFilters]):
    evaluations = _narrowed(request, _evaluations(request), filters, prefix="registration__")
    return page_of(request, evaluations, filters, lambda rows: _logged(request, [_evaluation_out(e) for e in rows]))


@router.get(
    "/evaluations/{evaluation_id}", url_name="api_evaluation", response=EvaluationOut, summary="Một đánh giá cuối năm"
)
@answered
def evaluation_detail(request, evaluation_id: int = id_path()):
    return _logged(request, [_evaluation_out(one_of(_evaluations(request).filter(pk=evaluation_id)))])[0]
