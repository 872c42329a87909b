"""Naming a province or a former district in free text, for postings and plans held above the commune."""

import pytest

from cadre.core.places import AddressError
from cadre.geo.models import LegacyDistrict
from cadre.geo.services import find_unit

pytestmark = pytest.mark.usefixtures("geography")


def test_every_former_district_is_found_by_its_full_name():
    wrong = []
    for code, name, province in LegacyDistrict.objects.values_list("code", "name", "province__name"):
        try:
            found = find_unit(f"{name}, {province}", "district").code
        except AddressError as error:
            found = error.reason
        if found != code:
            wrong.append((name, province, found))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hải Phòng", "Thành phố Hải Phòng"),
        ("Tỉnh Hải Dương", "Thành phố Hải Phòng"),  # a former province gives the one it went into
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ],
)
def test_a_province_is_found_by_its_new_or_former_name(text, expected):
    assert find_unit(text, "province").name == expected


def test_the_type_word_decides_between_a_district_and_a_town_of_one_name():
    assert find_unit("Huyện Kỳ Anh, Tỉnh Hà Tĩnh", "district").kind == "huyen"
    assert find_unit("Thị xã Kỳ Anh, Hà Tĩnh", "district").kind == "thi_xa"
    with pytest.raises(AddressError) as error:
        find_unit("Kỳ Anh, Hà Tĩnh", "district")
    assert error.value.reason == "ambiguous" and len(error.value.candidates) == 2


def test_an_unknown_unit_is_a_clear_error():
    with pytest.raises(AddressError) as error:
        find_unit("Huyện Không Có, Hải Dương", "district")
    assert "former district" in error.value.message_en
