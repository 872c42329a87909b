"""The rotation flow on the demo's first day (issue 14, finding 1): right after a decided plan dated today, a new
plan with the same date corrects it, does not move again the secretaries it has just rotated (a rotation lasts
36 months), counts their time in post from their new posting, and its moves enter the registry only when its
own decision is recorded."""

import datetime as dt

import pytest

from cadre.people.models import Posting
from cadre.rotation.services import run_plan
from cadre.workflow.services import approve, decide, propose
from cadre.workflow.states import State
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
