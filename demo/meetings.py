"""A branch meeting called in this year's campaign (meetings/; wording illustrative): the Bí thư of Đoàn xã Cái
Đôi Vàm invites the members of Chi đoàn khóm 1 — the demo cadre's branch — to its themed meeting in three days.
Most have replied (one absent with a reason); the demo cadre has not, so the invitation waits on their home page."""

import random
from datetime import time, timedelta

from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign
from meetings.models import Invitation, Meeting, Reply
from meetings.services import MeetingData, meeting_call

from .campaigns import current_slug

TITLE = "Sinh hoạt chủ điểm: phê bình và tự phê bình, góp ý cán bộ Đoàn"
ABSENT_REASON = "Đi làm ca tại nhà máy chế biến thủy sản"


def load_meeting_demo() -> Meeting | None:
    """The meeting and its replies, made once (safe to run again)."""
    existing = Meeting.objects.filter(title=TITLE).first()
    if existing:
        return existing
    campaign = Campaign.objects.filter(slug=current_slug()).first()
    secretary = User.objects.filter(username="bithu.caidoivam").first()
    cadre = User.objects.filter(username="canbo.phutan").select_related("person__home_unit").first()
    if not (campaign and secretary and cadre) or campaign.ends_on < timezone.localdate() + timedelta(days=3):
        return None
    meeting = meeting_call(
        by=secretary,
        campaign=campaign,
        unit=cadre.person.home_unit,
        data=MeetingData(
            kind="meeting",
            title=TITLE,
            day=timezone.localdate() + timedelta(days=3),
            starts_at=time(19, 30),
            place="Nhà văn hóa khóm 1",
            agenda="1. Kiểm điểm việc thực hiện cam kết rèn luyện phong cách cán bộ Đoàn\n"
            "2. Đoàn viên góp ý, phê bình cán bộ Đoàn của chi đoàn\n3. Thống nhất ý kiến của tập thể chi đoàn",
        ),
    )
    # Replies as the members gave them on their phones (the demo cadre's is left for whoever tries the demo).
    others = list(meeting.invitations.exclude(person__user=cadre).order_by("pk"))
    rng = random.Random(TITLE)
    replied = rng.sample(others, k=max(1, len(others) * 2 // 3))
    now = timezone.now()
    for number, invitation in enumerate(replied):
        absent = number == 0
        Invitation.objects.filter(pk=invitation.pk).update(
            reply=Reply.ABSENT if absent else Reply.ATTENDING, reason=ABSENT_REASON if absent else "", replied_at=now
        )
    return meeting
