"""Demo campaigns from the two source articles (run by `manage.py load_demo` after the units).

Phú Tân 2022: Kế hoạch 09-KH/HĐTN of 06/5/2022, four criteria, period 05/2022 – 03/2023, all 19
grassroots units and 177 branches deployed, 206 cadres registered. Lạng Sơn 2023: the bloc's
model under Chỉ thị 01-CT/TWĐTN and Kết luận 06-KL/TWĐTN-BKT, the four criteria of "Phong trào 3
trách nhiệm", every member registers, branches sign a commitment. The articles name the criteria
but not their guidance items: the "nên làm / không nên làm" lines below are written in their spirit.

A copy of the Phú Tân campaign for the current year keeps its registration window open, so the
demo cadre has a draft to finish and the whole journey can be tried.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from campaigns.models import BranchCommitment, Campaign, Criterion, Deployment, Document, DocumentKind, EligibilityRule
from organizations.models import GRASSROOTS_KINDS, Person, PositionTitle, Sector, Unit, UnitKind
from registrations.models import Registration, RegistrationCriterion, ReturnStage, Status

PHU_TAN_SLUG = "phong-cach-can-bo-doan-phu-tan-2022"
LANG_SON_SLUG = "ren-luyen-tac-phong-lang-son-2023"
REASON = "Dữ liệu minh họa"

PHU_TAN_CRITERIA = [
    (
        "Gương mẫu, đoàn kết",
        "Gương mẫu đi đầu trong mọi hoạt động, phong trào; giữ gìn đoàn kết nội bộ.",
        "Đi đầu trong các phần việc của Đoàn\nGiữ lời hứa, nói đi đôi với làm\nLắng nghe, tôn trọng ý kiến đồng chí",
        "Nói nhiều làm ít\nGây mất đoàn kết, nói xấu sau lưng\nĐùn đẩy trách nhiệm",
    ),
    (
        "Năng động, tư duy, sáng tạo",
        "Chủ động đề xuất cách làm mới, phù hợp đặc điểm đơn vị.",
        "Đề xuất ít nhất một mô hình, cách làm mới mỗi năm\nỨng dụng mạng xã hội trong công tác Đoàn",
        "Làm theo lối mòn, hình thức\nNgại đổi mới, ngại khó",
    ),
    (
        "Sâu sát cơ sở, gần gũi, gắn bó mật thiết với đoàn viên, thanh thiếu nhi",
        "Thường xuyên có mặt ở cơ sở, nắm bắt tâm tư, nguyện vọng của đoàn viên, thanh niên.",
        "Dự sinh hoạt chi đoàn định kỳ\nThăm hỏi đoàn viên, thanh niên có hoàn cảnh khó khăn",
        "Chỉ đạo qua giấy tờ, điện thoại\nXa rời đoàn viên, thanh niên",
    ),
    (
        "Ham học hỏi, sẵn sàng hội nhập",
        "Tự học nâng cao trình độ chính trị, chuyên môn, ngoại ngữ, tin học.",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\nTham gia các lớp bồi dưỡng nghiệp vụ",
        "Bằng lòng với hiểu biết hiện có\nNgại tiếp cận công nghệ mới",
    ),
]
LANG_SON_CRITERIA = [
    (
        "Bản lĩnh vững vàng",
        "Vững vàng về tư tưởng chính trị, đạo đức, lối sống.",
        "Nêu gương trong rèn luyện tư tưởng chính trị\nTự phê bình và phê bình thẳng thắn trong sinh hoạt chi đoàn",
        "Dao động trước thông tin sai trái\nNể nang, né tránh khi góp ý",
    ),
    (
        "Tiên phong hành động",
        "Xung kích, gương mẫu trong công việc và phong trào.",
        "Nhận việc khó, việc mới\nHoàn thành công việc đúng hạn",
        "Thụ động chờ phân công\nLàm việc qua loa, chiếu lệ",
    ),
    (
        "Sáng tạo không ngừng",
        "Rèn luyện phong cách làm việc khoa học, hiện đại, chuyên nghiệp, năng động.",
        "Cải tiến cách làm trong công việc chuyên môn\nỨng dụng chuyển đổi số",
        "Làm theo thói quen cũ\nNgại thay đổi",
    ),
    (
        "Khát vọng vươn lên",
        "Không ngừng học tập, phấn đấu vươn lên.",
        "Đặt mục tiêu học tập cụ thể trong năm\nChia sẻ kinh nghiệm với đồng nghiệp",
        "Bằng lòng với hiện tại\nThiếu ý chí phấn đấu",
    ),
]
SHORTCOMINGS = [
    "Đôi lúc còn ngại phát biểu, góp ý trong sinh hoạt.",
    "Chưa sắp xếp thời gian hợp lý giữa công việc chuyên môn và công tác Đoàn.",
    "Kỹ năng tổ chức hoạt động còn hạn chế.",
    "Chưa thường xuyên xuống cơ sở, nắm tình hình đoàn viên.",
    "Khả năng ứng dụng công nghệ thông tin còn yếu.",
    "Chưa mạnh dạn đề xuất cách làm mới.",
]
ACTIONS = [
    "Tham dự đầy đủ sinh hoạt chi đoàn hằng tháng và phát biểu ý kiến ít nhất một lần.",
    "Lập kế hoạch công tác tuần và báo cáo kết quả với Ban Thường vụ.",
    "Tổ chức ít nhất 2 hoạt động tình nguyện tại địa bàn trong năm.",
    "Hằng tháng xuống các chi đoàn ấp, khóm ít nhất 2 lần.",
    "Hoàn thành khóa bồi dưỡng tin học cơ bản trong năm 2022.",
    "Xây dựng trang fanpage của chi đoàn và cập nhật tin hằng tuần.",
]
# Phú Tân, 206 registrations: how they stood when the demo was taken.
PHU_TAN_MIX = [
    (Status.APPROVED, 158),
    (Status.CONFIRMED, 20),
    (Status.SUBMITTED, 16),
    (Status.RETURNED, 6),
    (Status.DRAFT, 6),
]


def _document(number, kind, issuer, issued_on, title, unit=None) -> Document:
    document, _created = Document.objects.get_or_create(
        number=number, issuer=issuer, issued_on=issued_on, defaults={"kind": kind, "title": title, "issuing_unit": unit}
    )
    return document


def _campaign(slug, criteria, rules, **fields) -> tuple[Campaign, bool]:
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign:
        return campaign, False
    legal_bases = fields.pop("legal_bases")
    campaign = Campaign.objects.create(slug=slug, **fields)
    campaign.legal_bases.set(legal_bases)
    for order, (title, description, do, dont) in enumerate(criteria, start=1):
        Criterion.objects.create(
            campaign=campaign, order=order, title=title, description=description, should_do=do, should_not_do=dont
        )
    for title, kind, sector in rules:
        EligibilityRule.objects.create(campaign=campaign, title=title, unit_kind=kind, sector=sector)
    return campaign, True


def _aware(day: date, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_campaign_demo() -> dict:
    admin = User.objects.get(username="admin")
    phu_tan, cadre = Unit.objects.get(code="CM-PT"), User.objects.get(username="canbo.phutan")
    directive = _document(
        "01-CT/TWĐTN",
        DocumentKind.DIRECTIVE,
        "Ban Chấp hành Trung ương Đoàn",
        date(2013, 5, 17),
        "Tăng cường rèn luyện tác phong, thực hiện lề lối công tác của cán bộ đoàn",
    )
    conclusion = _document(
        "06-KL/TWĐTN-BKT",
        DocumentKind.CONCLUSION,
        "Ban Chấp hành Trung ương Đoàn",
        date(2019, 1, 10),
        "Xây dựng các mô hình rèn luyện tác phong, thực hiện lề lối công tác Đoàn",
    )
    plan = _document(
        "09-KH/HĐTN",
        DocumentKind.PLAN,
        "Ban Chấp hành Đoàn huyện Phú Tân",
        date(2022, 5, 6),
        "Phát động phong trào đăng ký rèn luyện, xây dựng “Phong cách Cán bộ Đoàn huyện Phú Tân” năm 2022",
        unit=phu_tan,
    )
    phu_tan_rules = [
        ("", UnitKind.DISTRICT, ""),  # Ủy viên BCH Huyện đoàn
        (PositionTitle.FULL_TIME_STAFF, "", ""),  # cán bộ chuyên trách
        (PositionTitle.CONTRACT_STAFF, "", ""),  # kể cả hợp đồng
        ("", UnitKind.GRASSROOTS_BRANCH, ""),  # Chi đoàn cơ sở trực thuộc Huyện đoàn
        ("", UnitKind.GRASSROOTS, Sector.COMMUNE),  # Đoàn cơ sở xã, thị trấn
        ("", UnitKind.GRASSROOTS, Sector.SCHOOL),  # Đoàn cơ sở trường học
        (PositionTitle.SECRETARY, UnitKind.BRANCH, ""),  # Bí thư Chi đoàn
    ]
    campaign, created = _campaign(
        PHU_TAN_SLUG,
        PHU_TAN_CRITERIA,
        phu_tan_rules,
        title="Phong cách Cán bộ Đoàn huyện Phú Tân năm 2022",
        summary="Cụ thể hóa Cuộc vận động “Xây dựng giá trị hình mẫu thanh niên Việt Nam thời kỳ mới” gắn với học "
        "tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; hình thành đội ngũ cán bộ Đoàn cốt cán "
        "và thế hệ thủ lĩnh thanh niên ưu tú.",
        plan=plan,
        legal_bases=[directive, conclusion],
        organizer=phu_tan,
        starts_on=date(2022, 5, 10),
        ends_on=date(2023, 3, 31),
        registration_opens=date(2022, 5, 10),
        registration_closes=date(2022, 6, 30),
        min_criteria=1,
        max_criteria=4,
    )
    if created:
        _deploy_everywhere(campaign, admin)
        _phu_tan_registrations(campaign, admin, cadre)

    bloc = Unit.objects.get(code="LS-KCQDN")
    lang_son, created = _campaign(
        LANG_SON_SLUG,
        LANG_SON_CRITERIA,
        [],
        title="Rèn luyện tác phong, thực hiện lề lối công tác cán bộ Đoàn năm 2023",
        summary="Mô hình “Rèn luyện tác phong, thực hiện lề lối công tác cán bộ Đoàn trong khối cán bộ, công chức, "
        "viên chức” gắn với Phong trào 3 trách nhiệm; là một nội dung của Bộ tiêu chí đánh giá công tác "
        "Đoàn năm 2023.",
        plan=directive,
        legal_bases=[conclusion],
        organizer=bloc,
        starts_on=date(2023, 3, 1),
        ends_on=date(2023, 12, 31),
        registration_opens=date(2023, 3, 1),
        registration_closes=date(2023, 4, 30),
        members_register=True,
        min_criteria=1,
        max_criteria=4,
    )
    if created:
        _lang_son_commitments_and_members(lang_son, admin)

    return {"campaigns": Campaign.objects.count(), "registrations": Registration.objects.count()}


def current_slug() -> str:
    return f"phong-cach-can-bo-doan-ca-mau-{timezone.localdate().year}"


def load_current_campaign_demo() -> Campaign:
    """This year's campaign on the tree after the 2025 restructure: run by Tỉnh đoàn Cà Mau (the district level
    is gone), copied from Phú Tân 2022; the demo cadre has a draft to finish."""
    slug = current_slug()
    existing = Campaign.objects.filter(slug=slug).first()
    if existing:
        return existing
    from campaigns.services import campaign_clone

    admin, cadre = User.objects.get(username="admin"), User.objects.get(username="canbo.phutan")
    province = Unit.objects.get(code="CM")
    today = timezone.localdate()
    plan = _document(
        "25-KH/TĐTN",
        DocumentKind.PLAN,
        "Ban Thường vụ Tỉnh đoàn Cà Mau",
        date(today.year, 3, 1),
        f"Xây dựng “Phong cách Cán bộ Đoàn” trong đội ngũ cán bộ Đoàn tỉnh Cà Mau năm {today.year}",
        unit=province,
    )
    current = campaign_clone(
        by=admin,
        campaign=Campaign.objects.get(slug=PHU_TAN_SLUG),
        slug=slug,
        years=today.year - 2022,
        title=f"Phong cách Cán bộ Đoàn tỉnh Cà Mau năm {today.year}",
        organizer=province,
    )
    Campaign.objects.filter(pk=current.pk).update(
        plan=plan,
        starts_on=min(current.starts_on, today),
        ends_on=max(current.ends_on, today + timedelta(days=120)),
        registration_opens=min(current.registration_opens, today - timedelta(days=7)),
        registration_closes=max(current.registration_closes, today + timedelta(days=30)),
    )
    current = Campaign.objects.get(pk=current.pk)
    _current_registrations(current, admin, cadre)
    _demo_draft(current, cadre)
    return current


def _current_registrations(campaign: Campaign, admin: User, cadre: User) -> None:
    """About half of this year's cadres have sent their sheet since the window opened, a few already confirmed,
    so the dashboard, the weekly chart and the comparison with 2022 have something to show."""
    rng = random.Random(campaign.slug)
    today = timezone.localdate()
    positions = {p.person_id: p for p in campaign.eligible_positions().select_related("unit").order_by("-unit__depth")}
    people = sorted(pk for pk in positions if pk != Person.objects.get(user=cadre).pk)
    chosen = rng.sample(people, len(people) * 11 // 20)
    days = max((today - campaign.registration_opens).days, 1)
    registrations = []
    for person_id in chosen:
        status = rng.choice([Status.SUBMITTED] * 6 + [Status.CONFIRMED] * 3 + [Status.DRAFT])
        sent = campaign.registration_opens + timedelta(days=min(days - 1, int(rng.triangular(0, days, days * 0.3))))
        registrations.append(
            Registration(
                campaign=campaign,
                person_id=person_id,
                unit=positions[person_id].unit,
                position_title=positions[person_id].title,
                status=status,
                overall_commitment="Gương mẫu, sâu sát cơ sở; hoàn thành tốt nhiệm vụ được giao.",
                submitted_at=None if status == Status.DRAFT else _aware(sent),
                confirmed_at=_aware(min(sent + timedelta(days=2), today)) if status == Status.CONFIRMED else None,
            )
        )
    bulk_create_with_history(registrations, Registration, default_user=admin, default_change_reason=REASON)
    _fill_choices(Registration.objects.filter(campaign=campaign).order_by("pk"), campaign, rng)


def _deploy_everywhere(campaign: Campaign, admin: User) -> None:
    rng = random.Random(campaign.slug)
    units = Unit.objects.subtree_of(campaign.organizer).filter(
        is_active=True, kind__in=[*GRASSROOTS_KINDS, UnitKind.BRANCH]
    )
    deployments = [
        Deployment(
            campaign=campaign,
            unit=unit,
            reported_by=admin,
            deployed_on=date(2022, 5, 11) + timedelta(days=rng.randrange(20)),
            attendance=rng.randint(8, 35) if unit.kind in GRASSROOTS_KINDS else rng.randint(4, 15),
            notes="Họp triển khai kế hoạch đến Ban Chấp hành và đoàn viên.",
        )
        for unit in units
    ]
    bulk_create_with_history(deployments, Deployment, default_user=admin, default_change_reason=REASON)


def _fill_choices(registrations, campaign: Campaign, rng: random.Random) -> None:
    criteria = list(campaign.criteria.all())
    choices = []
    for registration in registrations:
        for criterion in rng.sample(criteria, rng.randint(min(2, len(criteria)), min(3, len(criteria)))):
            choices.append(
                RegistrationCriterion(
                    registration=registration,
                    criterion=criterion,
                    shortcomings=rng.choice(SHORTCOMINGS),
                    actions=rng.choice(ACTIONS),
                )
            )
    RegistrationCriterion.objects.bulk_create(choices)


def _phu_tan_registrations(campaign: Campaign, admin: User, cadre: User) -> None:
    rng = random.Random("206")
    eligible = list(campaign.eligible_people().select_related("home_unit").order_by("pk"))
    positions = {p.person_id: p for p in campaign.eligible_positions().select_related("unit").order_by("-unit__depth")}
    cadre_person = Person.objects.get(user=cadre)
    chosen = [cadre_person] + rng.sample([p for p in eligible if p.pk != cadre_person.pk], 205)
    # The Cái Đôi Vàm secretary's queue should hold something: put a few of the town's sheets first.
    town = Unit.objects.get(code="CM-PT-CDV").path
    chosen.sort(key=lambda p: (p.pk != cadre_person.pk, not positions[p.pk].unit.path.startswith(town)))
    # The demo cadre's own 2022 sheet was approved; four of the town's sheets wait for the town's secretary.
    held_back = {Status.APPROVED: 1, Status.SUBMITTED: 4}
    rest = [status for status, count in PHU_TAN_MIX for _ in range(count - held_back.get(status, 0))]
    rng.shuffle(rest)
    statuses = [Status.APPROVED] + [Status.SUBMITTED] * 4 + rest
    office = User.objects.get(username="vanphong.phutan")
    registrations = []
    for person, status in zip(chosen, statuses, strict=False):
        position = positions[person.pk]
        submitted = date(2022, 5, 12) + timedelta(days=rng.randrange(40))
        registration = Registration(
            campaign=campaign,
            person=person,
            unit=position.unit,
            position_title=position.title,
            status=status,
            overall_commitment="Phấn đấu hoàn thành xuất sắc nhiệm vụ, xứng đáng là cán bộ Đoàn gương mẫu.",
            submitted_at=None if status == Status.DRAFT else _aware(submitted),
        )
        if status in (Status.CONFIRMED, Status.APPROVED):
            registration.confirmed_at = _aware(submitted + timedelta(days=3))
        if status == Status.APPROVED:
            registration.approved_at, registration.approved_by = _aware(submitted + timedelta(days=10)), office
        if status == Status.RETURNED:
            registration.return_reason = "Việc làm đăng ký chưa cụ thể, đề nghị ghi rõ thời gian thực hiện."
            registration.returned_stage = ReturnStage.UNIT
        registrations.append(registration)
    bulk_create_with_history(registrations, Registration, default_user=admin, default_change_reason=REASON)
    _fill_choices(Registration.objects.filter(campaign=campaign).order_by("pk"), campaign, rng)


def _lang_son_commitments_and_members(campaign: Campaign, admin: User) -> None:
    rng = random.Random(campaign.slug)
    for code, day in (("LS-KCQDN-VPTU", date(2023, 3, 15)), ("LS-KCQDN-SCT", date(2023, 3, 20))):
        unit = Unit.objects.get(code=code)
        BranchCommitment.objects.get_or_create(
            campaign=campaign,
            unit=unit,
            defaults={
                "signed_on": day,
                "signers": unit.members.count(),
                "text": "Chi đoàn cam kết 100% đoàn viên đăng ký rèn luyện tác phong, thực hiện lề lối công "
                "tác cán bộ Đoàn; thực hiện nghiêm những điều nên làm, không nên làm.",
            },
        )
    members = Person.objects.filter(home_unit__code__in=["LS-KCQDN-VPTU", "LS-KCQDN-SCT"]).select_related("home_unit")
    registrations = [
        Registration(
            campaign=campaign,
            person=person,
            unit=person.home_unit,
            status=Status.APPROVED,
            overall_commitment="Thực hiện nghiêm Phong trào 3 trách nhiệm.",
            submitted_at=_aware(date(2023, 3, 22)),
            confirmed_at=_aware(date(2023, 3, 25)),
            approved_at=_aware(date(2023, 4, 5)),
        )
        for person in members
    ]
    # "100% đoàn viên đăng ký bản Rèn luyện đoàn viên, đăng ký đoàn viên ưu tú": most register as such too.
    pledges = random.Random("doan-vien-uu-tu")
    for registration in registrations:
        registration.excellent_member = pledges.random() < 0.8
    bulk_create_with_history(registrations, Registration, default_user=admin, default_change_reason=REASON)
    _fill_choices(Registration.objects.filter(campaign=campaign).order_by("pk"), campaign, rng)


def _demo_draft(campaign: Campaign, cadre: User) -> None:
    """The demo cadre has started this year's sheet: one criterion filled, to finish and send."""
    from registrations import services

    registration = services.registration_start(by=cadre, campaign=campaign)
    first = campaign.criteria.first()
    services.registration_save(
        by=cadre,
        registration=registration,
        choices=[services.Choice(first.pk, SHORTCOMINGS[0], ACTIONS[0])],
        expected_version=registration.version,
    )
