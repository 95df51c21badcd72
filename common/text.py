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
_NUMBER = re.compile(r"\d+")


def reject_control_characters(value: str) -> None:
    """Validator: names and titles may not hide control characters (bell, escape, zero bytes…)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if value and any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        raise ValidationError(_("The text contains invisible control characters; type it again."),
                              code="control_characters")


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
            code = _DIGIT_CODE[char]
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
