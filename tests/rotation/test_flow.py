"""The rotation flow on the demo's first day (issue 14, finding 1): right after a decided plan dated today, a new
plan with the same date corrects it, does not move again the secretaries it has just rotated (a rotation lasts
36 months), counts their time in post from their new posting, and its moves enter the registry only when its
own decision is recorded."""

import datetime as dt

import pytest

from cadre.people.models import Evaluation, Official, Posting
from cadre.rotation.models import PlanJob, PlanRun
from cadre.rotation.services import ArchiveError, archive_plan, run_plan
from cadre.workflow.services import approve, decide, propose
from cadre.workflow.states import State
from tests.tasks import run_queued_tasks
from tests.users import make_user

from .flow_registry import decided_first_plan, secretaries
from .registry import LAI_CHAU

TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def first_day(geography):
    secretaries(TODAY)
    board = make_user("bto", role="board_officer", scope=LAI_CHAU)
    standing = make_user("btv", role="standing_member", scope=LAI_CHAU)
    run, moved = decided_first_plan(TODAY, board, standing)
    assert len(moved) >= 2 and run.state == State.DECIDED
    return run, moved, board, standing


def test_a_new_plan_right_after_the_decision_moves_nobody_just_rotated_and_corrects_it(first_day):
    first, moved, board, standing = first_day
    again = run_plan(LAI_CHAU, on=TODAY)  # the form's defaults: today, the national target
    assert again.status in ("optimal", "feasible") and again.corrects_id == first.pk
    holders = {a["candidate"]: a["post"] for a in again.plan["assignments"]}
    assert all(holders.get(person) == post for person, post in moved.items())  # they stay where they went
    incumbents = {p["id"]: p["incumbent"] for p in again.problem["posts"]}
    new_moves = {a["candidate"] for a in again.plan["assignments"] if incumbents[a["post"]] != a["candidate"]}
    assert new_moves and not new_moves & set(moved)
    # Time in post counts from the new posting, as the person's own page counts it.
    person = next(c for c in again.problem["candidates"] if c["id"] in moved)
    (tenure,) = [f for f in person["facts"] if f["rule"] == "tenure"]
    assert tenure["vi"] == f"Giữ chức vụ hiện tại 0 tháng (từ {TODAY:%d/%m/%Y})."

    before = Posting.objects.count()
    again = approve(propose(again, board, "Trình bổ sung"), standing, "Thống nhất")
    assert Posting.objects.count() == before  # approval is not a decision
    again = decide(again, standing, "Ban hành", decision="02-QĐ/TU")
    started = Posting.objects.filter(start=TODAY, decision__contains="02-QĐ/TU")
    assert set(started.values_list("official_id", flat=True)) == {int(c) for c in new_moves}


def test_the_standing_committee_may_move_a_just_rotated_secretary_with_a_recorded_reason(first_day):
    first, moved, _board, _standing = first_day
    person, post = next(iter(moved.items()))
    elsewhere = next(
        p["id"] for p in first.problem["posts"] if p["id"] != post and p["id"] not in moved.values()
    )
    held = run_plan(LAI_CHAU, on=TODAY)
    assert (person, elsewhere) not in {(c, p) for c, p in zip(*_pairs(held), strict=True)}
    lock = {
        "candidate": person,
        "post": elsewhere,
        "kind": "must",
        "reason": "Ban Thường vụ quyết định riêng",
    }
    kept = run_plan(LAI_CHAU, on=TODAY, locks=[lock])
    assert {"candidate": person, "post": elsewhere} in [
        {"candidate": a["candidate"], "post": a["post"]} for a in kept.plan["assignments"]
    ]
    assert kept.params["locks"][0]["reason"] == "Ban Thường vụ quyết định riêng"


def _pairs(run):
    return run.problem["pairs"]["candidate"], run.problem["pairs"]["post"]


