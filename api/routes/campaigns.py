"""/api/v1/campaigns: the campaigns a client sees, each with its plan and criteria; a campaign's coverage per
unit (the dashboard's figures, on the tree of a day) and its check-in progress."""

from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import BaseModel, Field

from campaigns.models import Campaign, Criterion
from campaigns.policies import CAMPAIGNS
from checkins.selectors import windows_progress
from organizations.timeline import DatedTree
from registrations.models import Status
from reports.coverage import Figures, Frame, coverage
from reports.policies import REPORT_SCOPE

from ..answers import answered
from ..paging import Page, Paging, aware, id_filter, id_path, one_of, page_of

router = Router(tags=["Đợt rèn luyện"])


class CriterionOut(BaseModel):
    id: int
    order: int
    title: str
    description: str
    should_do: list[str] = Field(description="Nên làm")
    should_not_do: list[str] = Field(description="Không nên làm")
    sector: str = Field(description="Chỉ cho khu vực này; rỗng: mọi khu vực.")


class PlanOut(BaseModel):
    number: str
    kind: str
    title: str
    issued_on: date


class CampaignOut(BaseModel):
    id: int
    slug: str
    title: str
    summary: str
    organizer_id: int
    organizer_name: str
    plan: PlanOut
    starts_on: date
    ends_on: date
    registration_opens: date
    registration_closes: date
    members_register: bool = Field(description="Mọi đoàn viên đăng ký (mô hình Lạng Sơn), không chỉ cán bộ.")
    min_criteria: int
    max_criteria: int
    predecessor_id: int | None
    closed_on: date | None
    updated_at: datetime
    criteria: list[CriterionOut]


class CampaignFilters(Paging):
    unit: int | None = id_filter("Chỉ các đợt do đơn vị này tổ chức.")
    year: int | None = Field(None, ge=2000, le=2100, description="Chỉ các đợt diễn ra trong năm này.")
    updated_since: datetime | None = Field(None, description="Chỉ các đợt thay đổi từ thời điểm này (ISO 8601).")


def _campaigns(request):
    criteria = Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk"))
    return (
        CAMPAIGNS.visible(request.auth, Campaign.objects.with_closing())
        .select_related("organizer", "plan")
        .prefetch_related(criteria)
    )


def _campaign_out(campaign: Campaign) -> dict:
    plan = campaign.plan
    return {
        **{
            name: getattr(campaign, name)
            for name in (
                "id",
                "slug",
                "title",
                "summary",
                "organizer_id",
                "starts_on",
                "ends_on",
                "registration_opens",
                "registration_closes",
                "members_register",
                "min_criteria",
                "max_criteria",
                "predecessor_id",
                "updated_at",
            )
        },
        "organizer_name": campaign.organizer.name,
        "plan": {"number": plan.number, "kind": plan.kind, "title": plan.title, "issued_on": plan.issued_on},
        "closed_on": campaign.closed_on(),
        "criteria": [
            {
                "id": c.pk,
                "order": c.order,
                "title": c.title,
                "description": c.description,
                "should_do": c.do_items(),
                "should_not_do": c.dont_items(),
                "sector": c.sector,
            }
            for c in campaign.criteria.all()
        ],
    }


@router.get("/campaigns", url_name="api_campaigns", response=Page[CampaignOut], summary="Danh sách đợt rèn luyện")
@answered
def campaign_list(request, filters: Query[CampaignFilters]):
    campaigns = _campaigns(request)
    if filters.unit is not None:
        campaigns = campaigns.filter(organizer_id=filters.unit)
    if filters.year is not None:
        campaigns = campaigns.filter(starts_on__year__lte=filters.year, ends_on__year__gte=filters.year)
    if filters.updated_since is not None:
        campaigns = campaigns.filter(updated_at__gte=aware(filters.updated_since))
    campaigns = campaigns.order_by("-starts_on", "pk")
    return page_of(request, campaigns, filters, lambda rows: [_campaign_out(c) for c in rows])


@router.get("/campaigns/{campaign_id}", url_name="api_campaign", response=CampaignOut, summary="Một đợt rèn luyện")
@answered
def campaign_detail(request, campaign_id: int = id_path()):
    return _campaign_out(one_of(_campaigns(request).filter(pk=campaign_id)))


# --- Coverage ---------------------------------------------------------------------------------------


class FiguresOut(BaseModel):
    grassroots: int = Field(description="Đoàn cơ sở (và tương đương)")
    grassroots_deployed: int = Field(description="… đã triển khai")
    branches: int = Field(description="Chi đoàn")
    branches_deployed: int
    branches_signed: int = Field(description="Chi đoàn đã ký cam kết tập thể")
    must_register: int = Field(description="Cán bộ phải đăng ký")
    registered: int = Field(description="Đã gửi phiếu")
    registered_key: int = Field(description="… trong đó Bí thư, Phó Bí thư")
    approved: int
    updated: int = Field(description="Đã báo cáo trong đợt sơ kết gần nhất")
    by_status: dict[str, int]


class CoverageRow(BaseModel):
    unit_id: int
    name: str
    own_office: bool = Field(description="Cán bộ của chính cơ quan đơn vị gốc, không thuộc đơn vị con nào.")
    figures: FiguresOut


class CoverageOut(BaseModel):
    campaign_id: int
    on: date = Field(description="Ngày của cây đơn vị dùng để tính.")
    unit_id: int
    unit_name: str
    totals: FiguresOut
    rows: list[CoverageRow]


class CoverageQuery(Schema):
    unit: int | None = id_filter("Đơn vị gốc (mặc định: đơn vị cao nhất mà bên đọc được xem).")
    ngay: date | None = Field(None, description="Cây đơn vị như ngày này (mặc định: ngày kết thúc đợt, hoặc hôm nay).")


def _figures(figures: Figures) -> dict:
    return {
        **{
            name: getattr(figures, name)
            for name in (
                "grassroots",
                "grassroots_deployed",
                "branches",
                "branches_deployed",
                "branches_signed",
                "must_register",
                "registered",
                "registered_key",
                "approved",
                "updated",
            )
        },
        "by_status": {status: figures.by_status[status] for status in Status.values},
    }


@router.get(
    "/campaigns/{campaign_id}/coverage",
    url_name="api_coverage",
    response=CoverageOut,
    summary="Kết quả triển khai theo đơn vị",
)
@answered
def campaign_coverage(request, query: Query[CoverageQuery], campaign_id: int = id_path()):
    campaign = one_of(REPORT_SCOPE.campaigns(request.auth).select_related("organizer").filter(pk=campaign_id))
    tree = DatedTree.as_of(query.ngay or campaign.report_date())
    if campaign.organizer_id not in tree:  # the organiser did not exist that day: its own time, as the dashboard
        tree = DatedTree.as_of(campaign.report_date())
    root = REPORT_SCOPE.root(request.auth, campaign, tree, query.unit)
    totals, rows = coverage(campaign, root, frame=Frame(campaign, root, tree))
    return {
        "campaign_id": campaign.pk,
        "on": tree.on,
        "unit_id": root.pk,
        "unit_name": tree.name(root.pk) or root.name,
        "totals": _figures(totals),
        "rows": [
            {
                "unit_id": row.unit.pk,
                "name": tree.name(row.unit.pk) or row.unit.name,
                "own_office": row.own,
                "figures": _figures(row.figures),
            }
            for row in rows
        ],
    }


# --- Check-ins ---------------------------------------------------------------------------------------


class CheckInWindowOut(BaseModel):
    id: int
    title: str
    opens_on: date
    closes_on: date
    is_open: bool
    expected: int = Field(description="Cán bộ có phiếu đã duyệt (phải báo cáo)")
    reported: int
    percent: int | None
    actions: dict[str, int] = Field(description="Số việc theo tình trạng: todo, doing, done")


@router.get(
    "/campaigns/{campaign_id}/checkins",
    url_name="api_checkins",
    response=list[CheckInWindowOut],
    summary="Tiến độ sơ kết của một đợt",
)
@answered
def campaign_checkins(request, campaign_id: int = id_path()):
    campaign = one_of(CAMPAIGNS.visible(request.auth, Campaign.objects).filter(pk=campaign_id))
    windows = list(campaign.checkin_windows.all())
    progress = windows_progress(campaign, request.auth, windows)
    today = timezone.localdate()
    return [
        {
            "id": w.pk,
            "title": w.title,
            "opens_on": w.opens_on,
            "closes_on": w.closes_on,
            "is_open": w.is_open(today),
            "expected": progress[w.pk].expected,
            "reported": progress[w.pk].reported,
            "percent": progress[w.pk].percent,
            "actions": dict(progress[w.pk].actions),
        }
        for w in windows
    ]
