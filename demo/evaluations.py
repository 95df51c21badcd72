"""Demo year-end results: Phú Tân 2022 rated under the four levels with a 20 % warning cap on the top
level (a few proposals still wait for the office's calibration), Lạng Sơn 2023 scored in points, this
year's Phú Tân round open now, and a handful of "Gương sáng cán bộ Đoàn" stories with photos drawn here.
"""

import io
import random
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from campaigns.models import Campaign
from common.images import sanitize_image
from evaluations.models import (
    Commendation,
    CommendationForm,
    CriterionResult,
    Enforcement,
    Evaluation,
    EvaluationRound,
    Quota,
    RatingScheme,
    Stage,
)
from evaluations.schemes import FOUR_LEVELS_NAME as FOUR_LEVELS
from evaluations.schemes import POINTS_NAME as POINTS
from evaluations.schemes import ensure_default_schemes
from evaluations.stories import store_photo_variants
from organizations.models import Gender
from registrations.models import Status as RegistrationStatus

REASON = "Dữ liệu mẫu"
# Ranks 1–4 (xuất sắc, tốt, hoàn thành, không hoàn thành): a believable spread, the top under the 20 % cap.
PHU_TAN_SPREAD = [1] * 22 + [2] * 95 + [3] * 36 + [4] * 5
PHU_TAN_WAITING = 8  # proposals the office has not decided yet: what the calibration screen shows

ACHIEVED = [
    "Đã thực hiện đầy đủ các việc làm đăng ký; chủ trì {n} buổi sinh hoạt chi đoàn theo chủ điểm.",
    "Xuống cơ sở {n} lần mỗi tháng, nắm tình hình đoàn viên và giải quyết kịp thời kiến nghị của thanh niên.",
    "Tham gia lớp bồi dưỡng kỹ năng, áp dụng vào tổ chức {n} hoạt động tình nguyện tại địa phương.",
    "Phát biểu, góp ý xây dựng tại các cuộc họp; đề xuất {n} cách làm mới được Ban Chấp hành ghi nhận.",
]
# Each story speaks of its cadre as chị / anh / cô: it goes to a commended cadre of that gender.
STORIES = [
    (
        Gender.FEMALE,
        "Người bí thư “đi từng ngõ, gõ từng nhà”",
        "Mỗi tuần, chị dành hai buổi tối đến từng nhà đoàn viên trong khóm để lắng nghe, động viên các bạn trẻ quay "
        "lại sinh hoạt chi đoàn. Từ 19 đoàn viên sinh hoạt thường xuyên, đến cuối năm chi đoàn đã có 34 bạn tham gia "
        "đều đặn; mô hình “Tuyến đường thanh niên tự quản” do chi đoàn đề xuất được Huyện đoàn nhân rộng.",
    ),
    (
        Gender.MALE,
        "Từ phòng họp ra đồng ruộng",
        "Anh đăng ký tiêu chí “Sâu sát cơ sở” và giữ đúng lời hứa: mỗi tháng xuống các ấp ít nhất bốn lần, cùng thanh "
        "niên nạo vét kênh thủy lợi và hướng dẫn các tổ hợp tác nuôi tôm kết hợp rừng. Những ý kiến anh mang về đã "
        "giúp Đoàn xã điều chỉnh kế hoạch hỗ trợ thanh niên lập nghiệp sát với thực tế hơn.",
    ),
    (
        Gender.FEMALE,
        "Cô giáo trẻ và câu lạc bộ tiếng Anh",
        "Với tiêu chí “Ham học hỏi, sẵn sàng hội nhập”, cô tự học thêm và mở câu lạc bộ tiếng Anh miễn phí cho đoàn "
        "viên, học sinh mỗi sáng chủ nhật. Sau một năm, câu lạc bộ có hơn 60 thành viên và trở thành sinh hoạt "
        "chuyên đề thường kỳ của Đoàn trường.",
    ),
    (
        Gender.MALE,
        "Gương mẫu từ những việc nhỏ",
        "Đúng giờ trong mọi cuộc họp, trả lời tin nhắn của đoàn viên trong ngày, tự tay ghi biên bản sinh hoạt: những "
        "việc nhỏ anh cam kết khi đăng ký rèn luyện đã tạo nên nền nếp mới cho cả chi đoàn, được tập thể đề nghị "
        "tuyên dương cuối năm.",
    ),
    (
        Gender.FEMALE,
        "Sáng tạo trong công tác tuyên truyền",
        "Chị xây dựng trang thông tin của Đoàn cơ sở với các bản tin ngắn, dễ đọc trên điện thoại; lượt theo dõi tăng "
        "gấp ba trong năm. Nhiều hoạt động tình nguyện được thanh niên đăng ký tham gia ngay từ bản tin của chi đoàn.",
    ),
]


