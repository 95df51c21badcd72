from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from organizations import services
from organizations.models import Person, Position, PositionTitle, Unit, UnitKind

from .conftest import make_cadre


def unchanged(world):
    """A fingerprint of the tree and memberships: a refused action must leave it as it was."""
    return (
        list(Unit.objects.values_list("code", "path", "is_active", "numchild").order_by("code")),
        list(Person.objects.values_list("pk", "home_unit_id").order_by("pk")),
        list(Position.objects.values_list("pk", "ended_on").order_by("pk")),
    )


def test_create_under_an_allowed_parent_records_history(world):
    unit = services.unit_create(
        by=world.office1, parent=world.G1, code="tn-d1-g1-b4", name="Chi đoàn  ấp 4 ", kind=UnitKind.BRANCH
    )
    assert unit.code == "TN-D1-G1-B4" and unit.name == "Chi đoàn ấp 4"
    assert unit.parent_unit() == world.G1
    record = unit.history.latest()
    assert record.history_type == "+" and record.history_user == world.office1


@pytest.mark.parametrize(
    "parent_name, kind, message",
    [
        ("B1", UnitKind.BRANCH, "không có đơn vị trực thuộc"),  # a Chi đoàn has no children
        ("G2", UnitKind.BRANCH, "không có đơn vị trực thuộc"),  # nor has a Chi đoàn cơ sở
        ("D1", UnitKind.BRANCH, "không thể trực thuộc"),  # a Chi đoàn sits under a Đoàn cơ sở
        ("G1", UnitKind.GRASSROOTS, "không thể trực thuộc"),
        ("D1", UnitKind.DISTRICT, "không thể trực thuộc"),
    ],
)
def test_forbidden_parent_kinds_are_refused_in_vietnamese(world, parent_name, kind, message):
    before = unchanged(world)
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            by=world.superuser, parent=getattr(world, parent_name), code="NEW-1", name="Đơn vị mới", kind=kind
        )
    assert message in " ".join(error.value.messages)
    assert unchanged(world) == before


def test_grassroots_may_sit_directly_under_a_province(world):
    # Since 2025 a Đoàn xã/phường sits directly under the Tỉnh đoàn: nothing assumes a district above.
    unit = services.unit_create(
        by=world.superuser, parent=world.P, code="TN-X1", name="Đoàn phường Một", kind=UnitKind.GRASSROOTS
    )
    assert unit.parent_unit() == world.P


def test_duplicate_codes_are_refused_whatever_the_case(world):
    with pytest.raises(ValidationError, match="đã được đơn vị khác sử dụng"):
        services.unit_create(by=world.office1, parent=world.G1, code="tn-d1-g1-b1", name="Trùng", kind=UnitKind.BRANCH)


def test_office_cannot_create_outside_its_subtree(world):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            by=world.office1, parent=world.G3, code="TN-D2-G3-B9", name="Chi đoàn lạ", kind=UnitKind.BRANCH
        )


def test_move_takes_the_whole_subtree_and_is_in_history(world):
    g4 = services.unit_create(
        by=world.office1, parent=world.D1, code="TN-D1-G4", name="Đoàn xã Bốn", kind=UnitKind.GRASSROOTS
    )
    moved = services.unit_move(by=world.office1, unit=world.B1, new_parent=g4)
    assert moved.parent_unit() == g4
    assert moved.path.startswith(g4.path)
    # The cadre of B1 now counts under G4, not under G1.
    assert Person.objects.in_subtree(Unit.objects.get(pk=g4.pk)).filter(pk=world.cadre_person.pk).exists()
    assert not Person.objects.in_subtree(Unit.objects.get(pk=world.G1.pk)).filter(pk=world.cadre_person.pk).exists()
    assert moved.history.latest().history_change_reason.startswith("Chuyển về trực thuộc")


def test_move_under_own_descendant_is_refused(world):
    before = unchanged(world)
    with pytest.raises(ValidationError, match="chính nó hoặc đơn vị cấp dưới"):
        services.unit_move(by=world.superuser, unit=world.D1, new_parent=world.G1)
    assert unchanged(world) == before


def test_move_into_another_office_subtree_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.unit_move(by=world.office1, unit=world.B1, new_parent=world.G3)
    with pytest.raises(PermissionDenied):  # nor may an office move its own top unit
        services.unit_move(by=world.office1, unit=world.D1, new_parent=world.P)


def test_dissolving_a_unit_with_active_children_is_refused(world):
    before = unchanged(world)
    with pytest.raises(ValidationError, match="vẫn còn đơn vị trực thuộc đang hoạt động"):
        services.unit_dissolve(by=world.office1, unit=world.G1)
    assert unchanged(world) == before


