"""Coverage dashboard and Excel exports on the Phú Tân demo: the article's figures, scope, the CLI."""

import io
import os
import shutil

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from campaigns.models import Campaign
from demo.campaigns import PHU_TAN_SLUG
from organizations.models import Person, Unit
from organizations.timeline import DatedTree
from registrations.models import Registration
from reports.models import ExportJob

from .conftest import export


@pytest.fixture
def demo(demo_data, db):
    return Campaign.objects.get(slug=PHU_TAN_SLUG)


def login(client, username):
    client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    return client


def open_xlsx(response_or_path):
    if isinstance(response_or_path, str):
        return openpyxl.load_workbook(response_or_path).active
    content = response_or_path.content
    return openpyxl.load_workbook(io.BytesIO(content)).active


def header_and_rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    header_index = 4
    return rows[header_index], rows[header_index + 1 :]


def test_phu_tan_coverage_export_shows_the_figures_of_the_article(demo, client):
    response = export(login(client, "vanphong.camau"), demo.slug, "coverage")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = open_xlsx(response)
    assert sheet["A1"].value == "BÁO CÁO TRIỂN KHAI VÀ ĐĂNG KÝ RÈN LUYỆN"
    assert "Phong cách Cán bộ Đoàn huyện Phú Tân" in sheet["A2"].value
    assert sheet.freeze_panes == "A6"
    header, rows = header_and_rows(sheet)
    total = dict(zip(header, rows[-1], strict=False))
    assert total["Tổng số Đoàn cơ sở, Chi đoàn cơ sở"] == 19
    assert total["Đoàn cơ sở, Chi đoàn cơ sở đã triển khai"] == 19
    assert total["Tổng số Chi đoàn"] == 177 and total["Chi đoàn đã triển khai"] == 177
    assert total["Đã đăng ký"] == 206
    assert len(rows) == 19 + 177 + 1  # its units, the totals row (the district's own row was the total again)
    assert total["Đơn vị"] == "Tổng cộng: Huyện đoàn Phú Tân"


def test_registration_export_has_one_row_per_registration_with_real_dates(demo, client):
    response = export(login(client, "vanphong.camau"), demo.slug, "registrations")
    sheet = open_xlsx(response)
    header, rows = header_and_rows(sheet)
    assert len(rows) == 206
    row = dict(zip(header, rows[0], strict=False))
    assert row["Họ và tên"] and "›" in row["Đơn vị"] or row["Đơn vị"]
    sent = [r[header.index("Ngày gửi")] for r in rows if r[header.index("Ngày gửi")]]
    assert sent and all(hasattr(value, "year") for value in sent)
    assert sheet.cell(row=6, column=header.index("Ngày gửi") + 1).number_format == "dd/mm/yyyy"


def test_a_secretary_exports_only_their_subtree(demo, client):
    """The new commune's secretary sees the 2022 history of the town merged into it, as the town stood then."""
    town = Unit.objects.get(code="CM-PT-CDV")
    response = export(login(client, "bithu.caidoivam"), demo.slug, "registrations", {"unit": town.pk})
    header, rows = header_and_rows(open_xlsx(response))
    then = DatedTree.as_of(demo.ends_on).subtree(town.pk)
    expected = Registration.objects.filter(campaign=demo, unit_id__in=then).count()
    assert 0 < len(rows) == expected < 206
    names = set(
        Person.objects.filter(registrations__campaign=demo, registrations__unit_id__in=then).values_list(
            "full_name", flat=True
        )
    )
    assert {r[header.index("Họ và tên")] for r in rows} == names
    # Asking for the whole district answers as if it did not exist.
    district = Unit.objects.get(code="CM-PT")
    assert export(client, demo.slug, "registrations", {"unit": district.pk}).status_code == 404
    assert export(login(client, "canbo.phutan"), demo.slug, "coverage").status_code == 404
    assert login(client, "vanphong.langson").get(reverse("reports:dashboard", args=[demo.slug])).status_code == 404


