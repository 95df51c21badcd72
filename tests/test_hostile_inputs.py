"""Hostile files and inputs, each through the page a person would use: a Vietnamese message, nothing written.

One table, counted, so the closing note can say how many are refused. (The feature tests cover the
same ground in more detail; this is the attacker's view of the whole portal.)
"""

import io
import unicodedata
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import BranchCommitment, Deployment
from organizations.models import Person, Unit
from reports import imports
from tests.test_photos import jpeg_with_gps, png_header_claiming

PEOPLE = imports.columns("people")


def xlsx(rows, header=PEOPLE) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def person_row(name="Lâm Thị Hòa", birth="15/08/1999", number="HX00001"):
    return [number, name, "Nữ", birth, "", "", "TN-D1-G1-B2", "", "", "", ""]


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (110 * 1024 * 1024))
    return out.getvalue()


def xxe() -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(xlsx([person_row()]))), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode().replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "")
                data = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                        + text.replace("Lâm Thị Hòa", "&e;")).encode()
            target.writestr(item, data)
    return out.getvalue()


def photo_form(content, name="anh.jpg"):
    return {"photo": SimpleUploadedFile(name, content, content_type="image/jpeg")}


TODAY = timezone.localdate()
# (what, where it is sent, payload builder, a phrase the Vietnamese message must contain)
HOSTILE = [
    ("script renamed .jpg", "photo", lambda: photo_form(b"<script>alert(1)</script>"), "không phải là ảnh"),
    ("HTML page renamed .jpg", "photo", lambda: photo_form(b"<!doctype html><p>x</p>"), "không phải là ảnh"),
    ("SVG with a script", "photo", lambda: photo_form(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
                                                      "a.svg"), "không phải là ảnh"),
    ("decompression bomb", "photo", lambda: photo_form(png_header_claiming(60000, 60000), "b.png"), "megapixel"),
    ("photo over the byte limit", "photo_small_limit", lambda: photo_form(jpeg_with_gps((900, 900))), "giới hạn"),
    ("GIF instead of a photo", "photo", lambda: photo_form(_gif(), "a.gif"), "JPEG, PNG hoặc WebP"),
    ("empty file as a photo", "photo", lambda: photo_form(b""), "không phải là ảnh"),
    ("CSV renamed .xlsx, with =cmd formulas", "import", lambda: b"=cmd|' /C calc'!A0,Nguyen\n", "không phải tệp Excel"),
    ("old .xls", "import", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "không phải tệp Excel"),
    ("XLSX zip bomb", "import", zip_bomb, "lớn bất thường"),
    ("XLSX with an external entity", "import", xxe, "Không đọc được tệp"),
    ("formula in a cell", "import", lambda: xlsx([person_row(name="=1+1")]), "không nhận công thức"),
    ("=HYPERLINK in a cell", "import", lambda: xlsx([person_row(name='=HYPERLINK("http://x.invalid","a")')]),
     "không nhận công thức"),
    ("wrong columns", "import", lambda: xlsx([["a"]], header=["Tên", "Ghi chú"]), "Thiếu cột"),
    ("date written the wrong way", "import", lambda: xlsx([person_row(birth="1999-08-15")]), "dd/mm/yyyy"),
    ("birth date in the future", "import", lambda: xlsx([person_row(birth=f"01/01/{TODAY.year + 1}")]),
     "tương lai"),
    ("birth date before 1900", "import", lambda: xlsx([person_row(birth="31/12/1899")]), "01/01/1900"),
    ("duplicate member numbers", "import", lambda: xlsx([person_row(), person_row(name="Khác")]), "hai lần"),
    ("over-long name", "admin_person", lambda: {"full_name": "Nguyễn " * 40}, "120"),
    ("control characters in a name (form)", "admin_person", lambda: {"full_name": "Trần\x08 Văn\x00 Bé"},
     "ký tự"),
    ("negative attendance", "deployment", lambda: {"deployed_on": TODAY.strftime("%d/%m/%Y"), "attendance": "-5"},
     "lớn hơn hoặc bằng"),
    ("deployment date in the future", "deployment",
     lambda: {"deployed_on": (TODAY + timedelta(days=3)).strftime("%d/%m/%Y"), "attendance": "5"}, "tương lai"),
    ("more signers than members", "commitment",
     lambda: {"signed_on": TODAY.strftime("%d/%m/%Y"), "signers": "999", "text": "Cam kết"}, "từ 1 đến"),
]


def _gif() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="GIF")
    return out.getvalue()


def fingerprint():
    return (Person.objects.count(), Unit.objects.count(), Deployment.objects.count(),
            BranchCommitment.objects.count(),
            sorted(Person.objects.values_list("pk", "full_name", "photo", "birth_date")))


def send(kind, payload, world, campaign, client_for, settings):
    office = client_for(world.office1)
    if kind.startswith("photo"):
        if kind == "photo_small_limit":
            settings.IMAGE_UPLOAD_MAX_BYTES = 5000
        data = {"full_name": "Đặng Thị Bích", "gender": "", "birth_date": "", "phone": "", "email": "",
                "member_number": "TN0002", "home_unit": world.B2.pk,
                "positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0", **payload}
        return office.post(reverse("admin:organizations_person_change", args=[world.b2_person.pk]), data)
    if kind == "import":
        upload = SimpleUploadedFile("du-lieu.xlsx", payload, content_type="application/octet-stream")
        return office.post(reverse("import_upload"), {"kind": "people", "file": upload})
    if kind == "admin_person":
        data = {"gender": "", "birth_date": "", "phone": "", "email": "", "member_number": "",
                "home_unit": world.B2.pk, "positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0", **payload}
        return office.post(reverse("admin:organizations_person_add"), data)
    if kind == "deployment":
        return office.post(reverse("deployment_report", args=[campaign.slug, world.B1.pk]), payload)
    if kind == "commitment":
        return office.post(reverse("commitment_record", args=[campaign.slug, world.B1.pk]), payload)
    raise AssertionError(kind)


@pytest.mark.parametrize("what, kind, build, phrase", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_is_refused_in_vietnamese_and_writes_nothing(world, campaign, client_for, settings, tmp_path,
                                                                   what, kind, build, phrase):
    settings.MEDIA_ROOT = tmp_path
    before = fingerprint()
    response = send(kind, build(), world, campaign, client_for, settings)
    assert response.status_code == 200, what  # the form again, never a redirect to success
    assert phrase.lower() in response.content.decode().lower(), what
    assert fingerprint() == before, what


def test_the_table_is_long_enough():
    print(f"\nhostile inputs refused: {len(HOSTILE)}")
    assert len(HOSTILE) >= 20


def test_a_photo_with_gps_is_kept_only_without_it(world, client_for, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    response = send("photo", photo_form(jpeg_with_gps()), world, None, client_for, settings)
    assert response.status_code == 302
    world.b2_person.refresh_from_db()
    assert not Image.open(world.b2_person.photo.path).getexif()


def test_nfd_input_finds_nfc_data(world, client_for):
    query = unicodedata.normalize("NFD", "Đặng Thị Bích")
    response = client_for(world.office1).get(reverse("unit_people", args=[world.D1.pk]), {"q": query})
    assert [p.full_name for p in response.context["page"]] == ["Đặng Thị Bích"]
