"""The closest plan: when no plan meets every rule, the best that exists, in order (most posts filled, then the
floors as near as possible, then the least cost), each stage proven, each open post named."""

import itertools
import re

import numpy as np
import pytest

from cadre.core.planning.problem import ProblemError, parse_problem
from cadre.core.planning.solver import solve
from cadre.core.planning.synthetic import random_problem


def _document(posts, pairs, floors=(), closest=True, **extra):
    return {
        "version": 1,
        "group_labels": {"H": "Tỉnh Hải Dương"},
        "posts": [{"id": p, "group": "H", "incumbent": None, "label": label} for p, label in posts],
        "candidates": [{"id": c, "label": label} for c, label in dict.fromkeys((c, n) for c, n, *_ in pairs)],
        "pairs": [{"candidate": c, "post": p, "cost": cost, "non_local": nl} for c, _, p, cost, nl in pairs],
        "floors": [{"group": "H", "min_non_local_share": s} for s in floors],
        "options": {"when_infeasible": "closest"} if closest else {},
        **extra,
    }


POSTS = [("P1", "Xã An"), ("P2", "Xã Bình"), ("P3", "Xã Cát"), ("P4", "Xã Dương")]
# Four posts, three people: one post must stay open. The 75% floor needs 3 non-local holders, which only the
# dear pairs give (A→P2, B→P3, C→P4: cost 16); the cheap plan A→P1, B→P2, C→P3 (cost 3) has no non-local holder.
PAIRS = [
    ("A", "Trần Văn An", "P1", 1, False),
    ("A", "Trần Văn An", "P2", 5, True),
    ("B", "Lê Thị Bình", "P2", 1, False),
    ("B", "Lê Thị Bình", "P3", 2, True),
    ("C", "Phạm Văn Cường", "P3", 1, False),
    ("C", "Phạm Văn Cường", "P4", 9, True),
]


def test_the_closest_plan_fills_most_posts_then_meets_the_floor_then_costs_least():
    plan = solve(parse_problem(_document(POSTS, PAIRS, floors=[0.75])))
    assert plan.status == "optimal"
    assert plan.objective == pytest.approx(16) and plan.bound == pytest.approx(16)
    assert plan.holder.tolist() == [-1, 0, 1, 2]
    closest = plan.closest
    assert closest["requirements_met"] is False
    assert closest["label_vi"] == "Phương án gần nhất — không đáp ứng đủ mọi yêu cầu"
    # No plan fills a fourth post: a cover of 3 people touches every eligible pair (König).
    assert closest["proof"] == {
        "filled": 3,
        "posts": 4,
        "vertex_cover": 3,
        "filled_proven": True,
        "shortfall": 0,
        "shortfall_bound": 0,
        "shortfall_proven": True,
        "cost_proven": True,
    }
    [open_post] = closest["open_posts"]
    assert open_post["label"] == "Xã An" and open_post["group_label"] == "Tỉnh Hải Dương"
    assert "Trần Văn An (đã được giao Xã Bình)" in open_post["vi"]
    assert plan.metrics["open"] == 1 and plan.metrics["groups"][0]["non_local_after"] == 3


def test_without_a_floor_the_closest_plan_is_the_cheapest_of_the_fullest():
    plan = solve(parse_problem(_document(POSTS, PAIRS)))
    assert plan.holder.tolist() == [0, 1, 2, -1]  # A→P1, B→P2, C→P3: cost 3; P4 (only C, dear) is open
    assert plan.objective == pytest.approx(3)
    assert [p["label"] for p in plan.closest["open_posts"]] == ["Xã Dương"]


def test_a_floor_out_of_reach_is_come_as_close_to_as_possible():
    # Every post can be filled, but a 100% floor needs 4 non-local holders and only 2 exist.
    posts = POSTS
    pairs = [
        ("L1", "Hà Một", "P1", 1, False),
        ("L2", "Hà Hai", "P2", 1, False),
        ("L3", "Hà Ba", "P3", 1, False),
        ("L4", "Hà Bốn", "P4", 1, False),
        ("N1", "Ngô Một", "P1", 7, True),
        ("N1", "Ngô Một", "P2", 3, True),
        ("N2", "Ngô Hai", "P2", 4, True),
    ]
    strict = solve(parse_problem(_document(posts, pairs, floors=[1.0], closest=False)))
    assert strict.status == "infeasible" and strict.diagnosis["cause"] == "floor_unreachable"
    plan = solve(parse_problem(_document(posts, pairs, floors=[1.0])))
    assert plan.status == "optimal" and (plan.holder >= 0).all()
    # Two non-local holders is the most (N1 and N2 on P1/P2): N1→P1 (7) + N2→P2 (4) + L3 + L4 = 13.
    assert plan.objective == pytest.approx(13)
    assert plan.closest["floors"] == [
        {"group": "H", "label": "Tỉnh Hải Dương", "posts": 4, "required": 4, "reached": 2, "short_by": 2}
    ]
    assert plan.closest["proof"]["shortfall"] == 2 and plan.closest["proof"]["shortfall_proven"]
    assert "thiếu 2" in plan.closest["message_vi"]


