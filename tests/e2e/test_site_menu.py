"""The top menu in a real Chromium: on a phone (390 × 844) it folds behind "Trình đơn" and opens with a tap, with
sign-out inside; on an office screen (1366 × 768) it is all there at once. The refusal page is a page of the site.
Screenshots in test-artifacts/."""

import pytest

from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-dai-123"


@pytest.fixture
def standing(transactional_db, geography):
    make_user("btv", role="standing_member", scope="31")


def signed_in(browser, live_server, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "btv")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")
    return context, page


def test_on_a_phone_the_menu_folds_and_opens_with_a_tap(browser, live_server, shot, standing):
    context, page = signed_in(browser, live_server, (390, 844))
    plans = page.locator("header a[href='/plans/']")
    logout = page.locator("header form[action='/logout/'] button")
    assert not plans.is_visible() and not logout.is_visible()
    shot(page, "390-folded")
    page.click("label[for=menu-toggle]")
    assert plans.is_visible() and logout.is_visible()
    assert page.locator("header a[href='/people/exits/']").is_visible()
    assert (
        page.locator("header a[href='/people/import/']").count() == 0
    )  # the Standing Committee imports nothing
    shot(page, "390-open")
    with page.expect_navigation():
        logout.click()
    assert "/login/" in page.url
    context.close()


def test_on_an_office_screen_the_menu_is_open_and_a_refusal_keeps_it(browser, live_server, shot, standing):
    context, page = signed_in(browser, live_server, (1366, 768))
    assert not page.locator("label[for=menu-toggle]").is_visible()
    assert page.locator("header a[href='/plans/']").is_visible()
    response = page.goto(f"{live_server.url}/people/import/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Không có quyền mở trang này"
    assert page.locator("header a[href='/plans/']").is_visible() and "Forbidden" not in page.content()
    shot(page, "1366-refused")
    with page.expect_navigation():
        page.click("main a:has-text('Về trang chủ')")
    assert page.url == f"{live_server.url}/"
    context.close()
