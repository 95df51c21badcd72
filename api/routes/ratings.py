"""/api/v1/unit-ratings: the year-end ratings of units (xếp loại tổ chức Đoàn) decided in campaigns."""

from datetime import date, datetime

from ninja import Query, Router
from pydantic import BaseModel, Field

from unitratings.models import UnitRating
from unitratings.policies import UNIT_RATINGS

from ..answers import answered
from ..paging import Page, Paging, aware, id_filter, page_of, unit_in_scope

router = Router(tags=["Xếp loại đơn vị"])


class UnitRatingOut(BaseModel):
    id: int
    campaign_id: int
    unit_id: int
    unit_name: str
    points: int
    level_rank: int
    level_name: str
    decision_number: str
    decision_date: date
    updated_at: datetime


class RatingFilters(Paging):
    campaign: int | None = id_filter("Chỉ xếp loại của đợt này.")
    unit: int | None = id_filter("Chỉ đơn vị này và các đơn vị trực thuộc.")
    updated_since: datetime | None = Field(None, description="Chỉ xếp loại thay đổi từ thời điểm này (ISO 8601).")


@router.get("/unit-ratings", url_name="api_unit_ratings", response=Page[UnitRatingOut], summary="Xếp loại đơn vị")
@answered
def unit_rating_list(request, filters: Query[RatingFilters]):
    ratings = UNIT_RATINGS.visible(request.auth, UnitRating.objects).select_related("round", "unit", "level")
    if filters.campaign is not None:
        ratings = ratings.filter(round__campaign_id=filters.campaign)
    if filters.unit is not None:
        unit = unit_in_scope(request, filters.unit)
        ratings = ratings.filter(unit__path__startswith=unit.path)
    if filters.updated_since is not None:
        ratings = ratings.filter(updated_at__gte=aware(filters.updated_since))
    ratings = ratings.order_by("round__campaign_id", "unit__path", "pk")

    def serialize(rows):
        return [
            {
                "id": r.pk,
                "campaign_id": r.round.campaign_id,
                "unit_id": r.unit_id,
                "unit_name": r.unit.name,
                "points": r.points,
                "level_rank": r.level.rank,
                "level_name": r.level.name,
                "decision_number": r.decision_number,
                "decision_date": r.decision_date,
                "updated_at": r.updated_at,
            }
            for r in rows
        ]

    return page_of(request, ratings, filters, serialize)
