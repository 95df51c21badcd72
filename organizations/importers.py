"""Importing units and people (with positions) from Excel: a dry run first, then all rows or none.

`plan_*` reads the rows and decides, without writing, what each row would create, update or
leave unchanged, collecting every error with its row and column. `import_rows` reads them again
and writes them batch by batch in one transaction, rolled back if any row fails: memory holds a
batch, not the file (200,000 members). Matching is by unit code and by member number, so
importing the same file twice changes nothing the second time.
"""

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from common.text import clean_text, normalize_phone, reject_control_characters, search_key
from common.xlsx_reader import CellError
from organizations import services
from organizations.columns import HOME_UNIT, JOB, JOINED, PARTY, PEOPLE_COLUMNS, UNIT_COLUMNS
from organizations.models import (
    ADMISSION_AGES,
    ALLOWED_PARENT_KINDS,
    LEAF_KINDS,
    Gender,
    Person,
    Position,
    PositionTitle,
    Sector,
    Unit,
    UnitKind,
    age_on,
    birth_date_problem,
    code_validator,
    member_number_validator,
    phone_validator,
)
from organizations.scope import can_reach_unit

from .policies import UNITS

UNIT_EXAMPLE = ["CM-PT-CDV-99", "Chi đoàn khóm 9", "Chi đoàn", "Xã, phường, thị trấn", "CM-PT-CDV"]
PEOPLE_EXAMPLE = [
    "9600000001",
    "Nguyễn Văn An",
    "Nam",
    "15/08/1995",
    "0912345678",
    "an@example.vn",
    "CM-PT-CDV-01",
    "Bí thư",
    "",
    "20/03/2022",
    "",
]
REASON = gettext_lazy("Excel import")


@dataclass(frozen=True)
class PreviewRow:
    key: str  # the unit code or member number that matches the row
    name: str
    detail: str  # where it goes, or what changes


PREVIEW_LIMIT = 200
BATCH = 2000  # rows checked, and written, at a time: memory stays flat whatever the file's length
ERRORS_KEPT = 500  # every error is counted; the first ones are kept to be shown
# What an update changes, said with the file's own column names.
_CHANGED_LABELS = {
    "name": gettext_lazy("Unit name"),
    "sector": gettext_lazy("Sector"),
    "full_name": gettext_lazy("Full name"),
    "gender": gettext_lazy("Gender"),
    "birth_date": gettext_lazy("Date of birth"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "home_unit_id": gettext_lazy("Home unit code"),
    "joined_on": gettext_lazy("Date joined the Youth Union"),
    "party_member": gettext_lazy("Party member"),
    "job_title": gettext_lazy("Position at work"),
}


def preview_rows(plan: "ImportPlan") -> tuple[list[PreviewRow], list[PreviewRow]]:
    """The rows a confirmed import would create and update (the first PREVIEW_LIMIT of each), for the office to
    read before confirming: a count alone does not show a sample row or a wrong unit."""
    creates, updates = plan.first_creates, plan.first_updates
    if plan.kind == "units":
        return (
            [PreviewRow(r["code"], r["name"], r["parent"] or "") for r in creates],
            [PreviewRow(code, changes.get("name", ""), _changed(changes)) for code, changes in updates],
        )
    unit_ids = {r["home_unit_id"] for r in creates} | {c["home_unit_id"] for _n, c in updates if "home_unit_id" in c}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    people = dict(
        Person.objects.filter(member_number__in=[n for n, _c in updates]).values_list("member_number", "full_name")
    )
    return (
        [PreviewRow(r["member_number"], r["full_name"], names.get(r["home_unit_id"], "")) for r in creates],
        [
            PreviewRow(number, changes.get("full_name") or people.get(number, ""), _changed(changes, names))
            for number, changes in updates
        ],
    )


def _changed(changes: dict, unit_names: dict | None = None) -> str:
    parts = []
    for field_name, value in changes.items():
        if field_name == "home_unit_id":
            value = (unit_names or {}).get(value, value)
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        parts.append(f"{_CHANGED_LABELS.get(field_name, field_name)}: {value or '–'}")
    return "; ".join(parts)


def columns(kind: str) -> list[str]:
    return [str(c) for c in (UNIT_COLUMNS if kind == "units" else PEOPLE_COLUMNS)]


def _choices_lookup(choices) -> dict[str, str]:
    """Accept a choice by its value or its Vietnamese label, with or without diacritics."""
    lookup = {}
    for value, label in choices:
        lookup[search_key(value)] = value
        lookup[search_key(str(label))] = value
    return lookup


@dataclass
class Batch:
    """What some rows of a file create, update and add, ready for the services to write."""

    creates: list = field(default_factory=list)  # {field: value}
    updates: list = field(default_factory=list)  # (key, {field: new value})
    positions: list = field(default_factory=list)
    unchanged: int = 0


@dataclass
class ImportPlan:
    """What a file would do (or did): counted, with its first rows to create and update for the preview and its
    first errors (every one counted)."""

    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    positions: int = 0
    rows: int = 0
    error_count: int = 0
    errors: list[CellError] = field(default_factory=list)
    first_creates: list = field(default_factory=list)
    first_updates: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error_count

    def add_error(self, error: CellError) -> None:
        self.error_count += 1
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append(error)

    def take(self, batch: Batch) -> None:
        self.created += len(batch.creates)
        self.updated += len(batch.updates)
        self.positions += len(batch.positions)
        self.unchanged += batch.unchanged
        self.first_creates += batch.creates[: PREVIEW_LIMIT - len(self.first_creates)]
        self.first_updates += batch.updates[: PREVIEW_LIMIT - len(self.first_updates)]


class ImportRefused(Exception):
    """The rows had errors: nothing was written. `plan` holds them."""

    def __init__(self, plan: ImportPlan):
        super().__init__(_("The file has errors; nothing was imported."))
        self.plan = plan


def _batches(rows):
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, BATCH)):
        yield chunk