def test_a_post_nobody_may_hold_is_named_with_who_a_relaxed_rule_would_let_in():
    posts = [*POSTS[:2], ("P9", "Xã Gò Đen")]
    kept_out = {
        "people": 2,
        "rules": [{"rule": "service_left", "people": 2}],
        "nearest": [
            {
                "candidate": "X",
                "label": "Nguyễn Văn Xuân",
                "reasons": [
                    {
                        "rule": "service_left",
                        "vi": "Còn 100 tháng công tác, cần ít nhất 120 tháng.",
                        "en": "…",
                    }
                ],
            }
        ],
    }
    document = _document(posts, PAIRS[:3])
    document["posts"][2]["kept_out"] = kept_out
    strict = solve(parse_problem({**document, "options": {}}))
    assert strict.status == "infeasible" and strict.diagnosis["cause"] == "no_candidate"
    assert "Xã Gò Đen (Tỉnh Hải Dương)" in strict.diagnosis["message_vi"]
    assert "chưa đủ thời gian công tác còn lại 2 lượt" in strict.diagnosis["message_vi"]
    plan = solve(parse_problem(document))
    [open_post] = plan.closest["open_posts"]
    assert open_post["label"] == "Xã Gò Đen"
    assert open_post["if_relaxed"][0]["vi"] == (
        "Nguyễn Văn Xuân — nếu bỏ điều kiện: Còn 100 tháng công tác, cần ít nhất 120 tháng"
    )
    assert "Không có ai đủ điều kiện." in open_post["vi"]
    assert plan.holder.tolist() == [0, 1, -1]


def test_a_problem_that_does_not_ask_keeps_the_strict_answer():
    plan = solve(parse_problem(_document(POSTS, PAIRS, floors=[0.75], closest=False)))
    assert plan.status == "infeasible" and plan.closest is None
    assert plan.diagnosis["cause"] == "too_few_candidates"


def test_diagnoses_name_places_and_people_not_ids():
    ids = re.compile(r"\b(P\d|[ABC])\b")
    plan = solve(parse_problem(_document(POSTS, PAIRS, floors=[0.75], closest=False)))
    for text in (plan.diagnosis["message_vi"], plan.diagnosis["message_en"]):
        assert not ids.search(text), text
        assert "Xã An" in text and "Tỉnh Hải Dương" in text and "Trần Văn An" in text
    closest = solve(parse_problem(_document(POSTS, PAIRS, floors=[0.75]))).closest
    texts = [closest["message_vi"], closest["message_en"]]
    texts += [t for p in closest["open_posts"] for t in (p["vi"], p["en"])]
    for text in texts:
        assert not ids.search(text), text


def test_an_unknown_when_infeasible_is_refused_by_name():
    with pytest.raises(ProblemError, match="when_infeasible"):
        parse_problem({**_document(POSTS, PAIRS), "options": {"when_infeasible": "maybe"}})


def _brute_force(problem):
    """The lexicographic best (filled, shortfall, cost) over every partial plan, by enumeration."""
    options = [[-1] for _ in range(problem.n_posts)]
    for k in range(problem.n_pairs):
        options[problem.pair_post[k]].append(k)
    requirements = problem.floor_requirements()
    best = None
    for choice in itertools.product(*options):
        used = [problem.pair_candidate[k] for k in choice if k >= 0]
        if len(used) != len(set(used)):
            continue
        chosen = np.array([k for k in choice if k >= 0], dtype=int)
        holds = np.zeros(problem.n_posts, dtype=bool)
        holds[problem.pair_post[chosen]] = problem.pair_non_local[chosen]
        shortfall = sum(max(0, need - int(holds[members].sum())) for _, members, need in requirements)
        key = (-len(chosen), shortfall, round(float(problem.pair_cost[chosen].sum()), 6))
        best = key if best is None or key < best else best
    return best


@pytest.mark.parametrize("seed", range(12))
def test_the_closest_plan_matches_brute_force(seed):
    document = random_problem(seed, groups=1, posts_per_group=5, candidates_per_post=0.8, density=0.35)
    document["options"]["when_infeasible"] = "closest"
    problem = parse_problem(document)
    plan = solve(problem)
    filled, shortfall, cost = _brute_force(problem)
    assert plan.status == "optimal"
    assert int((plan.holder >= 0).sum()) == -filled
    assert plan.objective == pytest.approx(cost, abs=1e-6)
    if plan.closest is not None:
        assert plan.closest["proof"]["filled"] == -filled == plan.closest["proof"]["vertex_cover"]
        assert plan.closest["proof"]["shortfall"] == shortfall


