import io

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.organizations import DEMO_LOGINS
from organizations.models import GRASSROOTS_KINDS, Person, Position, PositionTitle, Role, RoleKind, Unit, UnitKind


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_phu_tan_has_19_grassroots_units_and_177_branches(demo):
    phu_tan = Unit.objects.get(code="CM-PT", name="Huyện đoàn Phú Tân")
    below = Unit.objects.subtree_of(phu_tan).filter(is_active=True)
    assert below.filter(kind__in=GRASSROOTS_KINDS).count() == 19
    assert below.filter(kind=UnitKind.BRANCH).count() == 177
    assert phu_tan.parent_unit().name == "Tỉnh đoàn Cà Mau"
    assert Unit.objects.filter(name="Đoàn thị trấn Cái Đôi Vàm", kind=UnitKind.GRASSROOTS).exists()


def test_lang_son_bloc_and_the_branches_named_in_the_article(demo):
    bloc = Unit.objects.get(code="LS-KCQDN")
    assert bloc.kind == UnitKind.BLOC and bloc.parent_unit().name == "Tỉnh đoàn Lạng Sơn"
    names = set(Unit.objects.subtree_of(bloc).values_list("name", flat=True))
    assert {"Chi đoàn Văn phòng Tỉnh ủy", "Chi đoàn Sở Công Thương"} <= names


def test_enough_cadres_in_the_target_positions(demo):
    phu_tan = Unit.objects.get(code="CM-PT")
    cadres = Person.objects.in_subtree(phu_tan).cadres()
    assert cadres.count() >= 206
    assert Position.objects.current().filter(unit=phu_tan, title=PositionTitle.EXECUTIVE_MEMBER).count() >= 10
    # Every branch has at least the three members a Chi đoàn needs.
    branches = Unit.objects.subtree_of(phu_tan).filter(kind=UnitKind.BRANCH)
    assert all(Person.objects.filter(home_unit=b).count() >= 3 for b in branches[:30])


def test_demo_is_idempotent_and_deterministic(demo):
    before = (
        Unit.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        Role.objects.count(),
        list(Person.objects.order_by("member_number").values_list("member_number", "full_name")[:50]),
    )
    call_command("load_demo", stdout=io.StringIO())
    after = (
        Unit.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        Role.objects.count(),
        list(Person.objects.order_by("member_number").values_list("member_number", "full_name")[:50]),
    )
    assert before == after


def test_demo_logins_and_their_roles(demo):
    usernames = {login.username for login in DEMO_LOGINS}
    assert usernames <= set(User.objects.values_list("username", flat=True))
    office = User.objects.get(username="vanphong.phutan")
    assert office.is_staff and Role.objects.filter(user=office, kind=RoleKind.MANAGER, unit__code="CM-PT").exists()
    secretary = User.objects.get(username="bithu.caidoivam")
    assert Role.objects.filter(user=secretary, kind=RoleKind.REVIEWER, unit__code="CM-PT-CDV").exists()
    cadre = User.objects.get(username="canbo.phutan")
    assert cadre.person.home_unit.code == "CM-PT-CDV-01" and not cadre.roles.exists()
    for login in DEMO_LOGINS:
        assert User.objects.get(username=login.username).check_password(login.password)
