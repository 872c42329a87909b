"""Plan metrics on problems small enough to check by hand."""

import json

import pytest

from cadre.core.planning.metrics import plan_metrics
from cadre.core.planning.problem import parse_problem
from cadre.core.planning.solver import solve


def district_document() -> dict:
    """Three commune posts of one district, held by a, b and c; d, e and f hold no post.

    Pairs (cost, non-local, km):
        P1: a 2 local (stays) · b 4 non-local · d 3 non-local
        P2: a 1 non-local · b 5 local (stays) · e 6 local
        P3: c 1 local (stays) · e 3 non-local
    The cheapest plan (total 5) is d→P1, a→P2, c stays at P3; b and e get nothing, f may hold nothing.
    """
    pairs = [
        ("a", "P1", 2, False, 0),
        ("a", "P2", 1, True, 12),
        ("b", "P1", 4, True, 20),
        ("b", "P2", 5, False, 0),
        ("c", "P3", 1, False, 0),
        ("d", "P1", 3, True, 30),
        ("e", "P2", 6, False, 8),
        ("e", "P3", 3, True, 25),
    ]
    return {
        "version": 1,
        "posts": [
            {"id": "P1", "group": "D1", "incumbent": "a", "label": "Xã An Phú"},
            {"id": "P2", "group": "D1", "incumbent": "b", "label": "Xã Bình Minh"},
            {"id": "P3", "group": "D1", "incumbent": "c", "label": "Xã Cát Tiên", "hard": True},
        ],
        "candidates": [
            {"id": "a", "label": "Nguyễn Văn An", "score": 8, "preferences": ["P1", "P2"]},
            {"id": "b", "label": "Lê Thị Bình", "score": 6, "preferences": ["P1"]},
            {"id": "c", "label": "Phạm Văn Cường", "score": 3},
            {
                "id": "d",
                "label": "Trần Thị Dung",
                "score": 7,
                "facts": [{"rule": "age", "vi": "Đủ tuổi bổ nhiệm.", "en": "Of age for appointment."}],
            },
            {"id": "e", "label": "Hoàng Văn Em", "score": 9, "preferences": ["P3"]},
            {"id": "f", "label": "Vũ Thị Phương"},
        ],
        "pairs": [
            {"candidate": c, "post": p, "cost": cost, "non_local": nl, "km": km}
            for c, p, cost, nl, km in pairs
        ],
        "floors": [{"group": "D1", "min_non_local_share": 0.6}],
    }


@pytest.fixture
def district():
    problem = parse_problem(district_document())
    plan = solve(problem)
    assert plan.status == "optimal"
    assert [problem.candidate_ids[c] for c in plan.holder] == ["d", "a", "c"]
    return problem, plan


def test_the_solver_attaches_json_metrics(district):
    problem, plan = district
    assert plan.metrics == plan_metrics(problem, plan.holder)
    assert json.loads(json.dumps(plan.metrics)) == plan.metrics


def test_group_share_rises_from_none_to_two_of_three_and_meets_the_floor(district):
    _, plan = district
    assert plan.metrics["groups"] == [
        {
            "group": "D1",
            "posts": 3,
            "non_local_before": 0,
            "share_before": 0.0,
            "non_local_after": 2,
            "share_after": 0.6667,
            "target": 0.6,
            "required": 2,
            "met": True,
        }
    ]


def test_an_entrant_starts_a_vacancy_chain_of_two_moves(district):
    _, plan = district
    metrics = plan.metrics
    assert (metrics["moves"], metrics["stays"]) == (2, 1)
    # d enters P1; P1's incumbent a moves to P2; P2's incumbent b leaves.
    assert metrics["vacancy_chains"] == [["P1", "P2"]]
    assert metrics["longest_chain"] == 2
    assert metrics["rotation_cycles"] == []


def test_distance_counts_only_people_who_move(district):
    _, plan = district
    assert plan.metrics["distance_km"] == {"moved": 2, "total": 42.0, "max": 30.0, "mean": 21.0}


def test_quality_gap_shows_the_weakest_person_on_the_hard_post(district):
    _, plan = district
    # c (score 3) holds the hard post P3; d (7) and a (8) hold the others.
    assert plan.metrics["quality"] == {
        "hard_posts": 1,
        "mean_score_hard": 3.0,
        "mean_score_other": 7.5,
        "gap": -4.5,
        "unscored_holders": 0,
    }


def test_justified_envy_finds_the_person_who_wanted_their_old_post_and_was_cheaper(district):
    _, plan = district
    # a ranks P1 above P2 and costs 2 there, below d's 3. b (4 > 3) and e (3 > 1) have no justified claim.
    assert plan.metrics["justified_envy"] == {
        "count": 1,
        "pairs": [{"candidate": "a", "post": "P1", "cost": 2.0, "holder": "d", "holder_cost": 3.0}],
    }


def test_optional_figures_are_left_out_when_the_problem_lacks_their_data():
    document = district_document()
    for candidate in document["candidates"]:
        candidate.pop("score", None)
        candidate.pop("preferences", None)
    for pair in document["pairs"]:
        del pair["km"]
    metrics = solve(parse_problem(document)).metrics
    assert not {"distance_km", "quality", "justified_envy"} & metrics.keys()


def test_share_before_is_unknown_only_when_an_incumbent_cannot_be_placed():
    document = district_document()
    document["posts"][2]["incumbent"] = "x"  # retired: not a candidate, so no pair says where they came from
    document["posts"][2]["groups"] = ["Old-D"]
    document["pairs"].append({"candidate": "f", "post": "P3", "cost": 1, "non_local": True, "km": 5})
    problem = parse_problem(document)
    groups = {
        g["group"]: g for g in plan_metrics(problem, solve(problem, with_metrics=False).holder)["groups"]
    }
    assert groups["D1"]["share_before"] is None and groups["D1"]["non_local_before"] is None
    assert groups["Old-D"]["target"] is None and groups["Old-D"]["met"] is None

    document["posts"][2]["incumbent_non_local"] = True
    problem = parse_problem(document)
    groups = {
        g["group"]: g for g in plan_metrics(problem, solve(problem, with_metrics=False).holder)["groups"]
    }
    assert (groups["D1"]["non_local_before"], groups["D1"]["share_before"]) == (1, 0.3333)


def test_incumbents_swapping_posts_form_a_cycle_not_a_chain():
    document = {
        "version": 1,
        "posts": [{"id": "P1", "group": "G", "incumbent": "a"}, {"id": "P2", "group": "G", "incumbent": "b"}],
        "candidates": [{"id": "a"}, {"id": "b"}],
        "pairs": [
            {"candidate": "a", "post": "P1", "cost": 5, "non_local": False},
            {"candidate": "a", "post": "P2", "cost": 1, "non_local": True},
            {"candidate": "b", "post": "P1", "cost": 1, "non_local": True},
            {"candidate": "b", "post": "P2", "cost": 5, "non_local": False},
        ],
    }
    metrics = solve(parse_problem(document)).metrics
    assert metrics["moves"] == 2
    assert metrics["vacancy_chains"] == [] and metrics["longest_chain"] == 0
    assert metrics["rotation_cycles"] == [["P1", "P2"]]
