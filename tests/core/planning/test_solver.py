"""The solver: proven optimal against an exact reference, every constraint kept, infeasibility explained."""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadre.core.planning.problem import parse_problem
from cadre.core.planning.solver import solve
from cadre.core.planning.synthetic import random_problem
from tests.core.planning.reference import reference_optimum


def check_plan_keeps_every_rule(problem, plan):
    """Each post has one holder from its pairs, nobody holds two, every floor and lock holds, sums agree."""
    holder = plan.holder
    assert len(holder) == problem.n_posts
    assert len(set(holder.tolist())) == problem.n_posts
    pair_index = {
        (int(c), int(p)): k
        for k, (c, p) in enumerate(zip(problem.pair_candidate, problem.pair_post, strict=True))
    }
    chosen = [pair_index[(int(c), p)] for p, c in enumerate(holder)]  # KeyError: a pair that does not exist
    assert plan.objective == pytest.approx(float(problem.pair_cost[chosen].sum()), abs=1e-6)
    for _, members, required in problem.floor_requirements():
        assert int(problem.pair_non_local[[chosen[p] for p in members]].sum()) >= required
    for c, p in problem.must:
        assert holder[p] == c
    for c, p in problem.must_not:
        assert holder[p] != c
    assert plan.bound <= plan.objective + 1e-9


def with_extras(document, seed):
    """Add former-district floors that overlap the province floors, and locks, to some problems."""
    rng = np.random.default_rng(seed)
    if seed % 2:
        for index, post in enumerate(document["posts"]):
            post["groups"] = [f"D{index % 2}"]
        districts = {f"D{index % 2}" for index in range(len(document["posts"]))}
        document["floors"] += [
            {"group": group, "min_non_local_share": share}
            for group, share in (("D0", 0.5), ("D1", 0.4))
            if group in districts
        ]
    if seed % 3 == 0 and len(document["pairs"]["cost"]) >= 2:
        pairs = document["pairs"]
        picks = rng.choice(len(pairs["cost"]), size=2, replace=False)
        document["locks"] = [
            {"candidate": pairs["candidate"][k], "post": pairs["post"][k], "kind": kind}
            for k, kind in zip(picks, ("must", "must_not"), strict=True)
        ]
    return document


@pytest.mark.parametrize("seed", range(40))
def test_matches_an_exact_integer_program_on_random_problems(seed):
    document = random_problem(
        seed,
        groups=1 + seed % 3,
        posts_per_group=(3, 9),
        candidates_per_post=1.8,
        density=0.45,
        integer_costs=seed % 4 == 0,
    )
    problem = parse_problem(with_extras(document, seed))
    plan = solve(problem)
    expected = reference_optimum(problem)
    if expected is None:
        assert plan.status == "infeasible"
        assert plan.diagnosis["cause"] in {
            "no_candidate",
            "too_few_candidates",
            "floor_unreachable",
            "floors_jointly_unreachable",
        }
        assert plan.diagnosis["message_vi"] and plan.diagnosis["message_en"]
    else:
        assert plan.status == "optimal"
        assert plan.objective == pytest.approx(expected, abs=1e-6)
        assert plan.bound == pytest.approx(plan.objective, abs=1e-6)
        check_plan_keeps_every_rule(problem, plan)


