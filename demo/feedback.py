"""Comments on cadres in this year's campaign (feedback/; wording illustrative): the unit with the most sheets
sent held its themed meeting (sinh hoạt chủ điểm: phê bình và tự phê bình) two days ago, opened a round of
comments from it with the writers' names hidden from the cadres, and its members commented on three cadres'
sheets; the collective's opinion (written here by the Tỉnh đoàn office, which reviews every unit) is on the
first of them."""

import random
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from campaigns.activities import ActivityData, activity_record
from campaigns.models import Campaign
from feedback.models import Comment, FeedbackRound
from feedback.services import opinion_save, round_open, subjects
from organizations.models import Person, Unit
from registrations.models import Registration, Status

from .campaigns import current_slug

COMMENTS = [
    ("suggestion", "Đồng chí nên phân công việc cụ thể hơn cho từng đoàn viên trong chi đoàn."),
    ("criticism", "Có buổi sinh hoạt đồng chí đến muộn, chưa thông báo trước cho chi đoàn."),
    ("praise", "Đồng chí nhiệt tình, luôn đi đầu trong các phần việc tình nguyện ở khóm."),
    ("suggestion", "Cần cập nhật tin hoạt động lên fanpage của chi đoàn thường xuyên hơn."),
]
OPINION = (
    "Tập thể chi đoàn thống nhất: đồng chí gương mẫu, nhiệt tình; cần khắc phục việc đến muộn và phân công "
    "nhiệm vụ rõ ràng hơn cho đoàn viên."
)


def load_feedback_demo() -> FeedbackRound | None:
    """The round and its comments, made once (safe to run again)."""
    existing = FeedbackRound.objects.filter(names_hidden=True, activity__title__startswith="Sinh hoạt chủ điểm").first()
    if existing:
        return existing
    campaign = Campaign.objects.filter(slug=current_slug()).first()
    secretary = User.objects.filter(username="vanphong.camau").first()
    if not (campaign and secretary):
        return None
    sent = Registration.objects.filter(campaign=campaign).exclude(status=Status.DRAFT)
    busiest = sent.values("unit").annotate(n=Count("pk")).order_by("-n", "unit").first()
    if not busiest or busiest["n"] < 2:
        return None
    branch = Unit.objects.get(pk=busiest["unit"])
    held_on = max(timezone.localdate() - timedelta(days=2), campaign.plan.issued_on)
    meeting = activity_record(
        by=secretary,
        campaign=campaign,
        unit=branch,
        data=ActivityData(
            kind="meeting",
            held_on=held_on,
            title="Sinh hoạt chủ điểm: phê bình và tự phê bình",
            place="Trụ sở " + branch.name,
            attendance=None,
            attendee_ids=list(Person.objects.filter(home_unit=branch).values_list("pk", flat=True)[:12]),
            minutes="Đoàn viên góp ý, phê bình các cán bộ Đoàn của chi đoàn theo cam kết đã đăng ký.",
        ),
    )
    feedback_round = round_open(
        by=secretary,
        campaign=campaign,
        unit=branch,
        closes_on=min(timezone.localdate() + timedelta(days=10), campaign.ends_on),
        names_hidden=True,
        activity=meeting,
    )
    rng = random.Random(branch.code)
    sheets = list(subjects(feedback_round)[:3])
    members = list(Person.objects.filter(home_unit=branch, left_union_on__isnull=True).order_by("pk"))
    for sheet in sheets:
        writers = [person for person in members if person.pk != sheet.person_id]
        for author, (kind, text) in zip(rng.sample(writers, k=min(3, len(writers))), COMMENTS, strict=False):
            Comment.objects.create(round=feedback_round, registration=sheet, author=author, kind=kind, text=text)
    if sheets:
        opinion_save(by=secretary, feedback_round=feedback_round, registration=sheets[0], text=OPINION)
    return feedback_round
