"""The columns an import knows, the words offices use for them, and how a file's own headers are matched to them.

An office adopting the portal holds an export of the national member software, or lists of its own, with headers
of their own ("Họ và tên" or "Họ tên", "Ngày, tháng, năm sinh", "Mã đoàn viên", "Ngày kết nạp", "Đảng viên"…).
`match` pairs each header with a field, without diacritics, case or punctuation mattering; the office checks and
corrects the pairing (a mapping, which it may save as a named profile), and `mapped` turns the file's rows into
rows under the portal's own column names for the planners (organizations.importers). Columns paired with nothing
are left out; a field left unpaired is not touched on existing records.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from common.text import search_key
from common.xlsx_reader import FileRejected

# The portal's own columns (msgids: translated where shown), in its templates' order.
UNIT_FIELDS = [
    gettext_noop("Unit code"),
    gettext_noop("Unit name"),
    gettext_noop("Kind of unit"),
    gettext_noop("Sector"),
    gettext_noop("Parent unit code"),
]
PEOPLE_FIELDS = [
    gettext_noop("Member number"),
    gettext_noop("Full name"),
    gettext_noop("Gender"),
    gettext_noop("Date of birth"),
    gettext_noop("Phone"),
    gettext_noop("E-mail"),
    gettext_noop("Home unit code"),
    gettext_noop("Position"),
    gettext_noop("Code of the position's unit"),
    gettext_noop("Position from"),
    gettext_noop("Position until"),
]
# Beyond the portal's template: what the national software's exports and offices' lists also hold.
HOME_UNIT = gettext_noop("Home unit (name, or path “Xã A / Chi đoàn B”)")
JOINED = gettext_noop("Date joined the Youth Union")
PARTY = gettext_noop("Party member")
JOB = gettext_noop("Position at work")
PEOPLE_MORE = [HOME_UNIT, JOINED, PARTY, JOB]
UNIT_COLUMNS = [gettext_lazy(field) for field in UNIT_FIELDS]
PEOPLE_COLUMNS = [gettext_lazy(field) for field in PEOPLE_FIELDS]

# The words offices write for each column (compared without diacritics, case or punctuation).
WORDS = {
    "Member number": ["so doan vien", "so the doan vien", "ma doan vien", "ma so doan vien", "so the", "ma dv"],
    "Full name": ["ho va ten", "ho ten", "ho ten day du", "ten doan vien", "ho ten doan vien"],
    "Gender": ["gioi tinh", "nam nu", "phai"],
    "Date of birth": ["ngay sinh", "ngay thang nam sinh", "sinh ngay", "ngay thang sinh"],
    "Phone": ["dien thoai", "so dien thoai", "sdt", "dien thoai di dong", "so dt"],
    "E-mail": ["email", "e mail", "thu dien tu", "dia chi email"],
    "Home unit code": ["ma don vi", "ma chi doan", "ma don vi sinh hoat"],
    "Position": ["chuc vu", "chuc vu doan", "chuc danh doan"],
    "Code of the position's unit": ["ma don vi chuc vu", "ma don vi giu chuc vu"],
    "Position from": ["tu ngay", "ngay bat dau", "ngay nhan chuc vu"],
    "Position until": ["den ngay", "ngay ket thuc"],
    "Home unit (name, or path “Xã A / Chi đoàn B”)": [
        "don vi",
        "chi doan",
        "don vi sinh hoat",
        "chi doan sinh hoat",
        "noi sinh hoat",
        "ten don vi",
    ],
    "Date joined the Youth Union": ["ngay vao doan", "ngay ket nap", "ngay ket nap doan", "ngay vao doan tncs"],
    "Party member": ["dang vien", "la dang vien", "dang vien dcsvn"],
    "Position at work": ["chuc vu chinh quyen", "chuc vu chuyen mon", "nghe nghiep", "cong viec", "chuc vu cong tac"],
    "Unit code": ["ma don vi", "ma"],
    "Unit name": ["ten don vi", "ten", "don vi"],
    "Kind of unit": ["loai don vi", "loai hinh", "cap"],
    "Sector": ["linh vuc", "khu vuc"],
    "Parent unit code": ["ma don vi cap tren", "ma cap tren", "truc thuoc"],
}


def msgids(kind: str) -> list[str]:
    return UNIT_FIELDS if kind == "units" else [*PEOPLE_FIELDS, *PEOPLE_MORE]


def fields(kind: str) -> list[str]:
    """The columns an import of `kind` knows, as shown (people: the template's, then the more)."""
    return [_(field) for field in msgids(kind)]


def required(kind: str) -> list[list[str]]:
    """Each entry: columns of which at least one must be paired (a person's unit by code or by name)."""
    if kind == "units":
        return [[_(field)] for field in UNIT_FIELDS if field != "Sector"]  # the sector may stay empty
    return [[_(PEOPLE_FIELDS[0])], [_(PEOPLE_FIELDS[1])], [_(PEOPLE_FIELDS[6]), _(HOME_UNIT)]]


def field_named(kind: str, name: str) -> str | None:
    """The column of `kind` that `name` names (shown in Vietnamese or in English; diacritics and case aside)."""
    known = {search_key(field): field for field in fields(kind)}
    known |= {search_key(english): field for english, field in zip(msgids(kind), fields(kind), strict=True)}
    return known.get(search_key(name.strip()))


def column_lines(text: str, field_of, fields_said: str, *, may_leave_out: bool = False) -> list[tuple[str, str]]:
    """Columns written one a line, "Header = field", in order: [(header, field)], the field found by `field_of(name)`
    (None: unknown); with `may_leave_out`, "Header =" is a column left out (field ""), and a field may be named once.
    ValidationError naming each wrong line (`fields_said`: the fields to name in the message)."""
    found, errors, headers, used = [], [], set(), set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        header, _sep, name = (part.strip() for part in line.rpartition("=")) if "=" in line else (line.strip(), "", "")
        field = "" if may_leave_out and not name else field_of(name)
        if not header or field is None:
            errors.append(
                _("Line %(n)d: write “Header = field”, the field one of: %(fields)s.")
                % {"n": number, "fields": fields_said}
            )
        elif header in headers:
            errors.append(_("Line %(n)d: the header “%(header)s” is written twice.") % {"n": number, "header": header})
        elif may_leave_out and field and field in used:
            errors.append(_("Line %(n)d: “%(field)s” is paired twice.") % {"n": number, "field": field})
        else:
            headers.add(header)
            used.add(field)
            found.append((header, field))
    if not found and not errors:
        errors.append(_("Write at least one column."))
    if errors:
        raise ValidationError(errors)
    return found


def pairing_from_text(kind: str, text: str) -> dict[str, str]:
    """An import's pairing written one column a line, "Header of the file = field" ("Header =" for a column left
    out), as {header: field}."""
    return dict(column_lines(text, lambda name: field_named(kind, name), ", ".join(fields(kind)), may_leave_out=True))


def _key(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", search_key(header)).split())


def match(kind: str, headers: list[str]) -> dict[str, str]:
    """{file header: the column it is paired with, or "" for none}: the portal's own column names (in English or
    Vietnamese), or the words offices use; each column is given to the first header that asks for it."""
    by_key = {}
    for english in msgids(kind):
        for word in [_(english), english, *WORDS.get(english, [])]:
            by_key.setdefault(_key(word), _(english))
    taken, found = set(), {}
    for header in headers:
        column = by_key.get(_key(header), "") if header else ""
        if column in taken:
            column = ""
        taken.add(column)
        found[header] = column
    return found


def header_test(kind: str):
    """Whether a row of a file is its header row: two cells or more name fields of `kind` (a title block above it,
    as other programs write, is skipped)."""

    def is_header(values: list[str]) -> bool:
        return sum(1 for column in match(kind, values).values() if column) >= 2

    return is_header


def mapped(kind: str, headers: list[str], rows, mapping: dict[str, str]):
    """The file's rows (an iterable of (number, {header: value})) under the portal's column names, read lazily.
    Returns (headers, rows) where headers[i] is the column the file's i-th column was paired with ("" for none),
    so that an error still names the file's own column letter. FileRejected (in Vietnamese) for a column paired
    twice, a required one paired with nothing, or a mapping naming a column the portal does not know."""
    known = set(fields(kind))
    unknown = sorted({column for column in mapping.values() if column and column not in known})
    if unknown:
        raise FileRejected(_("Unknown fields in the mapping: %(fields)s.") % {"fields": ", ".join(unknown)})
    chosen: dict[str, list[str]] = {}
    for header in headers:
        column = mapping.get(header, "")
        if column:
            chosen.setdefault(column, []).append(header)
    twice = [f"“{column}” ← {', '.join(sources)}" for column, sources in chosen.items() if len(sources) > 1]
    if twice:
        raise FileRejected(_("A field is paired with two columns: %(pairs)s.") % {"pairs": "; ".join(twice)})
    missing = [" / ".join(options) for options in required(kind) if not any(o in chosen for o in options)]
    if missing:
        raise FileRejected(
            _("Missing columns: %(fields)s (no column of the file is paired with them).")
            % {"fields": ", ".join(missing)}
        )
    positional = [mapping.get(header, "") for header in headers]
    rows = (  # as they are read: a large file is never held whole
        (number, {mapping[header]: value for header, value in values.items() if mapping.get(header)})
        for number, values in rows
    )
    return positional, rows
