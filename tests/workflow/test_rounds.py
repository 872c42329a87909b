"""One approved plan per round: a province's plans for the same date are alternatives, and the database lets one of
them be approved (a later change is a correction of it). Two approvers of two such plans at the same moment: one
wins, the other is told which plan was approved (PostgreSQL, real threads). An upgrade over a database that
already breaks the rule stops and names the plans."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cadre.rotation.models import PlanRun
from cadre.rotation.services import run_plan
from cadre.staffing.services import run_transfers
from cadre.workflow.audit import verify_chain
from cadre.workflow.models import DecisionEvent
from cadre.workflow.rounds import ApprovedTwice
from cadre.workflow.services import WorkflowError, approve, propose
from cadre.workflow.states import State
from tests.rotation.plans import lai_chau_plan
from tests.rotation.registry import LAI_CHAU, ON
from tests.staffing.registry import (
    HAI_PHONG,
    fixture_registry,  # noqa: F401  (the staffing registry fixture)
)
from tests.staffing.registry import ON as TRANSFER_ON
from tests.users import make_user


def people():
    return {
        "board": make_user("bto", role="board_officer", scope=LAI_CHAU),
        "a": make_user("btv-a", role="standing_member", scope=LAI_CHAU),
        "b": make_user("btv-b", role="standing_member", scope=LAI_CHAU),
    }


def two_plans_for_one_round():
    """Two proposals for Lai Châu on the same date that move different people (the second moves nobody), so the
    registry alone would take both."""
    first, _ = lai_chau_plan()
    second = run_plan(LAI_CHAU, target=0.0, on=ON)
    assert first.plan["assignments"] != second.plan["assignments"]
    return first, second


def test_a_second_plan_for_the_same_province_and_date_is_refused_and_names_the_approved_one(geography):
    who = people()
    first, second = (propose(run, who["board"], "Trình") for run in two_plans_for_one_round())
    approve(first, who["a"], "Thống nhất")
    with pytest.raises(WorkflowError) as refused:
        approve(second, who["b"], "Thống nhất")
    assert refused.value.message_en == (
        f"Plan #{second.pk} cannot be approved: plan #{first.pk} for the same province and date "
        f"({ON:%d/%m/%Y}) is already approved (perhaps just now). Only one plan per round is approved; to change "
        f"it, make a correction of plan #{first.pk}."
    )
    assert (
        f"phương án #{first.pk} cùng tỉnh, cùng ngày {ON:%d/%m/%Y} đã được phê duyệt"
        in refused.value.message_vi
    )
    second.refresh_from_db()
    assert second.state == State.PROPOSED
    assert DecisionEvent.objects.filter(kind="approve").count() == 1 and verify_chain().intact
    # Another date is another round.
    later = run_plan(LAI_CHAU, target=0.0, on=ON + dt.timedelta(days=30))
    assert approve(propose(later, who["board"], "Trình"), who["a"], "Thống nhất").state == State.APPROVED


def test_the_database_itself_refuses_a_second_approved_plan_in_a_round(geography):
    first, second = two_plans_for_one_round()
    PlanRun.objects.filter(pk=first.pk).update(state=State.DECIDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanRun.objects.filter(pk=second.pk).update(state=State.APPROVED)


def test_an_approved_plan_takes_one_approved_correction_and_that_one_its_own(geography):
    who = people()
    first, _ = lai_chau_plan()
    first = approve(propose(first, who["board"], "Trình"), who["a"], "Thống nhất")
    # Two corrections that differ (the same inputs twice would give back one plan).
    fix, other_fix = (run_plan(LAI_CHAU, target=t, on=ON, based_on=first) for t in (0.0, 0.02))
    assert fix.corrects_id == other_fix.corrects_id == first.pk
    fix = approve(propose(fix, who["board"], "Trình"), who["a"], "Điều chỉnh")
    assert fix.state == State.APPROVED  # a correction stands beside the plan it corrects
    with pytest.raises(
        WorkflowError, match=f"plan #{first.pk} already has an approved correction, #{fix.pk}"
    ):
        approve(propose(other_fix, who["board"], "Trình"), who["b"], "Điều chỉnh")
    fix_of_fix = run_plan(LAI_CHAU, target=0.0, on=ON, based_on=fix)
    assert approve(propose(fix_of_fix, who["board"], "Trình"), who["a"], "Điều chỉnh").state == State.APPROVED


def test_two_transfer_plans_for_the_same_province_and_date_are_not_both_approved(registry):
    officer = make_user("snv", role="home_affairs", scope=HAI_PHONG)
    standing = make_user("btv", role="standing_member", scope=HAI_PHONG)
    first, second = (propose(run_transfers(HAI_PHONG, TRANSFER_ON), officer, "Trình") for _ in range(2))
    approve(first, standing, "Đồng ý")
    with pytest.raises(WorkflowError, match=f"plan #{first.pk} for the same province and date"):
        approve(second, standing, "Đồng ý")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_plans_of_one_round_approved_at_the_same_moment_exactly_one_wins(geography):
    who = people()
    plans = dict(
        zip("ab", (propose(run, who["board"], "Trình") for run in two_plans_for_one_round()), strict=True)
    )
    start = threading.Barrier(2)
    outcomes = {}

    def act(name):
        try:
            start.wait()
            approve(plans[name], who[name], f"Duyệt ({name})")
            outcomes[name] = "won"
        except WorkflowError as error:
            outcomes[name] = error.message_en
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(name,)) for name in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes.values()).count("won") == 1, outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    loser = next(name for name in plans if name != winner)
    assert f"plan #{plans[winner].pk} for the same province and date" in outcomes[loser]
    states = dict(PlanRun.objects.filter(pk__in=[p.pk for p in plans.values()]).values_list("pk", "state"))
    assert states == {plans[winner].pk: State.APPROVED, plans[loser].pk: State.PROPOSED}
    assert DecisionEvent.objects.filter(kind="approve").count() == 1 and verify_chain().intact


def stored_plan(state: str, model=PlanRun, **fields) -> PlanRun:
    """A plan row written straight into the table; `model` is the plan model as of an older schema."""
    values = {"province_id": LAI_CHAU, "rotation_date": ON, "target": 0.0, "problem_sha256": "0" * 64}
    values |= {"problem": {}, "plan": {}, "status": "optimal", "solve_seconds": 0.0, "state": state} | fields
    return model.objects.create(**values)


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_over_a_database_with_two_approved_plans_in_a_round_stops_and_names_them(geography):
    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes("rotation")
    before = [("rotation", "0003_planjob")]
    executor.migrate(before)  # the database as it was before the rule
    old = executor.loader.project_state(before).apps.get_model("rotation", "PlanRun")
    try:
        first, second = stored_plan(State.DECIDED, old), stored_plan(State.APPROVED, old)
        fine = stored_plan(State.APPROVED, old, rotation_date=ON + dt.timedelta(days=1))
        executor = MigrationExecutor(connection)
        with pytest.raises(ApprovedTwice) as stopped:
            executor.migrate(leaf)
        message = str(stopped.value)
        assert f"#{first.pk}, #{second.pk}" in message and f"#{fine.pk}" not in message
        assert f"UPDATE rotation_planrun SET corrects_id = {first.pk} WHERE id = {second.pk};" in message
        assert "Ban Thường vụ quyết định" in message and "Standing Committee decide" in message
        # Done as the message says, the upgrade goes through.
        old.objects.filter(pk=second.pk).update(corrects_id=first.pk)
        MigrationExecutor(connection).migrate(leaf)
    finally:
        PlanRun.objects.exclude(corrects=None).delete()
        PlanRun.objects.all().delete()
        MigrationExecutor(connection).migrate(leaf)
    stored_plan(State.DECIDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        stored_plan(State.APPROVED)  # the rule is in force


def test_the_demo_leaves_a_draft_alone_when_its_round_already_has_an_approved_plan(geography):
    from cadre.rotation.demo import carry_demo_plan

    who = people()
    first, second = two_plans_for_one_round()
    approve(propose(first, who["board"], "Trình"), who["a"], "Thống nhất")
    assert carry_demo_plan(second).state == State.DRAFT  # a second `cadre demo` run does not stop on it
