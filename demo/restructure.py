"""The 2025 restructure in the demo: the district level is gone (effective 01/07/2025).

Huyện đoàn Phú Tân is dissolved; its nine communes and town are merged into three new Đoàn xã directly under
Tỉnh đoàn Cà Mau; its schools and the branches of agencies that remain move under the Tỉnh đoàn; the branches of
the district's own bodies are dissolved. The groupings, codes and decision numbers are illustrative (the shape
follows DOMAIN.md; the official list of merged communes is not among the seeds). Everything goes through the
organisation services, dated 01/07/2025, so Phú Tân 2022 keeps reading 19/19, 177/177 and 206 on the tree of
its own time. Idempotent: nothing is done when the new units exist.
"""

from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from organizations import services
from organizations.models import Person, Position, PositionTitle, Role, RoleKind, Sector, Unit, UnitKind

EFFECTIVE = date(2025, 7, 1)
DECISION = services.Decision("215-QĐ/TĐTN", date(2025, 6, 25))
REASON = "Dữ liệu minh họa: sắp xếp tổ chức Đoàn 2025"

# New Đoàn xã (code, name) ← the old communes merged into it; the first one's secretary leads the new one.
NEW_COMMUNES = [
    ("CM-X-CDV", "Đoàn xã Cái Đôi Vàm", ["CM-PT-CDV", "CM-PT-PM", "CM-PT-PTH"]),
    ("CM-X-PT", "Đoàn xã Phú Tân", ["CM-PT-PT", "CM-PT-TH", "CM-PT-VT"]),
    ("CM-X-NVK", "Đoàn xã Nguyễn Việt Khái", ["CM-PT-NVK", "CM-PT-RC", "CM-PT-THT"]),
]
# Units of the district's own bodies, gone with the district level.
DISSOLVED = ["CM-PT-KCQ", "CM-PT-KDDT"]
PROVINCE_OFFICE = ("vanphong.camau", "CaMau@2025")


@transaction.atomic
def apply_2025_restructure() -> bool:
    """Enter the restructure once; True when it was applied by this call."""
    if Unit.objects.filter(code=NEW_COMMUNES[0][0]).exists():
        return False
    admin = User.objects.get(username="admin")
    province, district = Unit.objects.get(code="CM"), Unit.objects.get(code="CM-PT")
    leaders = []
    for code, name, merged in NEW_COMMUNES:
        new = services.unit_create(
            by=admin,
            parent=province,
            code=code,
            name=name,
            kind=UnitKind.GRASSROOTS,
            sector=Sector.COMMUNE,
            founded_on=EFFECTIVE,
            decision=DECISION,
        )
        secretaries = [_secretary_of(Unit.objects.get(code=old)) for old in merged]
        for old in merged:
            services.unit_merge(
                by=admin, source=Unit.objects.get(code=old), target=new, on=EFFECTIVE, decision=DECISION
            )
        # A provisional ("lâm thời") committee, appointed: the old communes' secretaries lead the new one.
        for person, title in zip(
            secretaries,
            [PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY, PositionTitle.STANDING_MEMBER],
            strict=True,
        ):
            if person:
                leaders.append(Position(person=person, unit=new, title=title, started_on=EFFECTIVE, appointed=True))
    bulk_create_with_history(leaders, Position, default_user=admin, default_change_reason=REASON)
    for unit in Unit.objects.get_children(district).filter(is_active=True):
        if unit.code in DISSOLVED:
            services.unit_dissolve(by=admin, unit=unit, on=EFFECTIVE, reason=REASON, decision=DECISION)
        else:
            services.unit_move(
                by=admin, unit=unit, new_parent=Unit.objects.get(code="CM"), on=EFFECTIVE, decision=DECISION
            )
    services.unit_dissolve(
        by=admin, unit=Unit.objects.get(code="CM-PT"), on=EFFECTIVE, reason=REASON, decision=DECISION
    )
    _offices_after(admin)
    return True


def _secretary_of(unit: Unit) -> Person | None:
    return (
        Person.objects.filter(positions__unit=unit, positions__title=PositionTitle.SECRETARY, positions__ended_on=None)
        .order_by("pk")
        .first()
    )


def _offices_after(admin: User) -> None:
    """The Tỉnh đoàn's office runs what the district did; the Cái Đôi Vàm secretary reviews the new commune."""
    province = Unit.objects.get(code="CM")
    username, password = PROVINCE_OFFICE
    office, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": True, "first_name": "Diễm", "last_name": "Trần Thị"}
    )
    if created:
        office.set_password(password)
        office.save()
        Person.objects.get_or_create(
            member_number="CM-TD-0001",
            defaults={"full_name": "Trần Thị Diễm", "home_unit": province, "user": office},
        )
    services.role_grant(by=admin, user=office, unit=province, kind=RoleKind.MANAGER)
    secretary = User.objects.filter(username="bithu.caidoivam").first()
    if secretary and not Role.objects.filter(user=secretary, unit__code="CM-X-CDV").exists():
        services.role_grant(by=admin, user=secretary, unit=Unit.objects.get(code="CM-X-CDV"), kind=RoleKind.REVIEWER)
