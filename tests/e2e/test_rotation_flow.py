"""The rotation flow on the demo's first day, in Vietnamese, in a real Chromium (issue 14, finding 1): right after
a plan dated today was decided, the Organisation Board makes a new plan with the form's defaults, proposes it, the
Standing Committee approves it and records the decision. The secretaries the first plan has just rotated are not
moved again (a rotation lasts 36 months), their time in post counts from their new posting, and the new moves
appear in the registry only once the decision is recorded. Screenshots in test-artifacts/ at 1366×768."""

import re

import pytest
from django.utils import timezone

from cadre.people.models import Official, Posting
from cadre.rotation.models import PlanRun
from cadre.workflow.states import State
from tests.rotation.flow_registry import decided_first_plan, secretaries
from tests.rotation.registry import LAI_CHAU
from tests.tasks import run_queued_tasks
from tests.users import make_user

from .test_plan_workflow import sign_in, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def first_day(transactional_db, geography):
    today = timezone.localdate()
    secretaries(today)
    board = make_user("bto", role="board_officer", scope=LAI_CHAU)
    standing = make_user("btv", role="standing_member", scope=LAI_CHAU)
    first, moved = decided_first_plan(today, board, standing)
    return today, first, moved


def test_a_plan_with_the_forms_defaults_right_after_the_decision_goes_to_its_own_decision(
    live_server, page, shot, first_day
):
    today, first, moved = first_day
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, f"{live_server.url}/plans/new/", "bto")
    assert page.locator("select[name=province] option:checked").inner_text() == "Tỉnh Lai Châu"
    assert page.locator("input[name=rotation_date]").input_value() == f"{today:%d/%m/%Y}"
    shot(page, "1-form-defaults")
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")  # nothing changed on the form
    run_queued_tasks()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    run = PlanRun.objects.exclude(pk=first.pk).get()
    assert run.has_solution and run.corrects_id == first.pk
    assert f"Phương án này điều chỉnh phương án đã duyệt #{first.pk}." in page.content()
    just_moved = Official.objects.filter(pk__in=[int(pk) for pk in moved])
    moves = page.locator("table.moves tbody").inner_text()
    assert moves.strip() and not any(person.full_name in moves for person in just_moved)
    shot(page, "2-new-plan")
    # Time in post counts from the new posting: the just-rotated secretaries stay, 0 months in their new post.
    page.goto(f"{live_server.url}/plans/{run.pk}/?kind=stays&q={just_moved[0].full_name}")
    row = page.locator("table.moves tbody tr").first
    row.locator("details summary").first.click()
    assert f"Giữ chức vụ hiện tại 0 tháng (từ {today:%d/%m/%Y})" in row.inner_text()

    page.goto(f"{live_server.url}/plans/{run.pk}/")
    step(page, "propose", "Trình phương án bổ sung")
    page.click("header form[action='/logout/'] button")
    sign_in(page, f"{live_server.url}/plans/{run.pk}/", "btv")
    postings = Posting.objects.count()
    step(page, "approve", "Ban Thường vụ thống nhất")
    assert (
        "Các trường hợp trong phương án được ghi vào sổ cán bộ khi ghi nhận quyết định ban hành"
        in page.content()
    )
    assert Posting.objects.count() == postings  # approval is not yet a decision
    shot(page, "3-approved")
    step(page, "decide", "Ban hành quyết định", decision="02-QĐ/TU")
    run.refresh_from_db()
    assert (run.state, run.decision) == (State.DECIDED, "02-QĐ/TU")
    assert "đã được ghi vào quá trình công tác" in page.content()
    shot(page, "4-decided")

    incumbents = {p["id"]: p["incumbent"] for p in run.problem["posts"]}
    mover, post = next(
        (a["candidate"], a["post"])
        for a in run.plan["assignments"]
        if incumbents[a["post"]] != a["candidate"]
    )
    assert mover not in moved
    page.goto(f"{live_server.url}/people/{mover}/")
    commune = next(p["label"] for p in run.problem["posts"] if p["id"] == post)
    history = page.locator("#history").inner_text()
    assert commune in history and today.strftime("%d/%m/%Y") in history
    shot(page, "5-history")