class _Row:
    """One row's values with error collection by column name."""

    def __init__(self, plan: ImportPlan, headers: list[str], number: int, values: dict):
        self.plan, self.headers, self.number, self.values = plan, headers, number, values
        self.failed = False

    def error(self, column, message: str) -> None:
        column = str(column)
        letter = get_column_letter(self.headers.index(column) + 1) if column in self.headers else "?"
        self.plan.add_error(CellError(self.number, letter, column, str(message)))
        self.failed = True

    def text(self, column, longest: int | None = None) -> str:
        """The cell as clean text; with `longest`, an error past that many characters, the field's size: a value
        the database cannot hold is said here, at the check, not found on confirming."""
        value = self.values.get(str(column))
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            text = clean_text(str(value))
        except ValidationError as error:
            self.error(column, " ".join(error.messages))
            return ""
        if longest is not None and len(text) > longest:
            self.error(
                column,
                _("at most %(n)d characters (this one has %(length)d).") % {"n": longest, "length": len(text)},
            )
        return text

    def date(self, column) -> date | None:
        value = self.values.get(str(column))
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
        except ValueError:
            self.error(column, _("“%(value)s” is not a date written dd/mm/yyyy.") % {"value": value})
            return None

    def validated(self, column, validator, value: str | None = None, longest: int | None = None) -> str:
        errors = self.plan.error_count
        value = self.text(column, longest) if value is None else value
        if value and self.plan.error_count == errors:  # one message a cell: not "too long" and "invalid" too
            try:
                validator(value)
            except ValidationError as error:
                self.error(column, " ".join(error.messages))
        return value


# --- Units ------------------------------------------------------------------------------------


