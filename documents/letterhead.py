"""The heading and signature lines of a unit's documents: the office's own letterhead, or lines made from the unit
tree ("Huyện đoàn Phú Tân" → "BCH ĐOÀN HUYỆN PHÚ TÂN" under "BCH ĐOÀN TỈNH CÀ MAU", number sign HĐTN, place
"Phú Tân"), and the place-and-date line as the guide writes it."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from organizations.models import Unit, UnitKind

from .models import Letterhead, PortalDocument

# "Huyện đoàn Phú Tân" is "Đoàn huyện Phú Tân" in a heading; other names are written as they are.
_LEVEL_NAMES = (
    (re.compile(r"^Tỉnh đoàn\s+", re.I), "Đoàn tỉnh "),
    (re.compile(r"^Thành đoàn\s+", re.I), "Đoàn thành phố "),
    (re.compile(r"^Huyện đoàn\s+", re.I), "Đoàn huyện "),
    (re.compile(r"^Thị đoàn\s+", re.I), "Đoàn thị xã "),
    (re.compile(r"^Quận đoàn\s+", re.I), "Đoàn quận "),
)
# Names that say where a unit is: the place follows the words of its level ("Đoàn xã Cái Đôi Vàm").
_PLACE_PREFIX = re.compile(
    r"^(Tỉnh đoàn|Thành đoàn|Huyện đoàn|Thị đoàn|Quận đoàn"
    r"|Đoàn (tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn))\s+",
    re.I,
)
_ISSUER_CODES = {UnitKind.PROVINCE: "TĐTN", UnitKind.DISTRICT: "HĐTN"}


def heading_name(unit: Unit) -> str:
    name = unit.name
    for pattern, replacement in _LEVEL_NAMES:
        name = pattern.sub(replacement, name)
    return f"BCH {name}".upper()


def place_of(unit: Unit) -> str:
    """Where a unit's documents are dated: its own place when its name says it, else the nearest unit above whose
    name does (a branch, a school or an agency's branch: its commune's, district's or province's)."""
    if _PLACE_PREFIX.match(unit.name):
        return _PLACE_PREFIX.sub("", unit.name).strip()
    for above in Unit.objects.filter(path__in=Unit.path_and_above(unit.path)[:-1]).order_by("-depth").only("name"):
        if _PLACE_PREFIX.match(above.name):
            return _PLACE_PREFIX.sub("", above.name).strip()
    return unit.name


def place_and_date(place: str, day: date | None) -> str:
    """The place-and-date line, "Phú Tân, ngày 05 tháng 02 năm 2022": days below 10 and the months January and
    February with a leading zero, as the rules of administrative documents ask; without a day, dots to write on."""
    if day is None:
        words = {"place": place, "day": "....", "month": "....", "year": "20...."}
        return _("%(place)s, day %(day)s month %(month)s year %(year)s") % words
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


@dataclass
class Heading:
    upper_body: str
    body: str
    issuer_code: str
    place: str
    signer_capacity: str
    signer_title: str
    signer_name: str
    recipients: list[str]

    def number(self, number: str) -> str:
        return _("No.: %(number)s") % {"number": number} if number else ""


def heading_for(unit: Unit, kind: str = PortalDocument.ALL) -> Heading:
    """The lines of `unit`'s documents of `kind`: its letterhead for that kind, else for every kind, else the tree's."""
    found = {letterhead.kind: letterhead for letterhead in Letterhead.objects.filter(unit=unit, kind__in={kind, ""})}
    letterhead = found.get(kind) or found.get("")
    if letterhead is not None:
        return Heading(
            letterhead.upper_body,
            letterhead.body,
            letterhead.issuer_code,
            letterhead.place,
            letterhead.signer_capacity,
            letterhead.signer_title,
            letterhead.signer_name,
            [line.strip() for line in letterhead.recipients.splitlines() if line.strip()],
        )
    parent = Unit.objects.get_parent(unit)
    return Heading(
        upper_body=heading_name(parent) if parent else "",
        body=heading_name(unit),
        issuer_code=_ISSUER_CODES.get(unit.kind, "ĐTN"),
        place=place_of(unit),
        signer_capacity="TM. BAN THƯỜNG VỤ" if unit.kind in _ISSUER_CODES else "TM. BAN CHẤP HÀNH",
        signer_title="BÍ THƯ",
        signer_name="",
        recipients=[_("- As above;"), _("- Filed at the office.")],
    )
