"""A units' report asked in this year's campaign (illustrative: the articles speak of sơ kết and tổng kết, not of
these dates or texts). Tỉnh đoàn Cà Mau asked its eleven units for a first interim report by a date now three
weeks past: six sent on time (the Cái Đôi Vàm high school's with a photo of the signed paper), one (the Phú Tân high
school) sent two days late, the Cái Đôi Vàm commune's was returned for its missing branch-meeting figures, and three
have not sent; the Bí thư of Cái Đôi Vàm (bithu.caidoivam) finds it
on the home page with the office's reason."""

import io
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from accounts.models import User
from campaigns.models import Campaign
from common.scans import checked_scan
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
SCANNED = "CM-PT-THPTCDV"  # its report has the signed paper attached, as a phone's photo of it


def _font(style: str, size: int):
    """A serif font with every Vietnamese letter (Liberation Serif 2, else DejaVu Serif), else Pillow's own."""
    for path in (
        f"/usr/share/fonts/truetype/liberation2/LiberationSerif-{style}.ttf",
        f"/usr/share/fonts/truetype/dejavu/DejaVuSerif{'-Bold' if style == 'Bold' else ''}.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _scanned_page(unit: str, day) -> SimpleUploadedFile:
    """A photo of a signed one-page report: its heading and lines of text, a signature and the unit's red seal."""
    page = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(page)
    font, bold = _font("Regular", 16), _font("Bold", 18)
    draw.text((330, 25), "ĐOÀN TNCS HỒ CHÍ MINH", fill="black", font=bold)
    draw.text((40, 55), unit.upper(), fill="black", font=bold)
    draw.text((330, 90), f"Cái Đôi Vàm, ngày {day:%d} tháng {day.month} năm {day.year}", fill="black", font=font)
    draw.text((250, 140), "BÁO CÁO", fill="black", font=bold)
    draw.text((130, 170), TITLE, fill="black", font=font)
    for row, line in enumerate(NARRATIVE.splitlines() * 3):
        draw.text((60, 230 + row * 40), line[:70], fill="black", font=font)
    draw.text((400, 640), "TM. BAN CHẤP HÀNH", fill="black", font=bold)
    draw.text((440, 665), "BÍ THƯ", fill="black", font=bold)
    draw.line([(420, 720), (470, 700), (500, 730), (540, 705)], fill="navy", width=3)  # the signature
    draw.ellipse((380, 660, 500, 780), outline="red", width=4)  # the seal, over the signature as it is stamped
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("bao-cao-da-ky.jpg", buffer.getvalue(), content_type="image/jpeg")


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
        if unit.code == SCANNED:
            scan = checked_scan(_scanned_page(unit.name, sent_day))
            report.scan.save(scan.name, scan, save=False)
        if unit.code == RETURNED:
            report.status = ReportStatus.RETURNED
            report.return_reason = "Bổ sung số buổi sinh hoạt chi đoàn của từng chi đoàn trong đợt."
        report.save()
    return asked
