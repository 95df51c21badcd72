"""Reading an uploaded XLSX (or CSV) safely: size, row and zip-bomb limits, no formulas, XML parsed by defusedxml.

openpyxl parses the workbook's XML with defusedxml when it is installed (it is a requirement),
so external entities and entity expansion are refused. Before openpyxl sees the file, the zip
itself is checked: a real XLSX, not too large once unpacked, not compressed suspiciously well.
Formulas are never evaluated: a cell holding one is reported as an error.
"""

import itertools
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # 200,000 rows written as inline strings unpack to ~120 MB
MAX_COMPRESSION_RATIO = 100
# A workbook saved by Excel, LibreOffice or Google Sheets has a few dozen parts; thousands mean something else.
MAX_ENTRIES = 300
# The parts a plain workbook is made of; anything else (macros, ActiveX, embedded objects…) is refused.
ALLOWED_TOP_FOLDERS = ("_rels/", "docProps/", "xl/", "customXml/")
FORBIDDEN_PARTS = ("vbaproject.bin", "xl/externallinks/", "xl/activex/", "xl/embeddings/", "xl/ctrlprops/")


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
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }


def _not_xlsx() -> FileRejected:
    return FileRejected(_("This file is not an Excel .xlsx file (an .xls or a renamed file cannot be read)."))


def _is_safe_name(name: str) -> bool:
    parts = name.split("/")
    return not (name.startswith("/") or "\\" in name or ":" in name or ".." in parts or "\x00" in name)


