"""An activity on the public page (campaigns.publishing): Phú Tân's launch conference of 10/5/2022, the event the
source article reports, with the article's own words as its summary and a drawn picture of a meeting room (no
real person) as its photo, marked as agreed to."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from accounts.models import User
from campaigns.models import Activity, ActivityKind, ActivityPhoto, Campaign
from campaigns.publishing import activity_publish
from common.images import sanitize_image

from .campaigns import PHU_TAN_SLUG

SUMMARY = (
    "Ngày 10/5/2022, tại phòng họp Khối đoàn thể huyện, Ban Thường vụ Huyện đoàn Phú Tân tổ chức Hội nghị triển "
    "khai Kế hoạch số 09-KH/HĐTN về việc phát động phong trào đăng ký rèn luyện, xây dựng “Phong cách Cán bộ Đoàn "
    "huyện Phú Tân” năm 2022 đến các đồng chí trong Ban Chấp hành, Bí thư các Đoàn cơ sở trực thuộc trên địa bàn."
)


def _meeting_room() -> SimpleUploadedFile:
    """A drawn meeting room: a red banner over a table and rows of chairs."""
    image = Image.new("RGB", (1400, 900), (236, 240, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle([150, 80, 1250, 260], fill=(200, 30, 45))
    draw.rectangle([220, 140, 1180, 200], fill=(255, 214, 0))
    draw.rectangle([300, 420, 1100, 500], fill=(120, 80, 50))
    for row in range(3):
        for seat in range(9):
            x, y = 260 + seat * 100, 580 + row * 100
            draw.rounded_rectangle([x, y, x + 60, y + 60], radius=12, fill=(13, 110, 253))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return sanitize_image(SimpleUploadedFile("hoi-nghi-trien-khai.jpg", out.getvalue(), content_type="image/jpeg"))


def load_public_activity_demo() -> Activity | None:
    """Published once (safe to run again)."""
    campaign = Campaign.objects.get(slug=PHU_TAN_SLUG)
    launch = (
        Activity.objects.filter(campaign=campaign, kind=ActivityKind.LAUNCH, unit=campaign.organizer)
        .order_by("held_on", "pk")
        .first()
    )
    if launch is None or launch.published_at:
        return launch
    photo = ActivityPhoto.objects.create(activity=launch, image=_meeting_room())
    return activity_publish(
        by=User.objects.get(username="admin"), activity=launch, summary=SUMMARY, consented_photo_ids=[photo.pk]
    )
