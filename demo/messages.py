"""A message of the Tỉnh đoàn Cà Mau office to the cadres who have not reported yet in this year's open check-in
(messaging/; wording illustrative): the group, its preview and its recipients are the real ones of the demo."""

from django.core.exceptions import ValidationError

from accounts.models import User
from campaigns.models import Campaign
from checkins.selectors import open_window
from messaging.models import Cohort, CohortMessage
from messaging.services import message_send
from organizations.models import Unit

from .campaigns import current_slug

TITLE = "Nhắc báo cáo sơ kết đợt đang mở"
BODY = (
    "Đề nghị các đồng chí chưa báo cáo kết quả thực hiện cam kết trong đợt sơ kết đang mở hoàn thành trên cổng "
    "trước khi đợt kết thúc. Văn phòng Tỉnh đoàn Cà Mau."
)


def load_message_demo() -> CohortMessage | None:
    """The message, sent once (safe to run again); None when this year's campaign has no check-in open today."""
    existing = CohortMessage.objects.filter(title=TITLE).first()
    if existing:
        return existing
    campaign = Campaign.objects.filter(slug=current_slug()).first()
    office = User.objects.filter(username="vanphong.camau").first()
    unit = Unit.objects.filter(code="CM").first()
    if not (campaign and office and unit) or open_window(campaign) is None:
        return None
    try:
        return message_send(by=office, cohort=Cohort.NOT_REPORTED, unit=unit, campaign=campaign, title=TITLE, body=BODY)
    except ValidationError:  # everyone has reported already
        return None
