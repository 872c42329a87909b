"""A person signs in and looks a commune up, in a real headless Chromium."""

import pytest

from tests.e2e.conftest import wait_until
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(transactional_db, geography):
    make_user()
    return "canbo", "mat-khau-dai-123"


def test_sign_in_search_and_filter_in_vietnamese(live_server, page, shot, officer):
    page.goto(f"{live_server.url}/geo/communes/")
    assert page.locator("html").get_attribute("lang") == "vi"  # the browser asks for English; Vietnamese wins
    assert page.locator("h1").inner_text() == "Đăng nhập Cadre"
    shot(page, "1-login")

    page.fill("input[name=username]", officer[0])
    page.fill("input[name=password]", officer[1])
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")
    assert page.locator("h1").inner_text() == "Xã, phường, đặc khu"
    assert page.locator(".result-count").inner_text() == "3321 kết quả"

    # htmx re-renders the table as the user types; the communes that took in a former Thanh Bình count too
    page.fill("input[name=q]", "thanh binh")
    wait_until(page, "document.querySelector('.result-count').innerText === '23 kết quả'")
    assert "Xã Thanh Bình" in page.locator("#results table").inner_text()
    assert "q=thanh" in page.url
    shot(page, "2-search")

    # Xã Thanh Bình, and the communes of the former Huyện Thanh Bình (Đồng Tháp)
    page.select_option("select[name=province]", label="Tỉnh Đồng Tháp")
    wait_until(page, "document.querySelector('.result-count').innerText === '6 kết quả'")
    assert "30130" in page.locator("#results table").inner_text()
    shot(page, "3-filter")


def test_switch_to_english(live_server, page, shot, officer):
    page.goto(f"{live_server.url}/login/")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "Log in to Cadre"
    page.fill("input[name=username]", officer[0])
    page.fill("input[name=password]", officer[1])
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")
    page.goto(f"{live_server.url}/geo/")
    assert page.locator("h1").inner_text() == "Provinces"
    assert "in force from 01/07/2025" in page.locator("footer").inner_text()
    shot(page, "english")