def test_solving_the_same_inputs_again_gives_back_the_same_plan(geography):
    secretaries(TODAY)
    first = run_plan(LAI_CHAU, target=0.1, on=TODAY)
    assert run_plan(LAI_CHAU, target=0.1, on=TODAY).pk == first.pk
    assert PlanRun.objects.count() == 1
    # Other inputs are another plan: another target, or a registry that has changed since.
    other = run_plan(LAI_CHAU, target=0.2, on=TODAY)
    assert other.pk != first.pk
    someone = Official.objects.order_by("pk").first()  # one of the pool
    Evaluation.objects.filter(official=someone).delete()  # no rating now: the registry changed
    assert run_plan(LAI_CHAU, target=0.1, on=TODAY).pk not in (first.pk, other.pk)


def test_the_job_of_a_repeated_run_leads_to_the_existing_plan_and_says_so(
    client, geography, django_capture_on_commit_callbacks
):
    secretaries(TODAY)
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    first = run_plan(LAI_CHAU, target=0.1, on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/plans/new/", {"province": LAI_CHAU, "rotation_date": TODAY.isoformat(), "target_percent": "10"}
        )
    run_queued_tasks()
    job = PlanJob.objects.get()
    assert job.run_id == first.pk and PlanRun.objects.count() == 1
    polled = client.get(f"/plans/runs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert polled["HX-Redirect"] == f"/plans/{first.pk}/"
    page = client.get(f"/plans/{first.pk}/").content.decode()
    assert (
        f"Cùng dữ liệu đầu vào này đã được giải trước đây: đây là phương án đó (phương án #{first.pk}" in page
    )


def test_a_draft_nobody_will_use_is_archived_hidden_from_the_list_and_never_deleted(client, geography):
    secretaries(TODAY)
    board = make_user("bto", role="board_officer", scope=LAI_CHAU)
    standing = make_user("btv", role="standing_member", scope=LAI_CHAU)
    draft = run_plan(LAI_CHAU, target=0.1, on=TODAY)
    proposed = propose(run_plan(LAI_CHAU, target=0.2, on=TODAY), board, "Trình")
    with pytest.raises(ArchiveError, match="reason is required"):
        archive_plan(draft, user=board, reason="  ")
    with pytest.raises(ArchiveError, match="may not archive"):
        archive_plan(draft, user=standing, reason="Không dùng")  # the Standing Committee does not plan
    with pytest.raises(ArchiveError, match="only a draft"):
        archive_plan(proposed, user=board, reason="Không dùng")
    client.login(username="bto", password="mat-khau-dai-123")
    assert client.post(f"/plans/{draft.pk}/archive/", {"reason": ""}, follow=True).status_code == 200
    assert PlanRun.objects.get(pk=draft.pk).archived_at is None
    page = client.post(f"/plans/{draft.pk}/archive/", {"reason": "Trùng với phương án khác"}, follow=True)
    draft.refresh_from_db()
    assert draft.archived_at is not None and draft.archived_by == board
    text = page.content.decode()
    assert "Đã lưu trữ phương án" in text and "Trùng với phương án khác" in text
    assert "/step/propose/" not in text  # an archived draft goes no further
    refused = client.post(f"/plans/{draft.pk}/step/propose/", {"reason": "Trình"}, follow=True)
    assert "đã lưu trữ" in refused.content.decode() and PlanRun.objects.get(pk=draft.pk).state == State.DRAFT
    # Nor is it solved again by keeping or forbidding one of its moves.
    pair = draft.plan["assignments"][0]
    before = PlanRun.objects.count()
    locked = client.post(
        f"/plans/{draft.pk}/lock/",
        {"candidate": pair["candidate"], "post": pair["post"], "kind": "must", "reason": "Giữ"},
        follow=True,
    )
    assert "đã lưu trữ" in locked.content.decode() and PlanRun.objects.count() == before
    listed = client.get("/plans/").content.decode()
    assert f'href="/plans/{draft.pk}/"' not in listed and f'href="/plans/{proposed.pk}/"' in listed
    archived = client.get("/plans/?archived=yes").content.decode()
    assert f'href="/plans/{draft.pk}/"' in archived and f'href="/plans/{proposed.pk}/"' not in archived
    assert PlanRun.objects.filter(pk=draft.pk).exists()  # never deleted
    # The same inputs again make a new plan, not the archived one.
    assert run_plan(LAI_CHAU, target=0.1, on=TODAY).pk != draft.pk
