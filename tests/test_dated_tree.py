"""The tree over time: restructuring units after a campaign never changes its figures, scope follows lineage,
and changes out of order are refused in Vietnamese with nothing changed."""

from datetime import timedelta

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Deployment
from organizations import services
from organizations.models import LineageEvent, LineageKind, RoleKind, Sector, Unit, UnitKind, UnitSpan
from organizations.scope import forget_grants, granted_paths
from organizations.timeline import DatedTree
from registrations import services as registration_services
from reports.coverage import coverage, coverage_tree
from reports.xlsx import workbooks

from .conftest import filled, make_cadre, make_user

TODAY = timezone.localdate()


@pytest.fixture
def closed_campaign(world, campaign):
    """The campaign with two sheets sent from An Bình, two deployments, ended ten days ago."""
    for user in (world.cadre, make_user("bich", person=world.b2_person)):
        registration_services.registration_submit(
            by=user, registration=filled(world, campaign, user), expected_version=None
        )
    Deployment.objects.create(campaign=campaign, unit=world.G1, deployed_on=TODAY - timedelta(days=15))
    Deployment.objects.create(campaign=campaign, unit=world.B1, deployed_on=TODAY - timedelta(days=15))
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=TODAY - timedelta(days=40),
        registration_opens=TODAY - timedelta(days=40),
        registration_closes=TODAY - timedelta(days=20),
        ends_on=TODAY - timedelta(days=10),
    )
    return Campaign.objects.get(pk=campaign.pk)


def everything_reported(campaign, tmp_path) -> dict:
    totals, rows = coverage(campaign, campaign.organizer)
    figures = {
        "totals": (totals.grassroots, totals.grassroots_deployed, totals.branches, totals.branches_deployed),
        "people": (totals.must_register, totals.registered, dict(totals.by_status)),
        "rows": [(row.unit.name, row.figures.registered, row.figures.must_register) for row in rows],
        "tree": {
            pk: (f.registered, f.must_register, f.branches)
            for pk, f in coverage_tree(campaign, campaign.organizer).items()
        },
    }
    for report, write in workbooks().items():
        path = str(tmp_path / f"{report}.xlsx")
        write(campaign, campaign.organizer, path)
        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
        figures[report] = rows[1:]  # the title rows but the first (it names no unit)
    return figures


def restructure(world):
    """After the campaign: a new commune under the province takes over An Bình, the police branch moves up,
    a branch is renamed, and the district is dissolved."""
    new = services.unit_create(
        by=world.superuser,
        parent=world.P,
        code="TN-X1",
        name="Đoàn xã Mới",
        kind=UnitKind.GRASSROOTS,
        sector=Sector.COMMUNE,
        founded_on=TODAY,
        decision=services.Decision("12-QĐ/TĐTN", TODAY - timedelta(days=3)),
    )
    services.unit_merge(by=world.superuser, source=world.G1, target=new)
    services.unit_move(by=world.superuser, unit=world.G2, new_parent=world.P)
    services.unit_update(by=world.superuser, unit=Unit.objects.get(pk=world.B1.pk), name="Chi đoàn ấp Một (mới)")
    services.unit_dissolve(by=world.superuser, unit=world.D1)
    return new


def test_restructuring_after_a_campaign_changes_none_of_its_figures(world, closed_campaign, tmp_path):
    before = everything_reported(closed_campaign, tmp_path)
    assert before["totals"] == (2, 1, 2, 1) and before["people"][1] == 2
    new = restructure(world)
    after = everything_reported(Campaign.objects.get(pk=closed_campaign.pk), tmp_path)
    assert after == before
    # The past is kept, the present has changed.
    now = DatedTree.as_of()
    assert world.D1.pk not in now and world.G1.pk not in now and now.ancestors(world.B1.pk) == [new.pk, world.P.pk]
    then = DatedTree.as_of(closed_campaign.ends_on)
    assert then.ancestors(world.B1.pk) == [world.G1.pk, world.D1.pk, world.P.pk]
    assert then.name(world.B1.pk) == "Chi đoàn ấp 1" and now.name(world.B1.pk) == "Chi đoàn ấp Một (mới)"
    kinds = set(LineageEvent.objects.values_list("unit__code", "kind"))
    assert {
        ("TN-X1", LineageKind.FOUNDED),
        ("TN-D1-G1", LineageKind.MERGED),
        ("TN-D1-G2", LineageKind.MOVED),
        ("TN-D1-G1-B1", LineageKind.RENAMED),
        ("TN-D1", LineageKind.DISSOLVED),
    } <= kinds


