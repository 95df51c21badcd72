"""Members' results of a campaign, flat: one row per member — member number, full name, date of birth, the unit
they belonged to then, registered or not (and đoàn viên ưu tú), the year-end level, the commendation — for the
office to carry into the national member software's yearly rating without retyping.

The columns are a profile: a list of (header, field) in the order a receiving template wants. RESULTS_PROFILE is
the portal's own; an office keeps others as column profiles (reports.models.ColumnProfile, kind "results"). Who
counts is who belonged to the root's subtree on the report's day (organizations.Membership), plus anyone with a
sheet there.
"""

import csv
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.text import search_key
from evaluations.models import Commendation, Evaluation, Stage
from organizations.columns import column_lines
from organizations.models import Membership, Person, Unit
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from .coverage import EVERYONE, Cut, Frame

# What a row holds, with the header the portal writes for it. Imported again as it is (organizations.columns pairs
# its headers), the portal's own file changes nothing: the unit's code is there.
RESULT_FIELDS = {
    "member_number": gettext_lazy("Member number"),
    "full_name": gettext_lazy("Full name"),
    "birth_date": gettext_lazy("Date of birth"),
    "unit": gettext_lazy("Unit"),
    "unit_code": gettext_lazy("Home unit code"),
    "registered": gettext_lazy("Registered"),
    "excellent_member": gettext_lazy("Excellent member"),
    "level": gettext_lazy("Year-end level"),
    "commendation": gettext_lazy("Commendation"),
}
RESULTS_PROFILE = list(zip(RESULT_FIELDS.values(), RESULT_FIELDS.keys(), strict=True))


def columns_of(profile=None) -> list[tuple[str, str]]:
    """(header, field) in the order to write: an office's saved profile of kind "results", or the portal's own."""
    if profile is None:
        return [(str(header), field) for header, field in RESULTS_PROFILE]
    return [(header, field) for header, field in profile.mapping]


def result_columns(text: str) -> list[list[str]]:
    """An office's columns written one a line, "Header = field" (the field by its name as the portal writes it,
    diacritics and case aside, or by its key), as [[header, field], …] (organizations.columns.column_lines)."""
    known = {search_key(str(label)): field for field, label in RESULT_FIELDS.items()}
    known |= {search_key(field): field for field in RESULT_FIELDS}
    said = ", ".join(str(label) for label in RESULT_FIELDS.values())
    return [[header, field] for header, field in column_lines(text, lambda name: known.get(search_key(name)), said)]


def member_results(campaign, root, on: date | None = None, cut: Cut = EVERYONE) -> tuple[Frame, list[dict]]:
    """The rows, in the tree's order then the Vietnamese order of names: a fixed number of queries."""
    frame = Frame.of(campaign, root, on, cut)
    ids = set(frame.ids())
    unit_of = dict(Membership.objects.as_of(frame.on).filter(unit_id__in=ids).values_list("person_id", "unit_id"))
    sheets = {
        person_id: (unit_id, status, excellent)
        for person_id, unit_id, status, excellent in Registration.objects.filter(
            campaign=campaign, unit_id__in=ids
        ).values_list("person_id", "unit_id", "status", "excellent_member")
    }
    for person_id, (unit_id, _status, _excellent) in sheets.items():
        unit_of.setdefault(person_id, unit_id)
    levels = dict(
        Evaluation.objects.filter(registration__campaign=campaign, stage=Stage.DECIDED)
        .filter(registration__person_id__in=list(unit_of))
        .values_list("registration__person_id", "final_level__name")
    )
    forms = dict(Commendation._meta.get_field("form").choices)
    commendations = {
        person_id: f"{forms.get(form, form)} ({number})"
        for person_id, form, number in Commendation.objects.filter(
            campaign=campaign, person_id__in=list(unit_of)
        ).values_list("person_id", "form", "decision_number")
    }
    order = {pk: index for index, (pk, _depth) in enumerate(frame.walk())}
    codes = dict(Unit.objects.filter(pk__in=set(unit_of.values())).values_list("pk", "code"))
    people = Person.objects.filter(pk__in=list(unit_of)).values_list(
        "pk", "member_number", "full_name", "birth_date", "sort_key"
    )
    rows = []
    for pk, number, name, birth, sort_key in people:
        unit_id = unit_of[pk]
        sheet = sheets.get(pk)
        sent = bool(sheet) and sheet[1] not in (RegistrationStatus.DRAFT,)
        rows.append(
            {
                "member_number": number or "",
                "full_name": name,
                "birth_date": birth,
                # With the units above it below the report's root ("Đoàn xã A / Chi đoàn khóm 1"): many units share
                # a name, and the import finds a unit by this path.
                "unit": " / ".join(frame.tree.path_names(unit_id, below=frame.root.pk)) or frame.tree.name(unit_id),
                "unit_code": codes.get(unit_id, ""),
                "registered": _("Yes") if sent else _("No"),
                "excellent_member": _("Yes") if sheet and sheet[2] else "",
                "level": levels.get(pk, ""),
                "commendation": commendations.get(pk, ""),
                "_order": (order.get(unit_id, len(order)), sort_key, pk),
            }
        )
    rows.sort(key=lambda row: row["_order"])
    return frame, rows


def write_member_results_csv(campaign, root, target, on: date | None = None, profile=None) -> int:
    """The same rows as a CSV file in UTF-8 with a byte-order mark (Excel opens it with its diacritics), dates
    dd/mm/yyyy, in the columns of `profile` (a ColumnProfile of kind "results"; None: the portal's own). Returns
    the number of rows."""
    _frame, rows = member_results(campaign, root, on)
    profile = columns_of(profile)
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([header for header, _field in profile])
        for row in rows:
            writer.writerow(
                [f"{row[field]:%d/%m/%Y}" if isinstance(row[field], date) else row[field] for _header, field in profile]
            )
    return len(rows)