def _scarce(seed: int) -> dict:
    """Five posts, four people, sparse pairs: too few people for some posts, and often a floor out of reach."""
    rng = np.random.default_rng(seed)
    pairs = [
        (f"C{c}", f"Người {c}", f"P{p}", int(rng.integers(1, 20)), bool(rng.random() < 0.4))
        for c in range(4)
        for p in range(5)
        if rng.random() < 0.4
    ]
    posts = [(f"P{p}", f"Xã {p}") for p in range(5)]
    return _document(posts, pairs, floors=[0.6])


@pytest.mark.parametrize("seed", range(20))
def test_the_closest_plan_of_scarce_problems_matches_brute_force(seed):
    problem = parse_problem(_scarce(seed))
    plan = solve(problem)
    filled, shortfall, cost = _brute_force(problem)
    assert plan.status == "optimal" and plan.closest is not None
    proof = plan.closest["proof"]
    assert int((plan.holder >= 0).sum()) == proof["filled"] == proof["vertex_cover"] == -filled
    assert proof["shortfall"] == shortfall
    assert plan.objective == pytest.approx(cost, abs=1e-6) == plan.bound


def test_floors_that_hold_alone_but_not_together_come_as_close_as_possible():
    # X is the only non-local person for P1 (group A) and for P2 (group B): one floor or the other, never both.
    document = {
        "version": 1,
        "posts": [
            {"id": "P1", "group": "A", "incumbent": None, "label": "Xã Một"},
            {"id": "P2", "group": "B", "incumbent": None, "label": "Xã Hai"},
        ],
        "candidates": [{"id": c, "label": c.lower()} for c in ("X", "L1", "L2")],
        "pairs": [
            {"candidate": "X", "post": "P1", "cost": 3, "non_local": True},
            {"candidate": "X", "post": "P2", "cost": 1, "non_local": True},
            {"candidate": "L1", "post": "P1", "cost": 1, "non_local": False},
            {"candidate": "L2", "post": "P2", "cost": 1, "non_local": False},
        ],
        "floors": [{"group": "A", "min_non_local_share": 1.0}, {"group": "B", "min_non_local_share": 1.0}],
        "options": {"when_infeasible": "closest"},
    }
    plan = solve(parse_problem(document))
    assert plan.closest["strict_diagnosis"][0]["cause"] == "floors_jointly_unreachable"
    assert plan.closest["proof"]["shortfall"] == 1 and plan.closest["proof"]["shortfall_proven"]
    assert plan.objective == pytest.approx(2)  # X→P2 (1) and L1→P1 (1), not X→P1 (3)
    assert plan.status == "optimal"


def _two_floors(seed: int) -> dict:
    document = _scarce(seed)
    for number, post in enumerate(document["posts"]):
        post["groups"] = ["D1" if number < 3 else "D2"]
    document["floors"] += [
        {"group": "D1", "min_non_local_share": 0.67},
        {"group": "D2", "min_non_local_share": 1.0},
    ]
    return document


@pytest.mark.parametrize("seed", range(15))
def test_the_closest_plan_with_overlapping_floors_matches_brute_force(seed):
    problem = parse_problem(_two_floors(seed))
    plan = solve(problem)
    filled, shortfall, cost = _brute_force(problem)
    proof = plan.closest["proof"]
    assert int((plan.holder >= 0).sum()) == proof["filled"] == -filled
    assert proof["shortfall"] == shortfall and proof["shortfall_proven"]
    assert plan.objective == pytest.approx(cost, abs=1e-6)


def test_a_diagnosis_says_how_many_posts_cannot_be_filled_in_all():
    # Two separate shortages in one province: P1/P2 share A; P3/P4 share B. Two posts stay open in any plan.
    posts = POSTS
    pairs = [
        ("A", "Trần Văn An", "P1", 1, False),
        ("A", "Trần Văn An", "P2", 1, False),
        ("B", "Lê Thị Bình", "P3", 1, False),
        ("B", "Lê Thị Bình", "P4", 1, False),
        ("C", "Phạm Văn Cường", "P1", 1, False),
        ("C", "Phạm Văn Cường", "P3", 1, False),
    ]
    plan = solve(parse_problem(_document(posts, pairs, closest=False)))
    assert plan.diagnosis["unfillable"] == 1  # A, B, C: three people for four posts
    assert "nhiều nhất 3 trong 4 vị trí có thể có người (thiếu 1)" not in plan.diagnosis["message_vi"]
    pairs = [p for p in pairs if p[0] != "C"]
    # A floor of 0% still makes the province one problem (without it, each pair of posts is its own).
    plan = solve(parse_problem(_document(posts, pairs, floors=[0.0], closest=False)))
    assert plan.diagnosis["unfillable"] == 2
    assert (
        "Tính cả Tỉnh Hải Dương, nhiều nhất 2 trong 4 vị trí có thể có người (thiếu 2)"
        in (plan.diagnosis["message_vi"])
    )
