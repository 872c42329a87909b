"""The normaliser's reading rules, on a tiny hand-made gazetteer whose every answer is known."""

import pytest

from cadre.core.place_names import fold
from cadre.core.places import AddressError, Gazetteer, Place


def _gazetteer() -> Gazetteer:
    p = lambda *a: Place(*a)  # noqa: E731
    places = [
        # new units
        p("31", "Thành phố Hải Phòng", "thanh_pho", "province", False),
        p("01", "Thành phố Hà Nội", "thanh_pho", "province", False, None, ("hn",)),
        p("10525", "Phường Hải Dương", "phuong", "commune", False, "31"),
        p("10532", "Phường Lê Thanh Nghị", "phuong", "commune", False, "31"),
        p("11113", "Xã Tân Kỳ", "xa", "commune", False, "31"),
        p("00097", "Phường Hồng Hà", "phuong", "commune", False, "01"),
        # old units
        p("30", "Tỉnh Hải Dương", "tinh", "province", True, "31"),
        p("288", "Thành phố Hải Dương", "thanh_pho", "district", True, "30"),
        p("298", "Huyện Tứ Kỳ", "huyen", "district", True, "30"),
        p("10531", "Phường Thanh Bình", "phuong", "commune", True, "288"),
        p("11122", "Xã Dân An", "xa", "commune", True, "298", ("xadanchu", "danchu")),
        p("11200", "Xã Thanh Bình", "xa", "commune", True, "298"),
        p("11201", "Xã Kỳ Sơn", "xa", "commune", True, "298"),
        p("11202", "Xã Kỳ Sờn", "xa", "commune", True, "298"),
    ]
    links = {
        "10531": ["10532"],
        "11122": ["11113"],
        "11200": ["11113", "10525"],
        "11201": ["11113"],
        "11202": ["10525"],
    }
    return Gazetteer(places, links)


@pytest.fixture(scope="module")
def index():
    return _gazetteer()


def test_fold_strips_case_diacritics_and_punctuation():
    assert fold("  Thành phố Hải Dương ") == "thanh pho hai duong"
    assert fold("TP.Hồ Chí Minh") == "tp ho chi minh"
    assert fold("Đắk Lắk") == "dak lak"


@pytest.mark.parametrize(
    "address",
    [
        "P. Thanh Binh, TP Hai Duong",
        "Phường Thanh Bình, Thành phố Hải Dương, Tỉnh Hải Dương",
        "phuong thanh binh - tp hai duong",
        "Thanh Bình (TP Hải Dương)",
        "P.Thanh Bình, TP.Hải Dương, Việt Nam",
    ],
)
def test_old_address_variants_reach_the_same_new_ward(index, address):
    placed = index.normalize(address)
    assert (placed.commune.code, placed.province.code) == ("10532", "31")
    assert placed.legacy.commune.code == "10531" and placed.legacy.district.code == "288"


def test_new_address_has_no_legacy_part(index):
    placed = index.normalize("Số 5 phố Huế, Phường Hồng Hà, HN")
    assert placed.commune.code == "00097" and placed.legacy is None


def test_split_commune_goes_to_its_default_and_lists_all(index):
    placed = index.normalize("Xã Thanh Bình, Huyện Tứ Kỳ, Tỉnh Hải Dương")
    assert placed.commune.code == "11113"
    assert placed.legacy.as_dict()["new_commune_codes"] == ["11113", "10525"]
    assert placed.legacy.as_dict()["split"] is True


def test_former_name_is_followed_and_flagged(index):
    placed = index.normalize("Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương")
    assert placed.legacy.commune.code == "11122" and placed.commune.code == "11113"
    assert placed.legacy.via_former_name is True


def test_old_district_under_the_new_province_name(index):
    assert index.normalize("Xã Dân An, Huyện Tứ Kỳ, Thành phố Hải Phòng").commune.code == "11113"


def test_diacritics_break_a_tie_between_names_that_fold_alike(index):
    assert index.normalize("Xã Kỳ Sờn, Huyện Tứ Kỳ, Hải Dương").legacy.commune.code == "11202"
    assert index.normalize("Xã Kỳ Sơn, Huyện Tứ Kỳ, Hải Dương").legacy.commune.code == "11201"
    with pytest.raises(AddressError) as error:
        index.normalize("Xa Ky Son, Huyen Tu Ky, Hai Duong")
    assert error.value.reason == "ambiguous" and len(error.value.candidates) == 2


def test_a_name_in_two_districts_is_ambiguous_not_guessed(index):
    with pytest.raises(AddressError) as error:
        index.normalize("Thanh Bình, Tỉnh Hải Dương")
    assert error.value.reason == "ambiguous"
    assert "Huyện Tứ Kỳ" in error.value.message_vi and "Thành phố Hải Dương" in error.value.message_en


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("", "empty"),
        ("   ,  , Việt Nam", "empty"),
        ("hello world", "unknown"),
        ("Tỉnh Hải Dương", "no_commune"),
        ("Xã Không Có, Tỉnh Hải Dương", "unknown"),
        ("Huyện Tứ Kỳ, Tỉnh Hải Dương", "no_commune"),
    ],
)
def test_unplaceable_addresses_raise_with_both_languages(index, address, reason):
    with pytest.raises(AddressError) as error:
        index.normalize(address)
    assert error.value.reason == reason
    assert (
        error.value.message_vi and error.value.message_en and error.value.message_vi != error.value.message_en
    )


def test_a_province_word_never_matches_a_commune_of_that_name(index):
    # "Phường Hải Dương" exists, but "Tỉnh Hải Dương" names the old province, not that ward.
    with pytest.raises(AddressError):
        index.normalize("Tỉnh Hải Dương")
