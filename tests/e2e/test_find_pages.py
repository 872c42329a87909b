"""Finding things in a real Chromium, in Vietnamese: the Organisation Board officer types a former district's
name into the officials list's commune box and pages through the result with a smaller page size; the Department
of Home Affairs presses "propose" on a transfer plan and the page says it is working, with no second press."""

import datetime as dt

import pytest

from cadre.geo.models import Commune, LegacyCommuneLink
from cadre.staffing.services import run_transfers
from tests.e2e.conftest import wait_until
from tests.e2e.test_plan_workflow import sign_in
from tests.people.factories import make_official, post
from tests.staffing.registry import HAI_PHONG, ON, accountant, near_and_far
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tu_ky(transactional_db, geography):
    from cadre.people.services import ensure_positions

    ensure_positions()  # an earlier browser test's flush empties the list of posts
    inside = sorted(
        set(
            LegacyCommuneLink.objects.filter(legacy_commune__district__name="Huyện Tứ Kỳ").values_list(
                "commune_id", flat=True
            )
        )
    )
    elsewhere = (
        Commune.objects.filter(province_id=HAI_PHONG).exclude(code__in=inside).order_by("code")[0].code
    )
    for number in range(30):
        official = make_official(f"Cán Bộ Tứ Kỳ {number:02d}")
        post(official, "cv_van_phong", commune=inside[number % len(inside)], start=dt.date(2020, 1, 1))
    for number in range(5):
        official = make_official(f"Cán Bộ Nơi Khác {number}")
        post(official, "cv_van_phong", commune=elsewhere, start=dt.date(2020, 1, 1))
    make_user("bto", role="board_officer", scope=HAI_PHONG)


def names(page) -> list[str]:
    return page.locator("#results tbody tr td:first-child").all_inner_texts()


def test_typing_a_former_districts_name_and_paging_through_the_officials(live_server, page, shot, tu_ky):
    sign_in(page, f"{live_server.url}/people/", "bto")
    assert page.locator("#results .result-count").inner_text() == "35 kết quả"
    box = page.locator("input[name=commune]")
    assert box.get_attribute("list")  # the names to pick from, as the user types
    assert page.locator("select[name=province] option").all_inner_texts() == ["Tất cả", "Thành phố Hải Phòng"]
    box.type("tu ky")  # as typed on an office keyboard without Vietnamese input
    wait_until(page, "document.querySelector('#results .result-count').innerText === '30 kết quả'")
    assert all("Tứ Kỳ" in name for name in names(page))
    page.select_option("select[name=per_page]", "25")
    wait_until(page, "document.querySelectorAll('#results tbody tr').length === 25")
    shot(page, "1-typed")
    with page.expect_navigation():
        page.click("#results nav a[rel=next]")
    assert "page=2" in page.url and "per_page=25" in page.url and "commune=tu+ky" in page.url
    assert len(names(page)) == 5 and all("Tứ Kỳ" in name for name in names(page))
    assert page.locator("#results nav [aria-current=page]").inner_text() == "2"
    shot(page, "2-page-two")


@pytest.fixture
def transfer(transactional_db, geography):
    from cadre.people.services import ensure_positions
    from cadre.staffing.models import PositionQuota

    ensure_positions()
    a, b, _far = near_and_far()
    for code, quota in ((a, 1), (b, 2)):
        PositionQuota.objects.create(commune_id=code, position_id="cv_tai_chinh", quota=quota)
    accountant("Kế Toán Một", a), accountant("Kế Toán Hai", a)
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    return run_transfers(HAI_PHONG, ON)


def test_a_long_workflow_step_shows_it_is_working_and_cannot_be_sent_twice(live_server, page, shot, transfer):
    sign_in(page, f"{live_server.url}/staffing/transfers/{transfer.pk}/", "snv")
    assert page.locator("#busy-note").is_hidden()
    # The server "still working": each submission is counted and kept from leaving the page (a listener added
    # after the page's own, so the page reacts to the submission as it would to a real one).
    page.evaluate(
        "() => { window.sent = 0; document.addEventListener('submit', e => { window.sent++; e.preventDefault(); }); }"
    )
    form = page.locator("form[action$='/step/propose/']")
    form.locator("textarea[name=reason]").fill("Điều động kế toán")
    form.locator("button[type=submit]").click()
    wait_until(page, "!document.querySelector('#busy-note').hidden")
    assert "Đang xử lý" in page.locator("#busy-note").inner_text()
    button = form.locator("button[type=submit]")
    assert button.is_disabled() and button.get_attribute("aria-busy") == "true"
    shot(page, "working")
    button.click(force=True)  # a second press does nothing
    assert page.evaluate("() => window.sent") == 1
