"""Demo data from the two source articles: the unit tree, its cadres and members, demo logins.

Deterministic (each unit's people come from a random generator seeded with its code) and
idempotent: units are matched by code, people by member number, positions by
(person, unit, title, start), so running it again changes nothing.
"""

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from organizations import services
from organizations.membership import on_record
from organizations.models import (
    GRASSROOTS_KINDS,
    Gender,
    Person,
    Position,
    PositionTitle,
    Role,
    RoleKind,
    Unit,
    UnitKind,
)

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_units.json"
REASON = "Dữ liệu minh họa"

FAMILY_SOUTH = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Huỳnh",
    "Võ",
    "Phạm",
    "Lâm",
    "Dương",
    "Tô",
    "Trương",
    "Đặng",
    "Bùi",
    "Hồ",
    "Ngô",
    "Phan",
    "Lý",
    "Châu",
    "Quách",
    "Đỗ",
    "Mai",
]
FAMILY_NORTH = [
    "Hoàng",
    "Nông",
    "Lương",
    "Vi",
    "Hà",
    "Chu",
    "Triệu",
    "Lăng",
    "Mã",
    "Nguyễn",
    "Trần",
    "Lê",
    "Đinh",
    "Lành",
    "Hứa",
    "Phạm",
    "Vũ",
    "Đặng",
]
MIDDLE = {
    Gender.MALE: ["Văn", "Minh", "Quốc", "Hoàng", "Thanh", "Đức", "Hữu", "Công", "Tấn", "Trọng", "Văn"],
    Gender.FEMALE: ["Thị", "Ngọc", "Thanh", "Mỹ", "Kim", "Thu", "Hồng", "Thị", "Bích", "Diễm"],
}
GIVEN = {
    Gender.MALE: [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Duy",
        "Đạt",
        "Hải",
        "Hậu",
        "Hiếu",
        "Hòa",
        "Huy",
        "Khang",
        "Khánh",
        "Kiệt",
        "Lộc",
        "Long",
        "Luân",
        "Nam",
        "Nghĩa",
        "Nhân",
        "Phát",
        "Phong",
        "Phúc",
        "Quang",
        "Quý",
        "Sang",
        "Sơn",
        "Tài",
        "Tâm",
        "Thái",
        "Thắng",
        "Thành",
        "Thịnh",
        "Tiến",
        "Toàn",
        "Trí",
        "Trung",
        "Tuấn",
        "Vinh",
        "Vũ",
        "Đông",
        "Khoa",
        "Lực",
        "Mạnh",
    ],
    Gender.FEMALE: [
        "Anh",
        "Diễm",
        "Dung",
        "Duyên",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hiền",
        "Hoa",
        "Hương",
        "Huyền",
        "Lan",
        "Linh",
        "Loan",
        "Mai",
        "My",
        "Nga",
        "Ngân",
        "Ngọc",
        "Nhung",
        "Như",
        "Oanh",
        "Phương",
        "Quyên",
        "Thảo",
        "Thu",
        "Thủy",
        "Trang",
        "Trâm",
        "Tuyết",
        "Uyên",
        "Vy",
        "Yến",
        "Ánh",
        "Ảnh",
    ],
}

# Terms of office held today; they began with the last congress of each level.
TERM_START = {
    UnitKind.PROVINCE: date(2022, 9, 20),
    UnitKind.DISTRICT: date(2022, 6, 10),
    UnitKind.BLOC: date(2022, 7, 15),
    UnitKind.GRASSROOTS: date(2022, 3, 20),
    UnitKind.GRASSROOTS_BRANCH: date(2022, 3, 20),
    UnitKind.BRANCH: date(2021, 9, 5),
}

# How the committee of each kind of unit is made up (titles in order), and how many members it has.
COMMITTEE = {
    UnitKind.PROVINCE: [PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY, PositionTitle.STANDING_MEMBER],
    UnitKind.DISTRICT: [
        PositionTitle.SECRETARY,
        PositionTitle.DEPUTY_SECRETARY,
        PositionTitle.DEPUTY_SECRETARY,
        PositionTitle.STANDING_MEMBER,
        PositionTitle.STANDING_MEMBER,
        PositionTitle.FULL_TIME_STAFF,
        PositionTitle.CONTRACT_STAFF,
        PositionTitle.CONTRACT_STAFF,
    ],
    UnitKind.BLOC: [
        PositionTitle.SECRETARY,
        PositionTitle.DEPUTY_SECRETARY,
        PositionTitle.STANDING_MEMBER,
        PositionTitle.FULL_TIME_STAFF,
    ],
    UnitKind.GRASSROOTS: [PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY]
    + [PositionTitle.EXECUTIVE_MEMBER] * 5,
    UnitKind.GRASSROOTS_BRANCH: [
        PositionTitle.SECRETARY,
        PositionTitle.DEPUTY_SECRETARY,
        PositionTitle.EXECUTIVE_MEMBER,
    ],
    UnitKind.BRANCH: [PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY],
}
MEMBERS = {UnitKind.GRASSROOTS_BRANCH: (8, 18), UnitKind.BRANCH: (4, 10)}
# Executive committee members of the district who come from grassroots units (their secretaries).
DISTRICT_EXECUTIVES_FROM_GRASSROOTS = 14


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


