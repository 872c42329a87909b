"""A province officer closes past months in a real Chromium: the close page offers the next month, closing it
shows its counts (the task nobody reported counts as not done), and the province view then ranks the commune
that did its tasks on time above the one that did not, in the table and in the chart. The plan's timeline is
drawn by the vendored Gantt library, under the site's Content-Security-Policy."""

import datetime as dt

import pytest

from cadre.geo.models import Commune
from cadre.workplans import services
from tests.e2e.conftest import wait_until
from tests.workplans.registry import PASSWORD, fixture_world, task_input  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(name="communes")
def fixture_communes(world):
    """Commune A: the world's task, never reported (not done), and one done on time in February: 50%.
    Commune B: one task done on time in February: 100%."""
    done = services.create_task(
        world["plan"],
        task_input(world["other"], title="Tổng kết công tác dân vận", deadline=dt.date(2026, 2, 20)),
        user=world["leader"],
    )
    services.report_progress(
        done, user=world["leader"], percent=100, reported_on=dt.date(2026, 2, 12), past=True
    )
    plan_b = services.create_plan(
        user=world["province"],
        commune=Commune.objects.get(code=world["b"]),
        title="Kế hoạch công tác năm 2026 của xã B",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        source_kind="directive",
        source_number="05-CT/TU",
        source_date=dt.date(2025, 12, 20),
        source_body="Ban Thường vụ Thành ủy Hải Phòng",
    )
    task_b = services.create_task(
        plan_b, task_input(world["far"], deadline=dt.date(2026, 2, 20)), user=world["province"]
    )
    services.report_progress(
        task_b, user=world["province"], percent=100, reported_on=dt.date(2026, 2, 18), past=True
    )
    return world


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")


def close_next(page, month: str):
    button = page.locator("#close-month")
    assert month in button.inner_text()
    with page.expect_navigation():
        button.click()


CHART = """() => {
  const canvas = document.getElementById('ranking-chart');
  const chart = window.Chart && Chart.getChart(canvas);
  return chart ? {labels: chart.data.labels, share: chart.data.datasets[0].data} : null;
}"""


def test_the_province_officer_closes_months_and_the_communes_are_ranked(page, live_server, communes, shot):
    world = communes
    sign_in(page, live_server, "tinh")
    page.goto(f"{live_server.url}/workplans/close/")
    assert page.locator("#none-closed").is_visible()
    assert page.locator("#default-source").count() == 1
    close_next(page, "01/2026")
    close_next(page, "02/2026")
    shot(page, "closed")

    february = page.locator('#closes tr[data-month="2026-02"] td')
    # on time, late, not done, on track: the two tasks done on time, and the world's task nobody reported
    assert [february.nth(i).inner_text() for i in range(2, 6)] == ["2", "0", "1", "0"]
    assert page.locator(".message.success").count() == 1
    assert page.locator('#closes tr[data-month="2026-01"]').count() == 1
    assert "03/2026" in page.locator("#next-close h2").inner_text()

    page.locator('#closes tr[data-month="2026-02"] a').click()
    page.wait_for_selector("#ranking")
    rows = page.locator("#ranking tbody tr")
    assert rows.nth(0).get_attribute("data-commune") == world["b"]
    assert rows.nth(1).get_attribute("data-commune") == world["a"]
    assert rows.nth(0).locator("a").get_attribute("href") == f"/workplans/communes/{world['b']}/"
    row_a = rows.nth(1).locator("td")
    assert [row_a.nth(i).inner_text() for i in (0, 1, 2, 3)] == [
        "2",
        "1",
        "0",
        "1",
    ]  # rank, on time, late, not done
    chart = wait_until(page, f"({CHART})()")
    assert chart["share"][:2] == [100, 50]
    assert page.locator("#closed-figures").count() == 1
    shot(page, "ranking")


def test_the_timeline_is_drawn_and_a_bar_opens_its_task(page, live_server, communes, shot):
    world = communes
    sign_in(page, live_server, "bithu")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/workplans/{world['plan'].pk}/timeline/")
    bars = wait_until(page, "document.querySelectorAll('#timeline .bar-wrapper').length")
    assert bars == 2
    assert page.locator("#timeline .bar-wrapper.bar-overdue").count() == 1  # the world's task, never reported
    assert page.locator("#timeline .bar-wrapper.bar-done").count() == 1
    assert page.locator("#timeline-table tr[data-task] mark").count() == 1
    shot(page, "timeline")
    with page.expect_navigation():
        page.locator("#timeline .bar-wrapper.bar-overdue .bar-label").click()
    assert page.url.endswith(f"/workplans/tasks/{world['task'].pk}/")
    assert not errors