def test_the_exact_step_closes_a_lagrangian_gap():
    """Seeds where the best multiplier still leaves a gap: HiGHS must close it and agree with the reference."""
    closed = 0
    for seed in range(60):
        document = random_problem(
            seed, groups=1, posts_per_group=(5, 9), candidates_per_post=1.6, density=0.5
        )
        problem = parse_problem(document)
        plan = solve(problem)
        if plan.status == "optimal" and plan.stats["exact_steps"]:
            closed += 1
            assert plan.objective == pytest.approx(reference_optimum(problem), abs=1e-6)
    assert closed >= 3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    groups=st.integers(1, 3),
    density=st.floats(0.2, 0.9),
    per_post=st.floats(1.0, 3.0),
    non_local=st.floats(0.0, 1.0),
)
def test_every_plan_returned_keeps_every_constraint(seed, groups, density, per_post, non_local):
    document = random_problem(
        seed,
        groups=groups,
        posts_per_group=(1, 7),
        candidates_per_post=per_post,
        density=density,
        non_local_rate=non_local,
        floor_range=(0.0, 1.0),
    )
    problem = parse_problem(with_extras(document, seed))
    plan = solve(problem)
    if plan.status == "infeasible":
        assert len(plan.holder) == 0  # never a silent partial plan
        assert reference_optimum(problem) is None
    else:
        check_plan_keeps_every_rule(problem, plan)


def _document(posts, pairs, floors=()):
    candidates = sorted({c for c, *_ in pairs})
    return {
        "version": 1,
        "posts": [{"id": p, "group": g, "incumbent": None} for p, g in posts],
        "candidates": [{"id": c} for c in candidates],
        "pairs": [{"candidate": c, "post": p, "cost": cost, "non_local": nl} for c, p, cost, nl in pairs],
        "floors": [{"group": g, "min_non_local_share": s} for g, s in floors],
    }


def test_a_post_nobody_may_hold_is_named():
    document = _document([("P1", "g"), ("P2", "g")], [("A", "P1", 1, True)])
    plan = solve(parse_problem(document))
    assert plan.status == "infeasible"
    assert plan.diagnosis["cause"] == "no_candidate"
    assert plan.diagnosis["posts"] == ["P2"]
    assert "P2" in plan.diagnosis["message_vi"]


def test_posts_with_too_few_candidates_between_them_are_a_hall_violator():
    # Three posts can only be held by A or B; D may take P4, so P4 is not part of the shortage.
    pairs = [
        ("A", "P1", 1, True),
        ("B", "P1", 1, True),
        ("A", "P2", 1, True),
        ("B", "P3", 1, True),
        ("D", "P4", 1, True),
        ("A", "P4", 1, True),
    ]
    document = _document([("P1", "g"), ("P2", "g"), ("P3", "g"), ("P4", "g")], pairs)
    plan = solve(parse_problem(document))
    assert plan.diagnosis["cause"] == "too_few_candidates"
    violator = plan.diagnosis
    assert len(violator["candidates"]) < len(violator["posts"])
    assert set(violator["candidates"]) <= {"A", "B"}
    assert set(violator["posts"]) <= {"P1", "P2", "P3"}


def test_an_unreachable_floor_says_by_how_much():
    # Four posts, a 75% floor needs 3 non-local holders; only A and B are non-local anywhere.
    posts = [(f"P{i}", "31") for i in range(4)]
    pairs = [(f"L{i}", f"P{i}", 1, False) for i in range(4)] + [
        ("A", "P0", 2, True),
        ("B", "P1", 2, True),
        ("B", "P2", 2, True),
    ]
    plan = solve(parse_problem(_document(posts, pairs, [("31", 0.75)])))
    assert plan.status == "infeasible"
    assert plan.diagnosis["cause"] == "floor_unreachable"
    assert plan.diagnosis["floors"] == [
        {
            "group": "31",
            "label": "31",
            "posts": 4,
            "required": 3,
            "reachable": 2,
            "short_by": 1,
            "highest_share": 0.5,
        }
    ]
    assert "thiếu 1" in plan.diagnosis["message_vi"]
    assert "chỉ tiêu cao nhất có thể đạt là 50%" in plan.diagnosis["message_vi"]


def test_floors_that_hold_alone_but_not_together_are_reported():
    # X is the only non-local person for P1 (group A) and for P2 (group B): one floor or the other.
    posts = [("P1", "A"), ("P2", "B")]
    pairs = [("X", "P1", 1, True), ("X", "P2", 1, True), ("L1", "P1", 1, False), ("L2", "P2", 1, False)]
    plan = solve(parse_problem(_document(posts, pairs, [("A", 1.0), ("B", 1.0)])))
    assert plan.status == "infeasible"
    assert plan.diagnosis["cause"] == "floors_jointly_unreachable"
    assert plan.diagnosis["groups"] == ["A", "B"]


