"""The rebalancing solver: the most even deficits (checked against every plan of small problems), then the least
cost, and an honest status when costs are rounded or the time runs out."""

import numpy as np
import pytest
from ortools.graph.python import min_cost_flow

from cadre.core.rebalancing import solver as solver_module
from cadre.core.rebalancing.plan import FEASIBLE, OPTIMAL, UNKNOWN, sorted_deficits
from cadre.core.rebalancing.problem import parse_problem
from cadre.core.rebalancing.solver import cost_decimals, solve
from cadre.core.rebalancing.synthetic import national_problem
from tests.core.rebalancing.brute import brute_force, random_document

CHUNKS = 10


def mismatches(seeds, **shape):
    """Seeds where the solver's plan is not the brute-force answer: the lexicographically smallest sorted deficit
    vector, then the least cost among the plans that reach it, proven optimal."""
    wrong = []
    for seed in seeds:
        problem = parse_problem(random_document(np.random.default_rng(seed), **shape))
        plan = solve(problem)
        best, least = brute_force(problem)
        mine = sorted_deficits(plan.deficits(problem))
        if plan.status != OPTIMAL or mine.tolist() != best.tolist() or abs(plan.total_cost - least) > 1e-9:
            wrong.append((seed, plan.status, mine.tolist(), best.tolist(), plan.total_cost, least))
        assert plan.bound == plan.total_cost
    return wrong


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_matches_every_plan_enumerated_on_random_small_problems(chunk):
    # 600 problems: 2–5 units, 1–3 positions, up to 7 staff with 0–3 destinations, quotas 0–3.
    assert mismatches(range(chunk * 60, (chunk + 1) * 60)) == []


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_matches_every_plan_enumerated_when_everyone_shares_one_position(chunk):
    # 300 denser problems: one position, so every move interacts with every other.
    seeds = range(100_000 + chunk * 30, 100_000 + (chunk + 1) * 30)
    assert mismatches(seeds, units=4, positions=1, staff=8, destinations=3) == []


def document(quotas, staff):
    """A hand-written problem: quotas {unit: {position: n}}, staff as (id, unit, position, {unit: cost})."""
    return parse_problem(
        {
            "version": 1,
            "units": [{"id": unit, "quota": quota} for unit, quota in quotas.items()],
            "staff": [
                {
                    "id": name,
                    "unit": unit,
                    "position": position,
                    "destinations": [{"unit": u, "cost": c} for u, c in destinations.items()],
                }
                for name, unit, position, destinations in staff
            ],
        }
    )


def moves(problem, plan):
    return {(m["staff"], m["to"]) for m in plan.moves(problem)}


def test_a_surplus_unit_feeds_two_short_units_evenly_even_when_one_is_cheaper():
    problem = document(
        {"A": {"kt": 1}, "B": {"kt": 2}, "C": {"kt": 2}},
        [
            ("a0", "A", "kt", {}),
            ("a1", "A", "kt", {"B": 1, "C": 5}),
            ("a2", "A", "kt", {"B": 1, "C": 5}),
        ],
    )
    plan = solve(problem)
    assert plan.status == OPTIMAL
    assert sorted(to for _, to in moves(problem, plan)) == ["B", "C"]  # deficits 1 and 1, not 0 and 2
    assert plan.total_cost == 6 == plan.bound
    document_out = plan.to_document(problem)
    assert document_out["deficits"] == {"B": {"kt": 1}, "C": {"kt": 1}}
    assert document_out["deficits_before"] == {"B": {"kt": 2}, "C": {"kt": 2}}
    assert document_out["summary"]["after"]["levels"] == [[1, 2]]


def test_a_move_that_opens_a_deficit_is_taken_only_when_it_evens_the_deficits_out():
    uneven = document({"A": {"kt": 1}, "B": {"kt": 3}}, [("x", "A", "kt", {"B": 2})])
    plan = solve(uneven)
    assert moves(uneven, plan) == {("x", "B")}  # (0, 3) becomes (1, 2)
    even = document({"A": {"kt": 1}, "B": {"kt": 1}}, [("x", "A", "kt", {"B": 2})])
    plan = solve(even)
    assert moves(even, plan) == set() and plan.total_cost == 0  # (0, 1) or (1, 0): equal, so stay for free