DEMO_LOGINS = [
    DemoLogin("admin", "QuanTri@2026", "Quản trị hệ thống (superuser)"),
    DemoLogin(
        "vanphong.phutan",
        "PhuTan@2022",
        "Văn phòng Huyện đoàn Phú Tân cũ: quyền hết hiệu lực khi huyện đoàn giải thể (01/07/2025)",
    ),
    DemoLogin(
        "bithu.caidoivam",
        "PhuTan@2022",
        "Bí thư Đoàn xã Cái Đôi Vàm (mới, lâm thời; trước 07/2025: Bí thư Đoàn thị trấn Cái Đôi Vàm) – xem và duyệt; "
        "có phiếu đã duyệt, sơ kết đang mở",
    ),
    DemoLogin(
        "canbo.phutan", "PhuTan@2022", "Cán bộ: Bí thư Chi đoàn khóm 1, xã Cái Đôi Vàm – có phiếu năm nay đang soạn"
    ),
    DemoLogin("vanphong.langson", "LangSon@2023", "Văn phòng Đoàn Khối các cơ quan và doanh nghiệp tỉnh Lạng Sơn"),
    DemoLogin(
        "vanphong.camau",
        "CaMau@2025",
        "Văn phòng Tỉnh đoàn Cà Mau: chiến dịch năm nay, lịch sử Phú Tân 2022, trang quản trị",
    ),
]


def _expand(node: dict, parent_code: str | None) -> list[dict]:
    """Flatten the JSON tree (with its generated branches) into rows in tree order."""
    rows = [{**{k: node[k] for k in ("code", "name", "kind", "sector")}, "parent": parent_code}]
    branches = node.get("branches") or {}
    for n in range(1, branches.get("count", 0) + 1):
        rows.append(
            {
                "code": f"{node['code']}-{n:02d}",
                "name": branches["numbered"].format(n=n),
                "kind": UnitKind.BRANCH,
                "sector": node["sector"],
                "parent": node["code"],
            }
        )
    for suffix, name in branches.get("named", []):
        rows.append(
            {
                "code": f"{node['code']}-{suffix}",
                "name": name,
                "kind": UnitKind.BRANCH,
                "sector": node["sector"],
                "parent": node["code"],
            }
        )
    for child in node.get("children", []):
        rows.extend(_expand(child, node["code"]))
    return rows


def demo_unit_rows() -> list[dict]:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return [row for root in data["units"] for row in _expand(root, None)]


class PeopleFactory:
    """Deterministic Vietnamese people for one unit."""

    def __init__(self, unit: Unit, region_north: bool, number_prefix: str):
        self.rng = random.Random(unit.code)
        self.unit = unit
        self.families = FAMILY_NORTH if region_north else FAMILY_SOUTH
        self.number_prefix = number_prefix
        self.serial = 0

    def person(self, *, cadre: bool) -> Person:
        rng = self.rng
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        name = f"{rng.choice(self.families)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        first_year, last_year = (1988, 2000) if cadre else (1994, 2007)
        birth = date(first_year, 1, 1) + timedelta(days=rng.randrange((last_year - first_year) * 365))
        self.serial += 1
        number = f"{self.number_prefix}{self.unit.pk:05d}{self.serial:03d}"
        person = Person(
            full_name=name,
            gender=gender,
            birth_date=birth,
            home_unit=self.unit,
            member_number=number,
            phone=f"09{rng.randrange(10**8):08d}",
        )
        person.fill_derived_fields()
        return person


@transaction.atomic
def load_demo() -> dict:
    admin = _ensure_superuser()
    units = _ensure_units(admin)
    created_people = _ensure_people(units, admin)
    _sheet_headers(admin)
    _ensure_logins(units)
    return {"units": len(units), "people_created": created_people}


def _sheet_headers(admin: User) -> None:
    """The registration sheet's header for the people generated without it: joined the Youth Union at about 16,
    about half the committee members of grassroots units and above in the Party, a job for the commune's
    secretaries (illustrative; its own random sequence, so the generated names stay the same)."""
    people = list(Person.objects.filter(joined_on__isnull=True, birth_date__isnull=False).order_by("pk"))
    if not people:
        return
    rng = random.Random("ly-lich")
    committee = set(
        Position.objects.filter(
            unit__kind__in=[UnitKind.DISTRICT, UnitKind.BLOC, *GRASSROOTS_KINDS],
            title__in=[PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY, PositionTitle.STANDING_MEMBER],
        ).values_list("person_id", flat=True)
    )
    for person in people:
        try:
            person.joined_on = person.birth_date.replace(year=person.birth_date.year + 16) + timedelta(
                days=rng.randrange(300)
            )
        except ValueError:  # 29 February
            person.joined_on = person.birth_date.replace(year=person.birth_date.year + 16, day=28)
        person.party_member = person.pk in committee and rng.random() < 0.5
    bulk_update_with_history(
        people, Person, ["joined_on", "party_member"], default_user=admin, default_change_reason=REASON
    )


