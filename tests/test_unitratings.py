"""The units' year-end rating: the suggestion from the campaign's facts, the office's decision under quotas and in
its window, refusals that change nothing, the page for each role, the Excel report."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns import services as campaign_services
from evaluations.models import Enforcement, RatingScheme
from evaluations.schemes import UNITS_NAME, ensure_default_schemes
from unitratings import services
from unitratings.models import Measure, UnitCriterion, UnitQuota, UnitRating, UnitRound

from .conftest import export


@pytest.fixture
def unit_round(world, campaign, approved):
    ensure_default_schemes()
    today = timezone.localdate()
    round_ = UnitRound.objects.create(
        campaign=campaign,
        scheme=RatingScheme.objects.get(name=UNITS_NAME),
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )
    for order, (title, points, measure) in enumerate(
        [("Triển khai", 40, Measure.DEPLOYED), ("Đăng ký", 40, Measure.REGISTERED), ("Văn phòng", 20, Measure.OFFICE)],
        start=1,
    ):
        UnitCriterion.objects.create(round=round_, order=order, title=title, max_points=points, measure=measure)
    return round_


def test_the_suggestion_adds_up_the_criteria_from_the_campaigns_figures(world, campaign, unit_round):
    campaign_services.deployment_report(
        by=world.secretary1, campaign=campaign, unit=world.G1, deployed_on=timezone.localdate(), attendance=5
    )
    rows = {row.unit.code: row for row in services.suggestions(unit_round)}
    # G1 (Đoàn xã An Bình) deployed itself but not its two branches (1/3), and 1 of the 4 who must registered.
    an_binh = rows["TN-D1-G1"]
    assert an_binh.breakdown == {c.pk: p for c, p in zip(unit_round.criteria.all(), [13, 10, 0], strict=True)}
    assert an_binh.points == 23 and an_binh.level.name == "Yếu"
    assert set(rows) == {"TN-D1-G1", "TN-D1-G2"}  # the grassroots units; branches are not rated in this round


def test_the_office_decides_in_its_window_under_the_quota_and_refusals_change_nothing(world, unit_round):
    rows = services.suggestions(unit_round)
    today = timezone.localdate()
    strong = [services.UnitDecision(row.unit.pk, 95) for row in rows]

    def decide(decisions=strong, **overrides):
        arguments = dict(by=world.office1, round_=unit_round, decisions=decisions, number="12-QĐ/HĐTN", on=today)
        return services.unit_ratings_decide(**(arguments | overrides))

    UnitQuota.objects.create(
        round=unit_round, level=unit_round.scheme.levels.get(rank=1), max_percent=50, enforcement=Enforcement.HARD
    )
    cases = [
        (dict(by=world.secretary1), PermissionDenied, "văn phòng"),
        (dict(by=world.office2), PermissionDenied, "văn phòng"),
        (dict(number=" "), ValidationError, "số của quyết định"),
        (dict(on=today + timedelta(days=1)), ValidationError, "tương lai"),
        (dict(today=unit_round.closes_on + timedelta(days=1)), ValidationError, "xếp loại đơn vị"),
        (dict(decisions=[]), ValidationError, "đánh dấu"),
        (dict(decisions=[services.UnitDecision(world.B1.pk, 50)]), ValidationError, "không thuộc"),
        (dict(decisions=[services.UnitDecision(rows[0].unit.pk, 101)]), ValidationError, "0 đến 100"),
        (dict(), ValidationError, "chưa quyết định"),  # two "Vững mạnh" of two units: over the hard 50 %
    ]
    for overrides, error, words in cases:
        with pytest.raises(error) as refused:
            decide(**overrides)
        assert words in " ".join(getattr(refused.value, "messages", [str(refused.value)])).lower(), overrides
    assert not UnitRating.objects.exists()

    decide([services.UnitDecision(rows[0].unit.pk, 95), services.UnitDecision(rows[1].unit.pk, 72)])
    ratings = {r.unit_id: r for r in UnitRating.objects.select_related("level")}
    assert ratings[rows[0].unit.pk].level.name == "Vững mạnh" and ratings[rows[1].unit.pk].level.name == "Khá"
    assert ratings[rows[0].unit.pk].suggested_points == rows[0].points
    with pytest.raises(ValidationError, match="Tải lại trang"):  # decided again from a page read before
        decide([services.UnitDecision(rows[1].unit.pk, 60)])
    decide([services.UnitDecision(rows[1].unit.pk, 60, expected_version=1)], number="13-QĐ/HĐTN")
    again = UnitRating.objects.get(unit=rows[1].unit)
    assert (again.points, again.level.name, again.version, again.decision_number) == (60, "Trung bình", 2, "13-QĐ/HĐTN")


def test_the_page_lets_the_office_decide_and_the_secretary_read_and_the_excel_opens(
    world, campaign, unit_round, client_for, django_assert_max_num_queries
):
    url = reverse("unitratings:unit_ratings", args=[campaign.slug])
    office = client_for(world.office1)
    with django_assert_max_num_queries(25):
        page = office.get(url)
    body = page.content.decode()
    assert 'name="decision_number"' in body and "Đoàn xã An Bình" in body and "Chi đoàn Công an huyện" in body
    g1, g2 = world.G1.pk, world.G2.pk
    refused = office.post(url, {"unit": [g1], f"points_{g1}": "70", "decision_number": "", "decision_date": ""})
    assert "số của quyết định" in refused.content.decode().lower() and not UnitRating.objects.exists()
    # What was ticked and typed is still on the page, to correct and send again.
    kept = refused.content.decode()
    assert f'name="points_{g1}" id="points-{g1}" value="70"' in kept
    assert f'id="unit-{g1}" checked' in kept and f'id="unit-{g2}" checked' not in kept
    sent = office.post(
        url,
        {
            "unit": [g1, g2],
            f"points_{g1}": "70",
            f"points_{g2}": "45",
            "decision_number": "12-QĐ/HĐTN",
            "decision_date": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert sent.status_code == 302 and UnitRating.objects.count() == 2
    secretary = client_for(world.secretary1).get(url).content.decode()
    assert "Đoàn xã An Bình" in secretary and "Chi đoàn Công an huyện" not in secretary
    assert 'name="decision_number"' not in secretary
    assert client_for(world.secretary1).post(url, {}).status_code == 403
    response = export(client_for(world.secretary1), campaign.slug, "unit_ratings")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, data = rows[4], rows[5:]
    assert rows[0][0] == "XẾP LOẠI ĐƠN VỊ CUỐI NĂM"
    assert [row[0] for row in data] == ["Đoàn xã An Bình"]  # the secretary's file: their unit only
    office = client_for(world.office1)
    response = export(office, campaign.slug, "unit_ratings")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_unit = {row[0]: row for row in rows[5:]}
    assert by_unit["Đoàn xã An Bình"][header.index("Xếp loại")] == "Khá"
    assert by_unit["Chi đoàn Công an huyện"][header.index("Điểm")] == 45


def test_a_round_set_up_backwards_in_the_admin_is_refused_once_in_vietnamese(world, campaign, client_for):
    ensure_default_schemes()
    today = timezone.localdate()
    page = (
        client_for(world.office1)
        .post(
            reverse("admin:unitratings_unitround_add"),
            {
                "campaign": campaign.pk,
                "scheme": RatingScheme.objects.get(name=UNITS_NAME).pk,
                "rated_kinds": "grassroots",
                "opens_on": f"{today + timedelta(days=5):%d/%m/%Y}",
                "closes_on": f"{today:%d/%m/%Y}",
                "criteria-TOTAL_FORMS": "0",
                "criteria-INITIAL_FORMS": "0",
                "quotas-TOTAL_FORMS": "0",
                "quotas-INITIAL_FORMS": "0",
            },
        )
        .content.decode()
    )
    assert page.count("Ngày kết thúc quyết định không được trước ngày bắt đầu.") == 1 and "Constraint" not in page
    assert not UnitRound.objects.exists()
