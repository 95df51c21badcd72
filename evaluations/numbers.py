"""A document number (số và ký hiệu) is one body's, once a year: "126-QĐ/HĐTN" of Huyện đoàn Phú Tân in 2022 is
one decision, whether it commends seven cadres or rates two hundred. Numbers are compared as the guide writes them
but without the spacing and case that vary ("126 - QĐ/HĐTN" is the same number)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.models import Closing, Document
from organizations.models import Unit

from .models import Commendation, Evaluation


def _same(number: str) -> str:
    return "".join(number.split()).upper()


def number_taken(unit: Unit, number: str, day: date, *, decision: bool = False, but_commendation=None) -> bool:
    """Whether `unit` already used `number` in `day`'s year for another document: another day's decision, a
    report, a plan. With `decision`, the same number on the same day is the same decision (more names on it);
    `but_commendation`: the commendation being edited, which does not count against itself."""
    wanted = _same(number)
    if not wanted:
        return False
    year = day.year
    used: list[tuple[str, date]] = []
    used += Document.objects.filter(issuing_unit=unit, issued_on__year=year).values_list("number", "issued_on")
    used += Closing.objects.filter(campaign__organizer=unit, closed_on__year=year).values_list(
        "report_number", "closed_on"
    )
    used += (
        Commendation.objects.filter(issuing_unit=unit, decision_date__year=year)
        .exclude(pk=but_commendation)
        .values_list("decision_number", "decision_date")
    )
    used += Evaluation.objects.filter(deciding_unit=unit, decision_date__year=year).values_list(
        "decision_number", "decision_date"
    )
    return any(_same(other) == wanted and not (decision and other_day == day) for other, other_day in used)


def require_number_free(unit: Unit, number: str, day: date, *, decision: bool = False) -> None:
    if number_taken(unit, number, day, decision=decision):
        raise ValidationError(
            _("%(unit)s already used the number %(number)s in %(year)s for another document.")
            % {"unit": unit.name, "number": number, "year": day.year},
            code="number_taken",
        )