def _ensure_superuser() -> User:
    login = DEMO_LOGINS[0]
    user, created = User.objects.get_or_create(
        username=login.username, defaults={"is_staff": True, "is_superuser": True, "first_name": "Quản trị"}
    )
    if created:
        user.set_password(login.password)
        user.save()
    return user


def _ensure_units(admin: User) -> dict[str, Unit]:
    existing = {unit.code: unit for unit in Unit.objects.all()}
    for row in demo_unit_rows():
        if row["code"] in existing:
            continue
        parent = existing[row["parent"]] if row["parent"] else None
        existing[row["code"]] = services.unit_create(
            by=admin, parent=parent, code=row["code"], name=row["name"], kind=row["kind"], sector=row["sector"]
        )
    return {
        code: Unit.objects.get(pk=unit.pk)
        for code, unit in existing.items()
        if code in {row["code"] for row in demo_unit_rows()}
    }


def _ensure_people(units: dict[str, Unit], admin: User) -> int:
    """Committees and members for every demo unit not populated yet."""
    populated = set(Person.objects.filter(home_unit__in=units.values()).values_list("home_unit_id", flat=True))
    new_people: list[Person] = []
    new_positions: list[tuple[int, Unit, str]] = []  # (index in new_people, unit, title)
    district_executive_slots = []
    for unit in sorted(units.values(), key=lambda u: u.path):
        if unit.pk in populated or not unit.is_active:  # a merged unit's members live in its successor now
            continue
        factory = PeopleFactory(
            unit, region_north=unit.code.startswith("LS"), number_prefix="20" if unit.code.startswith("LS") else "96"
        )
        for title in COMMITTEE[unit.kind]:
            new_people.append(factory.person(cadre=True))
            new_positions.append((len(new_people) - 1, unit, title))
            grassroots = unit.kind in (UnitKind.GRASSROOTS, UnitKind.GRASSROOTS_BRANCH)
            if grassroots and title == PositionTitle.SECRETARY and unit.code.startswith("CM-PT"):
                district_executive_slots.append(len(new_people) - 1)
        low, high = MEMBERS.get(unit.kind, (0, 0))
        for _ in range(factory.rng.randint(low, high) if high else 0):
            new_people.append(factory.person(cadre=False))
    if not new_people:
        return 0
    created = bulk_create_with_history(new_people, Person, default_user=admin, default_change_reason=REASON)
    by_number = {
        p.member_number: p for p in Person.objects.filter(member_number__in=[p.member_number for p in created])
    }
    on_record(
        by_number.values(), by=admin, reason=REASON, new=True
    )  # members of their unit, dated (a bulk write: no signal)
    positions = [
        Position(
            person=by_number[new_people[i].member_number], unit=unit, title=title, started_on=TERM_START[unit.kind]
        )
        for i, unit, title in new_positions
    ]
    # Secretaries of grassroots units sit on the district's executive committee, as is usual.
    district = units.get("CM-PT")
    if district and district.pk not in populated:
        for i in district_executive_slots[:DISTRICT_EXECUTIVES_FROM_GRASSROOTS]:
            positions.append(
                Position(
                    person=by_number[new_people[i].member_number],
                    unit=district,
                    title=PositionTitle.EXECUTIVE_MEMBER,
                    started_on=TERM_START[district.kind],
                )
            )
    bulk_create_with_history(positions, Position, default_user=admin, default_change_reason=REASON)
    return len(created)


def _holder(unit: Unit, title: str) -> Person:
    return (
        # Whoever held it first, even if the term has ended since (the 2025 restructure ended many).
        Person.objects.filter(positions__unit=unit, positions__title=title)
        .order_by("positions__started_on", "pk")
        .first()
    )


def _ensure_logins(units: dict[str, Unit]) -> None:
    plan = [
        # (login, person to link, role kind, unit of the role)
        (DEMO_LOGINS[1], _holder(units["CM-PT"], PositionTitle.FULL_TIME_STAFF), RoleKind.MANAGER, units["CM-PT"]),
        (DEMO_LOGINS[2], _holder(units["CM-PT-CDV"], PositionTitle.SECRETARY), RoleKind.REVIEWER, units["CM-PT-CDV"]),
        (DEMO_LOGINS[3], _holder(units["CM-PT-CDV-01"], PositionTitle.SECRETARY), None, None),
        (
            DEMO_LOGINS[4],
            _holder(units["LS-KCQDN"], PositionTitle.FULL_TIME_STAFF),
            RoleKind.MANAGER,
            units["LS-KCQDN"],
        ),
    ]
    for login, person, role_kind, role_unit in plan:
        user, created = User.objects.get_or_create(username=login.username)
        if created:
            family, _sep, given = person.full_name.rpartition(" ")
            user.first_name, user.last_name = given, family
            user.is_staff = role_kind == RoleKind.MANAGER
            user.set_password(login.password)
            user.save()
        if person.user_id is None and not Person.objects.filter(user=user).exists():
            person.user = user
            person._change_reason = REASON
            person.save(update_fields=["user"])
        if role_kind:
            Role.objects.get_or_create(user=user, unit=role_unit, kind=role_kind)