def test_dashboard_figures_and_drill_down(demo, client):
    client = login(client, "vanphong.camau")
    response = client.get(reverse("reports:dashboard", args=[demo.slug]))
    body = response.content.decode()
    assert response.context["totals"].grassroots == 19 and response.context["totals"].branches_deployed == 177
    assert response.context["totals"].registered == 206
    assert "19/19" in body and "177/177" in body
    town = Unit.objects.get(code="CM-PT-CDV")
    response = client.get(reverse("reports:dashboard", args=[demo.slug]) + f"?unit={town.pk}")
    assert response.context["root"] == town
    then = DatedTree.as_of(demo.ends_on)
    assert response.context["rows"] and all(then.is_under(row.unit.pk, town.pk) for row in response.context["rows"])
    # The former district office lost its grant when the district was dissolved.
    assert login(client, "vanphong.phutan").get(reverse("reports:dashboard", args=[demo.slug])).status_code == 404


def test_cli_export(demo, tmp_path):
    out = io.StringIO()
    path = str(tmp_path / "coverage.xlsx")
    call_command(
        "export_xlsx", "--campaign", demo.slug, "--report", "coverage", "-o", path, "--unit", "cm-pt-cdv", stdout=out
    )
    header, rows = header_and_rows(openpyxl.load_workbook(path).active)
    assert rows[-1][0] == "Tổng cộng: Đoàn thị trấn Cái Đôi Vàm" and rows[0][0].startswith("Chi đoàn")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("export_xlsx", "--campaign", demo.slug, "--report", "coverage", "-o", path, "--unit", "LS")


def test_export_and_dashboard_agree_on_who_must_register(demo, client, tmp_path):
    from reports.coverage import coverage
    from reports.xlsx import write_coverage

    totals, rows = coverage(demo, demo.organizer)
    path = str(tmp_path / "c.xlsx")
    write_coverage(demo, demo.organizer, path)
    header, sheet_rows = header_and_rows(openpyxl.load_workbook(path).active)
    column = header.index("Cán bộ thuộc đối tượng")
    assert sheet_rows[-1][column] == totals.must_register
    by_name = {r[0].strip(): r[column] for r in sheet_rows[:-1]}
    assert all(by_name[row.unit.name] == row.figures.must_register for row in rows if not row.own)
    # The district's own cadres have a row of their own ("cơ quan Huyện đoàn"): the rows add up to the totals.
    assert rows[-1].own and rows[-1].label == "Cơ quan Huyện đoàn Phú Tân"
    for name in ("registered", "grassroots", "branches", "branches_deployed"):
        assert sum(getattr(row.figures, name) for row in rows) == getattr(totals, name), name
    # A cadre who must register for posts in two units counts in each unit's row, once in the total.
    assert sum(row.figures.must_register for row in rows) >= totals.must_register


def test_this_year_is_compared_with_2022_through_the_lineage(demo, client, tmp_path):
    from demo.campaigns import current_slug
    from reports.compare import compare

    current = Campaign.objects.get(slug=current_slug())
    assert current.predecessor == demo and [c.pk for c in current.series()] == [demo.pk, current.pk]
    comparison = compare(current, current.organizer)
    assert comparison.years == [2022, current.starts_on.year]
    assert (comparison.totals[0].registered, comparison.totals[0].must_register) == (206, 290)
    rows = {row.label: row for row in comparison.rows}
    town = rows["Đoàn xã Cái Đôi Vàm"]
    assert town.includes == "gồm: Đoàn thị trấn Cái Đôi Vàm, Đoàn xã Phú Mỹ, Đoàn xã Phú Thuận (trước 07/2025)"
    # The new commune's 2022 figure is what its three predecessors registered then, branches included.
    then = DatedTree.as_of(demo.ends_on)
    predecessors = [Unit.objects.get(code=code).pk for code in ("CM-PT-CDV", "CM-PT-PM", "CM-PT-PTH")]
    units = [pk for pk in predecessors for pk in then.subtree(pk)]
    assert town.years[0].registered == Registration.objects.filter(campaign=demo, unit_id__in=units).count()
    assert rows["Đơn vị đã giải thể, không có đơn vị kế thừa"].years[0].registered > 0
    assert sum(row.years[0].registered for row in comparison.rows) == 206

    page = login(client, "vanphong.camau").get(reverse("reports:dashboard", args=[current.slug]))
    body = page.content.decode()
    assert 'id="years-compared"' in body and "gồm: Đoàn thị trấn Cái Đôi Vàm" in body
    # Every chart is an inline SVG with a table for screen readers.
    assert body.count("<svg") >= 4 and body.count('<div class="visually-hidden"><table>') == 4

    path = str(tmp_path / "compare.xlsx")
    call_command("export_xlsx", "--campaign", current.slug, "--report", "compare", "-o", path, stdout=io.StringIO())
    header, rows = header_and_rows(openpyxl.load_workbook(path).active)
    assert header[:3] == ("Đơn vị", "Gồm (các đơn vị trước khi sắp xếp)", "2022: đã đăng ký")
    assert rows[-1][0] == "Tổng cộng" and rows[-1][2:4] == (206, 290)


