"""Demo activities (run by `manage.py load_demo` after the campaigns, before the 2025 restructure, so the rosters
are those of the campaigns' time).

Phú Tân 2022: the launch conference of 10/5/2022, chaired by the Huyện đoàn's secretary, đồng chí Lâm Ngọc Sơn,
at the phòng họp Khối đoàn thể, attended by the district's executive committee and the secretaries of its
grassroots units (the article); then "sinh hoạt chủ điểm" with criticism and self-criticism in a third of the
branches. Lạng Sơn 2023: the bloc's launch, the signing ceremonies of Chi đoàn Văn phòng Tỉnh ủy and Chi đoàn Sở
Công Thương (which launched the model in their branch that day), and their branch meetings. Places, chairs of the
meetings and dates other than the article's are illustrative.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from campaigns.activities import ActivityData, activity_record, roster
from campaigns.models import Activity, ActivityKind, BranchCommitment, Campaign, Deployment
from organizations.models import GRASSROOTS_KINDS, Position, PositionTitle, Unit, UnitKind

from .campaigns import LANG_SON_SLUG, PHU_TAN_SLUG

COMMITTEE = (
    PositionTitle.SECRETARY,
    PositionTitle.DEPUTY_SECRETARY,
    PositionTitle.STANDING_MEMBER,
    PositionTitle.EXECUTIVE_MEMBER,
)
MEETING = "Sinh hoạt chủ điểm “Phong cách cán bộ Đoàn”: phê bình và tự phê bình"
MEETING_MINUTES = (
    "Chi đoàn sinh hoạt chủ điểm; từng đoàn viên tự nhận xét việc thực hiện phần việc đã đăng ký, chi đoàn góp ý, "
    "phê bình; thống nhất các việc cần khắc phục trong tháng tới."
)


def link_activities(campaign: Campaign) -> int:
    """The linked activity of every deployment and commitment the demo wrote in bulk (the services keep it for
    the others): their launch conference or signing ceremony."""
    deployments = Deployment.objects.filter(campaign=campaign, activity__isnull=True)
    commitments = BranchCommitment.objects.filter(campaign=campaign, activity__isnull=True)
    rows = [
        Activity(
            campaign=campaign,
            unit_id=d.unit_id,
            kind=ActivityKind.LAUNCH,
            held_on=d.deployed_on,
            attendance=d.attendance,
            minutes=d.notes,
            deployment=d,
            recorded_by_id=d.reported_by_id,
        )
        for d in deployments
    ] + [
        Activity(
            campaign=campaign,
            unit_id=c.unit_id,
            kind=ActivityKind.SIGNING,
            held_on=c.signed_on,
            attendance=c.signers,
            minutes=c.text,
            commitment=c,
        )
        for c in commitments
    ]
    Activity.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _holders(unit: Unit, titles, on: date):
    return list(Position.objects.current(on).filter(unit=unit, title__in=titles).values_list("person_id", flat=True))


@transaction.atomic
def load_activity_demo() -> dict:
    admin = User.objects.get(username="admin")
    phu_tan = Campaign.objects.get(slug=PHU_TAN_SLUG)
    lang_son = Campaign.objects.get(slug=LANG_SON_SLUG)
    for campaign in (phu_tan, lang_son):
        link_activities(campaign)
    if phu_tan.activities.exclude(kind__in=[ActivityKind.LAUNCH, ActivityKind.SIGNING]).exists():
        return {}
    launch = _phu_tan_launch(phu_tan, admin)
    meetings = _branch_meetings(phu_tan, admin, date(2022, 8, 15), share=1 / 3, seed="sinh-hoat-phu-tan")
    _lang_son(lang_son, admin)
    return {"launch": launch, "meetings": meetings}


def _phu_tan_launch(campaign: Campaign, admin: User) -> Activity:
    district = campaign.organizer
    day = date(2022, 5, 10)
    committee = _holders(district, COMMITTEE, day)
    grassroots = Unit.objects.filter(path__startswith=district.path, kind__in=GRASSROOTS_KINDS)
    secretaries = list(
        Position.objects.current(day)
        .filter(unit__in=grassroots, title=PositionTitle.SECRETARY)
        .values_list("person_id", flat=True)
    )
    return activity_record(
        by=admin,
        campaign=campaign,
        unit=district,
        data=ActivityData(
            kind=ActivityKind.LAUNCH,
            held_on=day,
            title="Hội nghị phát động phong trào xây dựng “Phong cách Cán bộ Đoàn huyện Phú Tân” năm 2022",
            chair="Đồng chí Lâm Ngọc Sơn, Bí thư Huyện đoàn",  # named by the article
            place="Phòng họp Khối đoàn thể huyện Phú Tân",
            attendee_ids=committee + secretaries,
            minutes="Quán triệt Kế hoạch số 09-KH/HĐTN ngày 06/5/2022; phát động cán bộ Đoàn đăng ký rèn luyện theo 4 "
            "tiêu chí; giao Đoàn cơ sở triển khai đến các Chi đoàn trực thuộc trong tháng 5/2022.",
        ),
    )


def _branch_meetings(campaign: Campaign, admin: User, day: date, *, share: float, seed: str, units=None) -> int:
    rng = random.Random(seed)
    branches = units or list(
        Unit.objects.filter(path__startswith=campaign.organizer.path, kind=UnitKind.BRANCH).order_by("path")
    )
    chosen = [unit for unit in branches if rng.random() < share]
    for unit in chosen:
        members = list(roster(unit).values_list("pk", flat=True))
        present = rng.sample(members, max(1, len(members) * rng.randint(6, 10) // 10)) if members else []
        activity_record(
            by=admin,
            campaign=campaign,
            unit=unit,
            data=ActivityData(
                kind=ActivityKind.BRANCH_MEETING,
                held_on=day + timedelta(days=rng.randrange(20)),
                title=MEETING,
                chair="Bí thư Chi đoàn",
                place="Nhà văn hóa ấp" if unit.sector == "commune" else "Phòng họp cơ quan",
                attendee_ids=present,
                minutes=MEETING_MINUTES,
            ),
        )
    return len(chosen)


def _lang_son(campaign: Campaign, admin: User) -> None:
    bloc = campaign.organizer
    activity_record(
        by=admin,
        campaign=campaign,
        unit=bloc,
        data=ActivityData(
            kind=ActivityKind.LAUNCH,
            held_on=date(2023, 3, 1),
            title="Triển khai mô hình “Rèn luyện tác phong, thực hiện lề lối công tác cán bộ Đoàn”",
            chair="Thường trực Đoàn Khối",
            place="Hội trường Đoàn Khối các cơ quan và doanh nghiệp tỉnh",
            attendance=roster(bloc).filter(home_unit=bloc).count() or 1,
            minutes="Triển khai Chỉ thị 01-CT/TWĐTN và Kết luận 06-KL/TWĐTN-BKT; phát động đoàn viên đăng ký rèn "
            "luyện gắn với Phong trào 3 trách nhiệm; các chi đoàn tổ chức ký cam kết.",
        ),
    )
    signing = []
    for code, day in (("LS-KCQDN-VPTU", date(2023, 3, 15)), ("LS-KCQDN-SCT", date(2023, 3, 20))):
        unit = Unit.objects.get(code=code)
        commitment = BranchCommitment.objects.get(campaign=campaign, unit=unit)
        members = list(roster(unit).values_list("pk", flat=True))
        # The branch launched the model and signed its commitment at one ceremony.
        activity_record(
            by=admin,
            campaign=campaign,
            unit=unit,
            data=ActivityData(
                kind=ActivityKind.LAUNCH,
                held_on=day,
                title="Triển khai mô hình tại chi đoàn",
                chair="Bí thư Chi đoàn",
                place="Phòng họp cơ quan",
                attendee_ids=members,
                minutes="Triển khai mô hình đến toàn thể đoàn viên chi đoàn, trước lễ ký cam kết.",
            ),
        )
        activity_record(
            by=admin,
            campaign=campaign,
            unit=unit,
            data=ActivityData(
                kind=ActivityKind.SIGNING,
                held_on=day,
                title="Lễ ký cam kết rèn luyện tác phong, thực hiện lề lối công tác cán bộ Đoàn",
                chair="Bí thư Chi đoàn",
                place="Phòng họp cơ quan",
                attendee_ids=members,
                minutes=commitment.text,
            ),
        )
        signing.append(unit)
    _branch_meetings(campaign, admin, date(2023, 6, 5), share=1.0, seed="sinh-hoat-lang-son", units=signing)
