"""Office outputs in a real Chromium (issue 14, finding 6): dates typed and shown dd/mm/yyyy on an English-language
PC, the plan, a person, the staffing table and the exits list printed on A4 without menus, buttons or filters,
and the same pages on a 390-px phone with tables that scroll sideways and buttons on one line."""

import datetime as dt
import re

import pytest

from cadre.rotation.models import PlanJob
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_plan_workflow import sign_in
from tests.rotation.plans import lai_chau_plan
from tests.rotation.registry import LAI_CHAU
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(transactional_db, geography):
    from cadre.people.services import ensure_positions

    ensure_positions()  # an earlier browser test's flush empties the list of posts
    run, outsiders = lai_chau_plan()
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    make_user("quantri", role="administrator", scope="VN")
    return {
        "plan": f"/plans/{run.pk}/",
        "person": f"/people/{outsiders[0].pk}/",
        "staffing": "/staffing/",
        "exits": "/people/exits/",
    }


def test_a_date_is_typed_and_shown_day_first_on_an_english_language_pc(live_server, page, shot, office):
    """The browser says en-US (the page fixture's locale); the date still reads 05/12/2026 for 5 December,
    picked from a Vietnamese calendar, and a day that does not exist is named, not rolled over."""
    assert page.evaluate("() => navigator.language") == "en-US"
    sign_in(page, f"{live_server.url}/plans/new/", "bto")
    field = page.locator("input[name=rotation_date]")
    assert field.get_attribute("type") == "text"
    assert field.input_value() == dt.date.today().strftime("%d/%m/%Y")
    field.fill("01/12/2026")
    field.press("Enter")
    field.click()
    calendar = page.locator(".flatpickr-calendar.open")
    assert calendar.is_visible()
    month = calendar.locator(".flatpickr-monthDropdown-months option:checked").inner_text()
    assert month.strip().lower() == "tháng mười hai"
    assert calendar.locator(".cur-year").input_value() == "2026"
    assert calendar.locator(".flatpickr-weekday").first.inner_text().strip() == "T2"  # weeks start on Monday
    shot(page, "1-calendar")
    days = calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)")
    days.filter(has_text=re.compile(r"^\s*5\s*$")).click()
    assert field.input_value() == "05/12/2026"
    page.fill("input[name=target_percent]", "5")
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")
    assert PlanJob.objects.get().params["date"] == "2026-12-05"

    page.goto(f"{live_server.url}/plans/new/")
    page.fill("input[name=rotation_date]", "31/02/2026")
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")
    error = page.locator(".field-error").inner_text()
    assert "31/02/2026 không phải là ngày có thật: tháng 2 năm 2026 có 28 ngày" in error
    assert page.locator("input[name=rotation_date]").input_value() == "31/02/2026"  # as typed, to correct
    assert PlanJob.objects.count() == 1
    shot(page, "2-impossible-day")

    # The other date fields have the same calendar: the exit list's dates and a person's exit options.
    for url, name in (("/people/exits/", "leave_date"), (office["person"], "decision_date")):
        page.goto(f"{live_server.url}{url}")
        field = page.locator(f"input[name={name}]")
        assert field.get_attribute("type") == "text" and field.get_attribute("placeholder") == "dd/mm/yyyy"
        assert page.evaluate(f"() => !!document.querySelector('input[name={name}]')._flatpickr")


# What a printed page must not show: the menu, buttons, filters and form fields.
HIDDEN_IN_PRINT = (
    "body > header, nav, footer, form[role=search], .filters, main button, main [role=button], "
    "main input:not([type=hidden]), main select, main textarea, .pagination, main a[href*='/download/'], "
    "#exit-export-link"
)


def _shown(page, selector: str) -> list[str]:
    """The elements matching `selector` that the page renders (an element inside a hidden one is not)."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(e => e.getClientRects().length > 0)
            .map(e => e.outerHTML.slice(0, 120))""",
        selector,
    )


def _tables_past(page, width: int) -> list[str]:
    return page.evaluate(
        """(width) => [...document.querySelectorAll('main table')]
            .filter(t => t.getClientRects().length > 0 && t.getBoundingClientRect().right > width + 1)
            .map(t => (t.className || 'table') + ': ' + Math.round(t.getBoundingClientRect().right))""",
        width,
    )


def test_the_office_pages_print_on_a4_without_menus_buttons_or_filters(live_server, page, office):
    sign_in(page, f"{live_server.url}/", "quantri")
    # An A4 page at 96 dpi is 794 px wide; less the page's margins (12 mm each side, cadre.css) 703 px of text.
    page.set_viewport_size({"width": 703, "height": 1000})
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, url in office.items():
        page.goto(f"{live_server.url}{url}")
        assert page.locator("main h1").is_visible(), name
        assert _shown(page, HIDDEN_IN_PRINT) == [], name
        assert page.locator("main table").count() > 0, name
        assert _tables_past(page, 703) == [], name
        # ... and no column squeezed to a letter a line (the exit list once printed 81 pages that way).
        narrow = page.evaluate(
            """() => [...document.querySelectorAll('main td, main th')]
                .filter(c => c.getClientRects().length > 0 && c.textContent.trim().length > 3)
                .filter(c => c.getBoundingClientRect().width < 28)
                .map(c => c.textContent.trim().slice(0, 30))"""
        )
        assert narrow == [], name
        pdf = page.pdf(format="A4", print_background=False)
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000
        (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}{office['plan']}")
    assert _shown(page, "body > header nav") != []  # on screen the menu is there: the rule is print's alone


def test_the_office_pages_fit_a_phone(live_server, browser, office):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, f"{live_server.url}/", "quantri")
        for name, url in office.items():
            page.goto(f"{live_server.url}{url}")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            # The screen as the phone shows it (a full-page shot would lay the page out again, wider).
            page.screenshot(path=ARTIFACTS / f"phone-{name}-390x844.png")
            # Nothing in the page's body runs past the screen's edge, except inside a box that scrolls sideways.
            outside = page.evaluate(
                """() => {
                  const width = window.innerWidth;
                  const scrolls = (e) => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                      const x = getComputedStyle(p).overflowX; if (x === 'auto' || x === 'scroll') return true; }
                    return false; };
                  return [...document.querySelectorAll('main *')]
                    .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().right > width + 1)
                    .filter(e => !scrolls(e))
                    .map(e => e.tagName + '.' + e.className + ': ' + Math.round(e.getBoundingClientRect().right));
                }"""
            )
            assert outside == [], name
            wide = page.evaluate(
                """() => [...document.querySelectorAll('main table')]
                    .filter(t => t.scrollWidth > t.clientWidth + 1)
                    .map(t => getComputedStyle(t).overflowX)"""
            )
            assert all(overflow == "auto" for overflow in wide), name
            # Every button's words on one line: its text is no taller than one line.
            tall = page.evaluate(
                """() => [...document.querySelectorAll('main button, main [role=button]')]
                    .filter(b => b.getClientRects().length > 0)
                    .filter(b => { const s = getComputedStyle(b);
                      const line = parseFloat(s.lineHeight) || 1.5 * parseFloat(s.fontSize);
                      const text = b.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
                      return text > 1.5 * line; })
                    .map(b => b.textContent.trim())"""
            )
            assert tall == [], name
    finally:
        context.close()
