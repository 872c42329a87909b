"""The geography pages as a user meets them: login first, Vietnamese, search and filter."""

import re

import pytest
from django.urls import reverse

from tests.users import make_user

PAGES = ["geo:province_list", "geo:commune_list", "dashboard:home"]


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def signed_in(client, user, geography):
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_vietnamese_even_for_an_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html and "Đăng nhập" in html and "Mật khẩu" in html


def test_logging_in_with_the_form_opens_the_page_asked_for(client, user, geography):
    target = reverse("geo:commune_list")
    page = client.post(
        reverse("login"), {"username": "canbo", "password": "mat-khau-dai-123", "next": target}
    )
    assert page.status_code == 302 and page["Location"] == target
    wrong = client.post(reverse("login"), {"username": "canbo", "password": "sai"})
    assert "Sai tên đăng nhập hoặc mật khẩu" in wrong.content.decode()


def test_province_page_lists_34_in_vietnamese_with_dates_day_first(signed_in):
    html = signed_in.get(reverse("geo:province_list")).content.decode()
    assert "<h1>Tỉnh, thành phố</h1>" in html
    assert "34 kết quả" in html and "Thành phố Hải Phòng" in html
    assert ">3.195<" in html  # Hải Phòng's 3,194.72 km², grouped the Vietnamese way
    assert "hiệu lực từ 01/07/2025" in html
    assert re.search(r"nạp lúc \d\d/\d\d/\d{4} \d\d:\d\d", html)


def test_search_ignores_diacritics_and_case(signed_in):
    html = signed_in.get(reverse("geo:commune_list"), {"q": "THANH binh"}).content.decode()
    assert "Xã Thanh Bình" in html and "Xã Thạnh Bình" in html
    assert "Phường Hồng Hà" not in html


def test_filter_by_province_and_type(signed_in):
    html = signed_in.get(reverse("geo:commune_list"), {"province": "31", "kind": "dac_khu"}).content.decode()
    assert "2 kết quả" in html and "Đặc khu Bạch Long Vĩ" in html and "Đặc khu Cát Hải" in html
    assert "Tỉnh/thành phố<select" in html  # the filter is labelled for cities too


def test_an_unknown_province_in_the_filter_is_reported_not_crashed(signed_in):
    response = signed_in.get(reverse("geo:commune_list"), {"province": "99"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 kết quả" in html and "Không có kết quả phù hợp" in html
    assert 'class="field-error"' in html


def test_htmx_request_gets_only_the_table(signed_in):
    response = signed_in.get(reverse("geo:commune_list"), {"q": "hoan kiem"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    # Phường Hoàn Kiếm, and the wards that took in parts of the former Quận Hoàn Kiếm.
    assert "<html" not in html and "Phường Hoàn Kiếm" in html and "5 kết quả" in html


def test_switching_to_english_and_back(signed_in):
    signed_in.post(reverse("set_language"), {"language": "en", "next": reverse("geo:province_list")})
    html = signed_in.get(reverse("geo:province_list")).content.decode()
    assert '<html lang="en">' in html and "<h1>Provinces</h1>" in html and "34 results" in html
    assert ">3,195<" in html  # and the English way
    signed_in.post(reverse("set_language"), {"language": "vi"})
    assert "<h1>Tỉnh, thành phố</h1>" in signed_in.get(reverse("geo:province_list")).content.decode()


def test_commune_list_runs_a_fixed_number_of_queries(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        signed_in.get(reverse("geo:commune_list"), {"page": 3})
