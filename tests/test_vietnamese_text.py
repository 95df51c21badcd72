import unicodedata

import pytest

from common.text import collation_key, nfc, person_sort_key, search_key
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
        "Nguyễn Văn An", "Đặng Văn Anh", "Lê Văn Anh", "Trần Thị Ánh", "Bùi Thị Bích",
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
