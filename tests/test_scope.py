"""Who sees what: every role against the front site's pages, inside and outside its subtree."""

import pytest
from django.urls import reverse

from accounts.models import ActivationCode
from organizations.models import Person, Unit
from organizations.policies import PEOPLE, UNITS, user_can
from organizations.scope import granted_paths


def test_visible_units_per_role(world):
    def codes(user):
        return set(UNITS.visible(user, Unit.objects).values_list("code", flat=True))

    assert codes(world.superuser) == set(Unit.objects.values_list("code", flat=True))
    assert codes(world.office1) == {"TN-D1", "TN-D1-G1", "TN-D1-G1-B1", "TN-D1-G1-B2", "TN-D1-G2"}
    assert codes(world.office2) == {"TN-D2", "TN-D2-G3", "TN-D2-G3-B3"}
    assert codes(world.secretary1) == {"TN-D1-G1", "TN-D1-G1-B1", "TN-D1-G1-B2"}
    assert codes(world.branch_secretary) == {"TN-D1-G1-B1"}
    assert codes(world.cadre) == set()


def test_visible_people_per_role(world):
    def names(user):
        return set(PEOPLE.visible(user, Person.objects).values_list("full_name", flat=True))

    assert names(world.office2) == {"Lê Văn Cường"}
    assert names(world.secretary1) == {"Nguyễn Văn An", "Đặng Thị Bích", "Trần Thị Dung", "Võ Minh Em"}
    assert names(world.branch_secretary) == {"Nguyễn Văn An", "Võ Minh Em"}
    assert names(world.cadre) == {"Nguyễn Văn An"}  # a cadre sees only their own record


def test_only_offices_manage(world):
    assert user_can(world.office1, "manage", world.B1)
    assert not user_can(world.office1, "manage", world.B3)
    assert not user_can(world.secretary1, "manage", world.B1)
    assert user_can(world.secretary1, "review", world.B1)
    assert not user_can(world.cadre, "view", world.B1)
    assert user_can(world.cadre, "view", world.cadre_person)
    with pytest.raises(ValueError):
        granted_paths(world.office1, "delete-everything")


def test_inactive_user_sees_nothing(world):
    world.office1.is_active = False
    assert not UNITS.visible(world.office1, Unit.objects).exists()


# (role, page, object) -> expected status. Objects: "in" = inside office1's district, "out" = the other district.
PAGES = {
    "unit": lambda w, where: reverse("organizations:unit_detail", args=[(w.G1 if where == "in" else w.G3).pk]),
    "unit_people": lambda w, where: reverse("organizations:unit_people", args=[(w.B1 if where == "in" else w.B3).pk]),
    "person": lambda w, where: reverse(
        "organizations:person_detail", args=[(w.cadre_person if where == "in" else w.b3_person).pk]
    ),
}
EXPECTED = {
    # role:            unit in/out   people in/out  person in/out
    "anonymous": ((302, 302), (302, 302), (302, 302)),
    "cadre": ((404, 404), (404, 404), (200, 404)),
    "branch_secretary": ((404, 404), (200, 404), (200, 404)),
    "secretary1": ((200, 404), (200, 404), (200, 404)),
    "office1": ((200, 404), (200, 404), (200, 404)),
    "office2": ((404, 200), (404, 200), (404, 200)),
    "superuser": ((200, 200), (200, 200), (200, 200)),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_front_site_pages_answer_404_outside_the_subtree(world, client_for, role):
    client = client_for(None if role == "anonymous" else getattr(world, role))
    for (page, build), expected in zip(PAGES.items(), EXPECTED[role], strict=False):
        for where, status in zip(("in", "out"), expected, strict=False):
            response = client.get(build(world, where))
            assert response.status_code == status, (role, page, where)


@pytest.mark.parametrize("role, status", [("office2", 404), ("secretary1", 404), ("cadre", 404), ("office1", 200)])
def test_issuing_codes_for_another_units_people_answers_404_and_writes_nothing(world, client_for, role, status):
    client = client_for(getattr(world, role))
    response = client.post(reverse("unit_activation_codes", args=[world.G1.pk]))
    assert response.status_code == status
    response = client.post(reverse("person_activation_code", args=[world.b2_person.pk]))
    assert response.status_code == status
    expected_codes = 0 if status == 404 else ActivationCode.objects.count()
    assert ActivationCode.objects.count() == expected_codes
    if status == 200:
        assert expected_codes >= 1


def test_home_page_shows_my_unit_and_positions(world, client_for):
    response = client_for(world.cadre).get(reverse("organizations:home"))
    body = response.content.decode()
    assert "Chi đoàn ấp 1" in body and "Bí thư" in body
    assert "Đơn vị tôi phụ trách" not in body
    response = client_for(world.office1).get(reverse("organizations:home"))
    assert "Huyện đoàn Một" in response.content.decode()


def test_unit_page_counts_members_and_cadres_of_each_child(world, client_for):
    response = client_for(world.office1).get(reverse("organizations:unit_detail", args=[world.G1.pk]))
    rows = {row.unit.code: (row.members, row.cadres) for row in response.context["children"]}
    assert rows == {"TN-D1-G1-B1": (2, 2), "TN-D1-G1-B2": (1, 1)}
    assert response.context["branch_count"] == 2


def test_unit_search_is_diacritics_insensitive_and_scoped(world, client_for):
    response = client_for(world.office1).get(reverse("organizations:unit_list"), {"q": "chi doan ap"})
    assert {u.code for u in response.context["units"]} == {"TN-D1-G1-B1", "TN-D1-G1-B2"}


def test_people_search_and_order(world, client_for):
    client = client_for(world.office1)
    response = client.get(reverse("organizations:unit_people", args=[world.D1.pk]), {"q": "dang"})
    assert [p.full_name for p in response.context["page"]] == ["Đặng Thị Bích"]
    response = client.get(reverse("organizations:unit_people", args=[world.D1.pk]))
    names = [p.full_name for p in response.context["page"]]
    assert names == ["Nguyễn Văn An", "Đặng Thị Bích", "Trần Thị Dung", "Võ Minh Em"]


def test_dates_read_dd_mm_yyyy(world, client_for):
    response = client_for(world.cadre).get(reverse("organizations:person_detail", args=[world.cadre_person.pk]))
    assert "01/01/2022" in response.content.decode()