def _check_zip(path) -> None:
    if not zipfile.is_zipfile(path):
        raise _not_xlsx()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise FileRejected(
                    _("This file holds %(n)d parts; a spreadsheet has far fewer. It is refused.") % {"n": len(infos)}
                )
            names = [info.filename for info in infos]
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                raise _not_xlsx()
            for info in infos:
                name = info.filename
                is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
                if not _is_safe_name(name) or is_link:
                    raise FileRejected(
                        _("The file contains a part with a dangerous name (%(name)s): it is refused.")
                        % {"name": name[:80]}
                    )
                lowered = name.lower()
                if any(part in lowered for part in FORBIDDEN_PARTS):
                    raise FileRejected(
                        _(
                            "The file contains macros, links to other files or embedded objects "
                            "(%(name)s). Save it as a plain Excel workbook (.xlsx) and try again."
                        )
                        % {"name": name[:80]}
                    )
                if name != "[Content_Types].xml" and not name.startswith(ALLOWED_TOP_FOLDERS):
                    raise FileRejected(
                        _("The file contains a part a spreadsheet does not have (%(name)s): it is refused.")
                        % {"name": name[:80]}
                    )
            if b"macroEnabled" in archive.read("[Content_Types].xml")[:200_000]:
                raise FileRejected(
                    _(
                        "The file contains macros, links to other files or embedded objects "
                        "(%(name)s). Save it as a plain Excel workbook (.xlsx) and try again."
                    )
                    % {"name": "[Content_Types].xml"}
                )
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
                raise FileRejected(_("This file unpacks to far more data than a real spreadsheet: it is refused."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        raise _not_xlsx() from None


def _check_size(size: int) -> None:
    if size > settings.IMPORT_MAX_BYTES:
        raise FileRejected(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )


def _open_workbook(path, size: int):
    """The workbook, read-only, once the file's size and zip have passed their checks (FileRejected otherwise)."""
    _check_size(size)
    _check_zip(path)
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged or hostile file; all mean "cannot read"
        raise FileRejected(_("The file cannot be read as an Excel workbook.")) from None


def read_rows(
    path, *, size: int, expected_headers: list[str] | None, is_header=None
) -> tuple[list[str], list[tuple[int, dict]]]:
    """(headers, [(excel row number, {header: value})]) of the first sheet, or FileRejected.

    The header row must hold every expected header (order free, case and spacing ignored).
    """
    book = _open_workbook(path, size)
    try:
        return _read_first_sheet(book, expected_headers, is_header)
    except FileRejected:
        raise
    except Exception:  # the sheet's XML is parsed lazily, row by row: a damaged part fails here, not above
        raise FileRejected(_("The file cannot be read as an Excel workbook.")) from None
    finally:
        book.close()


# A list exported from another program often has a title block above its header row: the header is looked for
# among the first rows (the caller's is_header says which one it is; else the first row with anything in it).
HEADER_SEARCH_ROWS = 20


def read_table(path, *, size: int, is_csv: bool = False, is_header=None) -> tuple[list[str], list[tuple[int, dict]]]:
    """(headers, rows) of an .xlsx's first sheet or of a .csv, whatever its columns (the caller matches them to its
    fields): the same limits, and no formulas, either way."""
    if is_csv:
        return _read_csv(path, size, is_header=is_header)
    return read_rows(path, size=size, expected_headers=None, is_header=is_header)


def _header_index(lines: list[list[str]], is_header) -> int | None:
    """Which of the first non-empty `lines` is the header row."""
    filled = [index for index, values in enumerate(lines) if any(values)]
    if not filled:
        return None
    if is_header is not None:
        for index in filled[:HEADER_SEARCH_ROWS]:
            if is_header(lines[index]):
                return index
    return filled[0]


def read_headers(path, *, size: int, is_csv: bool = False, is_header=None) -> list[str]:
    """The header row alone (for the office to pair the columns before the whole file is read), with the same
    checks of the file itself."""
    if is_csv:
        headers, _rows = _read_csv(path, size, header_only=True, is_header=is_header)
        return headers
    book = _open_workbook(path, size)
    try:
        lines = [
            [str(value).strip() if value is not None else "" for value in values]
            for values in book.worksheets[0].iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
        ]
    except Exception:  # the sheet's XML is parsed lazily: a damaged part fails here
        raise FileRejected(_("The file cannot be read as an Excel workbook.")) from None
    finally:
        book.close()
    index = _header_index(lines, is_header)
    if index is None:
        raise FileRejected(_("The first sheet is empty."))
    return lines[index]


# The encodings an office's CSV comes in: UTF-8 (with or without Excel's byte-order mark), and Windows-1258, the
# Vietnamese code page of Excel's "CSV" on Windows.
CSV_ENCODINGS = ("utf-8-sig", "cp1258")


def _read_csv(path, size: int, header_only: bool = False, is_header=None) -> tuple[list[str], list[tuple[int, dict]]]:
    import csv

    _check_size(size)
    with open(path, "rb") as handle:
        data = handle.read()
    text = None
    if b"\x00" not in data:  # UTF-16 and binary files: not a CSV this reader knows
        for encoding in CSV_ENCODINGS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise FileRejected(_("The CSV file's encoding is unknown: save it as CSV UTF-8 (or Windows-1258) and retry."))
    try:
        dialect = csv.Sniffer().sniff(text[:5000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = list(csv.reader(text.splitlines(), dialect))
    index = _header_index([[cell.strip() for cell in line] for line in lines[: HEADER_SEARCH_ROWS * 2]], is_header)
    if index is None:
        raise FileRejected(_("The first sheet is empty."))
    headers = [cell.strip() for cell in lines[index]]
    body = [
        (number, line)
        for number, line in enumerate(lines[index + 1 :], start=index + 2)
        if any(cell.strip() for cell in line)
    ]
    if header_only:
        return headers, []
    if len(body) > settings.IMPORT_MAX_ROWS:
        raise FileRejected(
            _("The file has more than %(n)d rows; split it into smaller files.") % {"n": settings.IMPORT_MAX_ROWS}
        )
    result, formulas = [], []
    for number, line in body:
        values = {}
        for index, header in enumerate(headers):
            value = line[index] if index < len(line) else ""
            if value.strip().startswith("="):
                message = _("formulas are not accepted; type the value itself.")
                formulas.append(CellError(number, get_column_letter(index + 1), header, message))
            values[header] = value
        result.append((number, values))
    if formulas:
        raise FormulaCells(formulas)
    return headers, result


def _read_first_sheet(
    book, expected_headers: list[str] | None, is_header=None
) -> tuple[list[str], list[tuple[int, dict]]]:
    sheet = book.worksheets[0]
    rows = sheet.iter_rows()
    scanned = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    lines = [[str(c.value).strip() if c.value is not None else "" for c in cells] for cells in scanned]
    index = _header_index(lines, is_header if expected_headers is None else None)
    if index is None:
        raise FileRejected(_("The first sheet is empty."))
    headers = lines[index]
    rows = itertools.chain(scanned[index + 1 :], rows)
    if expected_headers is None:  # any columns: the caller matches them (read_table)
        expected_headers = [h for h in headers if h]
    wanted = {h.casefold(): h for h in expected_headers}
    found = {h.casefold() for h in headers}
    missing = [wanted[w] for w in wanted if w not in found]
    if missing:
        raise FileRejected(
            _("Missing columns: %(columns)s. Download the template to see the expected columns.")
            % {"columns": ", ".join(missing)}
        )
    unknown = [h for h in headers if h and h.casefold() not in wanted]
    if unknown:
        raise FileRejected(
            _("Unknown columns: %(unknown)s. The expected columns are: %(expected)s.")
            % {"unknown": ", ".join(unknown[:10]), "expected": ", ".join(expected_headers)}
        )
    canonical = [wanted.get(h.casefold(), h) for h in headers]
    result, formulas = [], []
    for cells in rows:
        if all(c.value in (None, "") for c in cells):
            continue
        row_number = cells[0].row
        if len(result) >= settings.IMPORT_MAX_ROWS:
            raise FileRejected(
                _("The file has more than %(n)d rows; split it into smaller files.") % {"n": settings.IMPORT_MAX_ROWS}
            )
        values = {}
        for index, cell in enumerate(cells[: len(canonical)]):
            # Trimmed first, as every value is later: " =1+1" is the formula "=1+1" once read.
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.strip().startswith("=")):
                formulas.append(
                    CellError(
                        row_number,
                        get_column_letter(index + 1),
                        canonical[index],
                        _("formulas are not accepted; type the value itself."),
                    )
                )
            values[canonical[index]] = cell.value
        result.append((row_number, values))
    if formulas:
        raise FormulaCells(formulas)
    return canonical, result


class FormulaCells(FileRejected):
    def __init__(self, errors: list[CellError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors
