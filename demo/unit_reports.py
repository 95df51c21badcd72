"""A units' report asked in this year's campaign (illustrative: the articles speak of sơ kết and tổng kết, not of
these dates or texts). Tỉnh đoàn Cà Mau asked its eleven units for a first interim report by a date now three
weeks past: six sent on time, one (the Phú Tân high school) sent two days late, the Cái Đôi Vàm commune's was returned
for its missing branch-meeting figures, and three have not sent; the Bí thư of Cái Đôi Vàm (bithu.caidoivam) finds it
on the home page with the office's reason."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign
from unitreports.models import ReportKind, ReportRequest, ReportStatus, UnitReport
from unitreports.services import unit_figures, units_asked

from .campaigns import current_slug

TITLE = "Sơ kết đợt 1 thực hiện kế hoạch rèn luyện phong cách cán bộ Đoàn"
NARRATIVE = (
    "Đơn vị đã tổ chức quán triệt kế hoạch đến 100% chi đoàn trực thuộc; cán bộ chủ chốt đăng ký rèn luyện đầy đủ.\n"
    "Hạn chế: một số chi đoàn chưa cập nhật tiến độ đúng hạn, sinh hoạt chi đoàn có nơi còn hình thức.\n"
    "Thời gian tới: duy trì sinh hoạt chi đoàn hằng tháng, đôn đốc cán bộ cập nhật việc làm đã cam kết."
)
LATE = "CM-PT-THPTPT"
RETURNED = "CM-X-CDV"
NOT_SENT = {"CM-PT-NHCS", "CM-PT-YT", "CM-X-NVK"}


@transaction.atomic
def load_unit_report_demo() -> ReportRequest | None:
    campaign = Campaign.objects.select_related("organizer").get(slug=current_slug())
    existing = ReportRequest.objects.filter(campaign=campaign, title=TITLE).first()
    if existing:
        return existing
    today = timezone.localdate()
    due = today - timedelta(days=21)
    office = User.objects.filter(username="vanphong.camau").first()
    asked = ReportRequest.objects.create(
        campaign=campaign,
        kind=ReportKind.INTERIM,
        title=TITLE,
        due_on=due,
        note="Báo cáo kết quả triển khai, số cán bộ đăng ký, hạn chế và phương hướng thời gian tới.",
        created_by=office,
    )
    zone = timezone.get_current_timezone()
    for index, unit in enumerate(units_asked(campaign)):
        report = UnitReport.objects.create(request=asked, unit=unit)
        if unit.code in NOT_SENT:
            continue
        sent_day = due + timedelta(days=2) if unit.code == LATE else due - timedelta(days=1 + index % 5)
        report.narrative = NARRATIVE
        report.status = ReportStatus.SENT
        report.sent_at = datetime.combine(sent_day, datetime.min.time(), tzinfo=zone) + timedelta(hours=9)
        report.figures = unit_figures(report)
        if unit.code == RETURNED:
            report.status = ReportStatus.RETURNED
            report.return_reason = "Bổ sung số buổi sinh hoạt chi đoàn của từng chi đoàn trong đợt."
        report.save()
    return asked
