"""The movements above the demo campaigns (programmes/).

Cuộc vận động "Xây dựng giá trị hình mẫu thanh niên Việt Nam thời kỳ mới": the Phú Tân article's plan
"cụ thể hóa 04 tiêu chí giá trị hình mẫu do Tỉnh đoàn định hướng" and names them in one phrase ("lý tưởng cách
mạng, yêu nước nồng nàn, khát vọng vươn lên, năng động, sáng tạo, nhân ái, thanh lịch"); the four criteria below
are that phrase split in four, their guidance lines written in its spirit. The article's phase is 2018 – 2022;
the period runs on to 2027 (illustrative) so this year's campaign can start from it. Phú Tân 2022 put the four into
its own "phong cách" criteria (not copied); this year's campaign of Tỉnh đoàn Cà Mau copies them.

"Phong trào 3 trách nhiệm" of Đoàn Khối Lạng Sơn: the article's four criteria (Bản lĩnh vững vàng, Tiên phong
hành động, Sáng tạo không ngừng, Khát vọng vươn lên), which the bloc's 2023 campaign already has.
"""

from datetime import date

from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign
from organizations.models import Unit
from programmes.models import Programme, ProgrammeKind, TemplateCriterion
from programmes.services import programme_adopt

from .campaigns import LANG_SON_CRITERIA, LANG_SON_SLUG, PHU_TAN_SLUG, current_slug

MODEL_YOUTH_SLUG = "xay-dung-gia-tri-hinh-mau-thanh-nien-viet-nam"
THREE_RESPONSIBILITIES_SLUG = "phong-trao-3-trach-nhiem-lang-son"

MODEL_YOUTH_CRITERIA = [
    (
        "Lý tưởng cách mạng, yêu nước nồng nàn",
        "Kiên định lý tưởng cách mạng, tự hào và có trách nhiệm với quê hương, đất nước.",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\nTham gia bảo vệ nền tảng tư tưởng của Đảng",
        "Thờ ơ với thời sự, chính trị\nChia sẻ thông tin sai trái trên mạng xã hội",
    ),
    (
        "Khát vọng vươn lên",
        "Có ước mơ, hoài bão, ý chí vượt khó để lập thân, lập nghiệp.",
        "Đặt mục tiêu học tập, rèn luyện cụ thể mỗi năm\nKhởi nghiệp, lập nghiệp trên quê hương",
        "Bằng lòng với hiện tại\nNgại khó, ngại khổ",
    ),
    (
        "Năng động, sáng tạo",
        "Chủ động, linh hoạt, dám nghĩ, dám làm, đổi mới cách làm.",
        "Đề xuất ý tưởng, mô hình mới\nỨng dụng công nghệ số trong học tập, lao động",
        "Làm theo lối mòn\nThụ động chờ phân công",
    ),
    (
        "Nhân ái, thanh lịch",
        "Sống nghĩa tình, văn minh, lịch sự trong ứng xử.",
        "Tham gia hoạt động tình nguyện, giúp đỡ người khó khăn\nỨng xử văn minh trên mạng xã hội",
        "Vô cảm trước khó khăn của người khác\nNói tục, ứng xử thiếu văn hóa",
    ),
]


def _programme(slug, criteria, **fields) -> Programme:
    programme, created = Programme.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        for order, (title, description, do, dont) in enumerate(criteria, start=1):
            TemplateCriterion.objects.create(
                programme=programme,
                order=order,
                title=title,
                description=description,
                should_do=do,
                should_not_do=dont,
            )
    return programme


def _adopt(programme: Programme, slug: str, by: User, copy_criteria: bool) -> None:
    campaign = Campaign.objects.filter(slug=slug, adoption__isnull=True).first()
    if campaign is not None and not campaign.closed_on():
        programme_adopt(by=by, programme=programme, campaign=campaign, copy_criteria=copy_criteria)


def load_programme_demo() -> list[Programme]:
    """Both movements and their campaigns (safe to run again); run before Phú Tân's closing."""
    admin = User.objects.get(username="admin")
    model_youth = _programme(
        MODEL_YOUTH_SLUG,
        MODEL_YOUTH_CRITERIA,
        kind=ProgrammeKind.MOVEMENT,
        title="Cuộc vận động “Xây dựng giá trị hình mẫu thanh niên Việt Nam thời kỳ mới”",
        summary="04 tiêu chí giá trị hình mẫu do Tỉnh đoàn định hướng; các Huyện đoàn, cơ sở đoàn cụ thể hóa "
        "trong kế hoạch rèn luyện cán bộ Đoàn (minh họa theo bài Phú Tân).",
        owner=Unit.objects.get(code="CM"),
        starts_on=date(2018, 1, 1),
        ends_on=date(max(2027, timezone.localdate().year), 12, 31),
    )
    three = _programme(
        THREE_RESPONSIBILITIES_SLUG,
        LANG_SON_CRITERIA,
        kind=ProgrammeKind.DRIVE,
        title="Phong trào 3 trách nhiệm",
        summary="Trách nhiệm với bản thân, với công việc, với cộng đồng; 04 tiêu chí: Bản lĩnh vững vàng, Tiên "
        "phong hành động, Sáng tạo không ngừng, Khát vọng vươn lên.",
        owner=Campaign.objects.get(slug=LANG_SON_SLUG).organizer,
        starts_on=date(2023, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    _adopt(model_youth, PHU_TAN_SLUG, admin, copy_criteria=False)
    _adopt(model_youth, current_slug(), admin, copy_criteria=True)
    _adopt(three, LANG_SON_SLUG, admin, copy_criteria=True)  # the same four titles: nothing added
    return [model_youth, three]
