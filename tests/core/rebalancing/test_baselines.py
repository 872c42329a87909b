"""The greedy clerk: a plan that keeps every rule, never labelled optimal, and never more even than the solver's."""

import numpy as np
import pytest

from cadre.core.rebalancing.baselines import greedy
from cadre.core.rebalancing.plan import FEASIBLE, OPTIMAL, sorted_deficits
from cadre.core.rebalancing.problem import parse_problem
from cadre.core.rebalancing.solver import solve
from cadre.core.rebalancing.synthetic import national_problem
from tests.core.rebalancing.brute import random_document
from tests.core.rebalancing.test_solver import document


def check_rules(problem, plan):
    """Each mover takes one of their own destinations, and the plan's cost is what those moves cost."""
    moved = np.flatnonzero(plan.choice >= 0)
    assert problem.dest_staff[plan.choice[moved]].tolist() == moved.tolist()
    assert plan.total_cost == pytest.approx(float(problem.dest_cost[plan.choice[moved]].sum()))


@pytest.mark.parametrize("chunk", range(4))
def test_greedy_is_never_more_even_than_the_solver_and_never_claims_optimality(chunk):
    for seed in range(chunk * 75, (chunk + 1) * 75):
        problem = parse_problem(random_document(np.random.default_rng(seed)))
        clerk, ours = greedy(problem), solve(problem)
        check_rules(problem, clerk)
        assert clerk.status == FEASIBLE and clerk.bound is None
        theirs = tuple(sorted_deficits(clerk.deficits(problem)).tolist())
        best = tuple(sorted_deficits(ours.deficits(problem)).tolist())
        assert theirs >= best, seed
        if theirs == best:
            assert clerk.total_cost >= ours.total_cost - 1e-9, seed
        # The clerk moves only people over quota, so no cell's deficit ever grows.
        before = problem.deficits(problem.holders())
        assert (clerk.deficits(problem) <= before).all()


def test_greedy_cannot_see_a_chain_that_the_solver_uses():
    problem = document(
        {"A": {"kt": 1}, "B": {"kt": 1}, "C": {"kt": 1}},
        [("a0", "A", "kt", {}), ("a1", "A", "kt", {"B": 1}), ("b0", "B", "kt", {"C": 1})],
    )
    assert greedy(problem).moves(problem) == []
    assert solve(problem).deficits(problem).max() == 0


def test_greedy_fills_the_largest_deficit_first_with_the_cheapest_surplus_person():
    problem = document(
        {"A": {"kt": 0}, "B": {"kt": 1}, "C": {"kt": 2}},
        [("a1", "A", "kt", {"B": 1, "C": 9}), ("a2", "A", "kt", {"C": 3})],
    )
    plan = greedy(problem)
    # C (short by 2) first: a2 at 3 is cheaper than a1 at 9; then C (1) and B (1) tie: B, the earlier cell, gets a1.
    assert {(m["staff"], m["to"]) for m in plan.moves(problem)} == {("a2", "C"), ("a1", "B")}
    assert plan.status != OPTIMAL


def test_greedy_on_a_national_shaped_problem_keeps_the_rules():
    problem = parse_problem(national_problem(4, provinces=2, communes=70))
    plan = greedy(problem)
    check_rules(problem, plan)
    before = tuple(sorted_deficits(problem.deficits(problem.holders())).tolist())
    assert tuple(sorted_deficits(plan.deficits(problem)).tolist()) <= before
