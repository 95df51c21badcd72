"""The demo offices' letterheads (documents.Letterhead): the heading lines, signer and recipients of their
documents. The lines are written as such offices write them; who signs and the recipients are illustrative."""

from documents.models import Letterhead, PortalDocument
from organizations.models import Unit

LETTERHEADS = [
    {
        "unit": "CM-PT",
        "upper_body": "BCH ĐOÀN TỈNH CÀ MAU",
        "body": "BCH ĐOÀN HUYỆN PHÚ TÂN",
        "issuer_code": "HĐTN",
        "place": "Phú Tân",
        "recipients": "- Ban Thường vụ Tỉnh đoàn (b/c);\n- Thường trực Huyện ủy (b/c);\n- Các cơ sở Đoàn trực thuộc;\n"
        "- Lưu VP.",
    },
    {
        "unit": "CM",
        "upper_body": "BCH TRUNG ƯƠNG ĐOÀN",
        "body": "BCH ĐOÀN TỈNH CÀ MAU",
        "issuer_code": "TĐTN",
        "place": "Cà Mau",
        "recipients": "- Trung ương Đoàn (b/c);\n- Thường trực Tỉnh ủy (b/c);\n- Các cơ sở Đoàn trực thuộc;\n- Lưu VP.",
    },
    {
        "unit": "LS-KCQDN",
        "upper_body": "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH",
        "body": "BCH ĐOÀN KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH LẠNG SƠN",
        "issuer_code": "ĐTN",
        "place": "Lạng Sơn",
        "recipients": "- Ban Thường vụ Tỉnh đoàn (b/c);\n- Đảng ủy Khối (b/c);\n- Các cơ sở Đoàn trực thuộc;\n"
        "- Lưu VP.",
    },
]


def load_letterhead_demo() -> int:
    """The letterheads of Phú Tân, Cà Mau and the Lạng Sơn bloc, for every document (safe to run again)."""
    count = 0
    for row in LETTERHEADS:
        unit = Unit.objects.filter(code=row["unit"]).first()
        if unit is None:
            continue
        fields = {key: value for key, value in row.items() if key != "unit"}
        Letterhead.objects.update_or_create(unit=unit, kind=PortalDocument.ALL, defaults=fields)
        count += 1
    return count
