"""Reading an uploaded XLSX safely: size, row and zip-bomb limits, no formulas, XML parsed by defusedxml.

openpyxl parses the workbook's XML with defusedxml when it is installed (it is a requirement),
so external entities and entity expansion are refused. Before openpyxl sees the file, the zip
itself is checked: a real XLSX, not too large once unpacked, not compressed suspiciously well.
Formulas are never evaluated: a cell holding one is reported as an error.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100


class FileRejected(Exception):
    """The whole file is refused (not a row): the message says why, in Vietnamese."""


@dataclass(frozen=True)
class CellError:
    row: int
    column: str  # the column's letter, as Excel shows it
    header: str
    message: str

    def __str__(self):
        return _("Row %(row)d, column %(column)s (%(header)s): %(message)s") % {
            "row": self.row, "column": self.column, "header": self.header, "message": self.message}


def _check_zip(path) -> None:
    if not zipfile.is_zipfile(path):
        raise FileRejected(_("This file is not an Excel .xlsx file (an .xls or a renamed file cannot be read)."))
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise FileRejected(_("This file is not an Excel .xlsx file (an .xls or a renamed file cannot be read)."))
        unpacked = sum(info.file_size for info in archive.infolist())
        packed = sum(info.compress_size for info in archive.infolist()) or 1
        if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
            raise FileRejected(_("This file unpacks to far more data than a real spreadsheet: it is refused."))


def read_rows(path, *, size: int, expected_headers: list[str]) -> tuple[list[str], list[tuple[int, dict]]]:
    """(headers, [(excel row number, {header: value})]) of the first sheet, or FileRejected.

    The header row must hold every expected header (order free, case and spacing ignored).
    """
    if size > settings.IMPORT_MAX_BYTES:
        raise FileRejected(_("The file is %(size)s; the limit is %(limit)s.")
                           % {"size": filesizeformat(size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)})
    _check_zip(path)
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged or hostile file; all mean "cannot read"
        raise FileRejected(_("The file cannot be read as an Excel workbook."))
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows()
        header_cells = next(rows, None)
        if not header_cells:
            raise FileRejected(_("The first sheet is empty."))
        headers = [str(c.value).strip() if c.value is not None else "" for c in header_cells]
        wanted = {h.casefold(): h for h in expected_headers}
        found = {h.casefold() for h in headers}
        missing = [wanted[w] for w in wanted if w not in found]
        if missing:
            raise FileRejected(_("Missing columns: %(columns)s. Download the template to see the expected columns.")
                               % {"columns": ", ".join(missing)})
        canonical = [wanted.get(h.casefold(), h) for h in headers]
        result, formulas = [], []
        for cells in rows:
            if all(c.value in (None, "") for c in cells):
                continue
            row_number = cells[0].row
            if len(result) >= settings.IMPORT_MAX_ROWS:
                raise FileRejected(_("The file has more than %(n)d rows; split it into smaller files.")
                                   % {"n": settings.IMPORT_MAX_ROWS})
            values = {}
            for index, cell in enumerate(cells[:len(canonical)]):
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                    formulas.append(CellError(row_number, get_column_letter(index + 1), canonical[index],
                                              _("formulas are not accepted; type the value itself.")))
                values[canonical[index]] = cell.value
            result.append((row_number, values))
        if formulas:
            raise FormulaCells(formulas)
        return canonical, result
    finally:
        book.close()


class FormulaCells(FileRejected):
    def __init__(self, errors: list[CellError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors
