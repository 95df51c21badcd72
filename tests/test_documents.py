"""The Youth Union's documents: a cadre's sheet and a unit's blank sheet in Word, the campaign's plan, the office's
letterhead, the form's lines; and, with LibreOffice, the sheets and certificates as one PDF on the task worker."""

import io
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from documents.letterhead import heading_for, heading_name, place_and_date, place_of
from documents.models import Letterhead, PortalDocument
from evaluations.models import Commendation, CommendationForm
from organizations.models import Unit
from registrations import services
from reports import exports
from reports.models import ExportJob, JobStatus

from .conftest import filled

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _text(response) -> str:
    """Every paragraph of the .docx, in the body and in its tables, one per line."""
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    document = Docx(io.BytesIO(response.content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            lines += [paragraph.text for paragraph in cell.paragraphs]
    return "\n".join(lines)


def test_the_lines_of_the_form():
    assert place_and_date("Phú Tân", date(2022, 2, 5)) == "Phú Tân, ngày 05 tháng 02 năm 2022"
    assert place_and_date("Cà Mau", date(2023, 3, 31)) == "Cà Mau, ngày 31 tháng 3 năm 2023"
    assert place_and_date("Cà Mau", None) == "Cà Mau, ngày .... tháng .... năm 20...."
    district = Unit(name="Huyện đoàn Phú Tân")
    assert heading_name(district) == "BCH ĐOÀN HUYỆN PHÚ TÂN"
    assert place_of(district) == "Phú Tân"
    assert place_of(Unit(name="Đoàn xã Cái Đôi Vàm")) == "Cái Đôi Vàm"


def test_a_unit_without_a_place_in_its_name_dates_its_documents_where_the_unit_above_is(world):
    assert place_of(world.B1) == "An Bình"  # Chi đoàn ấp 1, of Đoàn xã An Bình
    assert place_of(world.G2) == "Một"  # Chi đoàn Công an huyện, of Huyện đoàn Một


def test_a_cadre_downloads_the_sheet_in_word_with_the_form_and_three_signatures(world, campaign, client_for):
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    url = reverse("documents:registration_sheet", args=[registration.pk])
    text = _text(client_for(world.cadre).get(url))
    for expected in (
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "BCH ĐOÀN XÃ AN BÌNH",  # the body above the cadre's branch
        "BCH CHI ĐOÀN ẤP 1",
        "PHIẾU ĐĂNG KÝ RÈN LUYỆN",
        campaign.title,
        "Thực hiện 09-KH/HĐTN",
        "Họ và tên: Nguyễn Văn An",
        "Còn ngại phát biểu",
        "Phát biểu ở mỗi buổi sinh hoạt",
        "DUYỆT CỦA BAN THƯỜNG VỤ",
        "XÁC NHẬN CỦA CHI ĐOÀN / ĐƠN VỊ",
        "NGƯỜI ĐĂNG KÝ",
        f"An Bình, ngày {timezone.localdate():%d}",
    ):
        assert expected in text, expected
    # Another unit's cadre, another district's office: no such sheet for them.
    assert client_for(world.office2).get(url).status_code == 404
    assert client_for(world.office1).get(url).status_code == 200


def test_a_unit_prints_a_blank_sheet_with_its_criteria_and_a_code_to_the_form(world, campaign, client_for):
    url = reverse("documents:blank_sheet", args=[campaign.slug, world.G1.pk])
    response = client_for(world.secretary1).get(url)
    text = _text(response)
    assert "□ 1. Gương mẫu, đoàn kết" in text and "□ 4. Ham học hỏi, sẵn sàng hội nhập" in text
    assert "An Bình, ngày .... tháng .... năm 20...." in text
    assert reverse("registrations:register", args=[campaign.slug]) in text
    assert len(Docx(io.BytesIO(response.content)).inline_shapes) == 1  # the QR code
    # The campaign page offers it to the unit's secretary.
    page = client_for(world.secretary1).get(reverse("campaigns:campaign_detail", args=[campaign.slug]))
    assert url in page.content.decode()
    # Not to a cadre, not for another district's unit.
    assert client_for(world.cadre).get(url).status_code == 404
    assert client_for(world.office2).get(url).status_code == 404


def test_the_plan_has_the_number_legal_bases_criteria_and_signature(world, campaign, client_for):
    from campaigns.models import Document
    from campaigns.models import DocumentKind as Kind

    basis = Document.objects.create(
        number="01-CT/TWĐTN",
        kind=Kind.DIRECTIVE,
        issuer="Ban Chấp hành Trung ương Đoàn",
        issued_on=date(2013, 5, 17),
        title="tăng cường rèn luyện tác phong cán bộ Đoàn",
    )
    campaign.legal_bases.add(basis)
    campaign.plan.issued_on = date(2022, 3, 5)
    campaign.plan.save()
    text = _text(client_for(world.cadre).get(reverse("documents:plan", args=[campaign.slug])))
    for expected in (
        "BCH ĐOÀN TỈNH THỬ NGHIỆM",
        "BCH ĐOÀN HUYỆN MỘT",
        "Số: 09-KH/HĐTN",
        "Một, ngày 05 tháng 3 năm 2022",
        "KẾ HOẠCH",
        "Căn cứ 01-CT/TWĐTN ngày 17/05/2013 của Ban Chấp hành Trung ương Đoàn",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Gương mẫu, đoàn kết",
        "TM. BAN THƯỜNG VỤ",
        "Nơi nhận:",
        "- Lưu VP.",
    ):
        assert expected in text, expected


def test_an_office_letterhead_replaces_the_lines_from_the_tree(world, campaign, client_for):
    Letterhead.objects.create(
        unit=world.D1,
        kind=PortalDocument.PLAN,
        upper_body="BCH ĐOÀN TỈNH THỬ NGHIỆM",
        body="BCH ĐOÀN HUYỆN MỘT (MỚI)",
        issuer_code="HĐTN",
        place="Thị trấn Một",
        signer_capacity="KT. BÍ THƯ",
        signer_title="PHÓ BÍ THƯ",
        signer_name="Trần Văn Ký",
        recipients="- Ban Thường vụ Tỉnh đoàn (b/c);\n- Lưu VP.",
    )
    text = _text(client_for(world.office1).get(reverse("documents:plan", args=[campaign.slug])))
    assert "BCH ĐOÀN HUYỆN MỘT (MỚI)" in text and "Thị trấn Một, ngày" in text
    assert "KT. BÍ THƯ" in text and "Trần Văn Ký" in text and "Ban Thường vụ Tỉnh đoàn (b/c)" in text
    assert heading_for(world.D1, PortalDocument.SHEET).body == "BCH ĐOÀN HUYỆN MỘT"  # other documents: the tree's

    bad = Letterhead(unit=world.D1, body="BCH", issuer_code="hđtn", place="Một")
    with pytest.raises(ValidationError) as refused:
        bad.full_clean()
    assert "chữ in hoa" in str(refused.value)


def test_letterheads_in_the_admin_are_the_offices_own(world, client_for):
    mine = Letterhead.objects.create(unit=world.D1, body="BCH ĐOÀN HUYỆN MỘT", issuer_code="HĐTN", place="Một")
    theirs = Letterhead.objects.create(unit=world.D2, body="BCH ĐOÀN HUYỆN HAI", issuer_code="HĐTN", place="Hai")
    office = client_for(world.office1)
    listing = office.get(reverse("admin:documents_letterhead_changelist")).content.decode()
    assert "BCH ĐOÀN HUYỆN MỘT" in listing and "BCH ĐOÀN HUYỆN HAI" not in listing
    assert office.get(reverse("admin:documents_letterhead_change", args=[mine.pk])).status_code == 200
    assert office.get(reverse("admin:documents_letterhead_change", args=[theirs.pk])).status_code == 404


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_sheets_and_certificates_come_out_as_one_pdf_each_with_every_glyph(world, campaign, client_for, tmp_path):
    for user in (world.cadre,):
        services.registration_submit(by=user, registration=filled(world, campaign, user), expected_version=None)
    for name in ("Nguyễn Văn An", "Đặng Thị Bích"):
        person = world.cadre_person if name == "Nguyễn Văn An" else world.b2_person
        Commendation.objects.create(
            decision_number="126-QĐ/HĐTN",
            decision_date=timezone.localdate() - timedelta(days=1),
            issuing_unit=world.D1,
            person=person,
            campaign=campaign,
            form=CommendationForm.CERTIFICATE,
            reason="Đạt danh hiệu “Phong cách cán bộ Đoàn”, hoàn thành xuất sắc nhiệm vụ.",
        )
    office = client_for(world.office1)
    pages = {}
    for report, expected in (("sheets_pdf", "PHIẾU ĐĂNG KÝ RÈN LUYỆN"), ("certificates_pdf", "GIẤY KHEN")):
        response = office.post(reverse("reports:export", args=[campaign.slug, report]) + f"?unit={world.D1.pk}")
        job = ExportJob.objects.get(report=report)
        assert response.status_code == 302 and job.filename.endswith(".pdf")
        exports.run_export.call(str(job.pk))  # what the worker does
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.error
        page = office.get(reverse("reports:export_job", args=[job.pk])).content.decode()
        assert "Tải tệp PDF" in page
        status = office.get(reverse("reports:export_status", args=[job.pk])).json()
        path = tmp_path / f"{report}.pdf"
        path.write_bytes(office.get(status["url"]).content)
        assert path.read_bytes().startswith(b"%PDF")
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert expected in text and "Nguyễn Văn An" in text
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        embedded = fonts.splitlines()[2:]  # no glyph drawn from a fallback font: Liberation Serif (Times' metrics)
        assert embedded and all("LiberationSerif" in line and " yes " in line for line in embedded), fonts
        pages[report] = text.count("\f")
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / report)])
        assert (tmp_path / f"{report}-1.png").stat().st_size > 2000
    assert pages["certificates_pdf"] == 2  # one page each

    # Every Word file opens in LibreOffice with its heading, place-and-date line and signature, no glyph missing.
    words = {
        "plan": reverse("documents:plan", args=[campaign.slug]),
        "blank": reverse("documents:blank_sheet", args=[campaign.slug, world.G1.pk]),
        "decision": reverse("documents:commendation_decision", args=[campaign.slug, world.D1.pk, "126-QĐ/HĐTN"]),
    }
    for name, url in words.items():
        (tmp_path / f"{name}.docx").write_bytes(office.get(url).content)
    converted = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *[str(tmp_path / f"{name}.docx") for name in words],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert converted.returncode == 0, converted.stderr
    for name in words:
        path = tmp_path / f"{name}.pdf"
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert "ĐOÀN TNCS HỒ CHÍ MINH" in text and "BCH ĐOÀN HUYỆN MỘT" in text or "BCH ĐOÀN XÃ AN BÌNH" in text, name
        assert ", ngày " in text and "BÍ THƯ" in text or "NGƯỜI ĐĂNG KÝ" in text, name
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
        assert fonts and all("LiberationSerif" in line for line in fonts), (name, fonts)


