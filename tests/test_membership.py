"""A member's life in the Youth Union, dated: admitted, transferred, carried over by a merger, aged out, struck off,
expelled; each step refused in Vietnamese, changing nothing, when it does not fit the person's past."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from organizations import membership, services
from organizations.models import Membership, MembershipEnd, MembershipStart, Person

from .conftest import make_person

TODAY = timezone.localdate()


def memberships(person):
    return list(
        Membership.objects.filter(person=person).values_list("unit__code", "started_on", "start", "ended_on", "end")
    )


def test_a_new_person_is_a_member_of_their_unit_and_each_step_is_dated(world):
    person = make_person(world.B1, "Trịnh Văn Hải", joined_on=date(2020, 3, 26))
    assert memberships(person) == [("TN-D1-G1-B1", date(2020, 3, 26), MembershipStart.ADMITTED, None, "")]
    day = TODAY - timedelta(days=30)
    membership.member_transfer(by=world.office1, person=person, on=day, to=world.B2)
    person.refresh_from_db()
    assert person.home_unit == world.B2 and person.left_union_on is None
    assert memberships(person) == [
        ("TN-D1-G1-B1", date(2020, 3, 26), MembershipStart.ADMITTED, day, MembershipEnd.TRANSFERRED_OUT),
        ("TN-D1-G1-B2", day, MembershipStart.TRANSFERRED_IN, None, ""),
    ]
    assert Membership.objects.as_of(day - timedelta(days=1)).get(person=person).unit == world.B1
    assert Membership.objects.as_of(day).get(person=person).unit == world.B2
    membership.member_leave(by=world.office1, person=person, on=TODAY, end=MembershipEnd.AGED_OUT)
    person.refresh_from_db()
    assert person.left_union_on == TODAY and not Membership.objects.open().filter(person=person).exists()
    assert Membership.objects.filter(person=person).last().history.first().history_user == world.office1


def test_steps_that_do_not_fit_the_persons_past_are_refused_and_change_nothing(world):
    person = make_person(world.B1, "Lâm Thị Quyên", joined_on=TODAY - timedelta(days=100), birth_date=date(2000, 1, 1))
    before = memberships(person)
    refusals = [
        (
            lambda: membership.member_transfer(
                by=world.office1, person=person, on=TODAY - timedelta(days=200), to=world.B2
            ),
            "phải sau ngày này",
        ),  # before they joined
        (
            lambda: membership.member_transfer(
                by=world.office1, person=person, on=TODAY + timedelta(days=1), to=world.B2
            ),
            "tương lai",
        ),
        (lambda: membership.member_transfer(by=world.office1, person=person, on=TODAY), "nơi đoàn viên chuyển đến"),
        (lambda: membership.member_transfer(by=world.office1, person=person, on=TODAY, to=world.B1), "đang sinh hoạt"),
        (
            lambda: membership.member_leave(by=world.office1, person=person, on=TODAY, end=MembershipEnd.EXPELLED),
            "số quyết định",
        ),
        (
            lambda: membership.member_admit(by=world.office1, person=person, unit=world.B2, on=TODAY),
            "đang là đoàn viên",
        ),
    ]
    for step, words in refusals:
        with pytest.raises(ValidationError) as refused:
            step()
        assert words in " ".join(refused.value.messages), words
    with pytest.raises(PermissionDenied):  # another district's office
        membership.member_transfer(by=world.office2, person=person, on=TODAY, to=world.B3)
    assert memberships(person) == before

    # After leaving: no transfer, and a new admission may not overlap the past nor fall outside 16–30 years.
    membership.member_leave(
        by=world.office1, person=person, on=TODAY - timedelta(days=10), end=MembershipEnd.STRUCK_OFF
    )
    with pytest.raises(ValidationError, match="không sinh hoạt tại đơn vị nào"):
        membership.member_transfer(by=world.office1, person=person, on=TODAY, to=world.B2)
    with pytest.raises(ValidationError, match="trùng"):
        membership.member_admit(by=world.office1, person=person, unit=world.B2, on=TODAY - timedelta(days=20))
    old = make_person(world.B2, "Tạ Văn Lớn", birth_date=date(1980, 1, 1))
    membership.member_leave(by=world.office1, person=old, on=TODAY, end=MembershipEnd.AGED_OUT)
    with pytest.raises(ValidationError, match="16–30|16 to 30|độ tuổi 16–30"):
        membership.member_admit(by=world.office1, person=old, unit=world.B2, on=TODAY)


def test_a_merger_carries_members_on_its_day_and_the_record_by_hand_is_a_transfer_today(world):
    member = make_person(world.B1, "Hà Thị Mai", joined_on=date(2019, 1, 1))
    g4 = services.unit_create(by=world.office1, parent=world.D1, code="TN-D1-G4", name="Đoàn xã Bốn", kind="grassroots")
    in_g4 = make_person(g4, "Phan Văn Tư")
    effective = TODAY - timedelta(days=3)
    services.unit_merge(by=world.office1, source=g4, target=world.G1, on=effective)
    assert memberships(in_g4)[-2:] == [
        ("TN-D1-G4", None, MembershipStart.ON_RECORD, effective, MembershipEnd.CARRIED),
        ("TN-D1-G1", effective, MembershipStart.CARRIED, None, ""),
    ]
    record = Person.objects.get(pk=member.pk)
    record.home_unit = world.B2  # moved by hand on the record (the admin's form, an import row)
    record.save()
    assert memberships(member)[-1] == ("TN-D1-G1-B2", TODAY, MembershipStart.TRANSFERRED_IN, None, "")


def test_the_office_records_a_transfer_in_the_admin_and_sees_the_persons_past(world, client_for):
    member = make_person(world.B1, "Quách Thị Thu", joined_on=date(2021, 5, 1))
    client = client_for(world.office1)
    changelist = reverse("admin:organizations_person_changelist")
    base = {"action": "record_membership_change", "_selected_action": [member.pk]}
    page = client.post(changelist, base)
    assert "Chuyển sinh hoạt đi" in page.content.decode()
    refused = client.post(changelist, {**base, "apply": "1", "change": "transfer", "on": TODAY.strftime("%d/%m/%Y")})
    assert "nơi đoàn viên chuyển đến" in refused.content.decode() and len(memberships(member)) == 1
    # Refused by the service (before the day the member joined): the page again, the day and decision kept.
    early = {
        **base,
        "apply": "1",
        "change": "transfer",
        "on": "01/01/2020",
        "to": world.B2.pk,
        "decision_number": "5-QĐ",
    }
    kept = client.post(changelist, early).content.decode()
    assert "01/01/2020" in kept and "5-QĐ" in kept and "01/05/2021" in kept and len(memberships(member)) == 1
    done = client.post(
        changelist,
        {**base, "apply": "1", "change": "transfer", "on": TODAY.strftime("%d/%m/%Y"), "to": world.B2.pk},
        follow=True,
    )
    assert done.status_code == 200 and len(memberships(member)) == 2
    detail = client.get(reverse("admin:organizations_person_change", args=[member.pk])).content.decode()
    assert "Quá trình sinh hoạt" in detail or "quá trình sinh hoạt" in detail


def test_a_secretary_sees_who_belonged_to_the_unit_on_a_past_day(world, client_for):
    member = make_person(world.B1, "Kha Thị Yến", joined_on=date(2020, 1, 1))
    Membership.objects.filter(person=member).update(started_on=date(2020, 1, 1))
    membership.member_transfer(by=world.office1, person=member, on=TODAY - timedelta(days=10), elsewhere="Tỉnh khác")
    client = client_for(world.secretary1)
    url = reverse("organizations:unit_people", args=[world.G1.pk])
    now = client.get(url).content.decode()
    assert "Kha Thị Yến" not in now  # transferred to another province: not among the commune's people now
    then = client.get(url + "?ngay=" + (TODAY - timedelta(days=30)).strftime("%d/%m/%Y")).content.decode()
    assert 'id="people-as-of"' in then and "Kha Thị Yến" in then
    after = client.get(url + "?ngay=" + (TODAY - timedelta(days=5)).strftime("%d/%m/%Y")).content.decode()
    assert "Kha Thị Yến" not in after
    assert "dd/mm/yyyy" in client.get(url + "?ngay=31-12").content.decode()
