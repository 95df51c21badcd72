"""Vietnamese text: normal form, diacritics-insensitive search keys and dictionary order.

Search and sort are done on stored keys, not with database functions, so SQLite and
PostgreSQL answer alike and an index serves both:

* `search_key("Nguyễn Văn Đặng")` -> "nguyen van dang": lowercase, no diacritics, đ -> d.
  A query is folded the same way and matched with `contains`.
* `collation_key("Ánh")` -> a string of digits that sorts in Vietnamese dictionary order
  (a ă â b c d đ e ê … then tones: ngang, huyền, hỏi, ngã, sắc, nặng). Digits compare the
  same in every collation, so `ORDER BY` on it is right whatever the database locale.
"""

import re
import unicodedata

# Combining marks that change the letter (ă, â, ê, ô, ơ, ư) versus those that carry the tone.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
# Two digits per letter, from 40 upward; digits of numbers 30-39; word gap 10; end of primary 00.
_LETTER_CODE = {letter: f"{40 + i:02d}" for i, letter in enumerate(_ALPHABET)}
_DIGIT_CODE = {str(d): f"{30 + d:02d}" for d in range(10)}
_WORD_GAP = "10"
_END_OF_LETTERS = "00"
_NUMBER = re.compile(r"[0-9]+")


# Characters that reorder text for display (U+202E turns "gpj.exe" around) or mark direction:
# a name or a reason never needs them, and they make e-mail subjects, pages and Excel lie.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that show nothing: removed, so a name made only of them is an empty name.
ZERO_WIDTH = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
# Line and paragraph separators other than \n: a line break where one is allowed, a space elsewhere.
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")
# The default length limit of a text without one of its own (a model TextField, say).
TEXT_MAX_LENGTH = 10_000


def _control_error():
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    return ValidationError(
        _("The text contains invisible control characters; type it again."), code="control_characters"
    )


def _is_refused(char: str) -> bool:
    """Controls (C0 but tab and line feed, DEL, C1) and direction overrides."""
    return char in BIDI_CONTROLS or (unicodedata.category(char) == "Cc" and char not in "\t\n")


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """The one rule for text people type: NFC, no invisible characters, no control characters.

    Zero-width characters are removed; controls and direction overrides are refused
    (ValidationError); a multi-line text keeps its line breaks (as \\n) and loses trailing
    spaces, a single-line text has its white space folded to single spaces.
    """
    if not value:
        return ""
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", str(value)))
    text = "".join(ch for ch in text if ch not in ZERO_WIDTH)
    if any(_is_refused(ch) for ch in text):
        raise _control_error()
    if not multiline:
        return " ".join(text.split())
    lines = [line.replace("\t", " ").rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n").strip()


def reject_control_characters(value: str) -> None:
    """Validator: names and titles may not hide control characters or direction overrides."""
    if value and any(_is_refused(ch) or ch in "\n\r" for ch in value):
        raise _control_error()


VIETNAMESE_INTEGER = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)$")


def parse_integer(value: str) -> int | None:
    """A whole number as Vietnamese write it: "1000" or "1.000" (dot groups thousands); ASCII digits only.

    None for anything else ("1,5", "1.5", "١٢", "１２", "1 000"), so the caller can refuse it.
    """
    text = str(value).strip()
    if text.startswith("-") and VIETNAMESE_INTEGER.match(text[1:]):
        return -int(text[1:].replace(".", ""))
    if not VIETNAMESE_INTEGER.match(text):
        return None
    return int(text.replace(".", ""))


_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_phone(value: str | None) -> str:
    """ "+84 912 345 678", "0912.345.678", "(0912) 345-678" -> the digits with their leading +."""
    return _PHONE_SEPARATORS.sub("", nfc(value)) if value else ""


def nfc(text: str | None) -> str:
    """The composed form (NFC) with outer and repeated inner spaces removed."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def search_key(text: str | None) -> str:
    """Lowercase text with every diacritic removed, for diacritics-insensitive search."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def _letter_and_tone(char: str) -> tuple[str, int]:
    """Split one lowercase character into its Vietnamese letter (ă, ơ…) and its tone number."""
    if char == "đ":
        return "đ", 0
    base, *marks = unicodedata.normalize("NFD", char)
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in (_BREVE, _CIRCUMFLEX, _HORN):
            base = unicodedata.normalize("NFC", base + mark)
    return base, tone


def collation_key(text: str | None) -> str:
    """A digit string whose plain order is Vietnamese dictionary order.

    Letters first (tones ignored), then, for words whose letters are equal, the tones in
    order. Numbers sort by value ("Ấp 2" before "Ấp 10").
    """
    text = _NUMBER.sub(lambda m: m.group().zfill(6), nfc(text).lower())
    letters, tones = [], []
    gap_pending = False
    for char in text:
        if char.isdigit():
            # Full-width (０-９) and Arabic-Indic digits sort as the digit they stand for.
            code = _DIGIT_CODE.get(char) or _DIGIT_CODE.get(str(unicodedata.digit(char, "")), "39")
            tone = 0
        elif char.isalpha():
            letter, tone = _letter_and_tone(char)
            code = _LETTER_CODE.get(letter)
            if code is None:  # a letter outside the Vietnamese/Latin alphabet: after z
                code = "99"
        else:
            gap_pending = bool(letters)
            continue
        if gap_pending:
            letters.append(_WORD_GAP)
            gap_pending = False
        letters.append(code)
        tones.append(str(tone))
    return "".join(letters) + _END_OF_LETTERS + "".join(tones)


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name: "Nguyễn Thị Minh Khai" -> Nguyễn / Thị Minh / Khai."""
    words = nfc(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def person_sort_key(full_name: str) -> str:
    """Order of a Vietnamese name list: by given name, then family name, then middle name."""
    family, middle, given = split_full_name(full_name)
    # "01" is below every code a collation key uses, so a shorter component sorts first.
    return "01".join(collation_key(part) for part in (given, family, middle))