def _aware(day: date, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _round(campaign: Campaign, scheme_name: str, opens_on: date, closes_on: date, cap: int | None):
    round_, created = EvaluationRound.objects.get_or_create(
        campaign=campaign,
        defaults={"scheme": RatingScheme.objects.get(name=scheme_name), "opens_on": opens_on, "closes_on": closes_on},
    )
    if created and cap is not None:
        Quota.objects.create(
            round=round_, level=round_.scheme.levels.get(rank=1), max_percent=cap, enforcement=Enforcement.WARN
        )
    return round_, created


def _evaluate(
    round_: EvaluationRound,
    registrations,
    ranks: list[int],
    *,
    decided: list[bool],
    decision: str,
    decision_date: date,
    admin: User,
    office: User,
    rng: random.Random,
) -> None:
    levels = {level.rank: level for level in round_.scheme.levels.all()}
    deciding_cache: dict[int, object] = {}
    evaluations = []
    for registration, rank, is_decided in zip(registrations, ranks, decided, strict=False):
        if registration.unit_id not in deciding_cache:
            deciding_cache[registration.unit_id] = round_.deciding_unit_for(registration.unit)
        level = levels[rank]
        self_rank = max(1, rank - (1 if rng.random() < 0.3 else 0))
        points = {1: 92, 2: 80, 3: 62, 4: 40}[rank] + rng.randrange(6) if round_.scheme.uses_points else None
        submitted = round_.opens_on + timedelta(days=rng.randrange(10))
        evaluation = Evaluation(
            registration=registration,
            round=round_,
            deciding_unit=deciding_cache[registration.unit_id],
            stage=Stage.DECIDED if is_decided else Stage.PROPOSED,
            self_summary="Hoàn thành các việc làm đã đăng ký; còn hạn chế về thời gian dành cho sinh hoạt chuyên đề.",
            self_level=levels[self_rank],
            self_points=points and min(100, points + 3),
            submitted_at=_aware(submitted),
            unit_comment="Tập thể chi ủy thống nhất: đồng chí thực hiện tốt cam kết, gương mẫu, gần gũi đoàn viên.",
            proposed_level=level,
            proposed_points=points,
            proposed_at=_aware(submitted + timedelta(days=5)),
        )
        if is_decided:
            evaluation.final_level, evaluation.final_points = level, points
            evaluation.decision_number, evaluation.decision_date = decision, decision_date
            evaluation.decided_at, evaluation.decided_by = _aware(decision_date, 15), office
        evaluations.append(evaluation)
    bulk_create_with_history(evaluations, Evaluation, default_user=admin, default_change_reason=REASON)
    created = Evaluation.objects.filter(round=round_).prefetch_related("registration__choices")
    CriterionResult.objects.bulk_create(
        [
            CriterionResult(
                evaluation=evaluation,
                choice=choice,
                achieved=rng.choice(ACHIEVED).format(n=rng.randrange(2, 9)),
                evidence="Biên bản sinh hoạt chi đoàn; xác nhận của Bí thư Đoàn cơ sở.",
            )
            for evaluation in created
            for choice in evaluation.registration.choices.all()
        ]
    )


def _portrait(seed: int) -> SimpleUploadedFile:
    """A drawn portrait placeholder (no real person, nothing copied): a figure on a coloured background."""
    rng = random.Random(seed)
    width, height = 1200, 900
    top, bottom = (
        [(11, 78, 162), (25, 135, 84), (214, 51, 132), (253, 126, 20), (32, 201, 151)][seed % 5],
        (245, 247, 250),
    )
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)], fill=tuple(int(a * (1 - mix) + b * mix) for a, b in zip(top, bottom, strict=False))
        )
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(height // 2), rng.randrange(20, 90)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, 60), outline=None)
    shirt = (13, 110, 253) if seed % 2 else (220, 53, 69)  # áo Đoàn xanh, or the red scarf colour
    draw.ellipse([width // 2 - 130, 210, width // 2 + 130, 470], fill=(241, 194, 125))
    draw.rounded_rectangle([width // 2 - 260, 500, width // 2 + 260, height + 60], radius=120, fill=shirt)
    draw.polygon([(width // 2 - 60, 500), (width // 2 + 60, 500), (width // 2, 600)], fill=(255, 214, 0))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return sanitize_image(SimpleUploadedFile(f"guong-sang-{seed}.jpg", out.getvalue(), content_type="image/jpeg"))


def _stories_by_gender(people) -> dict:
    """{person id: story} — each story to the first commended cadre of its gender not given one yet."""
    given, left = {}, list(people)
    for story in STORIES:
        person = next((p for p in left if p.gender == story[0]), None)
        if person is not None:
            given[person.pk] = story
            left.remove(person)
    return given


def _stories(campaign: Campaign, round_: EvaluationRound, admin: User) -> None:
    top = list(
        Evaluation.objects.filter(round=round_, stage=Stage.DECIDED, final_level__rank=1)
        .select_related("registration__person__home_unit")
        .order_by("registration__person__sort_key")[:7]
    )
    decision_day = date(2022, 12, 22)
    story_of = _stories_by_gender([evaluation.registration.person for evaluation in top])
    for index, evaluation in enumerate(top):
        person = evaluation.registration.person
        story = story_of.get(person.pk)
        published = story is not None
        commendation = Commendation(
            decision_number="126-QĐ/HĐTN",
            decision_date=decision_day,
            issuing_unit=campaign.organizer,
            person=person,
            campaign=campaign,
            form=CommendationForm.CERTIFICATE if index % 2 == 0 else CommendationForm.PRAISE,
            reason="Đạt danh hiệu “Phong cách Cán bộ Đoàn huyện Phú Tân” năm 2022, hoàn thành xuất sắc nhiệm vụ.",
            # The last two were commended but did not agree to be shown: they never reach the public page.
            consent_given=published,
            consent_note="Phiếu đồng ý ký ngày 20/12/2022, lưu tại Văn phòng Huyện đoàn" if published else "",
            headline=story[1] if published else "",
            story=story[2] if published else "",
            photo_alt=f"Ảnh minh họa: {person.full_name}" if published else "",
            is_published=published,
            published_at=_aware(decision_day + timedelta(days=3)) if published else None,
        )
        if published:
            commendation.photo.save(f"guong-sang-{index + 1}.jpg", _portrait(index), save=False)
        commendation._history_user, commendation._change_reason = admin, REASON
        commendation.save()
        if published:
            store_photo_variants(commendation)


@transaction.atomic
def load_evaluation_demo() -> dict:
    from demo.campaigns import LANG_SON_SLUG, PHU_TAN_SLUG

    admin = User.objects.get(username="admin")
    ensure_default_schemes()  # normally there from the migration; a flushed test database has lost them
    rng = random.Random("2022-12")
    phu_tan = Campaign.objects.select_related("organizer").get(slug=PHU_TAN_SLUG)
    round_, created = _round(phu_tan, FOUR_LEVELS, date(2022, 11, 15), date(2022, 12, 15), cap=20)
    if created:
        approved = list(
            phu_tan.registrations.filter(status=RegistrationStatus.APPROVED)
            .select_related("unit", "person__user")
            .order_by("pk")
        )
        ranks = PHU_TAN_SPREAD[: len(approved)]
        rng.shuffle(ranks)
        # The demo cadre (canbo.phutan) is decided "tốt"; the last few wait for the office.
        for i, registration in enumerate(approved):
            if registration.person.user and registration.person.user.username == "canbo.phutan" and ranks[i] != 2:
                j = ranks.index(2)
                ranks[i], ranks[j] = ranks[j], ranks[i]
        decided = [i < len(approved) - PHU_TAN_WAITING for i in range(len(approved))]
        _evaluate(
            round_,
            approved,
            ranks,
            decided=decided,
            decision="125-QĐ/HĐTN",
            decision_date=date(2022, 12, 20),
            admin=admin,
            office=User.objects.get(username="vanphong.phutan"),
            rng=rng,
        )
        _stories(phu_tan, round_, admin)

    lang_son = Campaign.objects.get(slug=LANG_SON_SLUG)
    ls_round, created = _round(lang_son, POINTS, date(2023, 12, 1), date(2023, 12, 20), cap=None)
    if created:
        approved = list(
            lang_son.registrations.filter(status=RegistrationStatus.APPROVED).select_related("unit").order_by("pk")
        )
        ranks = [1, 1, 1, 1, 1] + [2] * 20 + [3] * 9
        _evaluate(
            ls_round,
            approved,
            ranks[: len(approved)],
            decided=[True] * len(approved),
            decision="45-QĐ/ĐTN",
            decision_date=date(2023, 12, 28),
            admin=admin,
            office=User.objects.get(username="vanphong.langson"),
            rng=rng,
        )

    return {"evaluations": Evaluation.objects.count(), "stories": Commendation.objects.published().count()}


def load_current_round_demo() -> None:
    """This year's campaign's year-end round, open until the end of the year."""
    from demo.campaigns import current_slug

    today = timezone.localdate()
    current = Campaign.objects.filter(slug=current_slug()).first()
    if current:
        _round(current, FOUR_LEVELS, min(date(today.year, 11, 15), today), max(date(today.year, 12, 31), today), cap=20)