def test_the_floor_costs_what_it_must_and_no_more():
    # Without a floor both locals stay (cost 2); a 50% floor forces exactly one non-local, the cheaper one.
    posts = [("P1", "g"), ("P2", "g")]
    pairs = [("L1", "P1", 1, False), ("L2", "P2", 1, False), ("N1", "P1", 5, True), ("N2", "P2", 4, True)]
    free = solve(parse_problem(_document(posts, pairs)))
    floored = solve(parse_problem(_document(posts, pairs, [("g", 0.5)])))
    assert free.objective == 2 and floored.objective == 5
    assert floored.status == "optimal" and floored.bound == pytest.approx(5)
    problem = parse_problem(_document(posts, pairs, [("g", 0.5)]))
    assert [problem.candidate_ids[c] for c in solve(problem).holder] == ["L1", "N2"]


def test_locks_are_kept_even_when_they_cost_more():
    posts = [("P1", "g"), ("P2", "g")]
    pairs = [("L1", "P1", 1, False), ("L2", "P2", 1, False), ("N1", "P1", 5, True), ("N1", "P2", 9, True)]
    document = _document(posts, pairs)
    document["locks"] = [
        {"candidate": "N1", "post": "P2", "kind": "must"},
        {"candidate": "L1", "post": "P1", "kind": "must_not"},
    ]
    problem = parse_problem(document)
    plan = solve(problem)
    assert plan.status == "infeasible"  # P1 has nobody left: L1 is forbidden and N1 is locked to P2
    assert plan.diagnosis["posts"] == ["P1"]
    document["locks"] = [{"candidate": "N1", "post": "P2", "kind": "must"}]
    plan = solve(parse_problem(document))
    assert plan.objective == 10


def test_independent_provinces_are_solved_as_separate_components():
    document = random_problem(11, groups=4, posts_per_group=5, candidates_per_post=2, density=0.8)
    plan = solve(parse_problem(document))
    assert plan.status == "optimal"
    assert plan.stats["components"] == 4


def test_a_common_offset_in_costs_changes_nothing_but_the_total():
    """Adding the same large amount to every cost adds it once per post: the same plan, proven the same way."""
    for seed in range(30):
        document = random_problem(
            seed, groups=1, posts_per_group=(4, 8), candidates_per_post=1.6, density=0.5
        )
        plain = solve(parse_problem(document))
        document["pairs"]["cost"] = [cost + 1e7 for cost in document["pairs"]["cost"]]
        problem = parse_problem(document)
        shifted = solve(problem)
        assert shifted.status == plain.status
        if plain.status == "optimal":
            expected = plain.objective + 1e7 * problem.n_posts
            assert shifted.objective == pytest.approx(expected, abs=1e-6)
            assert shifted.objective == pytest.approx(reference_optimum(problem), abs=1e-6)


def test_weights_that_made_the_sparse_assignment_cycle_are_solved(tmp_path):
    """Fractional multipliers once sent SciPy's LAPJVsp into an endless loop on this problem (found by fuzzing):
    the weights are now whole numbers on a grid. Run apart, so a regression fails instead of hanging."""
    import subprocess
    import sys
    from pathlib import Path

    path = Path(__file__).parent / "data" / "lapjvsp_cycle.json"
    script = (
        "import sys; from cadre.core.planning.problem import load_problem; "
        "from cadre.core.planning.solver import solve; "
        f"plan = solve(load_problem({str(path)!r})); print(plan.status, plan.objective)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    status, objective = done.stdout.split()
    assert status == "optimal"
    assert float(objective) == pytest.approx(reference_optimum(parse_problem(json.loads(path.read_text()))))