def test_grants_lapse_with_the_unit_and_the_successor_sees_the_past(world, closed_campaign, client_for):
    new = restructure(world)
    forget_grants(world.office1)
    assert granted_paths(world.office1, "view") == []  # the district office's grant ended with the district
    successor = make_user("office_x1", staff=True, role=RoleKind.MANAGER, unit=new)
    client = client_for(successor)
    url = reverse("reports:dashboard", args=[closed_campaign.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["root"] == Unit.objects.get(pk=world.G1.pk)  # the predecessor, as it stood
    assert response.context["totals"].registered == 2
    # The commune of the other district is not the successor's.
    assert client.get(url + f"?unit={world.G3.pk}").status_code == 404
    assert client_for(world.office1).get(url).status_code == 404


def test_the_dashboard_as_of_a_date_and_its_queries_do_not_grow(world, closed_campaign, client_for):
    client = client_for(world.superuser)
    url = reverse("reports:dashboard", args=[closed_campaign.slug])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(15):  # more units, each merged after the campaign
        unit = services.unit_create(
            by=world.superuser, parent=world.D1, code=f"TN-D1-M{n}", name=f"Đoàn xã Thêm {n}", kind=UnitKind.GRASSROOTS
        )
        make_cadre(unit, f"Cán bộ Thêm {n}")
        services.unit_merge(by=world.superuser, source=unit, target=world.G3)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url + "?ngay=" + closed_campaign.ends_on.strftime("%d/%m/%Y"))
    assert response.status_code == 200 and len(large) <= len(small)
    assert response.context["totals"].grassroots == 2 + 15
    # A day the organiser did not exist: said, and its own time used instead.
    response = client.get(url + "?ngay=01/01/1800", follow=True)
    assert response.context["totals"].grassroots == 17
    response = client.get(url + "?ngay=31/02/2024")
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.content.decode()


def fingerprint():
    return (
        list(
            UnitSpan.objects.order_by("pk").values_list("pk", "unit_id", "parent_id", "name", "valid_from", "valid_to")
        ),
        LineageEvent.objects.count(),
        list(Unit.objects.order_by("pk").values_list("path", "is_active")),
    )


def test_changes_out_of_order_are_refused_and_change_nothing(world):
    young = services.unit_create(
        by=world.superuser,
        parent=world.D1,
        code="TN-D1-Y",
        name="Đoàn xã Trẻ",
        kind=UnitKind.GRASSROOTS,
        founded_on=TODAY - timedelta(days=10),
    )
    services.unit_update(by=world.superuser, unit=young, name="Đoàn xã Trẻ Mới", on=TODAY - timedelta(days=5))
    services.unit_dissolve(by=world.superuser, unit=world.G2)
    upper = services.unit_create(
        by=world.superuser,
        parent=world.P,
        code="TN-U",
        name="Đoàn Khối Mới",
        kind=UnitKind.BLOC,
        founded_on=TODAY - timedelta(days=10),
    )
    before = fingerprint()
    refusals = [
        # dated before the unit existed, and before its last change (overlapping validity)
        (
            lambda: services.unit_move(
                by=world.superuser, unit=young, new_parent=world.D2, on=TODAY - timedelta(days=20)
            ),
            "đã có thay đổi từ ngày",
        ),
        (
            lambda: services.unit_update(by=world.superuser, unit=young, name="X", on=TODAY - timedelta(days=7)),
            "theo đúng thứ tự",
        ),
        # under a unit not yet founded that day
        (
            lambda: services.unit_move(
                by=world.superuser, unit=world.G3, new_parent=upper, on=TODAY - timedelta(days=30)
            ),
            "chưa có hoặc đã ngừng hoạt động",
        ),
        # into a dissolved unit
        (lambda: services.unit_merge(by=world.superuser, source=world.G3, target=world.G2), "phải đang hoạt động"),
        # in the future, or decided in the future
        (lambda: services.unit_dissolve(by=world.superuser, unit=young, on=TODAY + timedelta(days=1)), "tương lai"),
        (
            lambda: services.unit_move(
                by=world.superuser,
                unit=world.G3,
                new_parent=world.D1,
                decision=services.Decision("1-QĐ/TĐTN", TODAY + timedelta(days=2)),
            ),
            "Ngày quyết định",
        ),
        # under itself
        (lambda: services.unit_move(by=world.superuser, unit=world.D1, new_parent=world.G1), "trực thuộc chính nó"),
    ]
    for attempt, words in refusals:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert words in " ".join(refused.value.messages), refused.value.messages
        assert fingerprint() == before


def test_units_of_the_same_name_are_told_apart_after_a_merger(world, campaign, client_for):
    """Two communes with a "Chi đoàn ấp 1" each, merged: the commune's dashboard and the unit pickers name each
    with the commune it came from, instead of the same name twice."""
    from organizations import services as unit_services

    from .conftest import make_unit

    g4 = make_unit(world.D1, "TN-D1-G4", "Đoàn xã Bốn", UnitKind.GRASSROOTS, Sector.COMMUNE)
    make_unit(g4, "TN-D1-G4-B1", "Chi đoàn ấp 1", UnitKind.BRANCH, Sector.COMMUNE)
    unit_services.unit_merge(by=world.office1, source=g4, target=world.G1)
    office = client_for(world.office1)
    page = office.get(reverse("reports:dashboard", args=[campaign.slug]) + f"?unit={world.G1.pk}").content.decode()
    import re

    rows = [name.strip() for name in re.findall(r"(Chi đoàn ấp 1[^<]*)<", page)]
    assert rows == ["Chi đoàn ấp 1", "Chi đoàn ấp 1 (Đoàn xã Bốn)"]
    # Two communes of one name in the unit picker (neither ever moved): their codes tell them apart.
    make_unit(world.D1, "TN-D1-G5", "Đoàn xã An Bình", UnitKind.GRASSROOTS, Sector.COMMUNE)
    queue = office.get(reverse("registrations:review_queue", args=[campaign.slug])).content.decode()
    assert ">Đoàn xã An Bình (TN-D1-G1)<" in queue and ">Đoàn xã An Bình (TN-D1-G5)<" in queue


def test_an_every_member_campaigns_figures_hold_through_moves_merges_and_members_leaving(
    world, closed_campaign, tmp_path, client_for
):
    """The Lạng Sơn model ("100% đoàn viên đăng ký"): members counted by who belonged where on the campaign's
    day. After it closed, units merge, split and dissolve, members are moved by hand, transferred, aged out and
    struck off: its dashboard, every export, the closing report and the units' rating facts stay as they were;
    and a cadre whose branch was merged still opens the campaign's pages."""
    from organizations import membership
    from organizations.models import Membership, MembershipEnd, Person
    from reports.closing import campaign_close

    from .conftest import make_person

    Campaign.objects.filter(pk=closed_campaign.pk).update(members_register=True)
    campaign = Campaign.objects.get(pk=closed_campaign.pk)
    members = [make_person(unit, f"Đoàn Viên {n}") for n, unit in enumerate([world.B1, world.B1, world.B2, world.G2])]
    Membership.objects.filter(person__in=members).update(started_on=TODAY - timedelta(days=400))
    closing = campaign_close(by=world.office1, campaign=campaign, closed_on=TODAY - timedelta(days=5), narrative="Xong")
    before = everything_reported(campaign, tmp_path)
    assert before["people"][0] >= 4  # the members count among those who must register
    from registrations.selectors import not_yet_registered

    waiting = sorted(not_yet_registered(campaign, world.superuser).values_list("pk", flat=True))
    assert set(waiting) >= {m.pk for m in members}  # "who has not registered": the members of that day

    # After the campaign: a member moved by hand (the record's home unit), one transferred out of the province,
    # one aged out, one struck off; a branch split off, units merged, the district dissolved.
    moved = Person.objects.get(pk=members[0].pk)
    moved.home_unit = world.B2
    moved.save()
    membership.member_transfer(by=world.superuser, person=members[1], on=TODAY, elsewhere="Tỉnh đoàn Bạc Liêu")
    membership.member_leave(by=world.superuser, person=members[2], on=TODAY, end=MembershipEnd.AGED_OUT)
    membership.member_leave(by=world.superuser, person=members[3], on=TODAY, end=MembershipEnd.STRUCK_OFF)
    new = restructure(world)
    services.unit_split(
        by=world.superuser, source=new, code="TN-X2", name="Đoàn xã Tách", children=[Unit.objects.get(pk=world.B2.pk)]
    )
    after = everything_reported(Campaign.objects.get(pk=campaign.pk), tmp_path)
    assert after == before
    assert Campaign.objects.get(pk=campaign.pk).closing.figures == closing.figures
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert sorted(not_yet_registered(campaign, world.superuser).values_list("pk", flat=True)) == waiting
    # Today, the every-member count of the same units is different: the records did move.
    assert Membership.objects.open().filter(person__in=members).count() == 1
    assert Person.objects.filter(pk__in=[m.pk for m in members], left_union_on__isnull=False).count() == 3

    # The cadre of An Bình, whose commune was merged into one outside the campaign's organiser, opens its pages.
    cadre = client_for(world.cadre)
    sheet = campaign.registrations.get(person=world.cadre_person)
    assert cadre.get(reverse("registrations:registration_detail", args=[sheet.pk])).status_code == 200
    assert cadre.get(reverse("campaigns:campaign_detail", args=[campaign.slug])).status_code == 200
