"""Reading an uploaded XLSX (or CSV) safely: size, row and zip-bomb limits, no formulas, XML parsed by defusedxml.

openpyxl parses the workbook's XML with defusedxml when it is installed (it is a requirement),
so external entities and entity expansion are refused. Before openpyxl sees the file, the zip
itself is checked: a real XLSX, not too large once unpacked, not compressed suspiciously well.
Formulas are never evaluated: a cell holding one is reported as an error.
"""

import codecs
import csv
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

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


# A list exported from another program often has a title block above its header row: the header is looked for
# among the first rows (the caller's is_header says which one it is; else the first row with anything in it).
HEADER_SEARCH_ROWS = 20


def read_table(path, *, size: int, is_csv: bool = False, is_header=None) -> tuple[list[str], "TableRows"]:
    """(headers, rows) of an .xlsx's first sheet or of a .csv, whatever its columns (the caller matches them to its
    fields). The rows — (the row's number in the file, {header: value}) — are read as they are consumed, so a file
    of 200,000 rows is never held whole; reading them raises FileRejected past IMPORT_MAX_ROWS or for a damaged
    part, and FormulaCells, once every row was read, for the cells holding a formula. The headers and the file
    itself are checked before anything returns."""
    if is_csv:
        return _read_csv(path, size, is_header=is_header)
    book = _open_workbook(path, size)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        scanned = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    except Exception:  # the sheet's XML is parsed lazily, row by row: a damaged part fails here, not above
        book.close()
        raise FileRejected(_("The file cannot be read as an Excel workbook.")) from None
    index = _header_index([_texts(values) for values in scanned], is_header)
    if index is None:
        book.close()
        raise FileRejected(_("The first sheet is empty."))
    headers = _texts(scanned[index])
    numbered = zip(itertools.count(index + 2), itertools.chain(scanned[index + 1 :], rows))
    return headers, TableRows(_checked_rows(headers, numbered, close=book.close), book.close)


def _texts(values) -> list[str]:
    return [str(value).strip() if value is not None else "" for value in values]


def _is_formula(value) -> bool:
    # Trimmed first, as every value is later: " =1+1" is the formula "=1+1" once read. A sheet opened without
    # data_only gives a formula cell as its text "=…" (an array formula as an object), never a computed result.
    return isinstance(value, ArrayFormula | DataTableFormula) or (
        isinstance(value, str) and value.strip().startswith("=")
    )


class TableRows:
    """A table's rows as they are read; closing it (or reading it to the end) closes the file."""

    def __init__(self, rows: Iterator[tuple[int, dict]], close):
        self._rows, self._close = rows, close

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        return self._rows

    def close(self) -> None:
        self._rows.close()
        self._close()


def _checked_rows(headers: list[str], numbered, *, close) -> Iterator[tuple[int, dict]]:
    """The non-empty rows as {header: value}, counted against IMPORT_MAX_ROWS, formulas collected and refused at
    the end (every one of them, with its row and column, for the office to correct in one go)."""
    formulas, formula_count, count = [], 0, 0
    try:
        for number, values in numbered:
            if all(value in (None, "") or (isinstance(value, str) and not value.strip()) for value in values):
                continue
            count += 1
            if count > settings.IMPORT_MAX_ROWS:
                raise FileRejected(
                    _("The file has more than %(n)d rows; split it into smaller files.")
                    % {"n": settings.IMPORT_MAX_ROWS}
                )
            row = {}
            for index, header in enumerate(headers):
                value = values[index] if index < len(values) else None
                if _is_formula(value):
                    formula_count += 1
                    if len(formulas) < FORMULAS_KEPT:
                        message = _("formulas are not accepted; type the value itself.")
                        formulas.append(CellError(number, get_column_letter(index + 1), header, message))
                row[header] = value
            yield number, row
    except FileRejected:
        raise
    except Exception:  # a damaged part of the sheet, found only when its rows are reached
        raise FileRejected(_("The file cannot be read as an Excel workbook.")) from None
    finally:
        close()
    if formulas:
        raise FormulaCells(formulas, formula_count)


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
    headers, rows = read_table(path, size=size, is_csv=is_csv, is_header=is_header)
    rows.close()  # not a row read: the workbook or the CSV file is closed
    return headers


# The encodings an office's CSV comes in: UTF-8 (with or without Excel's byte-order mark), and Windows-1258, the
# Vietnamese code page of Excel's "CSV" on Windows.
CSV_ENCODINGS = ("utf-8-sig", "cp1258")
CSV_CHUNK = 1 << 20


def _csv_encoding(path) -> str | None:
    """The first of CSV_ENCODINGS the whole file decodes in, read a chunk at a time; None for none of them, or for a
    file with NUL bytes (UTF-16, or not text at all)."""
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(CSV_CHUNK):
                    if b"\x00" in chunk:
                        return None
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(path, size: int, is_header=None) -> tuple[list[str], "TableRows"]:
    _check_size(size)
    encoding = _csv_encoding(path)
    if encoding is None:
        raise FileRejected(_("The CSV file's encoding is unknown: save it as CSV UTF-8 (or Windows-1258) and retry."))
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 (closed when its rows have been read)
    try:
        dialect = csv.Sniffer().sniff(handle.read(5000), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    handle.seek(0)
    lines = csv.reader(handle, dialect)
    scanned = list(itertools.islice(lines, HEADER_SEARCH_ROWS * 2))
    index = _header_index([[cell.strip() for cell in line] for line in scanned], is_header)
    if index is None:
        handle.close()
        raise FileRejected(_("The first sheet is empty."))
    headers = [cell.strip() for cell in scanned[index]]
    numbered = zip(itertools.count(index + 2), itertools.chain(scanned[index + 1 :], lines))
    return headers, TableRows(_checked_rows(headers, numbered, close=handle.close), handle.close)


class FormulaCells(FileRejected):
    """Cells holding a formula: the first FORMULAS_KEPT of them, and how many there are."""

    def __init__(self, errors: list[CellError], count: int | None = None):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors, self.count = errors, len(errors) if count is None else count


FORMULAS_KEPT = 500
