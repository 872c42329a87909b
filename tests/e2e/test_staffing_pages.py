"""Staffing in a real Chromium, in Vietnamese: the Department of Home Affairs officer sees the communes short and in
surplus, sets a quota with its reason, makes a transfer plan and proposes it; a Standing Committee member approves
it, and the moved accountant's page shows the new commune."""

import re

import pytest

from cadre.staffing.models import TransferPlan
from cadre.workflow.states import State
from tests.e2e.test_plan_workflow import sign_in, step
from tests.staffing.registry import HAI_PHONG, ON, accountant, near_and_far
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(transactional_db, geography):
    from cadre.people.services import ensure_positions
    from cadre.staffing.models import PositionQuota

    ensure_positions()  # an earlier browser test's flush empties the list of posts
    a, b, far = near_and_far()
    for code, quota in ((a, 1), (b, 2), (far, 1)):
        PositionQuota.objects.create(commune_id=code, position_id="cv_tai_chinh", quota=quota)
    people = [accountant("Kế Toán Một", a), accountant("Kế Toán Hai", a)]
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    make_user("btv", role="standing_member", scope=HAI_PHONG)
    return {"a": a, "b": b, "people": people}


def test_a_transfer_plan_from_the_staffing_page_to_the_registry(live_server, page, shot, province):
    sign_in(page, f"{live_server.url}/staffing/", "snv")
    assert page.locator("h1").inner_text() == "Biên chế: định mức, thừa và thiếu"
    with page.expect_navigation():
        page.click(f"a[href='/staffing/communes/{province['b']}/']")
    page.fill("input[name=population]", "21000")
    page.fill("input[name=why]", "Theo số liệu dân số năm 2026")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "Đã lưu biên chế" in page.locator(".messages").inner_text()
    shot(page, "1-staffing")

    page.goto(f"{live_server.url}/staffing/transfers/")
    page.fill("input[name=transfer_date]", ON.isoformat())
    with page.expect_navigation():
        page.click("form[action='/staffing/transfers/new/'] button[type=submit]")
    assert re.search(r"/staffing/transfers/\d+/$", page.url)
    assert page.locator("[data-figure=max-before]").inner_text() == "2"
    assert page.locator("[data-figure=max-after]").inner_text() == "1"
    assert page.locator("table.moves tbody tr").count() == 1  # one accountant evens it out
    step(page, "propose", "Điều động kế toán sang xã thiếu")
    shot(page, "2-proposed")
    page.click("header form[action='/logout/'] button")

    plan = TransferPlan.objects.get()
    sign_in(page, f"{live_server.url}/staffing/transfers/{plan.pk}/", "btv")
    step(page, "approve", "Đồng ý")
    plan.refresh_from_db()
    assert plan.state == State.APPROVED
    moved = plan.plan["moves"][0]
    page.goto(f"{live_server.url}/people/{moved['staff']}/")
    assert ON.strftime("%d/%m/%Y") not in page.locator("#history").inner_text()  # approval is not a decision
    page.goto(f"{live_server.url}/staffing/transfers/{plan.pk}/")
    step(page, "decide", "Ban hành quyết định điều động", decision="20/QĐ-UBND")
    plan.refresh_from_db()
    assert plan.state == State.DECIDED
    with page.expect_navigation():
        page.click(f"table.moves a[href='/people/{moved['staff']}/']")
    assert ON.strftime("%d/%m/%Y") in page.locator("#history").inner_text()
    shot(page, "3-moved")


def test_the_ministry_opens_a_province_from_the_national_summary(live_server, page, shot, province):
    make_user("bo", role="ministry_viewer", scope="VN")
    sign_in(page, f"{live_server.url}/staffing/", "bo")
    assert page.locator("tr[data-province]").count() == 34
    assert page.locator("tr[data-commune]").count() == 0
    row = page.locator(f"tr[data-province='{HAI_PHONG}']")
    assert "Chuyên viên lĩnh vực tài chính (−3)" in row.inner_text()  # B two short and the far one one short
    assert "Chuyên viên lĩnh vực tài chính (+1)" in row.inner_text()  # A one over
    shot(page, "national")
    with page.expect_navigation():
        row.locator("a").click()
    assert page.url.endswith(f"/staffing/?province={HAI_PHONG}")
    assert page.locator(f"tr[data-commune='{province['b']}']").count() == 1
    assert page.locator("tr[data-province]").count() == 0
    with page.expect_navigation():
        page.click("#all-provinces")
    assert page.locator("tr[data-province]").count() == 34
