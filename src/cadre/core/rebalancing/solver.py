"""The staff rebalancing solver: the most even deficits first, then the least moving cost.

Goal. A cell's deficit is d = max(0, quota − holders). First the vector of all deficits is made decreasingly
minimal: sorted in decreasing order, it is lexicographically smallest (the Lorenz-dominant plan of Mishra,
Sarkar, Sen, Sethuraman and Yadav, "Teacher transfers: equalizing deficits across schools", 2025). Then, among
those plans, the total cost of the moves is least.

Why a sum of squares does it. Moves keep the position, so each position is a separate problem, and within one
the holder vectors a plan can reach are the degree vectors of a bipartite assignment: an M-convex set. For any
strictly convex, increasing F, the function h ↦ Σ F(max(0, q − h)) is separable convex on it, so a plan is
optimal iff no single exchange (one holder fewer at a, one more at b) improves it (Murota, "Discrete Convex
Analysis", 2003). That exchange improves iff d_b ≥ 1 and (a has a surplus or d_a + 1 < d_b), whatever F is.
F(d) = N^d with N above the number of cells orders plans exactly as the lexicographic comparison of their
sorted deficit vectors, and F(d) = d² is the square sum: both have the same optimal set, so minimising Σ d²
yields exactly the decreasingly minimal plans (Frank and Murota, "Discrete decreasing minimization, Part I",
Mathematics of Operations Research, 2022, give the square-sum characterisation for M-convex sets). Brute force
over every plan of small problems confirms it.

Method. A minimum-cost flow (OR-Tools `SimpleMinCostFlow`, cost-scaling push-relabel; its OPTIMAL status is a
proof), one per connected component of cells joined by a staff member's destinations:
- each staff member who may move is a node with supply 1 and arcs to their own cell (cost 0) and to each
  destination (its cost × σ, rounded to an integer);
- each cell has unit-capacity arcs to the sink for its j-th holder beyond those who cannot move (r = quota −
  fixed holders), j = 1..r, of cost −M(2(r − j) + 1): the j-th holder lowers d² by exactly that much; a
  further arc of cost 0 takes any surplus;
- M = 1 + the most any plan of the component can cost (the sum of each person's dearest destination), so one
  unit of Σ d² outweighs every cost difference and the flow minimises M·Σ d² + cost: the square sum first.
σ = 10^decimals with the fewest decimals (up to 6) that write every cost exactly, so whole or one-decimal costs
keep M small. σ is lowered, per component, until the largest arc cost × (nodes + 3) and the objective's
magnitude fit OR-Tools' int64 cost scaling (and again should it report BAD_COST_RANGE), so nothing overflows.
When costs are rounded, the plan's deficits are still proven, and the cost is proven to within a bound:
the least true cost of any decreasingly minimal plan is at least (R + Σ_i min(0, least rounding error of
person i's options)) / σ, with R the plan's rounded cost, which the flow proved least.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from cadre.core.rebalancing.plan import FEASIBLE, OPTIMAL, UNKNOWN, Plan
from cadre.core.rebalancing.problem import Problem

INT64_MAX = 2**63 - 1
MAX_DECIMALS = 6
# OR-Tools multiplies every cost by (nodes + 1) before it starts, and refuses costs above
# int64 / 2(nodes + 1); a further factor keeps node potentials and the objective well inside int64.
SAFETY = 8
FEWEST_DECIMALS = -13  # σ = 10⁻¹³: every valid cost (≤ 10¹²) rounds to 0, only the deficits are left


@dataclass
class Component:
    staff: np.ndarray  # movable staff, global indices
    entries: np.ndarray  # their destination entries, in the same staff order
    counts: np.ndarray  # destinations per staff member
    cells: np.ndarray  # global cell indices


@dataclass
class Outcome:
    status: str  # OR-Tools' status name, "OPTIMAL" when proven
    movers: np.ndarray  # staff who move, global indices
    taken: np.ndarray  # the destination entry each of them takes
    decimals: int  # the component's costs were worked in steps of 10^-decimals
    gap: float  # proven cost gap from rounding (0 when the component's costs are exact at its scale)


def solve(problem: Problem, time_limit: float | None = None) -> Plan:
    """Solve a validated problem. Pure: no I/O, no globals; the result carries its status and bound. The time
    limit is checked between components (one flow is never interrupted)."""
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    choice = np.full(problem.n_staff, -1, dtype=np.int64)
    decimals = cost_decimals(problem.dest_cost)
    fixed = np.bincount(problem.staff_cell[np.diff(problem.dest_ptr) == 0], minlength=problem.n_cells)
    components = list(_components(problem))
    stats = {
        "algorithm": "min-cost flow on M·Σd² + cost (OR-Tools SimpleMinCostFlow), per component",
        "components": len(components),
        "largest_component_staff": max((len(c.staff) for c in components), default=0),
        "movable_staff": int(sum(len(c.staff) for c in components)),
        "arcs": 0,
        "cost_decimals": decimals,
    }
    gap, coarsest, local = 0.0, decimals, np.full(problem.n_cells, -1, dtype=np.int64)
    for number, component in enumerate(components):
        if deadline is not None and time.perf_counter() > deadline:
            return _unknown(problem, started, stats, _time_limit(time_limit, number, len(components)))
        outcome = _solve_component(problem, component, fixed, decimals, local, stats)
        if outcome.status != "OPTIMAL":
            return _unknown(problem, started, stats, _not_proven(outcome.status))
        choice[outcome.movers] = outcome.taken
        gap += outcome.gap
        coarsest = min(coarsest, outcome.decimals)

    total = math.fsum(problem.dest_cost[choice[choice >= 0]].tolist())
    exact = gap == 0.0
    stats["cost_decimals"] = coarsest
    return Plan(
        status=OPTIMAL if exact else FEASIBLE,
        choice=choice,
        total_cost=total,
        bound=total if exact else max(total - gap, 0.0),
        cost_resolution=None if exact else 10.0**-coarsest,
        problem_sha256=problem.sha256,
        solve_seconds=time.perf_counter() - started,
        stats=stats,
    )


def cost_decimals(costs: np.ndarray) -> int:
    """The fewest decimals, up to 6, that write every cost exactly (6 when none do): σ = 10^decimals."""
    for decimals in range(MAX_DECIMALS + 1):
        scaled = costs * 10.0**decimals
        if np.all(np.abs(scaled - np.rint(scaled)) <= 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return decimals
    return MAX_DECIMALS


def _components(problem: Problem):
    """Cells joined by a destination, with the staff who may move between them (a destination keeps the
    position, so no component mixes positions). Cells nobody can enter or leave need no solving."""
    counts = np.diff(problem.dest_ptr)
    owner_cell = problem.staff_cell[problem.dest_staff]
    graph = coo_array(
        (np.ones(len(owner_cell), dtype=np.int8), (owner_cell, problem.dest_cell)),
        shape=(problem.n_cells, problem.n_cells),
    )
    _, label = connected_components(graph, directed=False)
    movable = np.flatnonzero(counts > 0)
    movable = movable[np.argsort(label[problem.staff_cell[movable]], kind="stable")]
    staff_label = label[problem.staff_cell[movable]]
    entries = _ranges(problem.dest_ptr[movable], counts[movable])
    entry_end = np.cumsum(counts[movable])
    cells = np.argsort(label, kind="stable")
    cell_label = label[cells]
    names, first = np.unique(staff_label, return_index=True)
    last = np.append(first[1:], len(movable))[: len(first)]
    cell_from = np.searchsorted(cell_label, names, side="left")
    cell_to = np.searchsorted(cell_label, names, side="right")
    for a, b, c, d in zip(first.tolist(), last.tolist(), cell_from.tolist(), cell_to.tolist(), strict=True):
        start = int(entry_end[a - 1]) if a else 0
        yield Component(
            staff=movable[a:b],
            entries=entries[start : int(entry_end[b - 1])],
            counts=counts[movable[a:b]],
            cells=cells[c:d],
        )


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + length) for each pair, without a Python loop."""
    total = int(lengths.sum())
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return (offsets + np.arange(total)).astype(np.int64)


