"""Members' results of a campaign, flat: one row per member — member number, full name, date of birth, the unit
they belonged to then, registered or not (and đoàn viên ưu tú), the year-end level, the commendation — for the
office to carry into the national member software's yearly rating without retyping.

The columns are a profile: a list of (header, field) in the order a receiving template wants. RESULTS_PROFILE is
the portal's own; another template is another list. Who counts is who belonged to the root's subtree on the
report's day (organizations.Membership), plus anyone with a sheet there.
"""

import csv
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Commendation, Evaluation, Stage
from organizations.models import Membership, Person, Unit
from registrations.models import Registration
from registrations.models import Status as RegistrationStatus

from .coverage import EVERYONE, Cut, Frame

# Imported again as it is (organizations.columns pairs its headers), it changes nothing: the unit's code is there.
RESULTS_PROFILE = [
    (gettext_lazy("Member number"), "member_number"),
    (gettext_lazy("Full name"), "full_name"),
    (gettext_lazy("Date of birth"), "birth_date"),
    (gettext_lazy("Unit"), "unit"),
    (gettext_lazy("Home unit code"), "unit_code"),
    (gettext_lazy("Registered"), "registered"),
    (gettext_lazy("Excellent member"), "excellent_member"),
    (gettext_lazy("Year-end level"), "level"),
    (gettext_lazy("Commendation"), "commendation"),
]


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


def write_member_results_csv(campaign, root, target, on: date | None = None, profile=RESULTS_PROFILE) -> int:
    """The same rows as a CSV file in UTF-8 with a byte-order mark (Excel opens it with its diacritics), dates
    dd/mm/yyyy. Returns the number of rows."""
    _frame, rows = member_results(campaign, root, on)
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([str(header) for header, _field in profile])
        for row in rows:
            writer.writerow(
                [f"{row[field]:%d/%m/%Y}" if isinstance(row[field], date) else row[field] for _header, field in profile]
            )
    return len(rows)