def test_ties_are_broken_by_cost():
    problem = document(
        {"A": {"kt": 1}, "B": {"kt": 1}, "C": {"kt": 1}},
        [
            ("a0", "A", "kt", {}),
            ("a1", "A", "kt", {"C": 7.5}),
            ("b0", "B", "kt", {}),
            ("b1", "B", "kt", {"C": 2.5}),
        ],
    )
    plan = solve(problem)
    assert moves(problem, plan) == {("b1", "C")} and plan.total_cost == 2.5


def test_a_chain_of_moves_fills_a_unit_nobody_with_a_surplus_can_reach():
    problem = document(
        {"A": {"kt": 1}, "B": {"kt": 1}, "C": {"kt": 1}},
        [("a0", "A", "kt", {}), ("a1", "A", "kt", {"B": 1}), ("b0", "B", "kt", {"C": 1})],
    )
    plan = solve(problem)
    assert moves(problem, plan) == {("a1", "B"), ("b0", "C")}
    assert plan.deficits(problem).max() == 0


def test_moves_keep_the_position_and_a_position_without_quota_is_a_surplus():
    problem = document(
        {"A": {"kt": 1, "it": 0}, "B": {"it": 1}},
        # a0 is an accountant: an IT shortage at B is not theirs to fill. i0 holds an IT post A has no quota for.
        [("a0", "A", "kt", {"B": 1}), ("a1", "A", "kt", {"B": 1}), ("i0", "A", "it", {"B": 3})],
    )
    plan = solve(problem)
    assert moves(problem, plan) == {("i0", "B")}
    assert plan.to_document(problem)["deficits"] == {}


def test_nobody_with_a_destination_means_no_moves_and_a_proven_plan():
    problem = document({"A": {"kt": 3}, "B": {"kt": 0}}, [("b0", "B", "kt", {}), ("b1", "B", "kt", {})])
    plan = solve(problem)
    assert plan.status == OPTIMAL and plan.moves(problem) == [] and plan.total_cost == 0 == plan.bound
    assert plan.to_document(problem)["deficits"] == {"A": {"kt": 3}}
    assert plan.stats["components"] == 0


def test_an_empty_problem_is_solved():
    problem = parse_problem({"version": 1, "units": [], "staff": []})
    plan = solve(problem)
    assert plan.status == OPTIMAL and plan.to_document(problem)["summary"]["after"]["max"] == 0


def test_costs_are_worked_in_the_fewest_decimals_that_write_them_exactly():
    assert cost_decimals(np.array([1.0, 20.0])) == 0
    assert cost_decimals(np.array([0.1, 0.3, 2.5])) == 1
    assert cost_decimals(np.array([0.125])) == 3
    assert cost_decimals(np.array([1 / 3])) == 6
    assert cost_decimals(np.array([])) == 0


@pytest.mark.parametrize("seed", range(40))
def test_rounded_costs_keep_the_deficits_proven_and_the_cost_within_its_bound(seed):
    rng = np.random.default_rng(5_000 + seed)
    raw = random_document(rng, units=4, positions=2, staff=6)
    for person in raw["staff"]:
        for destination in person["destinations"]:
            destination["cost"] = int(rng.integers(0, 30)) / 7  # not a whole number at any scale up to 10⁶
    problem = parse_problem(raw)
    plan = solve(problem)
    best, least = brute_force(problem)
    assert sorted_deficits(plan.deficits(problem)).tolist() == best.tolist()
    assert plan.bound <= least + 1e-9 <= plan.total_cost + 2e-9
    assert plan.total_cost - plan.bound <= problem.n_staff * 1e-6
    if plan.status == FEASIBLE:
        assert plan.cost_resolution == pytest.approx(1e-6)


@pytest.mark.parametrize("seed", range(20))
def test_huge_costs_lower_the_scale_instead_of_overflowing(seed):
    rng = np.random.default_rng(9_000 + seed)
    raw = random_document(rng, units=4, positions=1, staff=7)
    for person in raw["staff"]:
        for destination in person["destinations"]:
            destination["cost"] = float(rng.integers(1, 10**6)) * 1e6 + 0.5  # up to 10¹², with a half
    problem = parse_problem(raw)
    plan = solve(problem)
    best, least = brute_force(problem)
    assert plan.status in (OPTIMAL, FEASIBLE)
    assert sorted_deficits(plan.deficits(problem)).tolist() == best.tolist()
    assert plan.bound <= least * (1 + 1e-12) and least <= plan.total_cost * (1 + 1e-12)