def _solve_component(
    problem: Problem, component: Component, fixed: np.ndarray, decimals: int, local: np.ndarray, stats: dict
) -> Outcome:
    n_staff, n_cells = len(component.staff), len(component.cells)
    local[component.cells] = np.arange(n_cells)
    sink = n_staff + n_cells
    owner = np.repeat(np.arange(n_staff), component.counts)
    room = np.maximum(problem.cell_quota[component.cells] - fixed[component.cells], 0)
    increment_cell = np.repeat(np.arange(n_cells), room)
    # The j-th increment of a cell with room r (j = 1..r) lowers d² by 2(r − j) + 1.
    worth = 2 * (np.repeat(room, room) - _ranges(np.ones_like(room), room)) + 1
    tails = np.concatenate(
        [np.arange(n_staff), owner, n_staff + increment_cell, n_staff + np.arange(n_cells)]
    ).astype(np.int64)
    heads = np.concatenate(
        [
            n_staff + local[problem.staff_cell[component.staff]],
            n_staff + local[problem.dest_cell[component.entries]],
            np.full(len(increment_cell) + n_cells, sink),
        ]
    ).astype(np.int64)
    capacities = np.concatenate(
        [np.ones(n_staff + len(owner) + len(increment_cell), dtype=np.int64), np.full(n_cells, n_staff)]
    )
    supplies = np.concatenate([np.ones(n_staff, dtype=np.int64), np.zeros(n_cells, np.int64), [-n_staff]])
    costs = problem.dest_cost[component.entries]
    starts = np.concatenate([[0], np.cumsum(component.counts)[:-1]])
    nodes = sink + 1
    squares = float(np.square(room, dtype=np.float64).sum())
    largest_worth = 2 * int(room.max(initial=0)) - 1
    decimals = _fitting_decimals(costs, starts, decimals, nodes, squares, largest_worth)
    while True:
        scale = 10.0**decimals
        money = np.rint(costs * scale).astype(np.int64)
        weight = int(np.maximum.reduceat(money, starts).sum()) + 1  # M: one unit of Σd² outweighs any cost
        arc_costs = np.concatenate(
            [np.zeros(n_staff, np.int64), money, -weight * worth, np.zeros(n_cells, np.int64)]
        )
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, arc_costs)
        flow.set_nodes_supplies(np.arange(nodes, dtype=np.int64), supplies)
        status = flow.solve()
        if status != flow.BAD_COST_RANGE or decimals <= FEWEST_DECIMALS:
            break
        decimals -= 1
    stats["arcs"] += len(tails)
    local[component.cells] = -1
    if status != flow.OPTIMAL:
        return Outcome(status.name, np.empty(0, np.int64), np.empty(0, np.int64), decimals, 0.0)
    used = flow.flows(np.arange(n_staff, n_staff + len(owner), dtype=np.int64)) > 0
    movers, taken = component.staff[owner[used]], component.entries[used]
    error = costs * scale - money  # what rounding took off each option's cost, in scaled units
    if not np.any(np.abs(error) > 1e-9 * np.maximum(1.0, np.abs(costs * scale))):
        return Outcome("OPTIMAL", movers, taken, decimals, 0.0)
    least = np.minimum(np.minimum.reduceat(error, starts), 0.0)  # staying has no rounding error
    gap = max((error[used].sum() - least.sum()) / scale, 0.0)
    return Outcome("OPTIMAL", movers, taken, decimals, gap)


