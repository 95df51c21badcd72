import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from campaigns.models import Campaign
from demo.organizations import DEMO_LOGINS
from organizations.models import (
    GRASSROOTS_KINDS,
    LineageEvent,
    LineageKind,
    Person,
    Position,
    PositionTitle,
    Role,
    RoleKind,
    Unit,
    UnitKind,
)
from organizations.scope import granted_paths
from organizations.timeline import DatedTree


@pytest.fixture
def demo(demo_data, db):
    """The demo as `load_demo` left it (loaded once for this module)."""


def test_phu_tan_has_19_grassroots_units_and_177_branches(demo):
    """As the district stood in the campaign's time (the tree of 31/03/2023); since 01/07/2025 it is dissolved."""
    phu_tan = Unit.objects.get(code="CM-PT", name="Huyện đoàn Phú Tân")
    then = DatedTree.as_of(date(2023, 3, 31))
    kinds = [then.nodes[pk].kind for pk in then.subtree(phu_tan.pk)]
    assert sum(kind in GRASSROOTS_KINDS for kind in kinds) == 19
    assert kinds.count(UnitKind.BRANCH) == 177
    assert then.name(then.ancestors(phu_tan.pk)[0]) == "Tỉnh đoàn Cà Mau"
    assert Unit.objects.filter(name="Đoàn thị trấn Cái Đôi Vàm", kind=UnitKind.GRASSROOTS).exists()


def test_the_2025_restructure_is_in_the_demo(demo):
    phu_tan, province = Unit.objects.get(code="CM-PT"), Unit.objects.get(code="CM")
    assert not phu_tan.is_active and phu_tan.dissolved_on == date(2025, 7, 1)
    new = Unit.objects.filter(code__startswith="CM-X-", is_active=True)
    assert new.count() == 3 and all(unit.parent_unit() == province for unit in new)
    town = Unit.objects.get(code="CM-PT-CDV")
    assert not town.is_active and town.parent_unit().code == "CM-X-CDV"  # kept under its successor
    assert town.lineage.get(kind=LineageKind.MERGED).other.code == "CM-X-CDV"
    assert LineageEvent.objects.filter(unit=phu_tan, kind=LineageKind.DISSOLVED, decision_number__endswith="TĐTN")
    now = DatedTree.as_of()
    assert phu_tan.pk not in now and all(now.ancestors(unit.pk)[0] == province.pk for unit in new)
    assert not Unit.objects.subtree_of(phu_tan).filter(is_active=True).exists()


def test_lang_son_bloc_and_the_branches_named_in_the_article(demo):
    bloc = Unit.objects.get(code="LS-KCQDN")
    assert bloc.kind == UnitKind.BLOC and bloc.parent_unit().name == "Tỉnh đoàn Lạng Sơn"
    names = set(Unit.objects.subtree_of(bloc).values_list("name", flat=True))
    assert {"Chi đoàn Văn phòng Tỉnh ủy", "Chi đoàn Sở Công Thương"} <= names


def test_enough_cadres_in_the_target_positions(demo):
    phu_tan = Unit.objects.get(code="CM-PT")
    day = date(2023, 3, 31)
    units = DatedTree.as_of(day).subtree(phu_tan.pk)
    cadres = Position.objects.current(day).filter(unit_id__in=units).values("person_id").distinct()
    assert cadres.count() >= 206
    assert Position.objects.current(day).filter(unit=phu_tan, title=PositionTitle.EXECUTIVE_MEMBER).count() >= 10
    # Every branch has at least the three members a Chi đoàn needs.
    branches = Unit.objects.filter(pk__in=units, kind=UnitKind.BRANCH)
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
    assert granted_paths(office, "view") == []  # the district was dissolved: its office's grant lapsed
    province_office = User.objects.get(username="vanphong.camau")
    assert Role.objects.filter(user=province_office, kind=RoleKind.MANAGER, unit__code="CM").exists()
    secretary = User.objects.get(username="bithu.caidoivam")
    assert Role.objects.filter(user=secretary, kind=RoleKind.REVIEWER, unit__code="CM-PT-CDV").exists()
    assert Role.objects.filter(user=secretary, kind=RoleKind.REVIEWER, unit__code="CM-X-CDV").exists()
    cadre = User.objects.get(username="canbo.phutan")
    assert cadre.person.home_unit.code == "CM-PT-CDV-01" and not cadre.roles.exists()
    for login in DEMO_LOGINS:
        assert User.objects.get(username=login.username).check_password(login.password)


def test_each_public_story_speaks_of_its_cadre_as_their_gender(demo):
    import re

    from evaluations.models import Commendation
    from organizations.models import Gender

    stories = list(Commendation.objects.filter(is_published=True).select_related("person"))
    assert len(stories) == 5
    for story in stories:
        said = {word.lower() for word in re.findall(r"(?<!tiếng )\b(chị|cô|anh)\b", story.story, flags=re.IGNORECASE)}
        expected = {"anh"} if story.person.gender == Gender.MALE else {"chị", "cô"}
        assert said and said <= expected, (story.headline, story.person.gender, said)


