"""The movement above the campaigns: a programme's template handed down to the campaigns of the units under its
owner (copied, or put into the campaign's own words), kept as taken when the template changes, and the roll-up of
every campaign under it that the reader sees."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Closing, Criterion
from evaluations.models import Commendation
from programmes.models import Adoption, Programme, ProgrammeKind, TemplateCriterion
from programmes.rollup import rollup
from programmes.services import programme_adopt
from registrations.models import Registration, Status

from .conftest import filled, make_person


def movement(owner, slug="hinh-mau", **fields) -> Programme:
    today = timezone.localdate()
    programme = Programme.objects.create(
        slug=slug,
        kind=ProgrammeKind.DRIVE,
        title="Phong trào 3 trách nhiệm",
        owner=owner,
        starts_on=fields.pop("starts_on", today - timedelta(days=400)),
        ends_on=fields.pop("ends_on", today + timedelta(days=400)),
        **fields,
    )
    for order, (grouping, title) in enumerate(
        [
            ("Trách nhiệm với bản thân", "Bản lĩnh vững vàng"),
            ("Trách nhiệm với công việc", "Tiên phong hành động"),
            ("Trách nhiệm với công việc", "Gương mẫu, đoàn kết"),  # the campaign has it already
            ("Trách nhiệm với cộng đồng", "Khát vọng vươn lên"),
        ],
        start=1,
    ):
        TemplateCriterion.objects.create(
            programme=programme, order=order, grouping=grouping, title=title, should_do="Nhận việc khó\nĐúng hạn"
        )
    return programme


def adopt_url(programme):
    return reverse("programmes:programme_detail", args=[programme.slug])


def test_a_district_office_starts_its_campaign_from_the_provinces_criteria(world, campaign, client_for):
    programme = movement(world.P)
    client = client_for(world.office1)
    page = client.get(adopt_url(programme))
    assert page.status_code == 200 and page.context["form"] is not None
    assert "Trách nhiệm với công việc" in page.content.decode()  # the template in its groups
    answer = client.post(adopt_url(programme), {"campaign": campaign.pk, "copy_criteria": "1"})
    assert answer.status_code == 302
    criteria = list(campaign.criteria.order_by("order").values_list("order", "title", "grouping"))
    # The campaign's four are kept first; three of the template follow, "Gương mẫu, đoàn kết" is not doubled.
    assert [title for _order, title, _group in criteria] == [
        "Gương mẫu, đoàn kết",
        "Năng động, tư duy, sáng tạo",
        "Sâu sát cơ sở",
        "Ham học hỏi, sẵn sàng hội nhập",
        "Bản lĩnh vững vàng",
        "Tiên phong hành động",
        "Khát vọng vươn lên",
    ]
    assert criteria[4] == (5, "Bản lĩnh vững vàng", "Trách nhiệm với bản thân")
    assert Criterion.objects.get(campaign=campaign, order=6).should_do == "Nhận việc khó\nĐúng hạn"
    # The campaign's page names the movement; its cadre reads the movement's page.
    cadre = client_for(world.cadre)
    campaign_page = cadre.get(reverse("campaigns:campaign_detail", args=[campaign.slug])).content.decode()
    assert "Phong trào 3 trách nhiệm" in campaign_page and adopt_url(programme) in campaign_page
    assert cadre.get(adopt_url(programme)).context["rollup"] is None  # figures are for those who review units
    # Once under a movement, the campaign is no longer offered, and a second start is refused.
    again = client_for(world.office1).post(adopt_url(programme), {"campaign": campaign.pk, "copy_criteria": "1"})
    assert again.status_code == 400 and "Chọn một chiến dịch" in again.content.decode()
    assert Adoption.objects.count() == 1 and campaign.criteria.count() == 7


def test_put_into_its_own_words_the_campaign_keeps_only_its_criteria(world, campaign):
    programme = movement(world.P)
    adoption = programme_adopt(by=world.office1, programme=programme, campaign=campaign, copy_criteria=False)
    assert not adoption.copied and campaign.criteria.count() == 4
    assert [item["title"] for item in adoption.criteria_taken][0] == "Bản lĩnh vững vàng"


def test_refused_starts_change_nothing(world, campaign, client_for):
    programme = movement(world.P)
    # Another district's office, a cadre, an anonymous visitor.
    other = client_for(world.office2).post(adopt_url(programme), {"campaign": campaign.pk, "copy_criteria": "1"})
    assert other.status_code == 400
    assert client_for(world.cadre).post(adopt_url(programme), {"campaign": campaign.pk}).status_code == 403
    assert client_for(None).post(adopt_url(programme), {"campaign": campaign.pk}).status_code == 302
    with pytest.raises(PermissionDenied):
        programme_adopt(by=world.office2, programme=programme, campaign=campaign)
    # A movement of the other district is not over this campaign; one that ended before it started neither.
    with pytest.raises(ValidationError, match="không được tổ chức trong phạm vi"):
        programme_adopt(by=world.office1, programme=movement(world.D2, slug="d2"), campaign=campaign)
    ended = movement(world.P, slug="cu", starts_on=date(2018, 1, 1), ends_on=date(2022, 12, 31))
    with pytest.raises(ValidationError, match="ngoài thời gian"):
        programme_adopt(by=world.office1, programme=ended, campaign=campaign)
    # A closed campaign's criteria are final.
    Closing.objects.create(campaign=campaign, closed_on=timezone.localdate(), narrative="Tổng kết")
    closed = Campaign.objects.get(pk=campaign.pk)
    with pytest.raises(ValidationError):
        programme_adopt(by=world.office1, programme=programme, campaign=closed)
    assert not Adoption.objects.exists() and campaign.criteria.count() == 4
    # The other district's movement is not shown to the cadre at all.
    assert client_for(world.cadre).get(adopt_url(Programme.objects.get(slug="d2"))).status_code == 404


def test_a_changed_template_leaves_the_campaigns_copy_as_taken(world, campaign, client_for):
    programme = movement(world.P)
    programme_adopt(by=world.office1, programme=programme, campaign=campaign)
    item = programme.criteria.get(order=1)
    item.title = "Bản lĩnh chính trị vững vàng"
    item.save()
    assert campaign.criteria.filter(title="Bản lĩnh vững vàng").exists()
    assert not campaign.criteria.filter(title="Bản lĩnh chính trị vững vàng").exists()
    (row,) = rollup(programme, world.office1).rows
    assert row.template_changed
    page = client_for(world.office1).get(adopt_url(programme)).content.decode()
    assert "mẫu tiêu chí đã sửa" in page


def test_the_rollup_counts_each_campaign_the_reader_sees(world, campaign, client_for):
    programme = movement(world.P)
    programme_adopt(by=world.office1, programme=programme, campaign=campaign)
    filled(world, campaign)
    other = Campaign.objects.create(
        **{
            **{f.name: getattr(campaign, f.name) for f in Campaign._meta.concrete_fields if f.name not in ("id",)},
            "slug": "huyen-hai",
            "title": "Phong cách cán bộ Đoàn huyện Hai",
            "organizer": world.D2,
        }
    )
    Criterion.objects.create(campaign=other, order=1, title="Gương mẫu")
    programme_adopt(by=world.office2, programme=programme, campaign=other)
    Commendation.objects.create(
        decision_number="1-QĐ", decision_date=timezone.localdate(), issuing_unit=world.D2, person=world.b3_person,
        campaign=other, form="giay_khen", reason="Gương mẫu",
    )  # fmt: skip
    province = rollup(programme, world.superuser)
    assert [row.campaign.slug for row in province.rows] == sorted(["phong-cach-thu", "huyen-hai"], reverse=True) or {
        row.campaign.slug for row in province.rows
    } == {"phong-cach-thu", "huyen-hai"}
    assert province.totals["registered"] == 1 and province.commended == 1
    # A district office sees its own campaign's row only.
    (row,) = rollup(programme, world.office1).rows
    assert row.campaign == campaign and row.figures["registered"] == 1 and row.commended == 0
    page = client_for(world.office2).get(adopt_url(programme))
    assert [r.campaign.slug for r in page.context["rollup"].rows] == ["huyen-hai"]


@pytest.mark.parametrize("size", [1, 4])
def test_rollup_queries_do_not_grow_with_campaigns_or_cadres(
    world, campaign, client_for, django_assert_max_num_queries, size
):
    programme = movement(world.P)
    programme_adopt(by=world.office1, programme=programme, campaign=campaign)
    fields = {f.name: getattr(campaign, f.name) for f in Campaign._meta.concrete_fields if f.name != "id"}
    for n in range(size):
        closed = Campaign.objects.create(**{**fields, "slug": f"nam-{n}", "title": f"Năm {n}"})
        programme_adopt(by=world.office1, programme=programme, campaign=closed)
        for k in range(size * 5):
            person = make_person(world.B1, f"Đoàn viên {n}-{k}")
            Registration.objects.create(campaign=closed, person=person, unit=world.B1, status=Status.SUBMITTED)
        Closing.objects.create(
            campaign=closed, closed_on=timezone.localdate(), narrative="Tổng kết",
            figures={"totals": {"grassroots": 2, "grassroots_deployed": 2, "registered": size * 5}},
        )  # fmt: skip
    client = client_for(world.office1)
    # The running campaign's coverage is a fixed number of queries (counted on each view here: a test's own
    # transaction keeps no cached figures); the closed ones show their frozen figures.
    with django_assert_max_num_queries(20):
        page = client.get(adopt_url(programme))
    assert page.context["rollup"].totals["registered"] == size * size * 5
