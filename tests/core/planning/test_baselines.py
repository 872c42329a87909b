"""The baselines the solver is benchmarked against: CP-SAT must agree with an exact reference, and the greedy
clerk must never claim more than it delivers."""

from __future__ import annotations

import numpy as np
import pytest

from cadre.core.planning.baselines import FLOORS_VIOLATED, cp_sat, floor_shortfalls, greedy
from cadre.core.planning.plan import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN
from cadre.core.planning.problem import parse_problem
from cadre.core.planning.solver import solve
from cadre.core.planning.synthetic import random_problem
from tests.core.planning.reference import reference_optimum

SEEDS = range(12)
TIGHT = dict(candidates_per_post=1.3, density=0.35, floor_range=(0.5, 0.9))  # about half have no plan


def small(seed: int, **overrides):
    options = dict(groups=2, posts_per_group=(3, 7), candidates_per_post=2.0, density=0.5)
    return parse_problem(random_problem(seed, **(options | overrides)))


def document(posts, pairs, floors=(), locks=()):
    """A hand-written problem: posts as (id, group, extra groups), pairs as (candidate, post, cost, non_local)."""
    names = sorted({c for c, _, _, _ in pairs})
    return parse_problem(
        {
            "version": 1,
            "posts": [
                {"id": p, "group": g, "groups": list(extra), "incumbent": None} for p, g, extra in posts
            ],
            "candidates": [{"id": c} for c in names],
            "pairs": [{"candidate": c, "post": p, "cost": w, "non_local": n} for c, p, w, n in pairs],
            "floors": [{"group": g, "min_non_local_share": s} for g, s in floors],
            "locks": [{"candidate": c, "post": p, "kind": k} for c, p, k in locks],
        }
    )


def assert_valid_assignment(problem, holder):
    """Every post held once, from its own allowed pairs, and nobody holds two posts."""
    assert len(holder) == problem.n_posts
    pairs = set(zip(problem.pair_candidate.tolist(), problem.pair_post.tolist(), strict=True))
    pairs -= set(problem.must_not)
    for post, candidate in enumerate(holder.tolist()):
        assert (candidate, post) in pairs
    assert len(set(holder.tolist())) == problem.n_posts
    for candidate, post in problem.must:
        assert holder[post] == candidate


def cost_of(problem, holder) -> float:
    cost = {
        (c, p): w
        for c, p, w in zip(problem.pair_candidate, problem.pair_post, problem.pair_cost, strict=True)
    }
    return sum(cost[(c, p)] for p, c in enumerate(holder.tolist()))


