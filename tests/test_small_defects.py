"""The smaller defects of a day on the phone, each pinned."""

import io

from django.core.management import call_command
from django.urls import reverse

from registrations import services
from registrations.models import Registration, Status

from .conftest import filled


def test_djangos_default_login_address_leads_to_the_login_page(client):
    response = client.get("/accounts/login/?next=/chien-dich/")
    assert response.status_code == 301 and response["Location"] == reverse("login") + "?next=/chien-dich/"


def test_bulk_confirm_with_nothing_ticked_says_so(world, campaign, client_for):
    registration = services.registration_submit(
        by=world.cadre, registration=filled(world, campaign), expected_version=None
    )
    response = client_for(world.secretary1).post(
        reverse("registrations:review_queue", args=[campaign.slug]), {}, follow=True
    )
    assert "Chưa chọn phiếu nào" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == Status.SUBMITTED


def test_load_demo_prints_the_address_it_serves_on(db, settings):
    settings.SITE_URL = "http://127.0.0.1:8765"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo logins (http://127.0.0.1:8765/" in out.getvalue()


def test_every_exported_workbook_prints_as_an_office_expects(world, campaign, tmp_path):
    """A4, landscape when wide, one page wide when the text stays legible (else at 75 % across pages, the first
    column on each), the header row on every page, page numbers in the footer."""
    import openpyxl
    import tablib

    from common.xlsx_print import PrintableXLSX
    from reports.xlsx import workbooks

    services.registration_submit(by=world.cadre, registration=filled(world, campaign), expected_version=None)
    for report, write in workbooks().items():
        path = str(tmp_path / f"{report}.xlsx")
        write(campaign, campaign.organizer, path)
        sheet = openpyxl.load_workbook(path).active
        setup = sheet.page_setup
        assert setup.paperSize == 9, report
        if sheet.sheet_properties.pageSetUpPr.fitToPage:
            assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, report  # 1 is the default, left out
        else:
            assert setup.scale == 75 and sheet.print_title_cols.replace("$", "") == "A:A", report
        assert sheet.print_title_rows.replace("$", "") == "5:5", report  # the header row, under the title block
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text, report
        if report in ("coverage", "registrations", "evaluations"):
            assert setup.orientation == "landscape", report
    people = tablib.Dataset(headers=["Họ và tên", *[f"Cột {n}" for n in range(10)]])
    people.append(["Nguyễn Văn An", *range(10)])
    sheet = openpyxl.load_workbook(io.BytesIO(PrintableXLSX().export_data(people))).active
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows.replace("$", "") == "1:1"
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert "&P" in sheet.oddFooter.center.text


def test_the_coverage_sheet_cannot_be_double_counted_by_accident(world, campaign, tmp_path):
    """No row repeats the total; units with units under them are bold and fold over them (Excel's outline)."""
    import openpyxl

    from reports.xlsx import write_coverage

    path = str(tmp_path / "coverage.xlsx")
    write_coverage(campaign, campaign.organizer, path)
    sheet = openpyxl.load_workbook(path).active
    rows = {row[0].value.strip(): row[0].row for row in sheet.iter_rows(min_row=6) if row[0].value}
    assert "Huyện đoàn Một" not in rows and "Tổng cộng: Huyện đoàn Một" in rows
    commune, branch = rows["Đoàn xã An Bình"], rows["Chi đoàn ấp 1"]
    assert sheet.cell(commune, 1).font.b and not sheet.cell(branch, 1).font.b
    assert sheet.row_dimensions[branch].outline_level == 1 and sheet.row_dimensions[commune].outline_level == 0
    assert "không cộng dồn theo cột" in sheet["A4"].value


def test_the_import_preview_lists_its_rows_and_a_template_imports_nothing(world, client_for):
    import openpyxl

    from organizations.models import Person

    from .test_imports import PEOPLE_HEADER, people_rows, post_file, xlsx

    client = client_for(world.office1)
    rows = people_rows(3)
    rows.append(["TN0002", "Đặng Thị Bích Ngọc", "Nữ", "", "", "", "TN-D1-G1-B2", "", "", "", ""])  # an update
    page = post_file(client, "people", xlsx(PEOPLE_HEADER, rows)).content.decode()
    assert page.count("<tr>") >= 1 + 3 + 1 + 1  # both tables: their headers, 3 to create, 1 to update
    assert "Phạm Thị Nhập 0" in page and "Chi đoàn ấp 2" in page  # who, and where they will belong
    assert "Họ và tên: Đặng Thị Bích Ngọc" in page  # what the update changes
    # The template sent back unchanged: its first sheet has the columns and no row; the example is elsewhere.
    template = client.get(reverse("reports:import_template", args=["people"])).content
    book = openpyxl.load_workbook(io.BytesIO(template))
    assert book.worksheets[0].max_row == 1 and "Nguyễn Văn An" in str(list(book.worksheets[1].values))
    before = Person.objects.count()
    page = post_file(client, "people", template).content.decode()
    assert 'data-count="create">0<' in page and Person.objects.count() == before


def test_the_installable_app_keeps_static_files_and_never_a_page(world, client_for):
    import json
    from pathlib import Path

    from django.conf import settings

    client = client_for(world.cadre)
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker["Content-Type"].startswith("application/javascript")
    assert worker["Cache-Control"] == "no-cache"
    code = worker.content.decode()
    # Pages always from the network (the offline page when there is none); only static files are kept.
    assert 'request.mode === "navigate"' in code and "fetch(request).catch" in code
    assert 'var OFFLINE = "/ngoai-tuyen/"' in code and "cache.put(request" in code
    offline = client.get("/ngoai-tuyen/").content.decode()
    assert "Không có kết nối" in offline and world.cadre.username not in offline and "Nguyễn Văn An" not in offline
    manifest = json.loads((Path(settings.BASE_DIR) / "static" / "manifest.webmanifest").read_text())
    assert manifest["lang"] == "vi" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        assert (Path(settings.BASE_DIR) / "static" / icon["src"]).exists()
    assert 'rel="manifest"' in client.get("/").content.decode()


def test_a_dissolved_office_is_told_why_it_sees_nothing_and_refusals_speak_vietnamese(world, client_for, settings):
    """The office of a dissolved district keeps its login: the home page says its rights ended with the unit, the
    menu no longer offers import and admin, and a refused page is the portal's own, in Vietnamese."""
    from organizations import services as unit_services

    client = client_for(world.office2)
    assert "Nhập từ Excel" in client.get("/").content.decode()
    unit_services.unit_merge(by=world.superuser, source=world.D2, target=world.D1)  # the 2025 restructure
    home = client.get("/").content.decode()
    assert 'id="lapsed-grants"' in home and "Huyện đoàn Hai" in home
    assert "Nhập từ Excel" not in home and "Trang quản trị" not in home
    refused = client.get(reverse("reports:import_upload"))
    assert refused.status_code == 403 and "Không được phép" in refused.content.decode()
    assert "<nav" in refused.content.decode()  # the portal's look, not Django's bare "403 Forbidden"
    settings.DEBUG = False
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()
