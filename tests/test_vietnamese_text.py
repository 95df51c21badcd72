import unicodedata

import pytest
from django.core.exceptions import ValidationError

from common.text import clean_text, collation_key, nfc, normalize_phone, parse_integer, person_sort_key, search_key
from organizations.models import Person


def test_search_key_drops_diacritics_case_and_d_stroke():
    assert search_key("Nguyễn Văn Đặng") == "nguyen van dang"
    assert search_key("  ĐOÀN   xã  ") == "doan xa"


def test_nfd_input_is_stored_as_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"
    assert nfc(decomposed) == "Nguyễn Thị Ánh"


def test_letters_follow_the_vietnamese_alphabet():
    words = ["đa", "da", "ân", "ăn", "an", "ơn", "ôn", "on", "ưa", "ua", "ba"]
    assert sorted(words, key=collation_key) == ["an", "ăn", "ân", "ba", "da", "đa", "on", "ôn", "ơn", "ua", "ưa"]


def test_tones_break_ties_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    words = ["ạnh", "ánh", "ãnh", "ảnh", "ành", "anh"]
    assert sorted(words, key=collation_key) == ["anh", "ành", "ảnh", "ãnh", "ánh", "ạnh"]


def test_letters_before_tones_and_numbers_by_value():
    assert sorted(["Ánh", "Anhx", "Anh"], key=collation_key) == ["Anh", "Ánh", "Anhx"]
    assert sorted(["Ấp 10", "Ấp 2", "Ấp 1"], key=collation_key) == ["Ấp 1", "Ấp 2", "Ấp 10"]


def test_people_sort_by_given_name_then_family_name():
    names = ["Trần Thị Ánh", "Lê Văn Anh", "Nguyễn Văn An", "Đặng Văn Anh", "Bùi Thị Bích"]
    assert sorted(names, key=person_sort_key) == [
        "Nguyễn Văn An",
        "Đặng Văn Anh",
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Bùi Thị Bích",
    ]


@pytest.mark.django_db
def test_database_search_and_order_agree_on_any_backend(world):
    for name in ["Đặng Văn Anh", "Phạm Thị Ánh", "Dương Anh"]:
        Person.objects.create(full_name=unicodedata.normalize("NFD", name), home_unit=world.B2)
    found = Person.objects.search("dang").values_list("full_name", flat=True)
    assert "Đặng Văn Anh" in found and "Đặng Thị Bích" in found
    assert list(Person.objects.search("NGUYEN VAN AN").values_list("full_name", flat=True)) == ["Nguyễn Văn An"]
    nfd_query = unicodedata.normalize("NFD", "phạm thị ánh")
    assert list(Person.objects.search(nfd_query).values_list("full_name", flat=True)) == ["Phạm Thị Ánh"]
    ordered = list(Person.objects.filter(home_unit=world.B2).vietnamese_order().values_list("full_name", flat=True))
    assert ordered == ["Dương Anh", "Đặng Văn Anh", "Phạm Thị Ánh", "Đặng Thị Bích"]


# --- The cleaning rule for typed text (hardening issue, item 7) ---------------------------------


@pytest.mark.parametrize(
    "typed, multiline, stored",
    [
        ("Nguye\u0302\u0303n  Va\u0306n", False, "Nguyễn Văn"),  # NFD in, NFC out, spaces folded
        ("\u200b\u200b\u200b", False, ""),  # only zero-width: empty
        ("Lâm\u200d Thị\ufeff Hòa", False, "Lâm Thị Hòa"),
        ("Dòng một\r\nDòng hai\u2028Dòng ba  ", True, "Dòng một\nDòng hai\nDòng ba"),  # breaks kept
        ("Dòng một\r\nDòng hai", False, "Dòng một Dòng hai"),
        ("\tthụt\tlề\n\n\nxa", True, "thụt lề\n\n\nxa"),
    ],
)
def test_clean_text_keeps_what_people_meant(typed, multiline, stored):
    assert clean_text(typed, multiline=multiline) == stored


@pytest.mark.parametrize(
    "typed", ["a\x00b", "a\x1bb", "a\x7fb", "a\x08b", "a\x85b\x9b", "gpj\u202eexe", "\u2066x\u2069"]
)
def test_clean_text_refuses_controls_and_direction_overrides(typed):
    with pytest.raises(ValidationError) as error:
        clean_text(typed, multiline=True)
    assert "ký tự điều khiển" in " ".join(error.value.messages)


@pytest.mark.parametrize(
    "typed, number", [("1000", 1000), ("1.000", 1000), ("12.345.678", 12345678), ("7", 7), (" 25 ", 25), ("-5", -5)]
)
def test_whole_numbers_read_the_vietnamese_way(typed, number):
    assert parse_integer(typed) == number


@pytest.mark.parametrize("typed", ["1.5", "1,000", "1.00", "1 000", "١٢", "１２", "12a", "", "."])
def test_ambiguous_or_foreign_numbers_are_not_read(typed):
    assert parse_integer(typed) is None


def test_full_width_and_arabic_indic_digits_sort_without_error():
    assert collation_key("Ấp ２") and collation_key("Ấp ٢") and person_sort_key("Nguyễn Văn ٣")


@pytest.mark.parametrize("typed", ["+84 912 345 678", "0912.345.678", "0912-345-678", "(0912) 345 678"])
def test_phone_numbers_lose_their_separators(typed):
    assert normalize_phone(typed) in ("+84912345678", "0912345678")