@pytest.mark.parametrize("tight", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
def test_cp_sat_matches_the_exact_reference(seed, tight):
    problem = small(seed, **(TIGHT if tight else {}))
    expected = reference_optimum(problem)
    for per_group in (False, True):
        plan = cp_sat(problem, time_limit_s=10, per_group=per_group)
        if expected is None:
            assert plan.status == INFEASIBLE
            continue
        assert plan.status == OPTIMAL
        assert plan.objective == pytest.approx(expected, abs=1e-3)
        assert plan.bound == pytest.approx(expected, abs=1e-3)
        assert plan.bound <= plan.objective + 1e-9
        assert_valid_assignment(problem, plan.holder)
        assert plan.objective == pytest.approx(cost_of(problem, plan.holder))
        assert floor_shortfalls(problem, plan.holder) == []


def test_cp_sat_reports_the_float_objective_and_a_bound_below_it_when_costs_are_finer_than_the_scale():
    problem = document(
        [("A", "G", ()), ("B", "G", ())],
        [
            ("x", "A", 1.0004, False),
            ("y", "A", 1.0, False),
            ("x", "B", 1.0, False),
            ("y", "B", 1.0004, False),
        ],
    )
    plan = cp_sat(problem, time_limit_s=5)
    # It finds the right plan, but on costs rounded to its scale it cannot prove it: no "optimal" label.
    assert plan.status == FEASIBLE
    assert plan.objective == pytest.approx(2.0)
    assert plan.bound <= plan.objective


def test_cp_sat_does_not_call_a_plan_optimal_for_costs_it_rounded():
    # Rounded to thousandths, x→B + y→A (0.001 + 0.002) ties x→A + y→B (0.002 + 0.002)… and is not the optimum.
    problem = document(
        [("A", "G", ()), ("B", "G", ())],
        [
            ("x", "A", 0.0016, False),
            ("y", "B", 0.0016, False),
            ("x", "B", 0.0014, False),
            ("y", "A", 0.0024, False),
        ],
    )
    baseline, ours = cp_sat(problem, time_limit_s=5), solve(problem)
    assert ours.status == OPTIMAL and ours.objective == pytest.approx(0.0032)
    assert baseline.status != OPTIMAL or baseline.objective == pytest.approx(ours.objective)
    assert baseline.bound <= ours.objective + 1e-12


def test_cp_sat_honours_locks():
    problem = small(3, candidates_per_post=3.0, density=0.8)
    free = cp_sat(problem, time_limit_s=10)
    post = 0
    other = next(
        int(c)
        for c, p in zip(problem.pair_candidate, problem.pair_post, strict=True)
        if p == post and c != free.holder[post]
    )
    problem.must = [(other, post)]
    problem.must_not = [(int(free.holder[1]), 1)]
    plan = cp_sat(problem, time_limit_s=10)
    expected = reference_optimum(problem)
    assert plan.status == OPTIMAL and plan.objective == pytest.approx(expected, abs=1e-3)
    assert plan.holder[post] == other and plan.holder[1] != free.holder[1]


@pytest.mark.parametrize(
    "posts, pairs, floors",
    [
        # Two posts, one person eligible for both.
        ([("A", "G", ()), ("B", "G", ())], [("x", "A", 1, False), ("x", "B", 1, False)], []),
        # Everyone is local but the floor wants a non-local holder.
        ([("A", "G", ())], [("x", "A", 1, False), ("y", "A", 2, False)], [("G", 0.5)]),
    ],
)
def test_cp_sat_proves_a_tiny_problem_infeasible(posts, pairs, floors):
    problem = document(posts, pairs, floors)
    for per_group in (False, True):
        plan = cp_sat(problem, time_limit_s=5, per_group=per_group)
        assert plan.status == INFEASIBLE
        assert plan.objective is None and len(plan.holder) == 0
        assert plan.diagnosis["proven"] is True


@pytest.mark.parametrize("seed", SEEDS)
def test_greedy_keeps_every_hard_constraint_it_claims_and_never_claims_optimality(seed):
    problem = small(seed, candidates_per_post=3.0, density=0.7)
    plan = greedy(problem)
    assert plan.status != OPTIMAL and plan.bound is None
    if plan.status == INFEASIBLE:
        assert plan.diagnosis["cause"] == "greedy_stuck" and plan.diagnosis["proven"] is False
        return
    assert_valid_assignment(problem, plan.holder)
    assert plan.objective == pytest.approx(cost_of(problem, plan.holder))
    missed = floor_shortfalls(problem, plan.holder)
    assert plan.stats["floor_violations"] == len(missed)
    assert (plan.status == FEASIBLE) == (missed == [])
    expected = reference_optimum(problem)
    if plan.status == FEASIBLE:
        assert plan.objective >= expected - 1e-6


def test_greedy_fills_floors_first_and_finds_the_obvious_plan():
    problem = document(
        [("A", "G", ()), ("B", "G", ())],
        [("x", "A", 1, False), ("y", "A", 9, True), ("x", "B", 2, False), ("z", "B", 3, False)],
        floors=[("G", 0.5)],
    )
    plan = greedy(problem)
    assert plan.status == FEASIBLE
    assert [problem.candidate_ids[c] for c in plan.holder] == ["y", "x"]
    assert plan.objective == pytest.approx(11) and plan.stats["floor_violations"] == 0


def test_greedy_that_gets_stuck_says_so_without_claiming_infeasibility():
    problem = document(
        [("A", "G", ()), ("B", "G", ())],
        [("x", "A", 1, False), ("y", "A", 5, False), ("x", "B", 2, False)],
    )
    plan = greedy(problem)
    assert plan.status == UNKNOWN and len(plan.holder) == 0
    assert plan.diagnosis == plan.diagnosis | {"cause": "greedy_stuck", "proven": False, "posts": ["B"]}
    assert cp_sat(problem, time_limit_s=5).objective == pytest.approx(7)


def test_greedy_reports_a_floor_it_missed_and_by_how_much():
    # Filling G1's floor first spends x, the only non-local person for C (which also counts in G2).
    problem = document(
        [("A", "G1", ()), ("B", "G1", ()), ("C", "G3", ("G2",))],
        [
            ("x", "A", 1, True),
            ("w", "A", 3, True),
            ("y", "B", 1, True),
            ("x", "C", 5, True),
            ("z", "C", 1, False),
        ],
        floors=[("G1", 1.0), ("G2", 1.0)],
    )
    plan = greedy(problem)
    assert plan.status == FLOORS_VIOLATED and plan.bound is None
    assert_valid_assignment(problem, plan.holder)
    assert plan.stats["floor_violations"] == 1 and plan.stats["short_by"] == 1
    assert plan.stats["missed_floors"][0]["group"] == "G2"
    exact = cp_sat(problem, time_limit_s=5)
    assert exact.status == OPTIMAL and exact.objective == pytest.approx(reference_optimum(problem)) == 9


@pytest.mark.parametrize("locks", [[("y", "A", "must")], [("x", "A", "must_not"), ("y", "B", "must_not")]])
def test_greedy_honours_locks(locks):
    pairs = [("x", "A", 1, False), ("y", "A", 2, False), ("x", "B", 5, False), ("y", "B", 1, False)]
    unlocked = document([("A", "G", ()), ("B", "G", ())], pairs)
    assert [unlocked.candidate_ids[c] for c in greedy(unlocked).holder] == ["x", "y"]
    problem = document([("A", "G", ()), ("B", "G", ())], pairs, locks=locks)
    plan = greedy(problem)
    assert plan.status == FEASIBLE
    assert [problem.candidate_ids[c] for c in plan.holder] == ["y", "x"]
    assert np.isclose(plan.objective, 7)


def test_cp_sat_per_group_with_shared_candidates_gives_a_plan_but_claims_no_proof():
    problem = document(
        [("A", "G1", ()), ("B", "G2", ())],
        [("x", "A", 1, False), ("y", "A", 2, False), ("x", "B", 1, False), ("y", "B", 5, False)],
    )
    whole = cp_sat(problem, time_limit_s=5)
    assert whole.status == OPTIMAL and whole.objective == pytest.approx(3)
    split = cp_sat(problem, time_limit_s=5, per_group=True)
    assert split.status == FEASIBLE and split.bound is None
    assert_valid_assignment(problem, split.holder)
    assert split.objective == pytest.approx(6)
