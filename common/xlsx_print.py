"""Print layout for workbooks written with openpyxl (the admin's exports through django-import-export): A4,
landscape when wide, one page wide, the header row on every page, page numbers in the footer — as the report
writer (reports.xlsx.set_print_layout) does with xlsxwriter."""

import io

import openpyxl
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX

PORTRAIT_COLUMNS = 8


def printable(content: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        if sheet.max_column > PORTRAIT_COLUMNS:
            sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.print_title_rows = "1:1"
        sheet.oddFooter.center.text = _("Page &P of &N")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class PrintableXLSX(XLSX):
    def export_data(self, dataset, **kwargs):
        return printable(super().export_data(dataset, **kwargs))
