"""Excel imports: preview, all-or-nothing, idempotence, and every kind of bad file."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.urls import reverse

from organizations import importers as imports
from organizations.models import Person, Position, Unit

UNIT_HEADER = imports.columns("units")
PEOPLE_HEADER = imports.columns("people")


def xlsx(header, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def people_rows(n=3, unit="TN-D1-G1-B2", start=1):
    return [
        [
            f"NK{start + i:05d}",
            f"Phạm Thị Nhập {i}",
            "Nữ",
            f"{(i % 27) + 1:02d}/05/1999",
            "0912345678",
            "",
            unit,
            "Ủy viên Ban Chấp hành" if i == 0 else "",
            "",
            "01/01/2024" if i == 0 else "",
            "",
        ]
        for i in range(n)
    ]


def post_file(client, kind, content, name="du-lieu.xlsx"):
    """Upload as the office does; the check runs inline (tasks run in the call) and the job's page is returned."""
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("reports:import_upload"), {"kind": kind, "file": upload})
    return client.get(response["Location"]) if response.status_code == 302 else response


def confirm(client, response):
    """Press "Import" on the checked file's page; returns the job's page once the import ran."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("reports:import_confirm", args=[response.context["job"].pk]))
    return client.get(response["Location"])


def counts(response, *names):
    summary = response.context["job"].summary
    return tuple(summary[name] for name in names)


def snapshot():
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        Person.history.count(),
        Unit.history.count(),
    )


def test_people_import_preview_confirm_and_idempotence(world, client_for):
    client = client_for(world.office1)
    content = xlsx(PEOPLE_HEADER, people_rows(3))
    before = snapshot()
    response = post_file(client, "people", content)
    assert counts(response, "creates", "updates", "unchanged", "positions") == (3, 0, 0, 1)
    assert snapshot() == before  # the preview writes nothing
    response = confirm(client, response)
    assert "tạo mới 3" in response.content.decode()
    person = Person.objects.get(member_number="NK00001")
    assert person.full_name == "Phạm Thị Nhập 0" and person.birth_date == date(1999, 5, 1)
    assert person.home_unit == world.B2 and person.positions.get().title == "executive_member"
    assert person.history.latest().history_user == world.office1
    # The same file again: everything unchanged, nothing written.
    after_first = snapshot()
    response = post_file(client, "people", content)
    assert counts(response, "creates", "updates", "unchanged", "positions") == (0, 0, 3, 0)
    confirm(client, response)
    assert snapshot() == after_first


def test_units_import_builds_a_subtree_in_file_order(world, client_for):
    client = client_for(world.office1)
    rows = [
        ["TN-D1-G9", "Đoàn xã Mới", "Đoàn cơ sở", "Xã, phường, thị trấn", "TN-D1"],
        ["TN-D1-G9-01", "Chi đoàn ấp Mới", "chi doan", "", "TN-D1-G9"],
        ["TN-D1-G1-B1", "Chi đoàn ấp Một (đổi tên)", "Chi đoàn", "Xã, phường, thị trấn", "TN-D1-G1"],
    ]
    response = post_file(client, "units", xlsx(UNIT_HEADER, rows))
    assert counts(response, "creates", "updates") == (2, 1), response.context["errors"]
    confirm(client, response)
    assert Unit.objects.get(code="TN-D1-G9-01").parent_unit().code == "TN-D1-G9"
    assert Unit.objects.get(code="TN-D1-G1-B1").name == "Chi đoàn ấp Một (đổi tên)"


def errors_of(response):
    return [(row, column, message) for row, column, _header, message in response.context["errors"]]


def test_one_bad_row_means_nothing_is_imported_and_every_error_is_located(world, client_for):
    client = client_for(world.office1)
    rows = people_rows(3)
    rows.append(["NK00001", "Trùng Số", "Nam", "01/01/2000", "", "", "TN-D1-G1-B2", "", "", "", ""])  # duplicate
    rows.append(["NK00009", "Sai Ngày", "Nam", "2000-13-45", "", "", "TN-D1-G1-B2", "", "", "", ""])
    rows.append(["NK00010", "Đơn Vị Lạ", "Nam", "", "", "", "KHONG-CO", "", "", "", ""])
    rows.append(["NK00011", "Đơn Vị Khác", "Nam", "", "", "", "TN-D2-G3-B3", "", "", "", ""])
    rows.append(["NK00012", "Ngày Tương Lai", "Nữ", "01/01/2999", "", "", "TN-D1-G1-B2", "", "", "", ""])
    before = snapshot()
    response = post_file(client, "people", xlsx(PEOPLE_HEADER, rows))
    found = errors_of(response)
    assert (5, "A", "số đoàn viên này xuất hiện hai lần trong tệp.") in found
    assert any(r == 6 and c == "D" and "dd/mm/yyyy" in m for r, c, m in found)
    assert any(r == 7 and c == "G" and "KHONG-CO" in m for r, c, m in found)
    assert any(r == 8 and c == "G" and "phạm vi" in m for r, c, m in found)
    assert any(r == 9 and c == "D" and "tương lai" in m for r, c, m in found)
    assert response.context["job"].status == "rejected" and 'action="/nhap-du-lieu/' not in response.content.decode()
    assert "<th>Dòng</th><th>Cột</th>" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("renamed.xlsx", b"Ho ten,So doan vien\nNguyen Van A,1\n", "không phải tệp Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "không phải tệp Excel"),
        ("wrong-columns.xlsx", xlsx(["Họ và tên", "Ghi chú"], [["A", "B"]]), "Thiếu cột"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(world, client_for, name, content, message):
    before = snapshot()
    response = post_file(client_for(world.office1), "people", content, name)
    assert message in response.content.decode()
    assert snapshot() == before


def test_oversized_and_too_long_files_are_refused(world, client_for, settings):
    client = client_for(world.office1)
    settings.IMPORT_MAX_ROWS = 2
    response = post_file(client, "people", xlsx(PEOPLE_HEADER, people_rows(3)))
    assert "hơn 2 dòng" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 1000
    response = post_file(client, "people", xlsx(PEOPLE_HEADER, people_rows(3)))
    assert "quá lớn" in response.content.decode()
    assert not Person.objects.filter(member_number__startswith="NK").exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, client_for):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
    response = post_file(client_for(world.office1), "people", out.getvalue())
    assert "lớn bất thường" in response.content.decode()


def _with_replaced_sheet(content: bytes, transform) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = transform(data.decode()).encode()
            target.writestr(item, data)
    return out.getvalue()


def test_external_entities_are_not_resolved(world, client_for, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("BÍ MẬT")

    def add_entity(xml):
        xml = xml.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "")
        return f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>' + xml.replace(
            "Phạm Thị Nhập 0", "&xxe;"
        )

    content = _with_replaced_sheet(xlsx(PEOPLE_HEADER, people_rows(1)), add_entity)
    response = post_file(client_for(world.office1), "people", content)
    assert "BÍ MẬT" not in response.content.decode()
    assert "Không đọc được tệp" in response.content.decode()
    assert not Person.objects.filter(full_name__contains="BÍ MẬT").exists()


def test_formula_cells_are_refused_with_their_place(world, client_for):
    rows = people_rows(2)
    rows[1][1] = '=HYPERLINK("http://x.invalid","bấm")'
    response = post_file(client_for(world.office1), "people", xlsx(PEOPLE_HEADER, rows))
    assert (3, "B", "không nhận công thức; hãy nhập trực tiếp giá trị.") in errors_of(response)
    assert not Person.objects.filter(member_number__startswith="NK").exists()


def test_only_offices_import(world, client_for):
    assert client_for(world.secretary1).get(reverse("reports:import_upload")).status_code == 403
    assert client_for(world.cadre).get(reverse("reports:import_template", args=["people"])).status_code == 403
    response = client_for(world.office1).get(reverse("reports:import_template", args=["people"]))
    header = [c.value for c in next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows())]
    assert header == PEOPLE_HEADER


def test_cli_import_with_dry_run(world, tmp_path):
    path = tmp_path / "nguoi.xlsx"
    path.write_bytes(xlsx(PEOPLE_HEADER, people_rows(4)))
    out = io.StringIO()
    call_command("import_xlsx", str(path), "--kind", "people", "--dry-run", "--user", "office1", stdout=out)
    assert "tạo mới 4" in out.getvalue() and not Person.objects.filter(member_number__startswith="NK").exists()
    call_command("import_xlsx", str(path), "--kind", "people", "--user", "office1", stdout=out)
    assert Person.objects.filter(member_number__startswith="NK").count() == 4
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(xlsx(PEOPLE_HEADER, people_rows(1, unit="TN-D2-G3-B3", start=50)))
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_xlsx", str(bad), "--kind", "people", "--user", "office1", stdout=out, stderr=io.StringIO())


def test_the_check_refuses_what_the_database_cannot_hold_and_finds_parents_listed_later(world, client_for):
    """Over-long names and codes are refused at the check (they passed it and crashed on confirming, or were stored
    whole on SQLite); a formula behind a leading space is a formula; a branch listed before its new parent is
    created under it."""
    client = client_for(world.office1)
    rows = [
        ["TN-D1-G8-01", "Chi đoàn ấp Tám", "Chi đoàn", "", "TN-D1-G8"],  # its parent comes two rows later
        ["TN-D1-" + "X" * 5000, "Chi đoàn mã dài", "Chi đoàn", "", "TN-D1-G1"],
        ["TN-D1-G8", "Đoàn xã Tám", "Đoàn cơ sở", "Xã, phường, thị trấn", "TN-D1"],
        ["TN-D1-G1-B7", "N" * 40_000, "Chi đoàn", "", "TN-D1-G1"],
    ]
    before = snapshot()
    found = errors_of(post_file(client, "units", xlsx(UNIT_HEADER, rows)))
    assert [(r, c) for r, c, _m in found] == [(3, "A"), (5, "B")], found
    assert "tối đa 40 ký tự (giá trị này có 5006)" in found[0][2] and "tối đa 200 ký tự" in found[1][2]
    assert snapshot() == before

    response = post_file(client, "units", xlsx(UNIT_HEADER, [rows[0], rows[2]]))
    assert counts(response, "creates") == (2,), response.context["errors"]
    confirm(client, response)
    assert Unit.objects.get(code="TN-D1-G8-01").parent_unit().code == "TN-D1-G8"

    people = people_rows(2)
    people[0][1] = "Ng" * 100
    people[1][1] = ' =HYPERLINK("http://x.invalid","bấm")'
    found = errors_of(post_file(client, "people", xlsx(PEOPLE_HEADER, people)))
    assert found == [(3, "B", "không nhận công thức; hãy nhập trực tiếp giá trị.")]  # formulas are checked first
    people[1][1] = "Phạm Thị Hai"
    found = errors_of(post_file(client, "people", xlsx(PEOPLE_HEADER, people)))
    assert [(r, c) for r, c, _m in found] == [(2, "B")] and "tối đa 120 ký tự" in found[0][2]
    assert not Person.objects.filter(member_number__startswith="NK").exists()
