"""Two post types in one problem (commune Party secretaries and People's Committee chairs): the same people are
candidates for both, one person holds at most one post, and each type's floor counts its own posts only."""

import numpy as np
import pytest

from cadre.core.planning.explain import explain
from cadre.core.planning.problem import ProblemError, parse_problem
from cadre.core.planning.solver import solve
from tests.core.planning.reference import reference_optimum

LABELS = {"H": "Bí thư Đảng ủy xã — Tỉnh Hải Dương", "H:chair": "Chủ tịch UBND xã — Tỉnh Hải Dương"}


def _document(pairs, floors, closest=False):
    """Secretary posts S1, S2 (group H) and chair posts C1, C2 (group H:chair) of two communes."""
    posts = [
        {"id": "S1", "group": "H", "incumbent": None, "label": "Xã An"},
        {"id": "S2", "group": "H", "incumbent": None, "label": "Xã Bình", "type": "secretary"},
        {"id": "C1", "group": "H:chair", "incumbent": None, "label": "Xã An", "type": "chair"},
        {"id": "C2", "group": "H:chair", "incumbent": None, "label": "Xã Bình", "type": "chair"},
    ]
    return {
        "version": 1,
        "group_labels": LABELS,
        "posts": posts,
        "candidates": [{"id": c} for c in dict.fromkeys(c for c, *_ in pairs)],
        "pairs": [{"candidate": c, "post": p, "cost": cost, "non_local": nl} for c, p, cost, nl in pairs],
        "floors": [{"group": g, "min_non_local_share": s} for g, s in floors.items()],
        "options": {"when_infeasible": "closest"} if closest else {},
    }


# N is the cheapest holder of every post and non-local everywhere; A, B, D, E are local, dearer.
PAIRS = [
    ("N", "S1", 1, True),
    ("N", "S2", 1, True),
    ("N", "C1", 1, True),
    ("N", "C2", 1, True),
    ("M", "S2", 6, True),
    ("M", "C1", 2, True),
    ("A", "S1", 4, False),
    ("B", "S2", 3, False),
    ("D", "C1", 3, False),
    ("E", "C2", 3, False),
]


def _holders(problem, plan):
    return {
        problem.post_ids[p]: (problem.candidate_ids[c] if c >= 0 else None) for p, c in enumerate(plan.holder)
    }


def test_one_person_never_holds_two_posts_and_each_type_meets_its_own_floor():
    problem = parse_problem(_document(PAIRS, {"H": 0.5, "H:chair": 0.5}))
    assert problem.post_type == ["secretary", "secretary", "chair", "chair"]
    plan = solve(problem)
    assert plan.status == "optimal"
    holders = _holders(problem, plan)
    assert len(set(holders.values())) == 4  # N (cheapest everywhere) takes one post only
    # Each type needs one non-local holder: N takes a secretary post, M the chair post C1 (cheaper than
    # N as chair and M as secretary: N→S1 1 + B 3 + M→C1 2 + E 3 = 9).
    assert holders == {"S1": "N", "S2": "B", "C1": "M", "C2": "E"}
    assert plan.objective == pytest.approx(9) == reference_optimum(problem)
    groups = {g["group"]: g for g in plan.metrics["groups"]}
    assert groups["H"]["non_local_after"] == 1 and groups["H:chair"]["non_local_after"] == 1
    assert groups["H:chair"]["label"] == "Chủ tịch UBND xã — Tỉnh Hải Dương"
    explained = {a["post"]: a for a in explain(problem, plan)["assignments"]}
    assert {post: a["candidate"] for post, a in explained.items()} == holders


def test_without_the_second_non_local_person_the_floors_cannot_both_be_met():
    pairs = [p for p in PAIRS if p[0] != "M"]
    strict = solve(parse_problem(_document(pairs, {"H": 0.5, "H:chair": 0.5})))
    # Each floor alone is reachable (N), both together are not: N cannot hold two posts.
    assert strict.status == "infeasible"
    assert strict.diagnosis["cause"] == "floors_jointly_unreachable"
    assert strict.diagnosis["message_vi"] and strict.diagnosis["message_en"]

    problem = parse_problem(_document(pairs, {"H": 0.5, "H:chair": 0.5}, closest=True))
    plan = solve(problem)
    assert plan.status == "optimal" and (plan.holder >= 0).all()
    holders = _holders(problem, plan)
    assert list(holders.values()).count("N") == 1
    assert plan.closest["proof"]["shortfall"] == 1 and plan.closest["proof"]["shortfall_proven"]
    short = [f for f in plan.closest["floors"] if f["short_by"]]
    assert len(short) == 1 and short[0]["label"] in LABELS.values()


def test_random_two_type_problems_match_the_exact_reference():
    rng = np.random.default_rng(7)
    for _ in range(15):
        people = [f"P{i}" for i in range(9)]
        pairs = [
            (c, p, float(rng.integers(1, 30)), bool(rng.random() < 0.4))
            for c in people
            for p in ("S1", "S2", "C1", "C2")
            if rng.random() < 0.55
        ]
        problem = parse_problem(_document(pairs, {"H": 0.5, "H:chair": 1.0}))
        plan = solve(problem)
        expected = reference_optimum(problem)
        if expected is None:
            assert plan.status == "infeasible"
            continue
        assert plan.status == "optimal" and plan.objective == pytest.approx(expected, abs=1e-6)
        assert len(set(plan.holder.tolist())) == 4


def test_an_unknown_post_type_is_refused_and_an_old_file_is_all_secretaries():
    document = _document(PAIRS, {})
    document["posts"][0]["type"] = "vice_chair"
    with pytest.raises(ProblemError) as refused:
        parse_problem(document)
    assert "vice_chair" in refused.value.message_en and "Loại vị trí" in refused.value.message_vi
    for post in document["posts"]:
        post.pop("type", None)
    assert parse_problem(document).post_type == ["secretary"] * 4
