"""The demo's closing reports and this year's ratings waiting for the office (run last by `manage.py load_demo`).

Phú Tân 2022 closed in 03/2023 (the plan's period ran 05/2022 – 03/2023): before closing, the office decided the
last eight ratings (decision 18-QĐ/HĐTN of 20/03/2023), then the closing report froze the campaign's figures on the
tree of that day (19/19, 177/177, 206). Report number, date and wording are illustrative: the articles report the
launch, not the closing. The proposals waiting on the calibration screen are now this year's: a dozen of this
year's approved cadres assessed themselves and their units proposed a rating for the Tỉnh đoàn to decide.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from campaigns.models import Campaign, Closing
from evaluations.models import Evaluation, EvaluationRound, Stage
from reports.closing import campaign_close

from .campaigns import PHU_TAN_SLUG, REASON, _aware, current_slug
from .evaluations import _evaluate

PHU_TAN_CLOSING = date(2023, 3, 31)
PHU_TAN_NARRATIVE = (
    "Thực hiện Kế hoạch số 09-KH/HĐTN ngày 06/5/2022 của Ban Chấp hành Đoàn huyện về phát động phong trào đăng ký "
    "rèn luyện, xây dựng “Phong cách Cán bộ Đoàn huyện Phú Tân” năm 2022, 19/19 Đoàn cơ sở, Chi đoàn cơ sở và "
    "177/177 Chi đoàn trực thuộc đã tổ chức triển khai; 206 cán bộ Đoàn đăng ký rèn luyện, chủ yếu là "
    "cán bộ chủ chốt.\n"
    "Qua hai đợt sơ kết, phần lớn cán bộ đã cập nhật tiến độ các phần việc đăng ký; nhiều đồng chí gương mẫu, sâu "
    "sát cơ sở, gần gũi đoàn viên, thanh niên.\n"
    "Hạn chế: một số cán bộ đăng ký phần việc chưa cụ thể, chưa cập nhật tiến độ đúng hạn; việc sinh hoạt chi đoàn "
    "có phê bình và tự phê bình ở một số chi đoàn chưa thường xuyên.\n"
    "Năm tới: duy trì phong trào, gắn kết quả rèn luyện với đánh giá, xếp loại cán bộ Đoàn cuối năm."
)


@transaction.atomic
def load_closing_demo() -> Closing | None:
    """Decide Phú Tân 2022's last ratings and close it; this year's proposals waiting (idempotent)."""
    admin = User.objects.get(username="admin")
    phu_tan = Campaign.objects.get(slug=PHU_TAN_SLUG)
    closing = Closing.objects.filter(campaign=phu_tan).first()
    if closing is None:
        waiting = list(Evaluation.objects.filter(round__campaign=phu_tan, stage=Stage.PROPOSED))
        for evaluation in waiting:
            evaluation.stage = Stage.DECIDED
            evaluation.final_level_id, evaluation.final_points = (
                evaluation.proposed_level_id,
                evaluation.proposed_points,
            )
            evaluation.decision_number, evaluation.decision_date = "18-QĐ/HĐTN", date(2023, 3, 20)
            evaluation.decided_at, evaluation.decided_by = _aware(date(2023, 3, 20), 15), admin
        fields = [
            "stage",
            "final_level",
            "final_points",
            "decision_number",
            "decision_date",
            "decided_at",
            "decided_by",
        ]
        bulk_update_with_history(waiting, Evaluation, fields, default_user=admin, default_change_reason=REASON)
        # Entered today by the Tỉnh đoàn's office, which holds the dissolved district's history.
        closing = campaign_close(
            by=User.objects.get(username="vanphong.camau"),
            campaign=phu_tan,
            closed_on=PHU_TAN_CLOSING,
            narrative=PHU_TAN_NARRATIVE,
            report_number="20-BC/HĐTN",
        )
    _this_years_proposals(admin)
    return closing


def _this_years_proposals(admin: User) -> None:
    current = Campaign.objects.filter(slug=current_slug()).first()
    round_ = EvaluationRound.objects.filter(campaign=current).first() if current else None
    if round_ is None or round_.evaluations.exists():
        return
    rng = random.Random("de-xuat-nam-nay")
    approved = list(
        current.registrations.filter(status="approved")
        .exclude(person__user__isnull=False)  # the demo logins assess themselves
        .select_related("unit")
        .order_by("pk")[:12]
    )
    today = timezone.localdate()
    _evaluate(
        round_,
        approved,
        [rng.choice([1, 2, 2, 2, 3]) for _ in approved],
        decided=[False] * len(approved),
        decision="",
        decision_date=today,
        admin=admin,
        office=admin,
        rng=rng,
    )
    # Sent and proposed in the last days (the round opened on 15/11), not in the future.
    for evaluation in round_.evaluations.all():
        Evaluation.objects.filter(pk=evaluation.pk).update(
            submitted_at=_aware(max(round_.opens_on, today - timedelta(days=6))),
            proposed_at=_aware(max(round_.opens_on, today - timedelta(days=2))),
        )