def test_dissolve_ends_terms_and_keeps_history(world):
    day = timezone.localdate() - timedelta(days=1)
    unit = services.unit_dissolve(by=world.office1, unit=world.B2, on=day)
    assert not unit.is_active and unit.dissolved_on == day
    assert Position.objects.get(person=world.b2_person).ended_on == day
    with pytest.raises(ValidationError, match="đã giải thể"):
        services.unit_dissolve(by=world.office1, unit=unit)
    with pytest.raises(ValidationError, match="đã giải thể"):
        services.unit_create(by=world.office1, parent=unit, code="X-1", name="X", kind=UnitKind.BRANCH)


def test_merge_moves_children_and_members_then_dissolves_the_source(world):
    g4 = services.unit_create(
        by=world.office1, parent=world.D1, code="TN-D1-G4", name="Đoàn xã Bốn", kind=UnitKind.GRASSROOTS
    )
    member = Person.objects.create(full_name="Hồ Văn Giang", home_unit=world.G1)
    secretary_position = Position.objects.get(unit=world.G1, title=PositionTitle.SECRETARY)
    target = services.unit_merge(by=world.office1, source=world.G1, target=g4)
    world.refresh()
    assert not world.G1.is_active
    assert world.B1.parent_unit() == target and world.B2.parent_unit() == target
    assert Person.objects.get(pk=member.pk).home_unit == target
    assert Position.objects.get(pk=secretary_position.pk).ended_on == timezone.localdate()
    assert target.child_units().filter(is_active=True).count() == 2
    # The merged unit itself is kept under its successor (lineage): whoever holds the successor sees its past.
    assert world.G1.parent_unit() == target and target.numchild == 3


def test_merge_refuses_children_that_cannot_live_under_the_target(world):
    before = unchanged(world)
    with pytest.raises(ValidationError):
        services.unit_merge(by=world.office1, source=world.G1, target=world.G2)  # Chi đoàn cơ sở has no children
    assert unchanged(world) == before


def test_split_takes_chosen_branches_and_members(world):
    member = Person.objects.create(full_name="Mai Thị Hoa", home_unit=world.G1)
    new_unit = services.unit_split(
        by=world.office1,
        source=world.G1,
        code="TN-D1-G1B",
        name="Đoàn xã An Bình B",
        children=[world.B2],
        members=[member],
    )
    world.refresh()
    assert new_unit.parent_unit() == world.D1 and new_unit.kind == UnitKind.GRASSROOTS
    assert world.B2.parent_unit() == new_unit and world.B1.parent_unit() == world.G1
    assert Person.objects.get(pk=member.pk).home_unit == new_unit


def test_split_refuses_units_of_another_parent(world):
    before = unchanged(world)
    with pytest.raises(ValidationError):
        services.unit_split(by=world.office1, source=world.G1, code="TN-Z", name="Z", children=[world.G2])
    assert unchanged(world) == before


def test_the_2025_restructure_can_be_carried_out(world):
    """District bodies give way: grassroots units move under a new body directly under the province."""
    new_body = services.unit_create(
        by=world.superuser, parent=world.P, code="TN-UBND", kind=UnitKind.UPPER, name="Đoàn Khối các cơ quan UBND tỉnh"
    )
    services.unit_move(by=world.superuser, unit=world.G2, new_parent=new_body)
    services.unit_move(by=world.superuser, unit=world.G1, new_parent=world.P)  # a Đoàn xã under the province
    services.unit_dissolve(by=world.superuser, unit=world.D1, on=date(2025, 7, 1))
    world.refresh()
    assert not world.D1.is_active
    assert world.G1.parent_unit() == world.P and world.B1.parent_unit() == world.G1
    assert Unit.objects.subtree_of(world.P).filter(is_active=True, kind=UnitKind.BRANCH).count() == 3
    # The former office keeps its history but no longer reaches the moved units.
    from organizations.policies import user_can

    assert not user_can(world.office1, "manage", world.G1)


def test_ending_a_term(world):
    position = Position.objects.get(person=world.cadre_person)
    services.position_end(by=world.office1, position=position, on=timezone.localdate())
    assert (
        not Person.objects.cadres().filter(pk=world.cadre_person.pk).exists()
        or Position.objects.get(pk=position.pk).ended_on == timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        services.position_end(by=world.office2, position=Position.objects.get(person=world.b2_person))


def test_constraints_hold_in_the_database(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            person=world.cadre_person,
            unit=world.B1,
            title=PositionTitle.SECRETARY,
            started_on=date(2024, 5, 1),
            ended_on=date(2024, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="Ai Đó", home_unit=world.B1, birth_date=date(1899, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_cadre(world.B1, "Trùng Số", number="TN0001")