def test_a_large_component_with_huge_costs_is_solved_at_a_coarser_scale_and_says_so():
    # 2,000 people at 10¹² each: at the costs' own scale (0.5 → 10) M·Σd² would overflow OR-Tools' int64 costs.
    staff = [(f"a{k}", "A", "kt", {"B": 1e12 - 1000.0 * (k + 1) + 0.5}) for k in range(2000)]
    problem = document({"A": {"kt": 0}, "B": {"kt": 1000}}, staff)
    plan = solve(problem)
    assert plan.status == FEASIBLE and plan.cost_resolution >= 1
    assert plan.deficits(problem).max() == 0
    least = sum(1e12 - 1000.0 * (k + 1) + 0.5 for k in range(1000, 2000))  # the 1,000 cheapest
    assert plan.bound <= least <= plan.total_cost
    assert plan.total_cost - plan.bound <= 2000 * plan.cost_resolution  # at most one step per person


class _Flow:
    """OR-Tools' flow, with `solve` answering the statuses given first, then itself."""

    answers: list = []

    def __init__(self):
        self._inner = min_cost_flow.SimpleMinCostFlow()
        self.OPTIMAL, self.BAD_COST_RANGE = self._inner.OPTIMAL, self._inner.BAD_COST_RANGE

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def solve(self):
        status = self._inner.solve()
        return _Flow.answers.pop(0) if _Flow.answers else status


def chain():
    return document(
        {"A": {"kt": 1}, "B": {"kt": 1}, "C": {"kt": 1}},
        [("a0", "A", "kt", {}), ("a1", "A", "kt", {"B": 3}), ("b0", "B", "kt", {"C": 4})],
    )


def test_a_flow_without_proof_gives_no_plan(monkeypatch):
    real = min_cost_flow.SimpleMinCostFlow
    monkeypatch.setattr(solver_module, "min_cost_flow", type("M", (), {"SimpleMinCostFlow": _Flow}))
    _Flow.answers = [real.BAD_RESULT]
    problem = chain()
    plan = solve(problem)
    assert plan.status == UNKNOWN and plan.moves(problem) == []
    assert plan.diagnosis["flow_status"] == "BAD_RESULT" and plan.diagnosis["proven"] is False
    assert plan.to_document(problem)["deficits"] is None


def test_a_cost_range_refusal_lowers_the_scale_and_says_the_costs_were_rounded(monkeypatch):
    real = min_cost_flow.SimpleMinCostFlow
    monkeypatch.setattr(solver_module, "min_cost_flow", type("M", (), {"SimpleMinCostFlow": _Flow}))
    _Flow.answers = [real.BAD_COST_RANGE]
    problem = chain()
    plan = solve(problem)  # integer costs at scale 1, retried at 0.1: 3 and 4 become 0
    assert plan.status == FEASIBLE and plan.cost_resolution == pytest.approx(10)
    assert moves(problem, plan) == {("a1", "B"), ("b0", "C")} and plan.total_cost == 7
    assert plan.bound == 0


def test_running_out_of_time_gives_no_plan_and_says_so():
    problem = chain()
    plan = solve(problem, time_limit=0.0)
    assert plan.status == UNKNOWN and plan.diagnosis["cause"] == "time_limit"
    assert plan.to_document(problem)["moves"] == []


def test_a_small_national_shaped_problem_is_solved_better_than_before():
    problem = parse_problem(national_problem(3, provinces=2, communes=80))
    plan = solve(problem)
    before = sorted_deficits(problem.deficits(problem.holders()))
    after = sorted_deficits(plan.deficits(problem))
    assert plan.status == OPTIMAL and plan.stats["components"] > 1
    assert tuple(after.tolist()) < tuple(before.tolist())
    moved = plan.choice >= 0
    # Everyone who moved went to one of their own destinations, in their own position.
    owners = problem.dest_staff[plan.choice[moved]]
    assert owners.tolist() == np.flatnonzero(moved).tolist()
    assert np.array_equal(
        problem.cell_position[problem.dest_cell[plan.choice[moved]]],
        problem.cell_position[problem.staff_cell[moved]],
    )