def test_the_year_end_sheet_closing_report_and_decision_in_word(world, campaign, approved, round_, client_for):
    from campaigns.models import Closing
    from evaluations import services as evaluation_services
    from evaluations.models import Evaluation

    evaluation = evaluation_services.evaluation_start(by=world.cadre, registration=approved)
    sheet = _text(client_for(world.cadre).get(reverse("documents:evaluation_sheet", args=[evaluation.pk])))
    assert "PHIẾU TỰ ĐÁNH GIÁ CUỐI NĂM" in sheet and "Nguyễn Văn An" in sheet and "ĐƠN VỊ ĐỀ XUẤT" in sheet
    assert client_for(world.office2).get(reverse("documents:evaluation_sheet", args=[evaluation.pk])).status_code == 404

    for name in ("126-QĐ/HĐTN",):
        for person in (world.cadre_person, world.b2_person):
            Commendation.objects.create(
                decision_number=name,
                decision_date=date(2026, 12, 2),
                issuing_unit=world.D1,
                person=person,
                campaign=campaign,
                form=CommendationForm.CERTIFICATE,
                reason="Hoàn thành xuất sắc nhiệm vụ",
            )
    Closing.objects.create(
        campaign=campaign,
        closed_on=date(2026, 12, 5),
        report_number="20-BC/HĐTN",
        narrative="Phong trào được triển khai sâu rộng.\nCòn một số chi đoàn chậm báo cáo.",
        figures={
            "on": "2026-12-05",
            "organizer": "Huyện đoàn Một",
            "totals": {
                "grassroots_deployed": 2,
                "grassroots": 2,
                "registered": 3,
                "must_register": 4,
                "approved": 1,
                "rated": 1,
                "branches_deployed": 3,
                "branches": 3,
            },
            "rows": [{"unit": "Đoàn xã An Bình", "unit_id": world.G1.pk, "registered": 3, "must_register": 3}],
            "levels": [["Hoàn thành xuất sắc nhiệm vụ", 1]],
            "commended": 2,
        },
    )
    office = client_for(world.office1)
    closing_page = office.get(reverse("reports:closing", args=[campaign.slug])).content.decode()
    decision_url = reverse("documents:commendation_decision", args=[campaign.slug, world.D1.pk, "126-QĐ/HĐTN"])
    assert decision_url in closing_page
    report = _text(office.get(reverse("documents:closing_report", args=[campaign.slug])))
    for expected in (
        "Số: 20-BC/HĐTN",
        "Một, ngày 05 tháng 12 năm 2026",
        "BÁO CÁO",
        "3 trong 4 cán bộ",
        "Đoàn xã An Bình",
        "Còn một số chi đoàn chậm báo cáo.",
        "Hoàn thành xuất sắc nhiệm vụ: 1",
    ):
        assert expected in report, expected
    decision = _text(office.get(decision_url))
    for expected in ("Số: 126-QĐ/HĐTN", "QUYẾT ĐỊNH", "Điều 1", "DANH SÁCH KÈM THEO", "Đặng Thị Bích", "Chi đoàn ấp 2"):
        assert expected in decision, expected
    assert client_for(world.office2).get(decision_url).status_code == 404
    assert client_for(world.secretary1).get(decision_url).status_code == 404

    # The decision on the year-end ratings, with its list by level.
    level = round_.scheme.levels.get(rank=1)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        stage="decided", final_level=level, decision_number="130-QĐ/HĐTN", decision_date=date(2026, 12, 3)
    )
    office = client_for(world.office1)
    ratings_url = reverse("documents:rating_decision", args=[campaign.slug, world.D1.pk, "130-QĐ/HĐTN"])
    assert ratings_url in office.get(reverse("reports:closing", args=[campaign.slug])).content.decode()
    ratings = _text(office.get(ratings_url))
    assert "Về việc công nhận kết quả xếp loại" in ratings and f"{level.name}: 1" in ratings
    assert "Nguyễn Văn An" in ratings and "Số: 130-QĐ/HĐTN" in ratings


