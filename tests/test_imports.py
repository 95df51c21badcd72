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
    client = client_for(world.office1)
    response = post_file(client, "people", content, name)
    if response.context and response.context.get("match_form"):  # columns of its own: paired first, as proposed
        job = response.context["job"]
        form = response.context["match_form"]
        data = {name: field.initial or "" for name, field in form.fields.items()}
        response = client.post(reverse("reports:import_match", args=[job.pk]), data)
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


def test_a_file_with_columns_of_its_own_waits_to_be_paired_and_is_forgotten_within_the_hour(world, client_for):
    from reports.imports import PREVIEW_SECONDS, forget_stale

    before = snapshot()
    response = post_file(client_for(world.office1), "people", xlsx([*PEOPLE_HEADER, "Mật khẩu"], people_rows(1)))
    page = response.content.decode()
    assert response.context["job"].status == "matching" and ">Mật khẩu</label>" in page and "— không nhập —" in page
    assert snapshot() == before  # nothing read into the portal yet
    import time

    assert forget_stale(time.time() + PREVIEW_SECONDS + 60) == 1  # the file goes with the hour, paired or not


NATIONAL_HEADER = [
    "STT",
    "Mã đoàn viên",
    "Họ tên",
    "Ngày, tháng, năm sinh",
    "Giới tính",
    "Ngày kết nạp",
    "Đảng viên",
    "Chức vụ chính quyền",
    "Đơn vị",
    "Ghi chú",
]


def national_rows():
    """Rows of an office's own list: its own headers, the unit by name (or path), dates as text or Excel dates."""
    return [
        [1, "NV00001", "Lò Thị Sen", "12/03/1998", "Nữ", "26/03/2014", "x", "Chuyên viên", "Chi đoàn ấp 2", "mới"],
        [
            2,
            "NV00002",
            "Hoàng Văn Tú",
            date(1996, 7, 1),
            "Nam",
            date(2013, 3, 26),
            "",
            "",
            "Đoàn xã An Bình / Chi đoàn ấp 1",
            "",
        ],
    ]


def test_an_offices_own_list_is_paired_automatically_from_the_command_line_and_again_with_a_profile(world, tmp_path):
    from reports.models import ColumnProfile

    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx(NATIONAL_HEADER, national_rows()))
    out = io.StringIO()
    call_command("import_xlsx", str(path), "--kind", "people", "--user", "office1", stdout=out)
    printed = out.getvalue()
    assert "Họ tên → Họ và tên" in printed and "Ghi chú → –" in printed and "STT → –" in printed
    sen = Person.objects.get(member_number="NV00001")
    assert (sen.home_unit, sen.joined_on, sen.party_member, sen.job_title) == (
        world.B2,
        date(2014, 3, 26),
        True,
        "Chuyên viên",
    )
    assert Person.objects.get(member_number="NV00002").home_unit == world.B1
    # The same file again, through a saved pairing: nothing changes.
    ColumnProfile.objects.create(
        name="Phần mềm QLĐV",
        kind="people",
        unit=world.D1,
        mapping={
            "Mã đoàn viên": "Số đoàn viên",
            "Họ tên": "Họ và tên",
            "Đơn vị": "Đơn vị sinh hoạt (tên, hoặc “Xã A / Chi đoàn B”)",
        },
    )
    before = snapshot()
    out = io.StringIO()
    call_command(
        "import_xlsx", str(path), "--kind", "people", "--user", "office1", "--profile", "Phần mềm QLĐV", stdout=out
    )
    assert "0 to create" in out.getvalue() or "0 mới" in out.getvalue() or snapshot() == before
    assert snapshot() == before
    # A field paired twice, a required field left unpaired, an unknown field: refused, nothing written.
    for pairs, words in (
        (
            ["Mã đoàn viên=Số đoàn viên", "STT=Số đoàn viên", "Họ tên=Họ và tên", "Đơn vị=Mã đơn vị sinh hoạt"],
            "hai cột",
        ),
        (["Họ tên=Họ và tên", "Đơn vị=Mã đơn vị sinh hoạt"], "Thiếu cột"),
        (["Họ tên=Tên lót"], "Không có trường"),
    ):
        with pytest.raises(CommandError, match=words):
            call_command(
                "import_xlsx",
                str(path),
                "--kind",
                "people",
                "--user",
                "office1",
                "--dry-run",
                *[arg for pair in pairs for arg in ("--map", pair)],
                stdout=io.StringIO(),
            )
    assert snapshot() == before


