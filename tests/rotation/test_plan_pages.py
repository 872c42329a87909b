"""The plan pages as the Organisation Board and the Standing Committee use them: a run started from the browser
runs in the background and shows its stages; the plan's moves can be filtered, each with its explanation; a move
can be kept or forbidden and the plan solved again; two plans can be compared; the workflow steps go through the
services, with their refusals shown; and nobody sees another province's plans."""

import io
from html import escape

import pytest
from django.conf import settings
from openpyxl import load_workbook

from cadre.rotation.models import JobState, PlanJob, PlanRun
from cadre.rotation.tasks import perform_job
from cadre.workflow.models import DecisionEvent
from cadre.workflow.states import State
from tests.rotation.plans import lai_chau_plan
from tests.rotation.registry import HAI_PHONG, LAI_CHAU, ON
from tests.tasks import run_queued_tasks
from tests.users import make_user


@pytest.fixture
def board(client, geography):
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    return client


def english(client):
    """The language switch, as the header's button sets it."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_text(response) -> str:
    return response.content.decode()


def test_a_run_started_in_the_browser_waits_runs_in_the_background_and_leads_to_its_plan(
    board, django_capture_on_commit_callbacks
):
    _, outsiders = lai_chau_plan()
    with django_capture_on_commit_callbacks(execute=True):
        response = board.post(
            "/plans/new/",
            {"province": LAI_CHAU, "rotation_date": ON.isoformat(), "target_percent": "2", "per_km": "3"},
        )
    job = PlanJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/runs/{job.pk}/"
    assert job.state == JobState.QUEUED and job.run is None  # nothing ran in the request
    assert "waiting for the background worker" in page_text(english(board).get(f"/plans/runs/{job.pk}/"))

    run_queued_tasks()
    job.refresh_from_db()
    assert (job.state, job.stage) == (JobState.DONE, "store")
    run = job.run
    assert run.target == 0.02 and run.params["weights"] == {"per_km": 3.0} and run.rotation_date == ON
    polled = board.get(f"/plans/runs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert polled["HX-Redirect"] == f"/plans/{run.pk}/"

    detail = page_text(board.get(f"/plans/{run.pk}/"))
    moves_table = detail.split('<table class="moves">')[1].split("</table>")[0]
    assert (
        sum(outsider.full_name in moves_table for outsider in outsiders) == 1
    )  # the one move, with its reasons
    assert "months of service left" in moves_table  # the service-left rule, in the user's language
    moves = run.plan["metrics"]["moves"]  # 1 of Lai Châu's 38 communes meets 2%
    assert (
        moves == 1 and 'data-figure="share-before">0%' in detail and f'data-figure="moves">{moves}<' in detail
    )
    assert 'data-figure="share-after" class="met">2.6%' in detail  # 1/38
    board.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = page_text(board.get(f"/plans/{run.pk}/"))
    assert 'class="met">2,6%' in vietnamese  # written the Vietnamese way


def test_the_moves_table_filters_by_kind_and_by_name_without_diacritics(board):
    run, outsiders = lai_chau_plan()
    changes = page_text(board.get(f"/plans/{run.pk}/"))
    assert changes.count("<tr data-post=") == 2
    stays = page_text(board.get(f"/plans/{run.pk}/?kind=stays"))
    assert (
        stays.count("<tr data-post=") == 36
    )  # Lai Châu has 38 communes; 2 change hands and outsiders[0].full_name not in stays
    found = page_text(board.get(f"/plans/{run.pk}/?kind=all&q=giam doc 1"))
    assert found.count("<tr data-post=") == 1 and outsiders[1].full_name in found


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"target_percent": "150"}, "100"),
        ({"rotation_date": "2024-01-01"}, "The rotation rules Cadre holds are not in force on 01/01/2024"),
        # A target typed in does not let a date before the rules through (it used to end in a server error).
        (
            {"rotation_date": "2021-01-01", "target_percent": "30"},
            "The rotation rules Cadre holds are not in force on 01/01/2021",
        ),
        ({"rotation_date": "2026-02-30"}, "2026-02-30 is not a real day: month 2 of 2026 has 28 days"),
        ({"rotation_date": "31/02/2026"}, "31/02/2026 is not a real day: month 2 of 2026 has 28 days"),
        ({"rotation_date": "12/13/2026"}, "there is no month 13"),
        ({"rotation_date": "mai"}, "Write the date as day/month/year, e.g. 05/12/2026"),
        ({"per_km": "-1"}, "greater than or equal to 0"),
        ({"province": HAI_PHONG}, "Select a valid choice"),
    ],
)
def test_bad_parameters_are_refused_on_the_form_and_nothing_is_queued(board, fields, message):
    english(board)
    data = {"province": LAI_CHAU, "rotation_date": ON.isoformat(), **fields}
    response = board.post("/plans/new/", data)
    assert response.status_code == 200 and message in page_text(response)
    assert not PlanJob.objects.exists()


def test_who_may_not_plan_cannot_open_the_form_and_sees_only_their_provinces_plans(client, geography):
    run, _ = lai_chau_plan()
    make_user("btv-hp", role="standing_member", scope=HAI_PHONG)
    client.login(username="btv-hp", password="mat-khau-dai-123")
    assert client.get("/plans/new/").status_code == 403
    assert client.get(f"/plans/{run.pk}/").status_code == 404
    assert client.get(f"/plans/{run.pk}/download/xlsx/").status_code == 404
    assert f"/plans/{run.pk}/" not in page_text(client.get("/plans/"))
    assert client.post(f"/plans/{run.pk}/step/approve/", {"reason": "x"}).status_code == 404
    assert PlanRun.objects.get().state == State.DRAFT


def test_a_run_the_compiler_refuses_fails_with_its_reason_and_stores_no_plan(
    board, django_capture_on_commit_callbacks
):
    lai_chau_plan()
    from django.contrib.auth import get_user_model

    from cadre.rotation.tasks import request_plan

    user = get_user_model().objects.get(username="bto")
    with django_capture_on_commit_callbacks(execute=True):
        job = request_plan(
            user, LAI_CHAU, on=ON, locks=[{"candidate": "999999", "post": "x", "kind": "must"}]
        )
    before = PlanRun.objects.count()
    run_queued_tasks()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.run is None
    assert job.error_vi and job.error_en and "999999" in job.error_en
    assert PlanRun.objects.count() == before
    assert escape(job.error_vi) in page_text(board.get(f"/plans/runs/{job.pk}/"))  # Vietnamese by default
    assert escape(job.error_en) in page_text(english(board).get(f"/plans/runs/{job.pk}/"))
    assert perform_job(job.pk) is None  # a finished job is never run again


def test_forbidding_a_move_solves_again_without_it_and_the_comparison_says_why(
    board, django_capture_on_commit_callbacks
):
    run, outsiders = lai_chau_plan()
    moved = next(a for a in run.plan["assignments"] if a["candidate"] == str(outsiders[0].pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = board.post(
            f"/plans/{run.pk}/lock/",
            {
                "candidate": moved["candidate"],
                "post": moved["post"],
                "kind": "must_not",
                "reason": "Gia đình có hoàn cảnh khó khăn",
            },
        )
    assert response.status_code == 302
    run_queued_tasks()
    again = PlanRun.objects.exclude(pk=run.pk).get()
    assert (
        again.params["based_on"] == run.pk and again.corrects is None
    )  # a draft is re-solved, not corrected
    holders = {a["post"]: a["candidate"] for a in again.plan["assignments"]}
    assert holders.get(moved["post"]) != moved["candidate"]
    assert again.objective >= run.objective  # a forbidden move can only cost more
    compared = page_text(english(board).get(f"/plans/compare/?run={run.pk}&run={again.pk}"))
    assert f"{outsiders[0].full_name} is forbidden here in plan #{again.pk}" in compared
    detail = page_text(board.get(f"/plans/{again.pk}/"))
    assert f"Re-solved from plan #{run.pk}" in detail and f"forbid {outsiders[0].full_name}" in detail
    assert "(reason: Gia đình có hoàn cảnh khó khăn)" in detail  # the reason is on the new plan's record
    assert again.params["locks"][0]["reason"] == "Gia đình có hoàn cảnh khó khăn"


def test_keeping_a_stay_holds_it_and_a_lock_on_an_approved_plan_makes_a_correction(
    client, geography, django_capture_on_commit_callbacks
):
    from cadre.workflow.services import approve, propose

    run, _ = lai_chau_plan()
    officer = make_user("bto", role="board_officer", scope=LAI_CHAU)
    standing = make_user("btv", role="standing_member", scope=LAI_CHAU)
    run = approve(propose(run, officer, "Trình"), standing, "Duyệt")
    stay = next(a for a in run.plan["explanation"]["assignments"] if a["kind"] == "stays")
    client.login(username="bto", password="mat-khau-dai-123")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/plans/{run.pk}/lock/",
            {"candidate": stay["candidate"], "post": stay["post"], "kind": "must", "reason": "Giữ ổn định"},
        )
    run_queued_tasks()
    correction = PlanRun.objects.exclude(pk=run.pk).get()
    assert correction.corrects_id == run.pk and correction.state == State.DRAFT
    assert {
        "candidate": stay["candidate"],
        "post": stay["post"],
        "kind": "must",
        "reason": "Giữ ổn định",
    } in correction.params["locks"]
    run.refresh_from_db()
    assert run.state == State.APPROVED  # the approved plan itself is never edited


def test_the_workflow_pages_carry_a_plan_to_decided_and_show_each_refusal(client, geography):
    run, _ = lai_chau_plan()
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    make_user("btv", role="standing_member", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    page = page_text(client.get(f"/plans/{run.pk}/"))
    assert "/step/propose/" in page and "/step/approve/" not in page  # only the steps this user may take
    refused = client.post(f"/plans/{run.pk}/step/propose/", {"reason": "  "}, follow=True)
    assert "Cần ghi lý do khi trình phương án." in page_text(refused)
    assert PlanRun.objects.get().state == State.DRAFT
    client.post(f"/plans/{run.pk}/step/propose/", {"reason": "Trình Ban Thường vụ"})
    client.logout()
    client.login(username="btv", password="mat-khau-dai-123")
    client.post(f"/plans/{run.pk}/step/approve/", {"reason": "Thống nhất"})
    again = page_text(client.post(f"/plans/{run.pk}/step/approve/", {"reason": "Lần hai"}, follow=True))
    assert "đang ở bước" in again  # the plan has moved on: the second approval is refused, with why
    no_number = page_text(client.post(f"/plans/{run.pk}/step/decide/", {"reason": "Ban hành"}, follow=True))
    assert "số quyết định" in no_number
    client.post(f"/plans/{run.pk}/step/decide/", {"reason": "Ban hành", "decision": "20-QĐ/TU"})
    run.refresh_from_db()
    assert (run.state, run.decision) == (State.DECIDED, "20-QĐ/TU")
    assert list(DecisionEvent.objects.values_list("kind", "username")) == [
        ("propose", "bto"),
        ("approve", "btv"),
        ("decide", "btv"),
    ]
    page = page_text(client.get(f"/plans/{run.pk}/"))
    assert "20-QĐ/TU" in page and "Thống nhất" in page and "/step/" not in page


def test_the_moves_workbook_lists_every_post_with_its_explanation(board):
    run, outsiders = lai_chau_plan()
    response = board.get(f"/plans/{run.pk}/download/xlsx/")
    assert response["Content-Disposition"] == f'attachment; filename="phuong-an-{run.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Phương án"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 38
    assert rows[0][1] == "Họ và tên" and rows[0][10] == "Giải trình"
    names = {row[1] for row in rows[1:]}
    assert {o.full_name for o in outsiders} <= names
    assert all(row[10] for row in rows[1:])  # every row has its explanation


def test_the_moves_workbook_follows_the_language_of_the_ui(board):
    run, outsiders = lai_chau_plan()
    response = english(board).get(f"/plans/{run.pk}/download/xlsx/")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Plan" and book.sheetnames[-1] == "Technical details"
    rows = list(book["Plan"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Commune or ward", "Full name", "Kind")
    moved = next(row for row in rows if row[1] == outsiders[0].full_name)
    assert moved[4] == "Male" and moved[8] == "Yes" and "non-local" in moved[10].lower()


def test_comparing_needs_two_plans_in_scope(board):
    run, _ = lai_chau_plan()
    response = english(board).get(f"/plans/compare/?run={run.pk}", follow=True)
    assert "Tick exactly two plans to compare." in page_text(response)
    assert board.get(f"/plans/compare/?run={run.pk}&run=99999").status_code == 404


def test_the_plans_api_lists_only_plans_in_scope_and_gives_each_rows_explanation(client, geography):
    run, outsiders = lai_chau_plan()
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    make_user("bto-hp", role="board_officer", scope=HAI_PHONG)
    client.login(username="bto-hp", password="mat-khau-dai-123")
    assert client.get("/api/plans/").json()["count"] == 0
    assert client.get(f"/api/plans/{run.pk}/").status_code == 404
    client.logout()
    client.login(username="bto", password="mat-khau-dai-123")
    listed = client.get(f"/api/plans/?province={LAI_CHAU}&state=draft").json()
    assert [row["id"] for row in listed["results"]] == [run.pk]
    detail = client.get(f"/api/plans/{run.pk}/").json()
    assert detail["problem_sha256"] == run.problem_sha256 and detail["status"] == "optimal"
    moved = {row["full_name"] for row in detail["report"]["assignments"] if row["kind"] != "stays"}
    assert moved == {o.full_name for o in outsiders}
    assert all(row["explanation_vi"] and row["explanation_en"] for row in detail["report"]["assignments"])
    assert client.get("/api/plans/?state=nonsense").status_code == 400


def test_forged_or_repeated_locks_queue_nothing_new_and_only_planners_may_lock(
    client, geography, django_capture_on_commit_callbacks
):
    run, _ = lai_chau_plan()
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    make_user("btv", role="standing_member", scope=LAI_CHAU)
    client.login(username="btv", password="mat-khau-dai-123")
    stay = next(a for a in run.plan["assignments"])
    assert client.post(f"/plans/{run.pk}/lock/", {**stay, "kind": "must", "reason": "x"}).status_code == 403
    client.login(username="bto", password="mat-khau-dai-123")
    english(client)
    for forged in (
        {"candidate": "999999", "post": stay["post"]},
        {"candidate": stay["candidate"], "post": "x"},
    ):
        shown = page_text(
            client.post(f"/plans/{run.pk}/lock/", {**forged, "kind": "must", "reason": "x"}, follow=True)
        )
        assert "may not hold that post in this plan" in shown
    for reason in ("", "   ", "x" * 501):  # no reason, or too long a one: told why, nothing queued
        shown = page_text(
            client.post(f"/plans/{run.pk}/lock/", {**stay, "kind": "must_not", "reason": reason}, follow=True)
        )
        assert "Say why this move is kept or forbidden" in shown
    assert not PlanJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/plans/{run.pk}/lock/", {**stay, "kind": "must_not", "reason": "Lý do"})
        second = client.post(
            f"/plans/{run.pk}/lock/", {**stay, "kind": "must_not", "reason": "Lý do"}
        )  # a double click
    assert first["Location"] == second["Location"] and PlanJob.objects.count() == 1


def test_a_step_with_too_long_a_reason_says_so_and_writes_nothing(board):
    run, _ = lai_chau_plan()
    english(board)
    shown = page_text(board.post(f"/plans/{run.pk}/step/propose/", {"reason": "x" * 2001}, follow=True))
    assert "Reason: Ensure this value has at most 2000 characters" in shown
    assert PlanRun.objects.get().state == State.DRAFT and not DecisionEvent.objects.exists()


@pytest.mark.parametrize(
    "query", ["run=%C2%B2&run=1", "run=1&run=1", "run=" + "9" * 5000 + "&run=1", "run=a&run=b"]
)
def test_a_malformed_comparison_is_refused_with_a_message_not_an_error(board, query):
    lai_chau_plan()
    english(board)
    response = board.get(f"/plans/compare/?{query}", follow=True)
    assert response.status_code == 200 and "Tick exactly two plans to compare." in page_text(response)


def test_the_comparison_tells_a_registry_change_from_an_equally_good_alternative(client, geography):
    from cadre.rotation.services import run_plan
    from tests.rotation.registry import planned

    make_user()
    client.login(username="canbo", password="mat-khau-dai-123")
    english(client)
    first, outsiders = lai_chau_plan()
    # Re-solved from it with nothing changed (the same inputs alone give back the same plan, not a second one).
    same = run_plan(LAI_CHAU, target=0.05, on=ON, based_on=first)
    assert same.pk != first.pk and same.problem_sha256 == first.problem_sha256
    page = page_text(client.get(f"/plans/compare/?run={first.pk}&run={same.pk}"))
    assert (
        "Both plans were made from the same registry data and settings" in page
        and "the registry changed" not in page
    )
    # A third outsider joins the pool, from a commune nearer to Lai Châu: the registry, not a parameter, changed.
    newcomer = planned(LAI_CHAU, home=outsiders[0].birthplace_id, name="Người Mới Vào")
    later = run_plan(LAI_CHAU, target=0.05, on=ON)
    page = page_text(client.get(f"/plans/compare/?run={first.pk}&run={later.pk}"))
    assert "The plans solved different problems" in page
    assert "knock-on effect of the changed parameters" not in page
    assert any(a["candidate"] == str(newcomer.pk) for a in later.plan["assignments"])  # 2.6 km nearer
    assert "the registry changed between the two runs" in page


def test_plans_of_two_provinces_are_not_compared_and_an_unsolved_plan_has_no_workbook(client, geography):
    from cadre.rotation.services import run_plan

    make_user()
    client.login(username="canbo", password="mat-khau-dai-123")
    english(client)
    lai_chau, _ = lai_chau_plan()
    unsolved = run_plan(LAI_CHAU, target=0.9, on=ON, when_infeasible="strict")
    assert unsolved.status == "infeasible"
    assert client.get(f"/plans/{unsolved.pk}/download/xlsx/").status_code == 404
    other = run_plan(HAI_PHONG, target=0.0, on=ON)
    shown = page_text(client.get(f"/plans/compare/?run={lai_chau.pk}&run={other.pk}", follow=True))
    assert "Only two plans of the same province can be compared." in shown


def test_a_worker_gives_up_only_its_own_earlier_jobs_and_silent_ones(geography):
    import datetime as dt

    from django.utils import timezone

    from cadre.rotation.tasks import recover_interrupted

    user = make_user()
    now = timezone.now()

    def job(worker, heartbeat):
        return PlanJob.objects.create(
            province_id=LAI_CHAU, created_by=user, state=JobState.RUNNING, worker=worker, heartbeat=heartbeat
        )

    mine = job("host:serve-8000:111", now)  # this worker's earlier process, stopped
    other = job("host:serve-8001:222", now)  # another live server on the same database
    silent = job("elsewhere:serve-8000:333", now - dt.timedelta(hours=2))
    assert recover_interrupted("host:serve-8000:") == 2
    states = {j.pk: PlanJob.objects.get(pk=j.pk).state for j in (mine, other, silent)}
    assert states == {mine.pk: JobState.FAILED, other.pk: JobState.RUNNING, silent.pk: JobState.FAILED}
    # A job given up for dead that finishes after all stays failed: the user was told to run it again.
    from cadre.rotation.tasks import _fail

    _fail(mine.pk, "vi", "en")
    assert PlanJob.objects.get(pk=mine.pk).error_en.startswith("The worker stopped")


def test_the_vietnamese_moves_table_calls_a_local_secretary_local(board):
    """Under the column "Không là người địa phương" a local secretary read "Có", and the filter's "Có" gave
    the locals (the English page was right)."""
    run, _ = lai_chau_plan()
    board.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    locals_only = page_text(board.get(f"/plans/{run.pk}/?kind=all&non_local=no"))
    rows = locals_only.split('<table class="moves">')[1].split("</table>")[0]
    assert rows.count("<tr data-post=") > 0
    assert rows.count('<span class="badge local">Người địa phương</span>') == rows.count("<tr data-post=")
    assert '<option value="no" selected>Người địa phương</option>' in locals_only
    assert '<span class="badge local">Có</span>' not in rows


def test_a_refused_decision_names_the_person_and_the_post_and_keeps_what_was_typed(client, geography):
    from cadre.geo.models import Commune
    from cadre.people.models import Posting
    from cadre.workflow.services import approve, propose
    from tests.people.factories import post

    run, outsiders = lai_chau_plan()
    officer = make_user("bto", role="board_officer", scope=LAI_CHAU)
    make_user("btv", role="standing_member", scope=LAI_CHAU)
    standing = officer.__class__.objects.get(username="btv")
    run = approve(propose(run, officer, "Trình"), standing, "Thống nhất")
    moved = next(a for a in run.plan["assignments"] if a["candidate"] == str(outsiders[0].pk))
    # Since the plan was made, the registry gave the person another post from the rotation date.
    post(outsiders[0], "pho_giam_doc_so", province=LAI_CHAU, start=ON, body="Sở Tài chính")
    postings = Posting.objects.count()
    client.login(username="btv", password="mat-khau-dai-123")
    typed = {"reason": "Ban Thường vụ thống nhất ban hành, lý do dài đã gõ", "decision": "33-QĐ/TU"}
    page = page_text(client.post(f"/plans/{run.pk}/step/decide/", typed, follow=True))
    commune = Commune.objects.get(code=moved["post"])
    said = f"Bí thư Đảng ủy {commune.name[:1].lower()}{commune.name[1:]}"
    assert outsiders[0].full_name in page and said in page
    assert "hãy lập phương án mới" in page  # what to do
    assert "bi_thu" not in page and "pho_giam_doc_so" not in page  # no codes
    assert f">{typed['reason']}</textarea>" in page and f'value="{typed["decision"]}"' in page
    run.refresh_from_db()
    assert run.state == State.APPROVED and Posting.objects.count() == postings  # nothing was written


def test_approval_writes_nothing_into_the_registry_and_the_decision_writes_the_moves(client, geography):
    from cadre.people.models import Posting

    run, outsiders = lai_chau_plan()
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    make_user("btv", role="standing_member", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    client.post(f"/plans/{run.pk}/step/propose/", {"reason": "Trình"})
    client.login(username="btv", password="mat-khau-dai-123")
    approved = page_text(client.post(f"/plans/{run.pk}/step/approve/", {"reason": "Thống nhất"}, follow=True))
    assert "khi ghi nhận quyết định ban hành" in approved
    assert not Posting.objects.filter(official__in=outsiders, commune__isnull=False).exists()
    decided = page_text(
        client.post(
            f"/plans/{run.pk}/step/decide/", {"reason": "Ban hành", "decision": "9-QĐ/TU"}, follow=True
        )
    )
    assert "đã được ghi vào quá trình công tác" in decided
    moved = Posting.objects.filter(official__in=outsiders, commune__isnull=False, end__isnull=True)
    assert moved.count() == len(outsiders) == 2
    assert all(p.start == ON and "9-QĐ/TU" in p.decision for p in moved)