def test_exports_as_of_a_date(demo, tmp_path):
    path = str(tmp_path / "coverage.xlsx")
    call_command(
        "export_xlsx",
        "--campaign",
        demo.slug,
        "--report",
        "coverage",
        "-o",
        path,
        "--as-of",
        "01/06/2022",
        stdout=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(path).active
    assert "01/06/2022" in sheet["A2"].value
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command(
            "export_xlsx", "--campaign", demo.slug, "--report", "coverage", "-o", path, "--as-of", "2022-06-01"
        )


def test_the_seeds_own_cuts_sector_and_key_cadres(demo, client):
    """The article's 177 are branches of communes and towns; the demo's 177 also hold the schools' branches."""
    from organizations.models import KEY_TITLES

    client = login(client, "vanphong.camau")
    url = reverse("reports:dashboard", args=[demo.slug])
    whole = client.get(url).context["totals"]
    assert [(s, d, n) for s, _label, d, n in whole.branch_sectors()] == [("commune", 150, 150), ("school", 27, 27)]
    communes = client.get(url, {"linh_vuc": "commune"}).context["totals"]
    assert (communes.grassroots_deployed, communes.grassroots, communes.branches) == (9, 9, 150)
    key = client.get(url, {"nhom": "key"}).context["totals"]
    expected = Registration.objects.filter(campaign=demo, position_title__in=KEY_TITLES).count()
    assert key.registered == whole.registered_key == expected and 0 < expected < 206
    others = client.get(url, {"nhom": "others"}).context["totals"]
    assert key.registered + others.registered == 206 and key.must_register + others.must_register >= 290
    response = export(client, demo.slug, "registrations", {"nhom": "key"})
    header, rows = header_and_rows(open_xlsx(response))
    assert len(rows) == expected
    assert {r[header.index("Chức vụ")] for r in rows} <= {"Bí thư", "Phó Bí thư"}


def test_all_three_exports_of_phu_tan_2022_after_the_restructure(demo, client):
    """The district was dissolved and its communes merged in 2025; the 2022 exports still read as in 2022."""
    assert not demo.organizer.is_active
    client = login(client, "vanphong.camau")
    figures = {}
    for report in ("coverage", "registrations", "evaluations"):
        response = export(client, demo.slug, report)
        figures[report] = header_and_rows(open_xlsx(response))
    header, rows = figures["coverage"]
    total = dict(zip(header, rows[-1], strict=False))
    assert (total["Đoàn cơ sở, Chi đoàn cơ sở đã triển khai"], total["Tổng số Đoàn cơ sở, Chi đoàn cơ sở"]) == (19, 19)
    assert (total["Chi đoàn đã triển khai"], total["Tổng số Chi đoàn"]) == (177, 177)
    assert total["Đã đăng ký"] == 206 and total["Đơn vị"] == "Tổng cộng: Huyện đoàn Phú Tân"
    assert len(figures["registrations"][1]) == 206
    header, rows = figures["evaluations"]
    assert len([r for r in rows if isinstance(r[0], int)]) == 158  # every approved 2022 registration


def test_the_year_between_is_counted_signed_branches_and_updated_cadres(demo, client):
    """Phú Tân 2022: 145 of the 158 approved cadres reported in the six-month check-in; Lạng Sơn 2023: two of
    its sixteen branches (chi đoàn and chi đoàn cơ sở) signed their commitment, as in the article."""
    from campaigns.models import BranchCommitment
    from checkins.models import CheckIn
    from demo.campaigns import LANG_SON_SLUG

    approved = Registration.objects.filter(campaign=demo, status="approved").count()
    six_months = demo.checkin_windows.get(title="Sơ kết 6 tháng")
    reported = CheckIn.objects.filter(window=six_months).count()
    assert (reported, approved) == (145, 158)
    body = login(client, "vanphong.camau").get(reverse("reports:dashboard", args=[demo.slug])).content.decode()
    assert 'data-figure="updated">92%<' in body and "145/158 phiếu đã duyệt, Sơ kết 6 tháng" in body
    assert "19/19" in body and "177/177" in body  # unchanged by the year between

    lang_son = Campaign.objects.get(slug=LANG_SON_SLUG)
    assert BranchCommitment.objects.filter(campaign=lang_son).count() == 2
    page = login(client, "vanphong.langson").get(reverse("reports:dashboard", args=[lang_son.slug]))
    assert 'data-figure="signed">2/16<' in page.content.decode()
    assert "chi đoàn đã ký kết" in page.content.decode()

    sheet = open_xlsx(export(login(client, "vanphong.langson"), lang_son.slug, "coverage"))
    header, rows = header_and_rows(sheet)
    total = rows[-1]
    assert total[header.index("Chi đoàn (gồm chi đoàn cơ sở)")] == 16
    assert total[header.index("Chi đoàn đã ký kết")] == 2


def test_the_check_in_export_lists_each_approved_cadre_with_each_check_in(demo, client, django_assert_max_num_queries):
    office = login(client, "vanphong.camau")
    # The button, the job writing the file, its page and the download: as many for 158 cadres as for 15 (no query
    # per row; the progress bar costs one per 500 rows; the record of access to personal data, one for the set).
    with django_assert_max_num_queries(31):
        response = export(office, demo.slug, "checkins")
    sheet = open_xlsx(response)
    assert sheet["A1"].value == "SƠ KẾT THỰC HIỆN PHẦN VIỆC ĐÃ ĐĂNG KÝ"
    header, rows = header_and_rows(sheet)
    assert header[4:6] == ("Sơ kết quý III/2022", "Sơ kết 6 tháng")
    assert len(rows) == 158
    six_months = [row[5] for row in rows]
    assert sum(value != "chưa" for value in six_months) == 145
    assert all(hasattr(value, "year") for value in six_months if value != "chưa")  # real dates, not text
    done, doing, todo = (header.index(name) for name in ("Đã xong", "Đang làm", "Chưa làm"))
    assert sum(row[done] + row[doing] + row[todo] for row in rows) > 145  # two or three actions a cadre
    # The commune secretary's export holds only their commune's cadres.
    mine = open_xlsx(export(login(client, "bithu.caidoivam"), demo.slug, "checkins"))
    assert 0 < len(header_and_rows(mine)[1]) < 158


@pytest.mark.parametrize("report", ["registrations", "checkins", "evaluations"])
def test_an_export_read_in_small_batches_writes_the_same_rows_in_tree_order(demo, tmp_path, monkeypatch, report):
    """The row exports read a few units at a time (memory flat at 600,000 rows): batches of 7 rows give the same
    sheet as one batch, every unit's rows together, units in the tree's order."""
    from reports import xlsx

    writer = getattr(xlsx, f"write_{report}")
    root = demo.organizer
    sheets = {}
    for chunk in (100_000, 7):
        monkeypatch.setattr(xlsx, "CHUNK", chunk)
        path = str(tmp_path / f"{report}-{chunk}.xlsx")
        written = writer(demo, root, path)
        sheets[chunk] = header_and_rows(open_xlsx(path))
        assert written >= 158
    assert sheets[7] == sheets[100_000]
    header, rows = sheets[7]
    units = [row[1] for row in rows if isinstance(row[0], int)]
    seen_in_order = list(dict.fromkeys(units))
    assert len(seen_in_order) > 20
    # a unit's rows never come back after another unit's: each unit is one run of rows
    assert sum(1 for before, after in zip(units, units[1:], strict=False) if before != after) == len(seen_in_order) - 1


def printed_text_sizes(pdf_path) -> tuple[str, list[float]]:
    """The text of a PDF and the size of every run of it as printed (font size × the page's scaling)."""
    from pypdf import PdfReader

    text, sizes = [], []

    def seen(run, cm, tm, font, size):
        if run.strip():
            scale = abs(tm[0] * cm[0] + tm[1] * cm[2]) or abs(tm[0] * cm[1] + tm[1] * cm[3])
            sizes.append(round(size * (scale or 1), 2))
            text.append(run)

    for page in PdfReader(pdf_path).pages:
        page.extract_text(visitor_text=seen)
    return " ".join(text), sizes


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_printed_coverage_and_closing_are_legible_and_headings_whole(demo, tmp_path):
    """Printed as an office prints them (LibreOffice, headless, to PDF): every heading whole, no text under 8 pt."""
    import subprocess

    from reports.xlsx import write_closing, write_coverage

    write_coverage(demo, demo.organizer, str(tmp_path / "coverage.xlsx"))
    write_closing(demo, demo.organizer, str(tmp_path / "closing.xlsx"))
    for name in ("coverage", "closing"):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / f"{name}.xlsx")],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        text, sizes = printed_text_sizes(tmp_path / f"{name}.pdf")
        assert sizes and min(sizes) >= 8, (name, sorted(sizes)[:5])
        header, _rows = header_and_rows(openpyxl.load_workbook(tmp_path / f"{name}.xlsx").active)
        flat = " ".join(text.split())
        for heading in header:
            assert all(word in flat for word in str(heading).split()), (name, heading)


