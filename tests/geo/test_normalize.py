"""Real addresses, old and new, written the ways people write them, placed through the database."""

import pytest

from cadre.core.places import AddressError
from cadre.geo.services import normalize_address

# (address, new commune code, new commune name, former commune code or None)
REAL_ADDRESSES = [
    # The three places the source reports name
    ("Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương", "11113", "Xã Tân Kỳ", "11122"),
    ("X. Dân Chủ, H. Tứ Kỳ, T. Hải Dương", "11113", "Xã Tân Kỳ", "11122"),
    ("xa dan chu, huyen tu ky, tinh hai duong", "11113", "Xã Tân Kỳ", "11122"),
    ("P. Thanh Binh, TP Hai Duong", "10532", "Phường Lê Thanh Nghị", "10531"),
    ("Phường Thanh Bình, Thành phố Hải Dương, Tỉnh Hải Dương", "10532", "Phường Lê Thanh Nghị", "10531"),
    ("Tân Dân, Chí Linh, Hải Dương", "10603", "Phường Lê Đại Hành", "10603"),
    ("P. Tân Dân, TP. Chí Linh, T. Hải Dương", "10603", "Phường Lê Đại Hành", "10603"),
    # a second Tân Dân ward, in Kinh Môn: the district decides
    ("Phường Tân Dân, Thị xã Kinh Môn, Tỉnh Hải Dương", "10714", "Phường Nhị Chiểu", "10699"),
    # the Hải Dương city wards still without a non-local secretary in the reports
    ("Phường Cẩm Thượng, Thành phố Hải Dương, Tỉnh Hải Dương", "10507", "Phường Thành Đông", "10507"),
    ("Phường Việt Hòa, TP Hải Dương, Hải Dương", "10543", "Phường Việt Hòa", "10543"),
    ("Xã Thạch Khôi, TP. Hải Dương", "11002", "Phường Thạch Khôi", "11002"),
    # Hồ Chí Minh City and Hà Nội, with abbreviations and without diacritics
    ("Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh", "26740", "Phường Sài Gòn", "26740"),
    ("P. Ben Nghe, Q.1, TP.HCM", "26740", "Phường Sài Gòn", "26740"),
    ("Phường 1, Quận 3, TP.HCM", "27154", "Phường Bàn Cờ", "27160"),
    ("Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội", "00070", "Phường Hoàn Kiếm", "00070"),
    ("Phuong Hang Trong, Q. Hoan Kiem, Ha Noi", "00070", "Phường Hoàn Kiếm", "00070"),
    ("Thị trấn Phong Điền, Huyện Phong Điền, TP. Cần Thơ", "31299", "Xã Phong Điền", "31299"),
    ("Xã Ea Kao, TP Buôn Ma Thuột, Đắk Lắk", "24169", "Phường Ea Kao", "24169"),
    # island districts that became special zones
    ("Huyện Lý Sơn, Tỉnh Quảng Ngãi", "21548", "Đặc khu Lý Sơn", "D536"),
    ("Huyện Côn Đảo - Tỉnh Bà Rịa - Vũng Tàu", "26732", "Đặc khu Côn Đảo", "D755"),
    # new (2025) addresses
    ("Phường Hoàn Kiếm, Thành phố Hà Nội", "00070", "Phường Hoàn Kiếm", None),
    ("Số 12 Lê Lợi, Phường Hồng Hà, TP. Hà Nội, Việt Nam", "00097", "Phường Hồng Hà", None),
    ("Phường Sài Gòn, TP Hồ Chí Minh", "26740", "Phường Sài Gòn", None),
    ("Xã Tân Kỳ, Thành phố Hải Phòng", "11113", "Xã Tân Kỳ", None),
    ("Đặc khu Côn Đảo, TP Hồ Chí Minh", "26732", "Đặc khu Côn Đảo", None),
    ("Phường Hạ Long, Tỉnh Quảng Ninh", "06688", "Phường Hạ Long", None),
]


@pytest.mark.parametrize(("address", "code", "name", "former"), REAL_ADDRESSES)
def test_real_addresses_are_placed(geography, address, code, name, former):
    placed = normalize_address(address)
    assert (placed.commune.code, placed.commune.name) == (code, name)
    assert (placed.legacy.commune.code if placed.legacy else None) == former
    assert placed.province.code == placed.commune.parent


def test_dan_chu_is_reached_through_its_former_name(geography):
    # Dân Chủ merged into Dân An before 2025, which went into Tân Kỳ: the output says so.
    legacy = normalize_address("Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương").as_dict()["legacy"]
    assert legacy["commune_name"] == "Xã Dân An" and legacy["via_former_name"] is True


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("", "empty"),
        ("asdf qwerty 123", "unknown"),
        ("Tỉnh Hải Dương", "no_commune"),
        ("Q1, TP.HCM", "no_commune"),
        ("Xã Không Có Thật, Huyện Tứ Kỳ, Tỉnh Hải Dương", "unknown"),
        ("Phường Bến Nghé, Thành phố Hà Nội", "unknown"),  # a real ward, in the wrong province
        ("Xa Hoang Phu, Huyen Hoang Hoa, Thanh Hoa", "ambiguous"),  # Hoằng Phú and Hoằng Phụ
        ("Phường 1, TP.HCM", "ambiguous"),
        ("TX. Kinh Môn, Hải Dương", "no_commune"),  # a former town, not the ward named Hải Dương
        ("Hải Dương", "no_commune"),  # a province name alone is not read as the ward of that name
    ],
)
def test_bad_addresses_get_a_clear_reason(geography, address, reason):
    with pytest.raises(AddressError) as error:
        normalize_address(address)
    assert error.value.reason == reason
