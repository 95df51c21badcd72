"""Members' lives in the demo, dated, after the Lạng Sơn 2023 campaign: its every-member figures never move.

Lạng Sơn's members have a kết nạp date (the date joined on their record). After the campaign: two
members transferred (one to another branch of the bloc, one to another province), one aged out, and the branch of
Sở Công Thương merged into that of Sở Tài chính on 01/07/2025. Lạng Sơn 2023 still reads, per branch, what it read
in 2023 (Công Thương 13/13, Tài chính 0/12). The people, days and decision numbers are illustrative.
The Cà Mau office also has a saved pairing of columns for lists from the national member software. Idempotent:
nothing is done when the merger is already there.
"""

from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from organizations import membership, services
from organizations.models import LineageEvent, LineageKind, Membership, MembershipEnd, MembershipStart, Person, Unit
from reports.models import ColumnProfile

MERGED_ON = date(2025, 7, 1)
MERGER = services.Decision("87-QĐ/ĐTN", date(2025, 6, 20))


def _admission_dates() -> None:
    """Lạng Sơn's members were admitted on the day their record gives (joined at about 16): their membership
    starts that day, instead of "on record"."""
    rows = Membership.objects.filter(
        person__home_unit__code__startswith="LS-", started_on__isnull=True, person__joined_on__isnull=False
    ).select_related("person")
    dated = []
    for row in rows.order_by("pk"):
        row.started_on, row.start = row.person.joined_on, MembershipStart.ADMITTED
        dated.append(row)
    Membership.objects.bulk_update(dated, ["started_on", "start"], batch_size=1000)


@transaction.atomic
def load_member_demo() -> bool:
    """True when this call entered the members' changes."""
    source = Unit.objects.get(code="LS-KCQDN-SCT")
    if LineageEvent.objects.filter(unit=source, kind=LineageKind.MERGED).exists():
        return False
    admin = User.objects.get(username="admin")
    target = Unit.objects.get(code="LS-KCQDN-STC")
    _admission_dates()
    members = list(Person.objects.filter(home_unit=source, positions__isnull=True).order_by("sort_key", "pk")[:2])
    if len(members) == 2:
        membership.member_transfer(
            by=admin,
            person=members[0],
            on=date(2024, 3, 15),
            to=target,
            decision=membership.Decision("12-QĐ/ĐTN", date(2024, 3, 10)),
        )
        membership.member_transfer(
            by=admin, person=members[1], on=date(2024, 9, 2), elsewhere="Đoàn Khối các cơ quan tỉnh Cao Bằng"
        )
    oldest = (
        Person.objects.filter(home_unit__code__startswith="LS-", left_union_on__isnull=True, birth_date__isnull=False)
        .exclude(positions__isnull=False)
        .order_by("birth_date", "pk")
        .first()
    )
    if oldest is not None:
        aged_out = max(date(oldest.birth_date.year + 31, 3, 26), date(2024, 3, 26))
        membership.member_leave(
            by=admin, person=oldest, on=min(aged_out, date.today() - timedelta(days=1)), end=MembershipEnd.AGED_OUT
        )
    services.unit_merge(by=admin, source=source, target=target, on=MERGED_ON, decision=MERGER)
    _import_profile(admin)
    _results_profile(admin)
    return True


def _import_profile(admin) -> None:
    """A pairing the Cà Mau office saved for lists exported from the national member software (headers as such an
    export might have them: illustrative, the software's own are not public)."""
    ColumnProfile.objects.update_or_create(
        unit=Unit.objects.get(code="CM"),
        kind="people",
        name="Phần mềm quản lý đoàn viên (minh họa)",
        defaults={
            "created_by": admin,
            "mapping": {
                "STT": "",
                "Mã đoàn viên": "Số đoàn viên",
                "Họ và tên": "Họ và tên",
                "Ngày, tháng, năm sinh": "Ngày sinh",
                "Giới tính": "Giới tính",
                "Ngày vào Đoàn": "Ngày vào Đoàn",
                "Đảng viên": "Đảng viên",
                "Chi đoàn sinh hoạt": "Đơn vị sinh hoạt (tên, hoặc “Xã A / Chi đoàn B”)",
                "Ghi chú": "",
            },
        },
    )


def _results_profile(admin) -> None:
    """The columns the Lạng Sơn bloc office writes its members' results in for the national member software's
    yearly rating (illustrative: the template is the bureau's to hand over)."""
    ColumnProfile.objects.update_or_create(
        unit=Unit.objects.get(code="LS-KCQDN"),
        kind="results",
        name="Xếp loại đoàn viên – phần mềm quản lý (minh họa)",
        defaults={
            "created_by": admin,
            "mapping": [
                ["Mã đoàn viên", "member_number"],
                ["Họ và tên", "full_name"],
                ["Ngày sinh", "birth_date"],
                ["Chi đoàn", "unit"],
                ["Xếp loại", "level"],
                ["Khen thưởng", "commendation"],
            ],
        },
    )