def test_members_results_come_out_flat_in_excel_and_csv_as_of_the_campaign(demo, tmp_path):
    """Lạng Sơn 2023, one row per member of that day, the unit of that day, registered or not, the year-end
    level: in Excel and in a CSV (UTF-8 with a BOM, dates dd/mm/yyyy) with the same rows."""
    import csv

    from django.core.management.base import CommandError

    from demo.campaigns import LANG_SON_SLUG

    xlsx_path, csv_path = tmp_path / "r.xlsx", tmp_path / "r.csv"
    call_command(
        "export_xlsx",
        "--campaign",
        LANG_SON_SLUG,
        "--report",
        "member_results",
        "-o",
        str(xlsx_path),
        stdout=io.StringIO(),
    )
    call_command(
        "export_xlsx",
        "--campaign",
        LANG_SON_SLUG,
        "--report",
        "member_results",
        "--format",
        "csv",
        "-o",
        str(csv_path),
        stdout=io.StringIO(),
    )
    header, rows = header_and_rows(openpyxl.load_workbook(xlsx_path).active)
    assert list(header) == [
        "Số đoàn viên",
        "Họ và tên",
        "Ngày sinh",
        "Đơn vị",
        "Mã đơn vị sinh hoạt",
        "Đã đăng ký",
        "Đăng ký đoàn viên ưu tú",
        "Xếp loại cuối năm",
        "Khen thưởng",
    ]
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == list(header) and len(lines) - 1 == len(rows) > 50
    industry = [line for line in lines[1:] if line[3] == "Chi đoàn Sở Công Thương"]
    assert len(industry) == 13 and all(line[5] == "Có" for line in industry)  # as in 2023, before the merger
    assert all(len(line[2].split("/")) == 3 for line in lines[1:] if line[2])
    with pytest.raises(CommandError, match="CSV"):
        call_command(
            "export_xlsx",
            "--campaign",
            LANG_SON_SLUG,
            "--report",
            "coverage",
            "--format",
            "csv",
            "-o",
            str(csv_path),
            stdout=io.StringIO(),
        )


