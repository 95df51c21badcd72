"""/api/v1/units: the units a client sees, as they stand now or as they stood on a day (?ngay=), with their
lineage (founded, moved, merged, split, dissolved) so that a client can follow a unit through restructurings."""

from datetime import date, datetime

from ninja import Query, Router, Schema
from pydantic import BaseModel, Field

from organizations.models import LineageEvent, Unit, UnitKind
from organizations.policies import UNITS
from organizations.timeline import spans_covering

from ..answers import answered
from ..paging import Page, Paging, aware, id_filter, id_path, one_of, page_of, unit_in_scope

router = Router(tags=["Đơn vị"])


class LineageOut(BaseModel):
    kind: str = Field(description="founded, renamed, moved, merged, split, dissolved")
    effective_on: date
    other_id: int | None = Field(description="Đơn vị kia: nơi chuyển đến, sáp nhập vào, tách ra từ.")
    decision_number: str
    decision_date: date | None


class UnitOut(BaseModel):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    sector: str
    parent_id: int | None
    is_active: bool
    dissolved_on: date | None
    updated_at: datetime
    lineage: list[LineageOut]


class UnitFilters(Paging):
    ngay: date | None = Field(None, description="Cây đơn vị như ngày này (YYYY-MM-DD); mặc định: hôm nay.")
    parent: int | None = id_filter("Chỉ các đơn vị trực thuộc đơn vị này (vào ngày đã chọn).")
    updated_since: datetime | None = Field(None, description="Chỉ các đơn vị thay đổi từ thời điểm này (ISO 8601).")


def _lineage(units: list[dict]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {unit["pk"]: [] for unit in units}
    if not units:
        return found
    # The page's units are in path order: their events are those of units between its first and last path, a range
    # read on the path's index (events are few; a list of a hundred ids costs more to send than the rows).
    between = {"unit__path__gte": units[0]["path"], "unit__path__lte": units[-1]["path"]}
    events = LineageEvent.objects.filter(**between).values_list(
        "unit_id", "kind", "effective_on", "other_id", "decision_number", "decision_date", "pk"
    )
    for unit_id, kind, on, other_id, number, day, _pk in sorted(events, key=lambda event: (event[2], event[6])):
        if unit_id in found:
            found[unit_id].append(
                {
                    "kind": kind,
                    "effective_on": on,
                    "other_id": other_id,
                    "decision_number": number,
                    "decision_date": day,
                }
            )
    return found


def _as_of(units: list[dict], on: date | None) -> dict[int, tuple]:
    """{unit: (parent id, name, kind, sector)} on `on`; today's place in the tree without a date."""
    if on is not None:
        ids = [unit["pk"] for unit in units]
        rows = spans_covering(on).filter(unit__in=ids).values_list("unit_id", "parent_id", "name", "kind", "sector")
        return {pk: (parent, name, kind, sector) for pk, parent, name, kind, sector in rows}
    step = Unit.steplen
    parents = {unit["path"][:-step] for unit in units if unit["depth"] > 1}
    parent_ids = dict(Unit.objects.filter(path__in=parents).values_list("path", "pk"))
    return {u["pk"]: (parent_ids.get(u["path"][:-step]), u["name"], u["kind"], u["sector"]) for u in units}


def _serialize(units: list[dict], on: date | None) -> list[dict]:
    placed, lineage = _as_of(units, on), _lineage(units)
    labels = {kind: str(label) for kind, label in UnitKind.choices}  # each lazy label made a string once
    result = []
    for unit in units:
        parent_id, name, kind, sector = placed[unit["pk"]]
        result.append(
            {
                "id": unit["pk"],
                "code": unit["code"],
                "name": name,
                "kind": kind,
                "kind_label": labels.get(kind, kind),
                "sector": sector,
                "parent_id": parent_id,
                "is_active": unit["is_active"],
                "dissolved_on": unit["dissolved_on"],
                "updated_at": unit["updated_at"],
                "lineage": lineage[unit["pk"]],
            }
        )
    return result


FIELDS = ("pk", "path", "depth", "code", "name", "kind", "sector", "is_active", "dissolved_on", "updated_at")


def visible_units(request, on: date | None = None):
    """The units this reader sees (those alive on `on`, when given), as rows of FIELDS."""
    units = UNITS.visible(request.auth, Unit.objects)
    if on is not None:
        units = units.filter(pk__in=spans_covering(on).values("unit_id"))
    return units


@router.get("/units", url_name="api_units", response=Page[UnitOut], summary="Danh sách đơn vị")
@answered
def unit_list(request, filters: Query[UnitFilters]):
    units = visible_units(request, filters.ngay)
    if filters.parent is not None:
        parent = unit_in_scope(request, filters.parent)
        if filters.ngay is not None:
            units = units.filter(pk__in=spans_covering(filters.ngay).filter(parent=parent).values("unit_id"))
        else:
            units = units.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if filters.updated_since is not None:
        units = units.filter(updated_at__gte=aware(filters.updated_since))
    units = units.order_by("path").values(*FIELDS)
    return page_of(request, units, filters, lambda rows: _serialize(rows, filters.ngay))


class UnitDay(Schema):
    ngay: date | None = Field(None, description="Đơn vị như ngày này (YYYY-MM-DD).")


@router.get("/units/{unit_id}", url_name="api_unit", response=UnitOut, summary="Một đơn vị")
@answered
def unit_detail(request, day: Query[UnitDay], unit_id: int = id_path()):
    unit = one_of(visible_units(request, day.ngay).filter(pk=unit_id).values(*FIELDS))
    return _serialize([unit], day.ngay)[0]
