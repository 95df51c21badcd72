"""The closing report (tổng kết): who may close, the figures frozen that day, and a closed campaign that refuses
every change to its facts, in Vietnamese, changing nothing."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns import services as campaign_services
from campaigns.models import Closing, Deployment
from checkins import services as checkin_services
from checkins.models import CheckIn
from evaluations import services as evaluation_services
from registrations import services as registration_services
from registrations.models import Registration, Status
from reports.closing import campaign_close

from .conftest import export, filled, make_user

SUMMARY = "Đã hoàn thành kế hoạch; còn hạn chế ở khâu sơ kết."


def close(world, campaign, **overrides):
    arguments = dict(by=world.office1, campaign=campaign, closed_on=timezone.localdate(), narrative=SUMMARY)
    return campaign_close(**(arguments | overrides))


def test_only_the_office_that_runs_it_closes_a_campaign_once_and_with_a_summary(world, campaign):
    today = timezone.localdate()
    cases = [
        (dict(by=world.secretary1), PermissionDenied, "văn phòng"),
        (dict(by=world.office2), PermissionDenied, "văn phòng"),
        (dict(closed_on=today + timedelta(days=1)), ValidationError, "tương lai"),
        (dict(closed_on=campaign.starts_on - timedelta(days=1)), ValidationError, "trước khi chiến dịch bắt đầu"),
        (dict(narrative="  "), ValidationError, "nội dung tổng kết"),
    ]
    for overrides, error, words in cases:
        with pytest.raises(error) as refused:
            close(world, campaign, **overrides)
        assert words in " ".join(getattr(refused.value, "messages", [str(refused.value)])).lower(), overrides
    assert not Closing.objects.exists()
    closing = close(world, campaign, report_number="15-BC/HĐTN")
    assert closing.history.first().history_user == world.office1
    with pytest.raises(ValidationError, match="đã tổng kết"):
        close(world, campaign)
    assert Closing.objects.count() == 1


def test_a_closed_campaigns_figures_never_move(world, campaign, approved, client_for):
    window = checkin_services.window_open(
        by=world.office1,
        campaign=campaign,
        title="Sơ kết quý",
        opens_on=timezone.localdate() - timedelta(days=1),
        closes_on=timezone.localdate() + timedelta(days=5),
    )
    waiting = registration_services.registration_submit(
        by=world.secretary1, registration=filled(world, campaign, world.secretary1), expected_version=None
    )
    closing = close(world, campaign)
    frozen = closing.figures["totals"]
    assert (frozen["registered"], frozen["approved"], frozen["updated"]) == (2, 1, 0)

    # Every step that would change the campaign's facts is refused, saying why.
    refused = [
        lambda: registration_services.registration_confirm(by=world.office1, registration=waiting),
        lambda: checkin_services.checkin_report(
            by=world.cadre,
            registration=approved,
            window=window,
            updates=[checkin_services.Update(c.pk, "done") for c in approved.choices.all()],
            expected_version=None,
        ),
        lambda: campaign_services.deployment_report(
            by=world.office1, campaign=campaign, unit=world.G1, deployed_on=timezone.localdate(), attendance=10
        ),
        lambda: checkin_services.window_open(
            by=world.office1,
            campaign=campaign,
            title="Sơ kết 6 tháng",
            opens_on=timezone.localdate() + timedelta(days=30),
            closes_on=timezone.localdate() + timedelta(days=40),
        ),
        lambda: evaluation_services.evaluation_start(by=world.cadre, registration=approved),
    ]
    for step in refused:
        with pytest.raises(ValidationError, match="đã tổng kết ngày"):
            step()
    assert Registration.objects.get(pk=waiting.pk).status == Status.SUBMITTED
    assert not CheckIn.objects.exists() and not Deployment.objects.exists()

    # Facts written around the services later (an import, a database fix) do not move the report either.
    Registration.objects.filter(pk=waiting.pk).update(status=Status.APPROVED)
    page = client_for(world.office1).get(reverse("reports:closing", args=[campaign.slug]))
    body = page.content.decode()
    assert 'data-figure="approved">1<' in body and "BÁO CÁO TỔNG KẾT" in body and SUMMARY in body
    # The page offers no form any more; a POST is refused.
    assert 'id="close-campaign"' not in body
    assert client_for(world.office1).post(reverse("reports:closing", args=[campaign.slug]), {}).status_code == 403


def test_the_office_closes_from_the_report_page_and_downloads_the_excel(world, campaign, approved, client_for):
    office = client_for(world.office1)
    url = reverse("reports:closing", args=[campaign.slug])
    before = office.get(url).content.decode()
    assert 'id="close-campaign"' in before and "chưa tổng kết" in before
    so_far = export(office, campaign.slug, "closing")
    assert load_workbook(io.BytesIO(so_far.content)).active["A1"].value == (
        "Số liệu đến nay (chiến dịch chưa tổng kết)"
    )
    refused = office.post(url, {"closed_on": timezone.localdate().strftime("%d/%m/%Y"), "narrative": ""})
    assert "Viết nội dung tổng kết" in refused.content.decode() and not Closing.objects.exists()
    sent = office.post(
        url,
        {"closed_on": timezone.localdate().strftime("%d/%m/%Y"), "narrative": SUMMARY, "still_open_understood": "on"},
    )
    assert sent.status_code == 302
    response = export(office, campaign.slug, "closing")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "BÁO CÁO TỔNG KẾT"
    header = rows[4]
    total = next(row for row in rows if row[0] and str(row[0]).startswith("Tổng cộng"))
    assert total[header.index("Đã đăng ký")] == 1 and total[header.index("Đã duyệt")] == 1
    assert any(row[0] == SUMMARY for row in rows)
    # The secretary reads the report; the cadre does not see reports at all.
    assert client_for(world.secretary1).get(url).status_code == 200
    assert client_for(world.cadre).get(url).status_code == 404
    assert make_user("nobody") and client_for(world.office2).get(url).status_code == 404


def test_each_reader_sees_the_closing_rows_of_their_own_units_and_the_totals_only_from_the_organiser(
    world, campaign, client_for
):
    from campaigns.models import EligibilityRule
    from organizations import services as unit_services
    from organizations.models import PositionTitle, UnitKind

    from .conftest import make_cadre

    # The district's own cadre (a rule for the district itself): the row "cơ quan" makes the rows add up.
    EligibilityRule.objects.create(campaign=campaign, unit_kind=UnitKind.DISTRICT)
    make_cadre(world.D1, "Phạm Văn Giàu", title=PositionTitle.FULL_TIME_STAFF, number="TN0099")
    closing = close(world, campaign, closed_on=timezone.localdate() - timedelta(days=1))
    rows = closing.figures["rows"]
    assert [row["unit"] for row in rows] == ["Chi đoàn Công an huyện", "Đoàn xã An Bình", "Cơ quan Huyện đoàn Một"]
    for name in ("must_register", "registered", "grassroots", "branches"):
        assert sum(row[name] for row in rows) == closing.figures["totals"][name], name

    url = reverse("reports:closing", args=[campaign.slug])

    def read(user):
        page = client_for(user).get(url)
        if page.status_code != 200:
            return page.status_code
        figures = page.context["figures"]
        sheet = load_workbook(io.BytesIO(export(client_for(user), campaign.slug, "closing").content)).active
        cells = [str(row[0]) for row in sheet.iter_rows(min_row=6, values_only=True) if row[0]]
        on_page = [row["unit"] for row in figures["rows"]]
        assert all(name in cells for name in on_page), (user, cells)
        has_total = any(cell.startswith("Tổng cộng") for cell in cells)
        assert has_total == (figures["totals"] is not None) == ('data-figure="registered"' in page.content.decode())
        return on_page, has_total

    everything = (["Chi đoàn Công an huyện", "Đoàn xã An Bình", "Cơ quan Huyện đoàn Một"], True)
    assert read(world.office1) == everything
    assert read(world.superuser) == everything
    assert read(world.secretary1) == (["Đoàn xã An Bình"], False)
    assert read(world.branch_secretary) == ([], False)  # a branch is below the report's rows: none of them
    assert read(world.office2) == 404 and read(world.cadre) == 404

    # Through the lineage: once the police branch is merged into the commune, the commune's secretary reads the
    # branch's frozen row too (the merged unit is kept under its successor), and still no totals.
    unit_services.unit_merge(by=world.office1, source=world.G2, target=world.G1)
    assert read(world.secretary1) == (["Chi đoàn Công an huyện", "Đoàn xã An Bình"], False)

    # A report frozen before rows named their unit's id finds them again by name on the report's day.
    figures = closing.figures
    for row in figures["rows"]:
        del row["unit_id"]
    Closing.objects.filter(pk=closing.pk).update(figures=figures)
    assert read(world.secretary1) == (["Chi đoàn Công an huyện", "Đoàn xã An Bình"], False)


def test_closing_while_windows_are_open_asks_for_confirmation_and_then_says_closed_everywhere(
    world, campaign, approved, round_, client_for
):
    office = client_for(world.office1)
    url = reverse("reports:closing", args=[campaign.slug])
    page = office.get(url).content.decode()
    assert 'id="still-open"' in page and "Đăng ký đang mở đến" in page and "tự đánh giá cuối năm" in page
    day = timezone.localdate().strftime("%d/%m/%Y")
    refused = office.post(url, {"closed_on": day, "narrative": SUMMARY})
    assert refused.status_code == 200 and not Closing.objects.exists()
    assert "vẫn đang mở" in refused.content.decode()
    assert SUMMARY in refused.content.decode()  # what was typed is still there
    sent = office.post(url, {"closed_on": day, "narrative": SUMMARY, "still_open_understood": "on"})
    assert sent.status_code == 302 and Closing.objects.exists()

    # Afterwards: no to-do for the campaign, no form offered, the page says it was closed.
    cadre = client_for(world.cadre)
    detail = cadre.get(reverse("campaigns:campaign_detail", args=[campaign.slug])).content.decode()
    assert 'id="campaign-closed"' in detail and "Bắt đầu tự đánh giá" not in detail
    home = cadre.get("/").content.decode()
    assert campaign.title not in home.split('id="todo"')[1].split("</section>")[0]
    secretary = client_for(world.secretary1)
    form = secretary.get(reverse("registrations:register", args=[campaign.slug]), follow=True)
    assert "đã tổng kết ngày" in form.content.decode() and "overall_commitment" not in form.content.decode()
