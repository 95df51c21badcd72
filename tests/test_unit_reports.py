"""Units' reports upward: the organiser asks, the units send (with their figures and a signed scan), the organiser
returns one with a reason and counts "x/y đơn vị đã nộp"; reminders before the due date; the closing report gathers
them."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx
from pypdf import PdfWriter

from organizations.models import RoleKind, Sector, UnitKind
from registrations import services as registration_services
from unitreports import services
from unitreports.models import ReportStatus, UnitReport
from unitreports.reminders import report_reminders

from .conftest import filled, make_unit, make_user


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _pdf() -> SimpleUploadedFile:
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return SimpleUploadedFile("bao-cao-da-ky.pdf", buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def third(world):
    """A third unit under District One, with its own secretary."""
    unit = make_unit(world.D1, "TN-D1-G4", "Đoàn trường THPT Một", UnitKind.GRASSROOTS, Sector.SCHOOL)
    return unit, make_user("bithu.truong", role=RoleKind.REVIEWER, unit=unit)


def test_a_report_is_asked_sent_by_two_units_returned_to_one_and_counted(world, campaign, third):
    school, school_secretary = third
    g2_secretary = make_user("bithu.congan", role=RoleKind.REVIEWER, unit=world.G2)
    registration_services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    office = _signed_in(world.office1)
    due = timezone.localdate() + timedelta(days=10)
    response = office.post(
        reverse("unitreports:request_list", args=[campaign.slug]),
        {"kind": "so_ket", "title": "Sơ kết 6 tháng", "due_on": f"{due:%d/%m/%Y}", "note": "Nêu kết quả, hạn chế."},
    )
    assert response.status_code == 302
    reports = {report.unit: report for report in UnitReport.objects.select_related("unit")}
    assert set(reports) == {world.G1, world.G2, school}

    # The commune's secretary has it on the home page, with the figures the portal counted for the unit.
    secretary = _signed_in(world.secretary1)
    assert "Sơ kết 6 tháng" in secretary.get(reverse("organizations:home")).content.decode()
    page = secretary.get(reverse("unitreports:report_detail", args=[reports[world.G1].pk]))
    assert page.context["figures"]["registered"] == 1
    # Sent without a word: refused, nothing changed. Then written, with the signed scan, and sent.
    mine = reports[world.G1]
    form = {"version": mine.version, "narrative": "", "send": "1"}
    refused = secretary.post(reverse("unitreports:report_detail", args=[mine.pk]), form)
    assert "Hãy viết báo cáo trước khi gửi." in refused.content.decode()
    mine.refresh_from_db()
    assert mine.status == ReportStatus.DUE
    form |= {"narrative": "Đã triển khai đến 100% chi đoàn.", "scan": _pdf()}
    assert secretary.post(reverse("unitreports:report_detail", args=[mine.pk]), form).status_code == 302
    mine.refresh_from_db()
    assert mine.status == ReportStatus.SENT and mine.scan and mine.figures["registered"] == 1 and not mine.is_late
    # The armed forces' branch sends too; the school does not.
    services.unit_report_save(by=g2_secretary, report=reports[world.G2], narrative="Hoàn thành.", send=True)

    detail = office.get(reverse("unitreports:request_detail", args=[mine.request_id])).content.decode()
    assert 'data-sent="2/3"' in detail
    # The office returns the commune's report with a reason: 1/3, and the secretary sees why.
    office.post(
        reverse("unitreports:report_detail", args=[mine.pk]), {"version": mine.version, "reason": "", "return": "1"}
    )
    mine.refresh_from_db()
    assert mine.status == ReportStatus.SENT  # no reason, no return
    office.post(
        reverse("unitreports:report_detail", args=[mine.pk]),
        {"version": mine.version, "reason": "Thiếu số liệu sinh hoạt chi đoàn.", "return": "1"},
    )
    mine.refresh_from_db()
    assert mine.status == ReportStatus.RETURNED and not mine.is_late
    mine.request.due_on = timezone.localdate() - timedelta(days=1)  # past the due date: late until sent again
    assert mine.is_late
    listing = office.get(reverse("unitreports:request_list", args=[campaign.slug])).content.decode()
    assert 'data-sent="1/3"' in listing
    assert "Thiếu số liệu sinh hoạt chi đoàn." in secretary.get(reverse("organizations:home")).content.decode()
    # Not another district's office, not a cadre, not the school's secretary: no such report for them.
    for outsider in (world.office2, world.cadre, school_secretary):
        assert _signed_in(outsider).get(reverse("unitreports:report_detail", args=[mine.pk])).status_code == 404
    assert secretary.get(reverse("unitreports:request_detail", args=[mine.request_id])).status_code == 404

    # The school's secretary is reminded 3 days before; the units that sent are not.
    due_soon = list(report_reminders(due - timedelta(days=3), (7, 3, 1)))
    assert {item.user for item in due_soon} >= {school_secretary, world.secretary1}
    assert g2_secretary not in {item.user for item in due_soon}

    # The closing report gathers them.
    document = office.get(reverse("documents:closing_report", args=[campaign.slug]))
    text = "\n".join(paragraph.text for paragraph in Docx(io.BytesIO(document.content)).paragraphs)
    assert "Sơ kết 6 tháng (hạn" in text and "1/3 đơn vị đã gửi" in text and "Đoàn trường THPT Một" in text


def test_what_a_report_refuses(world, campaign):
    with pytest.raises(ValidationError, match="quá khứ"):
        services.request_reports(
            by=world.office1, campaign=campaign, kind="so_ket", title="Sơ kết", due_on=date(2020, 1, 1)
        )
    asked = services.request_reports(
        by=world.office1, campaign=campaign, kind="tong_ket", title="Tổng kết", due_on=timezone.localdate()
    )
    report = asked.reports.get(unit=world.G1)
    not_a_pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 this is not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="không phải PDF"):
        services.unit_report_save(by=world.secretary1, report=report, narrative="Báo cáo", scan=not_a_pdf, send=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE and not report.narrative and not report.scan
    with pytest.raises(ValidationError, match="đã gửi"):  # not sent yet: nothing to return
        services.unit_report_return(by=world.office1, report=report, reason="Thiếu")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.unit_report_save(by=world.office2, report=report, narrative="x")
    from campaigns.models import Closing

    Closing.objects.create(campaign=campaign, closed_on=timezone.localdate(), narrative="Tổng kết", figures={})
    campaign.refresh_from_db()
    with pytest.raises(ValidationError, match="đã tổng kết"):
        services.unit_report_save(by=world.secretary1, report=report, narrative="Muộn", send=True)
