"""Demo: the units' year-end rating of Lạng Sơn 2023 (the article: this model is "một trong những nội dung trong
Bộ Tiêu chí đánh giá công tác Đoàn năm 2023"). The criteria set, its points, the quota and the decision number are
illustrative; the suggested points come from the campaign's own figures, the office adds its own assessment."""

from datetime import date

from django.db import transaction

from accounts.models import User
from campaigns.models import Campaign
from evaluations.models import Enforcement, RatingScheme
from evaluations.schemes import UNITS_NAME, ensure_default_schemes
from unitratings import services
from unitratings.models import Measure, UnitCriterion, UnitQuota, UnitRound

from .campaigns import LANG_SON_SLUG

CRITERIA = [
    ("Triển khai mô hình tại đơn vị", 20, Measure.DEPLOYED),
    ("Đoàn viên đăng ký rèn luyện", 30, Measure.REGISTERED),
    ("Cập nhật tiến độ phần việc khi sơ kết", 20, Measure.UPDATED),
    ("Chi đoàn ký kết cam kết", 15, Measure.SIGNED),
    ("Đánh giá của Ban Thường vụ Đoàn Khối", 15, Measure.OFFICE),
]
DECIDED_ON = date(2023, 12, 28)
# The office's own points (criterion 5) for the units that led the model, and for the others.
OFFICE_POINTS = {"LS-KCQDN-VPTU": 14, "LS-KCQDN-SCT": 13}


@transaction.atomic
def load_unit_rating_demo() -> UnitRound | None:
    lang_son = Campaign.objects.get(slug=LANG_SON_SLUG)
    if UnitRound.objects.filter(campaign=lang_son).exists():
        return None
    ensure_default_schemes()
    scheme = RatingScheme.objects.get(name=UNITS_NAME)
    round_ = UnitRound.objects.create(
        campaign=lang_son, scheme=scheme, opens_on=date(2023, 12, 1), closes_on=date(2023, 12, 31)
    )
    for order, (title, points, measure) in enumerate(CRITERIA, start=1):
        UnitCriterion.objects.create(round=round_, order=order, title=title, max_points=points, measure=measure)
    UnitQuota.objects.create(
        round=round_, level=scheme.levels.get(rank=1), max_percent=50, enforcement=Enforcement.WARN
    )
    decisions = [
        services.UnitDecision(row.unit.pk, min(100, row.points + OFFICE_POINTS.get(row.unit.code, 8)))
        for row in services.suggestions(round_)
    ]
    services.unit_ratings_decide(
        by=User.objects.get(username="vanphong.langson"),
        round_=round_,
        decisions=decisions,
        number="52-QĐ/ĐTN",
        on=DECIDED_ON,
        today=DECIDED_ON,
    )
    return round_