def test_lang_son_2023_reads_the_same_after_its_members_moved_and_a_branch_merged(demo):
    """The demo dates Lạng Sơn's members and enters, after the 2023 campaign, transfers, an aging out and the
    merger of Sở Công Thương's branch into Sở Tài chính's (01/07/2025): the 2023 figures per branch hold."""
    from campaigns.models import Campaign
    from demo.campaigns import LANG_SON_SLUG
    from organizations.models import Membership, MembershipEnd
    from reports.coverage import coverage_tree

    lang_son = Campaign.objects.get(slug=LANG_SON_SLUG)
    rolled = coverage_tree(lang_son, lang_son.organizer)
    industry, finance = Unit.objects.get(code="LS-KCQDN-SCT"), Unit.objects.get(code="LS-KCQDN-STC")
    assert not industry.is_active  # merged in 2025
    assert (rolled[industry.pk].registered, rolled[industry.pk].must_register) == (13, 13)
    assert rolled[finance.pk].must_register == 12 and rolled[finance.pk].registered == 0
    ends = set(Membership.objects.exclude(end="").values_list("end", flat=True))
    assert {MembershipEnd.TRANSFERRED_OUT, MembershipEnd.AGED_OUT, MembershipEnd.CARRIED} <= ends
    assert Membership.objects.filter(unit__code__startswith="LS-", started_on__isnull=False).count() > 50


def test_the_demo_offers_a_saved_pairing_of_columns_that_names_real_fields(demo):
    from organizations.columns import fields
    from reports.models import ColumnProfile

    profile = ColumnProfile.objects.get(name="Phần mềm quản lý đoàn viên (minh họa)")
    assert set(profile.mapping.values()) - {""} <= set(fields("people"))
    assert profile.unit.code == "CM" and profile.kind == "people"


def test_anonymising_the_demos_departed_members_leaves_every_campaigns_figures_as_they_were(demo):
    """The retention job on the demo (everyone who has left by today: the aged-out and transferred Lạng Sơn members):
    names, contacts and free text go, and every demo campaign's coverage per unit, its year-end ratings and its
    units' ratings read the same afterwards."""
    from dataclasses import asdict

    from campaigns.models import Campaign
    from evaluations.models import Evaluation
    from privacy.retention import PSEUDONYM, anonymise_departed
    from reports.coverage import coverage
    from unitratings.models import UnitRating

    def figures():
        found = {}
        for campaign in Campaign.objects.select_related("organizer").order_by("pk"):
            totals, rows = coverage(campaign, campaign.organizer)
            found[campaign.slug] = {
                "totals": asdict(totals),
                "rows": [(row.unit.pk, row.own, asdict(row.figures)) for row in rows],
                "ratings": sorted(
                    Evaluation.objects.filter(registration__campaign=campaign).values_list(
                        "registration_id", "stage", "final_level__rank", "final_points"
                    )
                ),
                "units": sorted(
                    UnitRating.objects.filter(round__campaign=campaign).values_list("unit_id", "points", "level_id")
                ),
            }
        return found

    before = figures()
    listed = anonymise_departed(dry_run=True, keep_years=0)
    assert len(listed.people) >= 2 and not listed.done
    outcome = anonymise_departed(keep_years=0)
    gone = Person.objects.filter(pk__in=[person.pk for person in outcome.people])
    assert all(p.full_name == PSEUDONYM.format(pk=p.pk) and not p.phone and p.birth_date is None for p in gone)
    assert not anonymise_departed(dry_run=True, keep_years=0).people  # done once
    assert figures() == before


def test_the_movements_roll_up_their_campaigns(demo, client):
    from demo.campaigns import LANG_SON_SLUG, PHU_TAN_SLUG, current_slug
    from demo.programmes import MODEL_YOUTH_SLUG, THREE_RESPONSIBILITIES_SLUG
    from programmes.models import Programme

    client.force_login(User.objects.get(username="vanphong.camau"), backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("programmes:programme_detail", args=[MODEL_YOUTH_SLUG]))
    rows = {row.campaign.slug: row for row in page.context["rollup"].rows}
    assert set(rows) == {PHU_TAN_SLUG, current_slug()}
    # Phú Tân 2022 put the four values into its own criteria and shows its closing's frozen figures.
    assert rows[PHU_TAN_SLUG].closed and not rows[PHU_TAN_SLUG].copied
    assert rows[PHU_TAN_SLUG].figures["grassroots_deployed"] == 19 and rows[PHU_TAN_SLUG].figures["registered"] == 206
    assert rows[PHU_TAN_SLUG].shining == 5 and sum(n for _level, n in rows[PHU_TAN_SLUG].levels) == 158
    # This year's campaign copied them after Phú Tân's four.
    titles = list(Campaign.objects.get(slug=current_slug()).criteria.values_list("title", flat=True))
    assert titles[-4:] == ["Lý tưởng cách mạng, yêu nước nồng nàn", "Khát vọng vươn lên", "Năng động, sáng tạo",
                           "Nhân ái, thanh lịch"]  # fmt: skip
    # "3 trách nhiệm" is over Lạng Sơn 2023, whose four criteria are the drive's: nothing was doubled.
    three = Programme.objects.get(slug=THREE_RESPONSIBILITIES_SLUG)
    assert [a.campaign.slug for a in three.adoptions.all()] == [LANG_SON_SLUG]
    assert Campaign.objects.get(slug=LANG_SON_SLUG).criteria.count() == 4
