"""'Dữ liệu của tôi' as an Excel workbook: one sheet per section of privacy.subject, headed by its field names."""

from datetime import date, datetime

import xlsxwriter
from django.utils import timezone

SHEET_NAMES = {
    "person": "Hồ sơ",
    "memberships": "Sinh hoạt Đoàn",
    "positions": "Chức vụ",
    "registrations": "Phiếu đăng ký",
    "commitments": "Cam kết",
    "check_ins": "Sơ kết",
    "evaluations": "Đánh giá",
    "evaluation_results": "Kết quả tiêu chí",
    "commendations": "Khen thưởng",
    "comments_written": "Góp ý đã viết",
    "comments_about_me": "Góp ý về tôi",
    "collective_opinions": "Ý kiến tập thể",
    "invitations": "Giấy mời họp",
    "account": "Tài khoản",
    "correction_requests": "Đề nghị sửa",
    "accesses": "Lượt truy cập",
}


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


def write(sections: dict[str, list[dict]], target) -> None:
    book = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    for key, rows in sections.items():
        sheet = book.add_worksheet(SHEET_NAMES.get(key, key)[:31])
        columns = list(rows[0]) if rows else []
        for col, name in enumerate(columns):
            sheet.write(0, col, name, bold)
            sheet.set_column(col, col, 24)
        for row_number, row in enumerate(rows, start=1):
            for col, name in enumerate(columns):
                sheet.write(row_number, col, _cell(row[name]))
    book.close()