def test_a_document_number_is_the_bodys_once_a_year(world, campaign):
    from evaluations.admin import CommendationAdminForm
    from evaluations.numbers import number_taken
    from reports.closing import campaign_close

    Commendation.objects.create(
        decision_number="126-QĐ/HĐTN",
        decision_date=date(2026, 12, 2),
        issuing_unit=world.D1,
        person=world.cadre_person,
        campaign=campaign,
        form=CommendationForm.CERTIFICATE,
        reason="Hoàn thành xuất sắc nhiệm vụ",
    )
    # The same decision, another name on it: the same day. Another day, or another body's, is another document.
    assert not number_taken(world.D1, "126-QĐ/HĐTN", date(2026, 12, 2), decision=True)
    assert number_taken(world.D1, "126 - QĐ/HĐTN", date(2026, 12, 9), decision=True)  # spacing varies
    assert not number_taken(world.D2, "126-QĐ/HĐTN", date(2026, 12, 9), decision=True)
    assert not number_taken(world.D1, "126-QĐ/HĐTN", date(2027, 1, 9), decision=True)  # a new year

    from django.forms import modelform_factory

    form_class = modelform_factory(
        Commendation,
        form=CommendationAdminForm,
        fields=["decision_number", "decision_date", "issuing_unit", "person", "form", "reason"],
    )
    form = form_class(
        data={
            "decision_number": "126-QĐ/HĐTN",
            "decision_date": "2026-12-09",
            "issuing_unit": world.D1.pk,
            "person": world.b2_person.pk,
            "form": CommendationForm.CERTIFICATE,
            "reason": "Tích cực",
        }
    )
    assert not form.is_valid() and "đã dùng số 126-QĐ/HĐTN trong năm 2026" in str(form.errors["decision_number"])

    with pytest.raises(ValidationError, match="đã dùng số"):
        campaign_close(
            by=world.office1,
            campaign=campaign,
            closed_on=date(2026, 12, 2),
            narrative="Tổng kết",
            report_number="126-QĐ/HĐTN",
        )
    assert not hasattr(campaign, "closing") or campaign.closed_on() is None
