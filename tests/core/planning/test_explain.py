"""Explanations of small plans whose cutoffs and reasons can be read off by hand."""

import json

import pytest

from cadre.core.planning.explain import explain
from cadre.core.planning.problem import parse_problem
from cadre.core.planning.solver import solve
from tests.core.planning.test_metrics import district_document


@pytest.fixture
def district():
    problem = parse_problem(district_document())
    plan = solve(problem)
    return problem, plan, explain(problem, plan)


def by_post(explanation: dict) -> dict:
    return {item["post"]: item for item in explanation["assignments"]}


def test_each_post_says_whether_its_holder_stays_moves_or_is_new(district):
    _, _, explanation = district
    assert json.loads(json.dumps(explanation, ensure_ascii=False)) == explanation
    assert [(a["post"], a["candidate"], a["kind"]) for a in explanation["assignments"]] == [
        ("P1", "d", "new"),
        ("P2", "a", "moves"),
        ("P3", "c", "stays"),
    ]


def test_rules_pass_the_eligibility_facts_through_and_add_the_non_local_finding(district):
    _, _, explanation = district
    entrant = by_post(explanation)["P1"]
    assert entrant["label"] == "Trần Thị Dung" and entrant["post_label"] == "Xã An Phú"
    assert entrant["rules"][0] == {"rule": "age", "vi": "Đủ tuổi bổ nhiệm.", "en": "Of age for appointment."}
    assert entrant["rules"][1]["rule"] == "non_local" and entrant["rules"][1]["value"] is True
    assert by_post(explanation)["P3"]["rules"] == [
        {
            "rule": "non_local",
            "value": False,
            "vi": "Là người địa phương tại vị trí này.",
            "en": "Local at this post.",
        }
    ]
    assert entrant["burden"] == {"cost": 3.0, "km": 30.0}


def test_the_cutoff_is_the_cost_the_post_was_filled_at(district):
    _, _, explanation = district
    cutoff = by_post(explanation)["P1"]["cutoff"]
    # a, b and d may hold P1; d took it at 3, and a (cost 2) was cheaper there.
    assert (cutoff["cost"], cutoff["considered"], cutoff["cheaper"]) == (3.0, 2, 1)
    assert cutoff["en"] == (
        "Xã An Phú was filled at a burden of 3 points (its cutoff); 2 other eligible people were considered, 1 of them "
        "at a lower burden."
    )


def test_runner_up_names_the_holder_and_both_costs(district):
    _, _, explanation = district
    runner_up = by_post(explanation)["P2"]["runner_up"]
    assert {k: runner_up[k] for k in ("post", "label", "cost", "holder", "holder_cost")} == {
        "post": "P1",
        "label": "Xã An Phú",
        "cost": 2.0,
        "holder": "d",
        "holder_cost": 3.0,
    }
    assert runner_up["vi"].startswith(
        "Vị trí Xã An Phú do Trần Thị Dung đảm nhiệm với gánh nặng 3 điểm; với bạn, gánh nặng ở vị trí đó là 2 điểm."
    )
    assert runner_up["en"].startswith(
        "The post Xã An Phú went to Trần Thị Dung at a burden of 3 points; yours there would be 2 points."
    )
    # a was cheaper at P1 than d, so the proven-optimal plan says why a still did not get it.
    assert (
        "No plan that gives you that post and meets every floor has a lower total burden." in runner_up["en"]
    )
    assert by_post(explanation)["P3"]["runner_up"] is None  # c may hold no other post


