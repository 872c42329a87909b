"""Carrying a plan from draft to decided: who may take each step, what the decision writes into the registry, and
what the decision log records. Two approvers at the same moment: exactly one wins (PostgreSQL, real threads)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from cadre.people.models import Official, Posting
from cadre.workflow.audit import verify_chain
from cadre.workflow.models import DecisionEvent
from cadre.workflow.services import WorkflowError, approve, decide, propose, return_plan
from cadre.workflow.states import State
from tests.rotation.plans import lai_chau_plan
from tests.rotation.registry import HAI_PHONG, LAI_CHAU, ON
from tests.users import make_user


@pytest.fixture
def people(geography):
    return {
        "board": make_user("bto", role="board_officer", scope=LAI_CHAU),
        "standing": make_user("btv", role="standing_member", scope=LAI_CHAU),
        "other_standing": make_user("btv-hp", role="standing_member", scope=HAI_PHONG),
        "viewer": make_user("bnv", role="ministry_viewer", scope="VN"),
    }


def test_a_plan_goes_from_draft_to_decided_and_its_moves_enter_the_registry(people):
    run, outsiders = lai_chau_plan()
    assert run.state == State.DRAFT and run.status == "optimal"
    moved_in = [a for a in run.plan["assignments"] if a["candidate"] in {str(o.pk) for o in outsiders}]
    assert len(moved_in) == 2
    run = propose(run, people["board"], "Đề xuất luân chuyển 2 đồng chí")
    run = approve(run, people["standing"], "Thống nhất")
    # The Standing Committee's approval is not yet a decision: the registry is as it was.
    assert not Posting.objects.filter(decision__contains=f"#{run.pk}").exists()
    assert {Official.objects.get(pk=a["candidate"]).current_commune_id for a in moved_in}.isdisjoint(
        {a["post"] for a in moved_in}
    )
    run = decide(run, people["standing"], "Ban hành", decision="15-QĐ/TU")
    assert (run.state, run.decision) == (State.DECIDED, "15-QĐ/TU")
    for assignment in moved_in:
        official = Official.objects.get(pk=assignment["candidate"])
        assert official.current_commune_id == assignment["post"]
        posting = Posting.objects.get(official=official, commune_id=assignment["post"])
        assert posting.start == ON and posting.end is None and f"#{run.pk}" in posting.decision
        assert "15-QĐ/TU" in posting.decision and "Luân chuyển" in posting.decision
        replaced = next(p["incumbent"] for p in run.problem["posts"] if p["id"] == assignment["post"])
        old = Posting.objects.get(official_id=replaced, commune_id=assignment["post"])
        assert old.end == ON - dt.timedelta(days=1)  # the replaced secretary leaves the day before
    events = list(DecisionEvent.objects.values_list("kind", "username", "reason"))
    assert events == [
        ("propose", "bto", "Đề xuất luân chuyển 2 đồng chí"),
        ("approve", "btv", "Thống nhất"),
        ("decide", "btv", "Ban hành"),
    ]
    assert verify_chain().intact


def test_each_step_needs_its_role_its_scope_a_reason_and_the_right_state(people):
    run, _ = lai_chau_plan()
    with pytest.raises(WorkflowError, match="now 'Draft"):
        approve(run, people["standing"], "Sớm quá")  # the right person, but nobody has proposed it yet
    run = propose(run, people["board"], "Trình")
    for who in ("board", "other_standing", "viewer"):
        with pytest.raises(WorkflowError, match="may not approve"):
            approve(run, people[who], "Duyệt")
    with pytest.raises(WorkflowError, match="reason is required"):
        approve(run, people["standing"], "  ")
    run = return_plan(run, people["standing"], "Bổ sung giải trình")
    assert run.state == State.RETURNED
    with pytest.raises(WorkflowError, match="now 'Returned"):
        approve(run, people["standing"], "Duyệt")
    run = approve(propose(run, people["board"], "Trình lại"), people["standing"], "Duyệt")
    with pytest.raises(WorkflowError, match="now 'Approved"):
        approve(run, people["standing"], "Duyệt lần nữa")
    assert not Posting.objects.filter(decision__contains=f"#{run.pk}").exists()  # approval writes nothing
    with pytest.raises(WorkflowError, match="decision number is required"):
        decide(run, people["standing"], "Ban hành", decision=" ")
    run = decide(run, people["standing"], "Ban hành", decision="16-QĐ/TU")
    with pytest.raises(WorkflowError, match="now 'Decided"):
        decide(run, people["standing"], "Ban hành lần nữa", decision="17-QĐ/TU")
    assert Posting.objects.filter(decision__contains=f"#{run.pk}").count() == 2  # written once


def test_a_plan_without_a_solution_cannot_be_proposed(people):
    run, _ = lai_chau_plan(target=0.5, when_infeasible="strict")
    assert run.status == "infeasible"
    with pytest.raises(WorkflowError, match="no solution"):
        propose(run, people["board"], "Trình")
    assert not DecisionEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_approvers_at_the_same_moment_exactly_one_wins(geography):
    people = {
        "board": make_user("bto", role="board_officer", scope=LAI_CHAU),
        "a": make_user("btv-a", role="standing_member", scope=LAI_CHAU),
        "b": make_user("btv-b", role="standing_member", scope=LAI_CHAU),
    }
    run, _ = lai_chau_plan()
    run = propose(run, people["board"], "Trình")
    start = threading.Barrier(2)
    outcomes = {}

    def act(name):
        try:
            start.wait()
            approve(run, people[name], f"Duyệt ({name})")
            outcomes[name] = "won"
        except WorkflowError as error:
            outcomes[name] = error.message_en
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes.values(), key=len)[0] == "won"
    loser = next(v for v in outcomes.values() if v != "won")
    assert "now 'Approved" in loser and "someone may have acted" in loser
    assert DecisionEvent.objects.filter(kind="approve").count() == 1
    assert not Posting.objects.filter(decision__contains=f"#{run.pk}").exists()  # only a decision writes
    assert verify_chain().intact


def test_the_decision_moves_people_out_of_their_old_posts_and_the_history_says_why_and_who(people):
    from cadre.people.models import Posting as PostingModel

    run, outsiders = lai_chau_plan()
    run = approve(propose(run, people["board"], "Trình"), people["standing"], "Thống nhất luân chuyển")
    run = decide(run, people["standing"], "Ban hành quyết định", decision="15-QĐ/TU")
    for outsider in outsiders:
        open_posts = list(PostingModel.objects.filter(official=outsider, end__isnull=True))
        assert [(p.position.code, p.commune_id is not None) for p in open_posts] == [("bi_thu", True)]
        director = PostingModel.objects.get(official=outsider, position__code="giam_doc_so")
        assert director.end == ON - dt.timedelta(days=1)  # left the department the day before
        last = director.history.order_by("-history_date", "-history_id").first()
        assert (
            last.history_change_reason
            == f"Phương án luân chuyển #{run.pk}, quyết định 15-QĐ/TU: Ban hành quyết định"
        )
        assert last.history_user == people["standing"]
