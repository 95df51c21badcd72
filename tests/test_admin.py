"""The office's admin: scoped lists, 404 outside the subtree, limited choices, flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Person, PositionTitle, Unit, UnitKind

from .conftest import make_cadre, make_unit


def test_admin_is_for_office_staff_only(world, client_for):
    assert client_for(world.secretary1).get(reverse("admin:index")).status_code == 302  # not staff: login page
    assert client_for(None).get(reverse("admin:organizations_person_changelist")).status_code == 302
    response = client_for(world.office1).get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Đơn vị và nhân sự" in response.content.decode()


def test_unit_tree_starts_at_the_office_unit(world, client_for):
    response = client_for(world.office1).get(reverse("admin:organizations_unit_changelist"))
    assert [u.code for u in response.context["cl"].result_list] == ["TN-D1"]
    children = client_for(world.office1).get(
        reverse("admin:organizations_unit_changelist") + f"children/{world.D1.pk}/"
    )
    assert children.status_code == 200
    assert "Đoàn xã An Bình" in children.json()["result_html"]
    foreign = client_for(world.office1).get(reverse("admin:organizations_unit_changelist") + f"children/{world.D2.pk}/")
    assert foreign.status_code == 404


def test_person_list_and_search_are_scoped(world, client_for):
    client = client_for(world.office1)
    response = client.get(reverse("admin:organizations_person_changelist"))
    names = {p.full_name for p in response.context["cl"].result_list}
    assert "Lê Văn Cường" not in names and "Nguyễn Văn An" in names
    response = client.get(reverse("admin:organizations_person_changelist"), {"q": "le van cuong"})
    assert list(response.context["cl"].result_list) == []
    response = client.get(reverse("admin:organizations_person_changelist"), {"q": "NGUYEN van an"})
    assert [p.full_name for p in response.context["cl"].result_list] == ["Nguyễn Văn An"]


@pytest.mark.parametrize("url_name", ["change", "history", "delete"])
def test_another_units_object_answers_404(world, client_for, url_name):
    client = client_for(world.office1)
    for model, obj in (("person", world.b3_person), ("unit", world.B3)):
        response = client.get(reverse(f"admin:organizations_{model}_{url_name}", args=[obj.pk]))
        assert response.status_code == 404, (model, url_name)


def test_posting_a_foreign_home_unit_is_refused_and_writes_nothing(world, client_for):
    client = client_for(world.office1)
    url = reverse("admin:organizations_person_change", args=[world.cadre_person.pk])
    data = {
        "full_name": "Nguyễn Văn An",
        "gender": "",
        "birth_date": "",
        "phone": "",
        "email": "",
        "member_number": "TN0001",
        "home_unit": world.B3.pk,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with an error
    assert response.context["adminform"].form.errors["home_unit"]
    assert Person.objects.get(pk=world.cadre_person.pk).home_unit == world.B1


def test_person_form_normalises_and_validates_in_vietnamese(world, client_for):
    client = client_for(world.office1)
    url = reverse("admin:organizations_person_add")
    data = {
        "full_name": "Nguye\u0302\u0303n Thi\u0323 Hoa",
        "gender": "female",
        "birth_date": "31/12/2099",
        "phone": "12345",
        "email": "",
        "member_number": "",
        "home_unit": world.B2.pk,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    errors = response.context["adminform"].form.errors
    assert "tương lai" in errors["birth_date"][0]
    assert "số điện thoại Việt Nam" in errors["phone"][0]
    data.update(birth_date="15/08/1999", phone="0912345678")
    response = client.post(url, data)
    assert response.status_code == 302
    person = Person.objects.get(phone="0912345678")
    assert person.full_name == "Nguyễn Thị Hoa" and person.birth_date.isoformat() == "1999-08-15"
    assert person.history.latest().history_user == world.office1


def test_unit_form_limits_parents_and_checks_rules(world, client_for):
    client = client_for(world.office1)
    response = client.get(reverse("admin:organizations_unit_add"))
    parents = set(response.context["adminform"].form.fields["parent"].queryset.values_list("code", flat=True))
    assert parents == {"TN-D1", "TN-D1-G1"}  # no branches, nothing of the other district
    data = {
        "parent": world.G1.pk,
        "code": "TN-D1-G1-B9",
        "name": "Chi đoàn ấp 9",
        "kind": UnitKind.GRASSROOTS,
        "sector": "",
    }
    response = client.post(reverse("admin:organizations_unit_add"), data)
    assert "không thể trực thuộc" in str(response.context["adminform"].form.errors)
    data["kind"] = UnitKind.BRANCH
    response = client.post(reverse("admin:organizations_unit_add"), data)
    assert response.status_code == 302
    assert Unit.objects.get(code="TN-D1-G1-B9").parent_unit() == world.G1


def test_moving_a_unit_in_the_admin_goes_through_the_rules(world, client_for):
    client = client_for(world.office1)
    url = reverse("admin:organizations_unit_change", args=[world.B2.pk])
    g4 = make_unit(world.D1, "TN-D1-G4", "Đoàn xã Bốn", UnitKind.GRASSROOTS)
    response = client.post(url, {"parent": g4.pk, "name": "Chi đoàn ấp 2", "sector": ""})
    assert response.status_code == 302
    assert Unit.objects.get(pk=world.B2.pk).parent_unit() == g4
    # Drag and drop: a branch dropped onto a district is refused, nothing moves.
    response = client.post(
        reverse("admin:organizations_unit_changelist") + "move/",
        {"node": world.B1.pk, "target": world.D1.pk, "relation": "child"},
    )
    assert response.status_code == 400
    assert Unit.objects.get(pk=world.B1.pk).parent_unit() == world.G1
    response = client.post(
        reverse("admin:organizations_unit_changelist") + "move/",
        {"node": world.B1.pk, "target": world.B3.pk, "relation": "sibling"},
    )
    assert response.status_code == 404


def test_dissolve_action_reports_the_rule_in_vietnamese(world, client_for):
    client = client_for(world.office1)
    response = client.post(
        reverse("admin:organizations_unit_changelist"),
        {"action": "dissolve_selected", "_selected_action": [world.G1.pk]},
        follow=True,
    )
    assert "vẫn còn đơn vị trực thuộc" in response.content.decode()
    assert Unit.objects.get(pk=world.G1.pk).is_active


def test_merge_action_with_its_confirmation_page(world, client_for):
    client = client_for(world.office1)
    g4 = make_unit(world.D1, "TN-D1-G4", "Đoàn xã Bốn", UnitKind.GRASSROOTS)
    changelist = reverse("admin:organizations_unit_changelist") + "?q=an+binh"
    response = client.post(changelist, {"action": "merge_selected", "_selected_action": [world.G1.pk]})
    assert response.status_code == 200 and "Sáp nhập vào" in response.content.decode()
    response = client.post(
        changelist, {"action": "merge_selected", "_selected_action": [world.G1.pk], "apply": "1", "target": g4.pk}
    )
    assert response.status_code == 302
    assert not Unit.objects.get(pk=world.G1.pk).is_active
    assert Unit.objects.get(pk=world.B1.pk).parent_unit() == g4


def _grow(world, branches: int, people_per_branch: int):
    for i in range(branches):
        branch = make_unit(world.G1, f"TN-D1-G1-X{i:03d}", f"Chi đoàn thêm {i}", UnitKind.BRANCH)
        for j in range(people_per_branch):
            make_cadre(branch, f"Phạm Văn Số {i} {j}", title=PositionTitle.EXECUTIVE_MEMBER)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:organizations_person_changelist",
        "admin:organizations_position_changelist",
        "admin:organizations_unit_changelist",
    ],
)
def test_admin_lists_do_not_grow_with_rows(world, client_for, url_name, django_assert_max_num_queries):
    client = client_for(world.office1)
    url = reverse(url_name) + ("?q=chi" if "unit" in url_name else "")
    small = _count_queries(client, url)
    _grow(world, branches=12, people_per_branch=4)
    large = _count_queries(client, url)
    assert large == small, (small, large)
    with django_assert_max_num_queries(12):
        client.get(url)


def test_front_site_pages_do_not_grow_with_rows(world, client_for, django_assert_max_num_queries):
    client = client_for(world.office1)
    urls = [
        reverse("organizations:unit_detail", args=[world.G1.pk]),
        reverse("organizations:unit_people", args=[world.G1.pk]),
        reverse("organizations:home"),
    ]
    small = [_count_queries(client, url) for url in urls]
    _grow(world, branches=12, people_per_branch=4)
    large = [_count_queries(client, url) for url in urls]
    assert small == large
    for url in urls[:2]:
        with django_assert_max_num_queries(10):
            client.get(url)
    # The home page also lists what waits for the user ("Việc cần làm"): one grouped query per kind of work.
    with django_assert_max_num_queries(16):
        client.get(urls[2])


def test_split_action_moves_the_chosen_branches_into_a_new_unit(world, client_for):
    client = client_for(world.office1)
    changelist = reverse("admin:organizations_unit_changelist") + "?q=chi+doan+ap"
    response = client.post(changelist, {"action": "split_selected", "_selected_action": [world.B2.pk]})
    assert "đơn vị mới" in response.content.decode()
    response = client.post(
        changelist,
        {
            "action": "split_selected",
            "_selected_action": [world.B2.pk],
            "apply": "1",
            "code": "TN-D1-G5",
            "name": "Đoàn xã An Bình Hai",
        },
    )
    assert response.status_code == 302
    new_unit = Unit.objects.get(code="TN-D1-G5")
    assert new_unit.parent_unit() == world.D1 and new_unit.kind == UnitKind.GRASSROOTS
    assert Unit.objects.get(pk=world.B2.pk).parent_unit() == new_unit
    # Units under two different parents cannot be split together.
    both = reverse("admin:organizations_unit_changelist") + "?q=chi+doan"
    response = client.post(
        both, {"action": "split_selected", "_selected_action": [world.B1.pk, world.G2.pk]}, follow=True
    )
    assert "cùng trực thuộc một đơn vị" in response.content.decode()


def test_admin_export_of_people_is_scoped_and_formulas_stay_text(world, client_for):
    import io

    import openpyxl

    world.cadre_person.full_name = "=1+1"
    world.cadre_person.save()
    client = client_for(world.office1)
    fields = [
        "member_number",
        "full_name",
        "gender",
        "birth_date",
        "phone",
        "email",
        "home_unit_code",
        "home_unit_name",
    ]
    data = {"format": "0", "resource": "0", **{f"personresource_{f}": "on" for f in fields}}
    response = client.post(reverse("admin:organizations_person_export"), data)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = {row[1] for row in rows[1:]}
    assert "Lê Văn Cường" not in names  # the other district's member
    # django-import-export's escaping drops the leading "=": the cell is plain text "1+1", never a formula.
    assert "1+1" in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert client_for(world.secretary1).get(reverse("admin:organizations_person_export")).status_code == 302


# --- the admin speaks Vietnamese and sends its own CSP -------------------------------

ENGLISH = __import__("re").compile(
    r"\b(the|and|Please|Select|select|History|Export|Format|Change|Delete|Add|Save|Filter|Search|This|field|"
    r"fields|selected|Remove|Choose|Show|Date|Time|Today|Now|Clear|all|items?|object|Action|Reset|Object|"
    r"history|by|Submit|Run|of|exporter|export|link|counts|Whether)\b"
)


def english_on(page_html: str) -> list[str]:
    """Text nodes and labels of a page that read as English sentences or labels."""
    import html
    import re

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    chunks = re.sub(r"<[^>]+>", "\n", text).split("\n") + re.findall(
        r'(?:title|placeholder|aria-label|alt)="([^"]*)"', text
    )
    found = []
    for chunk in chunks:
        chunk = html.unescape(chunk).strip()
        if re.fullmatch(r"[A-Za-z][A-Za-z ,.:;!?'()/{}-]{3,}", chunk) and ENGLISH.search(chunk):
            found.append(chunk)
    return found


def test_the_admin_pages_read_in_vietnamese_and_send_a_csp(world, campaign, client_for):
    from django.contrib import admin as django_admin

    client = client_for(world.superuser)
    english, pages = {}, 0
    urls = [reverse("admin:index"), reverse("admin:organizations_person_export")]
    for model in django_admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        obj = model._default_manager.first()
        if obj is not None:
            urls += [reverse(f"{info}_change", args=[obj.pk]), reverse(f"{info}_history", args=[obj.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        pages += 1
        for chunk in english_on(response.content.decode()):
            english.setdefault(chunk, url)
    # A form sent with errors: "Please correct the error below." was English.
    response = client.post(reverse("admin:organizations_person_add"), {"full_name": ""})
    assert "Hãy sửa các lỗi dưới đây" in response.content.decode()
    for chunk in english_on(response.content.decode()):
        english.setdefault(chunk, "person add, with errors")
    assert pages > 30 and not english, english


def test_roles_are_granted_changed_and_revoked_through_the_service(world, client_for):
    """The role admin writes through organizations.services (scope, history, grant cache)."""
    from organizations.models import Role, RoleKind
    from organizations.scope import granted_paths

    def fresh(user):  # grants are cached on a user instance for one request
        return type(user).objects.get(pk=user.pk)

    client = client_for(world.office1)
    add = reverse("admin:organizations_role_add")
    assert granted_paths(fresh(world.cadre), "review") == []
    response = client.post(add, {"user": world.cadre.pk, "unit": world.B1.pk, "kind": RoleKind.REVIEWER})
    assert response.status_code == 302, response.content.decode()[:500]
    role = Role.objects.get(user=world.cadre)
    assert role.history.latest().history_user == world.office1
    assert granted_paths(fresh(world.cadre), "review") == [world.B1.path]
    # Another district's unit is not offered, and a forged post is refused without a write.
    response = client.post(add, {"user": world.cadre.pk, "unit": world.B3.pk, "kind": RoleKind.REVIEWER})
    assert response.status_code == 200 and Role.objects.filter(user=world.cadre).count() == 1
    change = reverse("admin:organizations_role_change", args=[role.pk])
    response = client.post(change, {"user": world.cadre.pk, "unit": world.G1.pk, "kind": RoleKind.REVIEWER})
    assert response.status_code == 302 and Role.objects.get(pk=role.pk).unit == world.G1
    response = client.post(reverse("admin:organizations_role_delete", args=[role.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Role.objects.filter(user=world.cadre).exists()
    assert granted_paths(fresh(world.cadre), "review") == []


def test_a_unit_change_the_services_refuse_is_said_on_the_form_and_changes_nothing(world, client_for):
    """Renaming or moving a unit with a day the services refuse answered 500; now the form says why."""
    from datetime import timedelta

    from django.utils import timezone

    from organizations import services as unit_services

    client = client_for(world.office1)
    url = reverse("admin:organizations_unit_change", args=[world.B2.pk])
    today = timezone.localdate()
    unit_services.unit_update(by=world.office1, unit=world.B2, name="Chi đoàn ấp Hai", on=today - timedelta(days=10))
    g4 = make_unit(world.D1, "TN-D1-G4", "Đoàn xã Bốn", UnitKind.GRASSROOTS)
    day = lambda d: d.strftime("%d/%m/%Y")  # noqa: E731
    refused = [
        {"name": "Chi đoàn ấp Ba", "effective_on": day(today + timedelta(days=3))},  # in the future
        {"name": "Chi đoàn ấp Ba", "effective_on": day(today - timedelta(days=20))},  # before its last change
        {"name": "Chi đoàn ấp Ba", "decision_number": "5-QĐ/HĐTN", "decision_date": day(today + timedelta(days=1))},
        {"name": "Chi đoàn ấp Hai", "parent": g4.pk, "effective_on": day(today + timedelta(days=2))},
        {"name": "Chi đoàn ấp Hai", "parent": g4.pk, "effective_on": day(today - timedelta(days=20))},
    ]
    for change in refused:
        response = client.post(url, {"parent": world.G1.pk, "sector": "", **change})
        assert response.status_code == 200, change
        errors = str(response.context["adminform"].form.errors)
        assert "ngày" in errors.lower(), (change, errors)
        unit = Unit.objects.get(pk=world.B2.pk)
        assert unit.name == "Chi đoàn ấp Hai" and unit.parent_unit() == world.G1
    assert client.post(url, {"parent": world.G1.pk, "name": "Chi đoàn ấp Ba", "sector": ""}).status_code == 302
    assert Unit.objects.get(pk=world.B2.pk).name == "Chi đoàn ấp Ba"


def test_a_record_keeps_a_unit_that_closed_since_and_people_are_old_enough(world, campaign, client_for):
    from datetime import date

    from evaluations.models import Commendation
    from organizations import services as unit_services

    commendation = Commendation.objects.create(
        person=world.cadre_person,
        issuing_unit=world.G2,
        campaign=campaign,
        decision_number="12-QĐ/ĐTN",
        decision_date=date(2026, 1, 5),
        form="giay_khen",
        reason="Gương mẫu",
    )
    unit_services.unit_dissolve(by=world.office1, unit=world.G2)
    client = client_for(world.office1)
    url = reverse("admin:evaluations_commendation_change", args=[commendation.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(decision_date="05/01/2026", reason="Gương mẫu, sáng tạo", story="", headline="", photo_alt="")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Commendation.objects.get(pk=commendation.pk).reason == "Gương mẫu, sáng tạo"

    # One rule for forms and imports: a two-year-old and a member number without a digit are refused.
    from .conftest import person_admin_form

    response = client.post(
        reverse("admin:organizations_person_change", args=[world.b2_person.pk]),
        person_admin_form(world, birth_date="01/01/2024", member_number="dang"),
    )
    errors = response.context["adminform"].form.errors
    assert "16 tuổi" in errors["birth_date"][0] and "chữ số" in errors["member_number"][0]
