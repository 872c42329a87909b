"""Work plans in a real Chromium, in Vietnamese: the commune secretary makes a work plan, the task form refuses a
task with no lead and one with two leads (saving nothing), takes a valid one, and a reassignment is refused
without a reason and, with one, appears in the task's history."""

import re

import pytest

from cadre.workplans.models import Task
from tests.e2e.test_plan_workflow import sign_in
from tests.workplans.registry import fixture_world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form: str):
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def fill_task(page, **values):
    for name, value in values.items():
        page.fill(f"#task-form [name={name}]", value)


def test_the_secretary_plans_assigns_and_reassigns_with_a_reason(live_server, page, shot, world):
    sign_in(page, f"{live_server.url}/workplans/", "bithu")
    assert page.locator("html").get_attribute("lang") == "vi"
    with page.expect_navigation():
        page.click("a[href='/workplans/new/']")
    page.select_option("select[name=commune]", world["a"])
    page.fill("input[name=title]", "Kế hoạch chuyển đổi số năm 2026")
    page.fill("input[name=period_start]", "01/01/2026")
    page.fill("input[name=period_end]", "31/12/2026")
    page.select_option("select[name=source_kind]", "resolution")
    page.fill("input[name=source_number]", "57-NQ/TW")
    page.fill("input[name=source_date]", "22/12/2024")
    page.fill("input[name=source_body]", "Bộ Chính trị")
    submit(page, "main form")
    assert re.search(r"/workplans/\d+/$", page.url)
    assert "57-NQ/TW" in page.locator("main").inner_text()
    shot(page, "1-plan")

    with page.expect_navigation():
        page.click("a[href$='/tasks/new/']")
    legends = page.locator("#task-form legend").all_inner_texts()
    assert legends == ["Rõ người", "Rõ việc", "Rõ kết quả", "Rõ thời gian", "Rõ trách nhiệm", "Rõ thẩm quyền"]
    fill_task(
        page,
        title="Số hóa hồ sơ một cửa của xã",
        expected_result="100% hồ sơ một cửa được số hóa",
        completion_criterion="Hồ sơ tra cứu được trên hệ thống",
        start="01/02/2026",
        deadline="30/06/2026",
        accountable="Người chủ trì",
        report_to="Chủ tịch UBND xã",
        authority_body="Chủ tịch UBND xã",
    )
    submit(page, "#task-form")  # no lead
    assert "Chưa rõ người" in page.locator("#task-form").inner_text()
    page.select_option("#task-form select[name=lead_official]", str(world["lead"].pk))
    page.fill("#task-form [name=lead_unit]", "Văn phòng HĐND và UBND")
    page.select_option("#task-form select[name=lead_unit_head]", str(world["other"].pk))
    submit(page, "#task-form")  # two leads
    assert "2 người/đơn vị chủ trì" in page.locator("#task-form").inner_text()
    shot(page, "2-two-leads")
    assert not Task.objects.filter(title="Số hóa hồ sơ một cửa của xã").exists()
    page.fill("#task-form [name=lead_unit]", "")
    page.select_option("#task-form select[name=lead_unit_head]", "")
    submit(page, "#task-form")
    assert re.search(r"/workplans/tasks/\d+/$", page.url)
    assert "Lê Thị Chủ" in page.locator("dl.six-clears").inner_text()

    change = "#change-form"
    page.select_option(f"{change} select[name=change-lead_official]", str(world["other"].pk))
    page.fill(f"{change} [name=change-decided_by]", "Trần Văn Bí")
    submit(page, change)
    assert "phải ghi rõ lý do" in page.locator(change).inner_text()
    page.fill(f"{change} [name=change-reason]", "Đồng chí Chủ được cử đi học")
    submit(page, change)
    history = page.locator("table.history").inner_text()
    assert "Đồng chí Chủ được cử đi học" in history and "Lê Thị Chủ → Phạm Văn Phối" in history
    shot(page, "3-history")


def test_the_lead_finds_the_task_under_my_tasks_and_the_commune_board_counts_it(
    live_server, page, shot, world
):
    sign_in(page, f"{live_server.url}/workplans/mine/", "canbo_a")
    assert world["task"].title in page.locator("main").inner_text()
    with page.expect_navigation():
        page.click("a[href='/workplans/board/']")
    assert page.locator("main table tbody tr").count() == 1
    page.goto(f"{live_server.url}/workplans/communes/{world['a']}/")
    counts = page.locator(".status-counts strong").all_inner_texts()
    assert len(counts) == 5 and sum(int(count) for count in counts) == 1
    shot(page, "commune-board")
