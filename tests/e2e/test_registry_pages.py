"""Staff sign in, narrow the officials list to one province and open a person's page, in a real Chromium."""

import pytest

from tests.e2e.conftest import wait_until
from tests.people.factories import three_people
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(transactional_db, geography):
    make_user()
    three_people()
    return "canbo", "mat-khau-dai-123"


def test_filter_the_officials_by_province_and_open_a_persons_page(live_server, page, shot, officer):
    page.goto(f"{live_server.url}/people/")
    page.fill("input[name=username]", officer[0])
    page.fill("input[name=password]", officer[1])
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")
    assert page.locator("h1").inner_text() == "Cán bộ, công chức"  # back to the page asked for
    assert page.locator(".result-count").inner_text() == "3 kết quả"

    page.select_option("select[name=province]", label="Thành phố Hà Nội")  # htmx re-renders the table
    wait_until(page, "document.querySelector('.result-count').innerText === '1 kết quả'")
    table = page.locator("#results table").inner_text()
    assert "Trần Thị Bình" in table and "Nguyễn Văn An" not in table
    assert "province=01" in page.url and "province=01" in page.locator("#export-link").get_attribute("href")
    shot(page, "1-filtered")

    with page.expect_navigation():
        page.click("text=Trần Thị Bình")
    assert page.locator("h1").inner_text() == "Trần Thị Bình"
    assert page.locator("#retirement-date").inner_text() == "31/01/2040"
    assert "Chủ tịch UBND" in page.locator("#history").inner_text()
    assert "miễn nhiệm" in page.locator("#rules").inner_text()
    shot(page, "2-person")