def test_an_office_keeps_the_columns_of_another_programs_template_and_exports_its_members_results_in_them(
    demo, client, tmp_path
):
    """The office writes a column profile in the admin ("Header = field" a line; a wrong line refused, naming it,
    nothing saved), chooses it on the export page: the file has those headers, in that order, over the same rows;
    the command line takes it by name, as CSV too. Another province's office neither opens nor uses it."""
    import csv

    from demo.campaigns import LANG_SON_SLUG
    from reports.models import ColumnProfile

    office = login(client, "vanphong.langson")
    bloc = Unit.objects.get(code="LS-KCQDN")
    add = reverse("admin:reports_columnprofile_add")
    assert f'<option value="{bloc.pk}" selected>' in office.get(add).content.decode()  # their own office's unit
    form = {"name": "Mẫu Trung ương", "kind": "results", "unit": bloc.pk}
    refused = office.post(add, {**form, "columns": "Mã ĐV = member_number\nXếp loại = hạng"})
    assert refused.status_code == 200 and "Dòng 2" in refused.content.decode()
    assert not ColumnProfile.objects.filter(name="Mẫu Trung ương").exists()
    lines = "Mã ĐV = Số đoàn viên\nHọ tên = full_name\n\nXếp loại = xep loai cuoi nam"  # by name, key, no marks
    saved = office.post(add, {**form, "columns": lines})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    profile = ColumnProfile.objects.get(name="Mẫu Trung ương")
    assert profile.mapping == [["Mã ĐV", "member_number"], ["Họ tên", "full_name"], ["Xếp loại", "level"]]
    change = reverse("admin:reports_columnprofile_change", args=[profile.pk])
    assert "Xếp loại = Xếp loại cuối năm" in office.get(change).content.decode()

    page = office.get(reverse("reports:export", args=[LANG_SON_SLUG, "member_results"])).content.decode()
    assert "Mẫu Trung ương" in page and "phần mềm quản lý (minh họa)" in page
    own = header_and_rows(open_xlsx(export(office, LANG_SON_SLUG, "member_results")))
    theirs = header_and_rows(open_xlsx(export(office, LANG_SON_SLUG, "member_results", data={"cot": profile.pk})))
    assert list(theirs[0]) == ["Mã ĐV", "Họ tên", "Xếp loại"]
    assert [row[:2] for row in theirs[1]] == [row[:2] for row in own[1]] and len(own[1]) > 50

    path = tmp_path / "ket-qua.csv"
    call_command(
        "export_xlsx", "--campaign", LANG_SON_SLUG, "--report", "member_results", "--format", "csv",
        "--profile", "Mẫu Trung ương", "-o", str(path), stdout=io.StringIO(),
    )  # fmt: skip
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == ["Mã ĐV", "Họ tên", "Xếp loại"]

    other = login(client, "vanphong.camau")
    assert other.get(change).status_code == 404
    assert export(other, PHU_TAN_SLUG, "member_results", data={"cot": profile.pk}).status_code in (200, 404)
    assert not ExportJob.objects.filter(requested_by__username="vanphong.camau", profile=profile).exists()


def test_the_results_file_imported_again_as_it_is_changes_nothing(demo, tmp_path):
    """Round trip: this year's members' results, exported, then given back to the import (its headers paired by
    the words the portal knows): every row found unchanged."""
    from demo.campaigns import current_slug

    path = tmp_path / "ket-qua.xlsx"
    call_command(
        "export_xlsx", "--campaign", current_slug(), "--report", "member_results", "-o", str(path), stdout=io.StringIO()
    )
    rows = len(header_and_rows(openpyxl.load_workbook(path).active)[1])
    out = io.StringIO()
    call_command("import_xlsx", str(path), "--kind", "people", "--user", "vanphong.camau", "--dry-run", stdout=out)
    printed = out.getvalue()
    assert f"{rows} dòng: tạo mới 0, cập nhật 0, không đổi {rows}" in printed, printed[-400:]