def _fitting_decimals(
    costs: np.ndarray, starts: np.ndarray, decimals: int, nodes: int, squares: float, largest_worth: int
) -> int:
    """The most decimals, from `decimals` down, at which no arc cost or objective can overflow."""
    dearest = np.maximum.reduceat(costs, starts) if len(costs) else np.zeros(1)
    limit = INT64_MAX // (2 * (nodes + 3)) // SAFETY
    while decimals > FEWEST_DECIMALS:
        weight = float(dearest.sum()) * 10.0**decimals + len(dearest) + 1  # ≥ M, allowing for rounding up
        if weight * max(largest_worth, 1) <= limit and weight * (squares + 1) <= INT64_MAX // SAFETY:
            break
        decimals -= 1
    return decimals


def _time_limit(limit: float | None, solved: int, total: int) -> dict:
    return {
        "cause": "time_limit",
        "proven": False,
        "components_solved": solved,
        "components": total,
        "message_vi": f"Hết thời gian ({limit:g} s) khi mới giải {solved}/{total} thành phần; "
        "chưa có phương án được chứng minh.",
        "message_en": f"The time limit ({limit:g} s) ran out after {solved} of {total} components; no proven "
        "plan.",
    }


def _not_proven(status: str) -> dict:
    return {
        "cause": "flow_status",
        "proven": False,
        "flow_status": status,
        "message_vi": f"Bộ giải luồng trả về {status}, không chứng minh được tối ưu.",
        "message_en": f"The flow solver returned {status}, not a proof of optimality.",
    }


def _unknown(problem: Problem, started: float, stats: dict, diagnosis: dict) -> Plan:
    return Plan(
        status=UNKNOWN,
        choice=np.empty(0, dtype=np.int64),
        total_cost=None,
        bound=None,
        cost_resolution=None,
        problem_sha256=problem.sha256,
        solve_seconds=time.perf_counter() - started,
        diagnosis=diagnosis,
        stats=stats,
    )