def test_people_without_a_post_learn_why_former_incumbents_first(district):
    _, _, explanation = district
    assert explanation["not_moved_total"] == 3
    outgoing, entrant, ineligible = explanation["not_moved"]
    assert (outgoing["candidate"], outgoing["former_post"]) == ("b", "P2")
    assert outgoing["reason"] == "cheaper_holder"
    assert outgoing["en"] == (
        "Your least burdensome eligible post, Xã An Phú, went to Trần Thị Dung at a burden of 3 points; yours there "
        "would be 4 points."
    )
    assert outgoing["vi"] == (
        "Vị trí ít gánh nặng nhất mà bạn đủ điều kiện, Xã An Phú, do Trần Thị Dung đảm nhiệm với gánh nặng 3 điểm; "
        "với bạn, gánh nặng ở vị trí đó là 4 điểm."
    )
    assert (entrant["candidate"], entrant["post"], entrant["holder"], entrant["holder_cost"]) == (
        "e",
        "P3",
        "c",
        1.0,
    )
    assert (ineligible["candidate"], ineligible["reason"]) == ("f", "no_eligible_post")
    assert ineligible["en"] == "Not eligible for any post in the problem."


def test_limit_bounds_the_not_moved_list_but_not_its_total():
    problem = parse_problem(district_document())
    explanation = explain(problem, solve(problem), limit=1)
    assert [item["candidate"] for item in explanation["not_moved"]] == ["b"]
    assert explanation["not_moved_total"] == 3


def test_a_floor_can_pass_over_a_cheaper_local_person():
    document = {
        "version": 1,
        "posts": [{"id": "P", "group": "G", "incumbent": None}],
        "candidates": [{"id": "local"}, {"id": "outsider"}],
        "pairs": [
            {"candidate": "local", "post": "P", "cost": 1.5, "non_local": False},
            {"candidate": "outsider", "post": "P", "cost": 5, "non_local": True},
        ],
        "floors": [{"group": "G", "min_non_local_share": 1.0}],
    }
    problem = parse_problem(document)
    explanation = explain(problem, solve(problem))
    assert explanation["assignments"][0]["candidate"] == "outsider"
    (passed_over,) = explanation["not_moved"]
    assert (passed_over["reason"], passed_over["cost"], passed_over["holder_cost"]) == (
        "rest_of_plan",
        1.5,
        5.0,
    )
    assert "với bạn, gánh nặng ở vị trí đó là 1,5 điểm." in passed_over["vi"]
    assert passed_over["en"].endswith("meets every floor has a lower total burden.")


def test_an_infeasible_plan_explains_only_its_diagnosis():
    document = district_document()
    document["posts"].append({"id": "P4", "group": "D1", "incumbent": None})
    problem = parse_problem(document)
    plan = solve(problem)
    explanation = explain(problem, plan)
    assert explanation == {
        "status": "infeasible",
        "assignments": [],
        "not_moved": [],
        "not_moved_total": 0,
        "diagnosis": plan.diagnosis,
    }
    assert explanation["diagnosis"]["posts"] == ["P4"]


@pytest.mark.parametrize(
    "lock",
    [
        {"candidate": "z", "post": "A", "kind": "must_not"},  # z may not take A
        {"candidate": "x", "post": "A", "kind": "must"},  # A is locked to x
    ],
)
def test_a_move_the_locks_rule_out_is_no_rival_no_runner_up_and_no_ground_for_envy(lock):
    document = {
        "version": 1,
        "posts": [{"id": "A", "group": "G", "incumbent": "x"}],
        "candidates": [{"id": "x"}, {"id": "z", "preferences": ["A"]}],
        "pairs": [
            {"candidate": "x", "post": "A", "cost": 5, "non_local": False},
            {"candidate": "z", "post": "A", "cost": 1, "non_local": False},
        ],
        "locks": [lock],
    }
    problem = parse_problem(document)
    plan = solve(problem)
    explanation = explain(problem, plan)
    assert plan.metrics["justified_envy"]["count"] == 0
    assert explanation["assignments"][0]["cutoff"]["considered"] == 0  # z was never a rival for A
    (z,) = explanation["not_moved"]
    assert z["reason"] == "no_eligible_post"
    assert "lower total burden" not in json.dumps(z)