def plan_units(headers: list[str], rows, by, write=None) -> ImportPlan:
    """A units file is read whole (a province has thousands of units, not hundreds of thousands): a unit the file
    creates may come after the units under it."""
    rows = list(rows)
    plan, batch = ImportPlan("units", rows=len(rows)), Batch()
    col = dict(zip(["code", "name", "kind", "sector", "parent"], UNIT_COLUMNS, strict=False))
    kinds, sectors = _choices_lookup(UnitKind.choices), _choices_lookup(Sector.choices)
    codes = {str(values.get(str(col["code"])) or "").strip().upper() for _n, values in rows}
    parents = {str(values.get(str(col["parent"])) or "").strip().upper() for _n, values in rows}
    known = {u.code: u for u in Unit.objects.filter(code__in=(codes | parents) - {""})}
    in_file: dict[str, str] = {}  # code -> kind, for units created earlier in the same file
    seen: set[str] = set()
    for number, values in _parents_first(rows, col):
        row = _Row(plan, headers, number, values)
        code = row.validated(col["code"], code_validator, longest=_longest(Unit, "code")).upper()
        name = row.validated(col["name"], reject_control_characters, longest=_longest(Unit, "name"))
        parent_code = row.text(col["parent"]).upper()
        kind = kinds.get(search_key(row.text(col["kind"])))
        sector = sectors.get(search_key(row.text(col["sector"])), None) if row.text(col["sector"]) else ""
        if not code:
            row.error(col["code"], _("a unit code is required."))
        elif code in seen:
            row.error(col["code"], _("this code appears twice in the file."))
        seen.add(code)
        if not name:
            row.error(col["name"], _("a name is required."))
        if kind is None:
            row.error(
                col["kind"],
                _("unknown kind of unit; use one of: %(kinds)s.")
                % {"kinds": ", ".join(str(label) for _v, label in UnitKind.choices)},
            )
        if sector is None:
            row.error(col["sector"], _("unknown sector."))
        if row.failed:
            continue
        existing = known.get(code)
        if existing is not None:
            if not can_reach_unit(by, "manage", existing):
                row.error(col["code"], _("this unit exists outside the units you manage."))
            elif existing.kind != kind:
                row.error(col["kind"], _("the unit exists with another kind; the kind of a unit does not change."))
            elif (
                parent_code
                and existing.parent_path()
                and known.get(parent_code)
                and known[parent_code].path != existing.parent_path()
            ):
                row.error(col["parent"], _("the unit exists under another parent; move it in the admin."))
            elif (existing.name, existing.sector) != (name, sector):
                batch.updates.append((code, {"name": name, "sector": sector}))
            else:
                batch.unchanged += 1
            continue
        parent_kind = None
        if parent_code in in_file:
            parent_kind = in_file[parent_code]
        elif parent_code in known:
            parent = known[parent_code]
            if not can_reach_unit(by, "manage", parent):
                row.error(col["parent"], _("this unit is outside the units you manage."))
                continue
            if not parent.is_active:
                row.error(col["parent"], _("this unit has been dissolved."))
                continue
            parent_kind = parent.kind
        elif parent_code:
            row.error(col["parent"], _("no unit has the code %(code)s.") % {"code": parent_code})
            continue
        else:
            row.error(col["parent"], _("the parent unit's code is required."))
            continue
        if parent_kind in LEAF_KINDS or parent_kind not in ALLOWED_PARENT_KINDS[kind]:
            row.error(
                col["kind"],
                _("a %(kind)s cannot sit under a %(parent)s.")
                % {"kind": UnitKind(kind).label, "parent": UnitKind(parent_kind).label},
            )
            continue
        in_file[code] = kind
        batch.creates.append({"code": code, "name": name, "kind": kind, "sector": sector, "parent": parent_code})
    plan.errors.sort(key=lambda error: error.row)  # in the file's order, though parents were checked first
    plan.take(batch)
    if write is not None and plan.ok:
        write(batch)
    return plan


