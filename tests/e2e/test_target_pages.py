"""Targets in a real Chromium, in Vietnamese: the province's Organisation Board opens its targets from the menu,
sees that no provincial target is set, sets one with its document and reason (a wrong percentage first, which
is refused), finds the change in the history, and the dashboard measures the province against it."""

import pytest

from cadre.rotation.models import ProvinceTarget
from tests.e2e.test_plan_workflow import sign_in
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAI_CHAU = "12"
DOCUMENT = "Kế hoạch số 15-KH/TU ngày 02/9/2025 của Ban Thường vụ Tỉnh ủy Lai Châu"


def test_the_board_sets_its_provinces_target(live_server, page, shot, geography):
    make_user("btc", role="board_officer", scope=LAI_CHAU)
    sign_in(page, f"{live_server.url}/", "btc")
    with page.expect_navigation():
        page.click("nav.site a[href='/plans/targets/']")
    row = page.locator(f"#targets tr[data-province='{LAI_CHAU}']")
    assert "chưa đặt chỉ tiêu" in row.inner_text()
    with page.expect_navigation():
        row.locator("a").click()
    form = page.locator("#set-target form")
    form.locator("select[name=post_type]").select_option("secretary")
    form.locator("input[name=share_percent]").fill("130")
    form.locator("input[name=valid_from]").fill("01/01/2026")
    form.locator("input[name=document]").fill(DOCUMENT)
    form.locator("textarea[name=reason]").fill("Đại hội Đảng bộ tỉnh giao chỉ tiêu")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("#set-target [role=alert]").count() >= 1
    assert not ProvinceTarget.objects.exists()
    page.locator("#set-target input[name=share_percent]").fill("35")
    with page.expect_navigation():
        page.locator("#set-target button[type=submit]").click()
    assert "Đã lưu chỉ tiêu" in page.locator(".messages").inner_text()
    assert (
        "35%" in page.locator("#in-force").inner_text() and DOCUMENT in page.locator("#in-force").inner_text()
    )
    history = page.locator("#history").inner_text()
    assert "Đại hội Đảng bộ tỉnh giao chỉ tiêu" in history and "btc" in history
    shot(page, "1-target-set")

    page.goto(f"{live_server.url}/")
    assert DOCUMENT in page.locator(f"#share-table tr[data-province='{LAI_CHAU}']").inner_text()
    shot(page, "2-dashboard")
