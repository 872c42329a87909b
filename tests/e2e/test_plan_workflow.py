"""The main path, in Vietnamese, in a real Chromium: the Organisation Board officer signs in, opens the dashboard,
asks for a plan, watches it run in the background, reviews the moves and their explanations, and proposes the
plan; a Standing Committee member approves it, records the decision and downloads the Tờ trình; the moved
official's history then shows the new post. A screenshot of each step is kept in test-artifacts/."""

import io
import re

import pytest

from cadre.rotation.models import PlanRun
from cadre.workflow.audit import verify_chain
from cadre.workflow.states import State
from tests.rotation.registry import LAI_CHAU, ON, lai_chau_registry
from tests.tasks import run_queued_tasks
from tests.users import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-dai-123"


@pytest.fixture
def province(transactional_db, geography):
    outsiders = lai_chau_registry()
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    make_user("btv", role="standing_member", scope=LAI_CHAU)
    return outsiders


def sign_in(page, url, username):
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")


def step(page, name, reason, decision=None):
    form = page.locator(f"form[action$='/step/{name}/']")
    form.locator("textarea[name=reason]").fill(reason)
    if decision:
        form.locator("input[name=decision]").fill(decision)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_plan_goes_from_the_dashboard_to_a_decision_in_the_browser(live_server, page, shot, province):
    sign_in(page, f"{live_server.url}/", "bto")
    assert page.locator("html").get_attribute("lang") == "vi"
    shot(page, "1-dashboard")

    page.click("nav a[href='/plans/']")
    page.click("a[href='/plans/new/']")
    assert page.locator("select[name=province] option:checked").inner_text() == "Tỉnh Lai Châu"
    page.fill("input[name=rotation_date]", ON.isoformat())
    page.fill("input[name=target_percent]", "5")
    shot(page, "2-new-plan")
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")
    assert re.search(r"/plans/runs/\d+/$", page.url)
    page.wait_for_selector("#job-status ol.steps")
    shot(page, "3-waiting")

    run_queued_tasks()  # the background worker takes the job; the page, polling, goes to the plan
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    run = PlanRun.objects.get()
    moves = page.locator("table.moves tbody tr")
    assert moves.count() == 2  # Lai Châu's 5% needs both outsiders moved in
    names = moves.all_inner_texts()
    assert all(any(o.full_name in text for text in names) for o in province)
    moves.first.locator("details summary").first.click()  # the explanation (the next one keeps or forbids)
    assert "tháng công tác" in moves.first.locator("details").first.inner_text()
    shot(page, "4-plan")

    step(page, "propose", "Đề nghị luân chuyển 2 đồng chí theo Kế hoạch")
    assert "/step/propose/" not in page.content()
    shot(page, "5-proposed")
    page.click("header form[action='/logout/'] button")

    sign_in(page, f"{live_server.url}/plans/{run.pk}/", "btv")
    step(page, "approve", "Ban Thường vụ thống nhất")
    step(page, "decide", "Ban hành quyết định", decision="25-QĐ/TU")
    run.refresh_from_db()
    assert (run.state, run.decision) == (State.DECIDED, "25-QĐ/TU")
    assert "25-QĐ/TU" in page.locator("h1 + p").inner_text()
    shot(page, "6-decided")

    with page.expect_download() as download:
        page.click(f"a[href='/plans/{run.pk}/download/proposal/']")
    from docx import Document

    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "TỜ TRÌNH" in text and all(o.full_name in text for o in province)

    moved = province[0]
    with page.expect_navigation():
        page.click(f"table.moves a[href='/people/{moved.pk}/']")
    post = next(a["post"] for a in run.plan["assignments"] if a["candidate"] == str(moved.pk))
    commune = next(p["label"] for p in run.problem["posts"] if p["id"] == post)
    history = page.locator("#history").inner_text()
    assert commune in history and ON.strftime("%d/%m/%Y") in history  # the new post, from the rotation date
    shot(page, "7-official-history")
    assert verify_chain().intact