def test_a_csv_in_windows_1258_with_a_unit_name_two_units_share(world, tmp_path):
    from organizations.models import UnitKind

    from .conftest import make_unit

    make_unit(world.G3, "TN-D2-G3-B9", "Chi đoàn ấp 2", UnitKind.BRANCH)  # another district: not the importer's
    make_unit(world.G2.parent_unit(), "TN-D1-G7", "Đoàn xã Bảy", UnitKind.GRASSROOTS)
    path = tmp_path / "ds.csv"
    text = "Mã đoàn viên;Họ tên;Đơn vị\nNV00009;Đinh Thị Ửng;Chi đoàn ấp 2\nNV00010;Vũ Văn Ước;Chi đoàn ấp 9\n"
    path.write_bytes(windows_1258(text))  # as Excel on a Vietnamese Windows saves "CSV"
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command(
            "import_xlsx",
            str(path),
            "--kind",
            "people",
            "--user",
            "office1",
            "--dry-run",
            stdout=io.StringIO(),
            stderr=errors,
        )
    assert "Dòng 3, cột C (Đơn vị sinh hoạt" in errors.getvalue() and "“Chi đoàn ấp 9”" in errors.getvalue()
    out, err = io.StringIO(), io.StringIO()
    path.write_bytes(text.replace("Chi đoàn ấp 9", "Chi đoàn ấp 1").encode("utf-8-sig"))
    call_command("import_xlsx", str(path), "--kind", "people", "--user", "office1", stdout=out, stderr=err)
    assert Person.objects.get(member_number="NV00009").home_unit == world.B2  # the importer's own "ấp 2"
    assert Person.objects.get(member_number="NV00010").full_name == "Vũ Văn Ước"


def windows_1258(text: str) -> bytes:
    """`text` in Windows-1258: letters it has whole (ă, â, ê, ô, ơ, ư, đ), tones as combining marks after them."""
    import unicodedata

    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        shape = "".join(mark for mark in parts[1:] if mark in "\u0302\u0306\u031b")
        tones = "".join(mark for mark in parts[1:] if mark not in "\u0302\u0306\u031b")
        out += unicodedata.normalize("NFC", parts[0] + shape).encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def test_a_long_file_is_checked_and_written_a_batch_at_a_time_and_still_all_or_nothing(world, client_for, monkeypatch):
    """Rows are read, checked and written in batches (memory holds a batch, not the file): a member number
    repeated two batches apart is still found, and a bad row in the last batch undoes the batches written before
    it."""
    monkeypatch.setattr(imports, "BATCH", 2)
    client = client_for(world.office1)
    rows = people_rows(5)
    rows.append([*people_rows(1, start=1)[0][:1], "Trùng Số", *people_rows(1)[0][2:]])  # row 7 repeats row 2's
    response = post_file(client, "people", xlsx(PEOPLE_HEADER, rows))
    assert errors_of(response) == [(7, "A", "số đoàn viên này xuất hiện hai lần trong tệp.")]
    # Every error is counted; the first ones are shown, and the page says so.
    monkeypatch.setattr(imports, "ERRORS_KEPT", 1)
    twice = [*rows, [*people_rows(1, start=2)[0][:1], "Trùng Nữa", *people_rows(1)[0][2:]]]
    response = post_file(client, "people", xlsx(PEOPLE_HEADER, twice))
    assert response.context["job"].error_count == 2 and len(errors_of(response)) == 1
    assert "Đang hiển thị 1 lỗi đầu tiên" in response.content.decode()

    before = snapshot()
    response = post_file(client, "people", xlsx(PEOPLE_HEADER, people_rows(5)))
    assert counts(response, "creates", "rows") == (5, 5)
    # Meanwhile the office's colleague moved the unit of the last row out of reach: the import, reading the file
    # again, fails on the third batch after two were written, and rolls them back.
    last = people_rows(5)[4]
    Person.objects.create(member_number=last[0], full_name="Người Khác", home_unit=world.B3)
    person_count = Person.objects.count()
    written, write = [], imports.services.people_upsert_many
    monkeypatch.setattr(imports.services, "people_upsert_many", lambda **kw: written.append(kw) or write(**kw))
    response = confirm(client, response)
    assert response.context["job"].status == "failed"
    assert [len(batch["creates"]) for batch in written] == [2, 2]  # two batches written, then rolled back
    assert Person.objects.count() == person_count and Position.objects.count() == before[2]

    Person.objects.filter(member_number=last[0]).delete()
    response = confirm(client, post_file(client, "people", xlsx(PEOPLE_HEADER, people_rows(5))))
    assert response.context["job"].status == "done"
    assert Person.objects.filter(member_number__startswith="NK").count() == 5