def _longest(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _parents_first(rows: list[tuple[int, dict]], col: dict) -> list[tuple[int, dict]]:
    """The rows in an order where a unit created by the file comes before the units under it, wherever the file
    lists it; otherwise as written (errors keep their row numbers)."""
    code_of = lambda values: str(values.get(str(col["code"])) or "").strip().upper()  # noqa: E731
    by_code = {code_of(values): (number, values) for number, values in rows if code_of(values)}
    ordered, placed, visiting = [], set(), set()

    def place(number, values):
        code = code_of(values)
        if number in placed or code in visiting:
            return
        visiting.add(code)
        parent = by_code.get(str(values.get(str(col["parent"])) or "").strip().upper())
        if parent is not None and parent[0] != number:
            place(*parent)
        visiting.discard(code)
        if number not in placed:
            placed.add(number)
            ordered.append((number, values))

    for number, values in rows:
        place(number, values)
    return ordered


def _write_units(batch: Batch, by) -> None:
    for row in batch.creates:
        parent = Unit.objects.get(code=row["parent"])
        services.unit_create(
            by=by, parent=parent, code=row["code"], name=row["name"], kind=row["kind"], sector=row["sector"]
        )
    for code, changes in batch.updates:
        services.unit_update(by=by, unit=Unit.objects.get(code=code), **changes)


# --- People -----------------------------------------------------------------------------------


PERSON_FIELDS = [
    "full_name",
    "gender",
    "birth_date",
    "phone",
    "email",
    "home_unit_id",
    "joined_on",
    "party_member",
    "job_title",
]


def plan_people(headers: list[str], rows, by, write=None) -> ImportPlan:
    """Read `BATCH` rows at a time: each batch's people, units and positions looked up in a few queries, then
    (with `write`, while no row has failed) written before the next one is read."""
    plan, people = ImportPlan("people"), _PeopleRows(headers, by)
    for chunk in _batches(rows):
        plan.rows += len(chunk)
        batch = Batch()
        people.look_up(chunk)
        for number, values in chunk:
            people.plan_row(_Row(plan, headers, number, values), batch)
        plan.take(batch)
        if write is not None and plan.ok:
            write(batch)
    return plan


class _PeopleRows:
    """What the rows of a people file are checked against: the units and people they name, the member numbers
    already read (one person, one row)."""

    col = dict(
        zip(
            ["number", "name", "gender", "birth", "phone", "email", "unit", "title", "title_unit", "start", "end"],
            PEOPLE_COLUMNS,
            strict=False,
        )
    )

    def __init__(self, headers: list[str], by):
        self.by = by
        self.genders, self.titles = _choices_lookup(Gender.choices), _choices_lookup(PositionTitle.choices)
        self.units: dict[str, Unit] = {}  # by code, kept across batches (a province has thousands)
        self.seen: set[str] = set()
        self.today = timezone.localdate()
        self.named = str(_(HOME_UNIT))
        self.by_name = UnitNames(by) if self.named in headers else None
        # A column the file does not have leaves that field of existing records alone.
        present = set(headers) | {""}
        columns_of = {
            "gender": self.col["gender"],
            "birth_date": self.col["birth"],
            "phone": self.col["phone"],
            "email": self.col["email"],
            "joined_on": _(JOINED),
            "party_member": _(PARTY),
            "job_title": _(JOB),
        }
        self.fields = [name for name in PERSON_FIELDS if str(columns_of.get(name, "")) in present]

    def look_up(self, chunk: list[tuple[int, dict]]) -> None:
        col = self.col
        numbers = [str(values.get(str(col["number"])) or "").strip() for _n, values in chunk]
        codes = {
            str(values.get(str(col[c])) or "").strip().upper() for _n, values in chunk for c in ("unit", "title_unit")
        }
        self.units |= {u.code: u for u in Unit.objects.filter(code__in=codes - self.units.keys() - {""})}
        self.people = {
            p.member_number: p
            for p in Person.objects.filter(member_number__in=[n for n in numbers if n]).select_related("home_unit")
        }
        self.held = set(
            Position.objects.filter(person__in=self.people.values()).values_list(
                "person_id", "unit_id", "title", "started_on"
            )
        )

    def unit_for(self, row, column, required: bool):
        code = row.text(column).upper()
        if not code and column == self.col["unit"] and self.by_name is not None and row.text(self.named):
            unit = self.by_name.find(row, self.named, row.text(self.named))  # "Chi đoàn B", or "Xã A / Chi đoàn B"
            if unit is not None and not unit.is_active:
                row.error(self.named, _("this unit has been dissolved."))
                return None
            return unit
        if not code:
            if required:
                row.error(column, _("a unit code is required."))
            return None
        unit = self.units.get(code)
        if unit is None:
            row.error(column, _("no unit has the code %(code)s.") % {"code": code})
        elif not can_reach_unit(self.by, "manage", unit):
            row.error(column, _("this unit is outside the units you manage."))
        elif not unit.is_active:
            row.error(column, _("this unit has been dissolved."))
        else:
            return unit
        return None

    def plan_row(self, row: "_Row", batch: Batch) -> None:
        col, today = self.col, self.today
        member_number = row.validated(col["number"], member_number_validator)
        if not member_number:
            row.error(col["number"], _("the member number is required: it is how a person is recognised."))
        elif member_number in self.seen:
            row.error(col["number"], _("this member number appears twice in the file."))
        self.seen.add(member_number)
        name = row.validated(col["name"], reject_control_characters, longest=_longest(Person, "full_name"))
        if not name:
            row.error(col["name"], _("a full name is required."))
        gender = self.genders.get(search_key(row.text(col["gender"])), None) if row.text(col["gender"]) else ""
        if gender is None:
            row.error(col["gender"], _("write Nam or Nữ."))
        birth = row.date(col["birth"])
        if birth_date_problem(birth):
            row.error(col["birth"], str(birth_date_problem(birth)))
        phone = normalize_phone(row.text(col["phone"]))
        phone = row.validated(col["phone"], phone_validator, value=phone)
        email = row.validated(col["email"], validate_email, longest=_longest(Person, "email"))
        home = self.unit_for(row, col["unit"], required=True)
        title_text = row.text(col["title"])
        title = self.titles.get(search_key(title_text)) if title_text else ""
        if title is None:
            row.error(
                col["title"],
                _("unknown position; use one of: %(titles)s.")
                % {"titles": ", ".join(str(label) for _v, label in PositionTitle.choices)},
            )
        position_unit = self.unit_for(row, col["title_unit"], required=False) or home
        start, end = row.date(col["start"]), row.date(col["end"])
        if title and not start:
            row.error(col["start"], _("the start of the term is required with a position."))
        if start and start > today:
            row.error(col["start"], _("the date cannot be in the future."))
        if start and end and end < start:
            row.error(col["end"], _("a term cannot end before it starts."))
        joined = row.date(str(_(JOINED)))
        low, high = ADMISSION_AGES
        if joined and birth and not (low <= age_on(birth, joined) <= high):
            row.error(
                str(_(JOINED)),
                _("a member is admitted at 16 to 30 years of age; this date makes %(age)d.")
                % {"age": age_on(birth, joined)},
            )
        if joined and joined > today:
            row.error(str(_(JOINED)), _("the date cannot be in the future."))
        party = _yes_no(row, str(_(PARTY)))
        job = row.text(str(_(JOB)), _longest(Person, "job_title"))
        existing = self.people.get(member_number)
        if existing is not None and not can_reach_unit(self.by, "manage", existing.home_unit):
            row.error(col["number"], _("this member belongs to a unit outside the units you manage."))
        if row.failed:
            return
        values = {
            "full_name": name,
            "gender": gender,
            "birth_date": birth,
            "phone": phone,
            "email": email,
            "home_unit_id": home.pk,
            "joined_on": joined,
            "party_member": bool(party),
            "job_title": job,
        }
        data = {name: values[name] for name in self.fields}
        if existing is None:
            batch.creates.append({"member_number": member_number, **data})
        else:
            changed = {k: v for k, v in data.items() if getattr(existing, k) != v}
            if changed:
                batch.updates.append((member_number, changed))
            else:
                batch.unchanged += 1
        if title:
            key = (existing.pk if existing else None, position_unit.pk, title, start)
            if existing is None or key not in self.held:
                batch.positions.append(
                    {
                        "member_number": member_number,
                        "unit_id": position_unit.pk,
                        "title": title,
                        "started_on": start,
                        "ended_on": end,
                    }
                )


YES = {"x", "co", "yes", "1", "true", "dang vien", "dv"}
NO = {"", "khong", "no", "0", "false"}


def _yes_no(row, column) -> bool | None:
    """A yes/no cell as offices fill it in: "x", "Có", "Đảng viên", 1 — or empty, "Không", 0."""
    key = search_key(row.text(column))
    if key in YES:
        return True
    if key not in NO:
        row.error(column, _("write Có or leave it empty."))
    return False


class UnitNames:
    """Units named as an office names them — "Chi đoàn ấp 1", or with the units above it, "Xã Tân Hải / Chi đoàn
    ấp 1" — among the units the importer manages, without diacritics or case mattering. Read once per file."""

    SEPARATORS = re.compile(r"\s*(?:/|›|>|\\)\s*")

    def __init__(self, by):
        units = list(UNITS.visible(by, Unit.objects, "manage").only("pk", "name", "path", "depth", "is_active"))
        self.by_key: dict[str, list[Unit]] = {}
        self.by_path = {unit.path: unit for unit in units}
        for unit in units:
            self.by_key.setdefault(search_key(unit.name), []).append(unit)

    def _above(self, unit: Unit) -> list[str]:
        found, path = [], unit.path
        while len(path) > Unit.steplen:
            path = path[: -Unit.steplen]
            if path in self.by_path:
                found.append(search_key(self.by_path[path].name))
        return found

    def find(self, row, column, label: str) -> Unit | None:
        parts = [search_key(part) for part in self.SEPARATORS.split(label.strip()) if part.strip()]
        candidates = self.by_key.get(parts[-1], []) if parts else []
        for above in reversed(parts[:-1]):
            candidates = [unit for unit in candidates if above in self._above(unit)]
        live = [unit for unit in candidates if unit.is_active] or candidates
        if len(live) == 1:
            return live[0]
        if not live:
            row.error(column, _("no unit named “%(name)s” among the units you manage.") % {"name": label})
        else:
            row.error(
                column,
                _("“%(name)s” names %(n)d units: write it with the unit above, e.g. “Xã A / %(last)s”.")
                % {"name": label, "n": len(live), "last": label.split("/")[-1].strip()},
            )
        return None


def _write_people(batch: Batch, by) -> None:
    services.people_upsert_many(
        by=by, creates=batch.creates, updates=batch.updates, positions=batch.positions, reason=str(REASON)
    )


PLANNERS = {"units": plan_units, "people": plan_people}
WRITERS = {"units": _write_units, "people": _write_people}


@transaction.atomic
def import_rows(kind: str, headers: list[str], rows, by) -> ImportPlan:
    """Check and write the rows batch by batch, in one transaction: every row, or none (ImportRefused, with the
    plan and its errors, when any row fails; the batches written before it are rolled back)."""
    plan = PLANNERS[kind](headers, rows, by, write=lambda batch: WRITERS[kind](batch, by))
    if not plan.ok:
        raise ImportRefused(plan)
    return plan
