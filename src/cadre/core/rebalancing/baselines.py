"""A greedy baseline for staff rebalancing, for benchmarks and tests: never for real plans.

The clerk's rule: take the cell (unit, position) with the largest deficit; move there the cheapest person who
lists it and whose own cell has a surplus (more holders than its quota); repeat until no cell short of people
has such a person. It never moves anyone out of a cell that is not over its quota, so it never opens a new
deficit, and it cannot see chains (A's surplus fills B, B's spare person fills C). It proves nothing: its plan is
`feasible`, with no bound.
"""

from __future__ import annotations

import heapq
import math
import time

import numpy as np

from cadre.core.rebalancing.plan import FEASIBLE, Plan
from cadre.core.rebalancing.problem import Problem


def greedy(problem: Problem) -> Plan:
    started = time.perf_counter()
    holders = problem.holders()
    quota = problem.cell_quota
    choice = np.full(problem.n_staff, -1, dtype=np.int64)
    # Every destination entry, grouped by the cell it leads to, cheapest first within each cell.
    order = np.lexsort((problem.dest_cost, problem.dest_cell))
    target = problem.dest_cell[order]
    first = np.searchsorted(target, np.arange(problem.n_cells), side="left")
    stop = np.searchsorted(target, np.arange(problem.n_cells), side="right")
    owner = problem.dest_staff[order].tolist()
    own_cell = problem.staff_cell.tolist()
    entries = order.tolist()
    holders_list, quota_list, cursor = holders.tolist(), quota.tolist(), first.tolist()
    stop_list = stop.tolist()
    heap = [(holders_list[c] - quota_list[c], c) for c in np.flatnonzero(holders < quota).tolist()]
    heapq.heapify(heap)
    moved = 0
    while heap:
        _, cell = heapq.heappop(heap)
        # Surpluses only shrink (nobody is moved into a cell at or over quota), so a person skipped once
        # would be skipped again: the cursor never goes back.
        k = cursor[cell]
        while k < stop_list[cell] and (
            choice[owner[k]] >= 0 or holders_list[own_cell[owner[k]]] <= quota_list[own_cell[owner[k]]]
        ):
            k += 1
        cursor[cell] = k
        if k == stop_list[cell]:
            continue  # nobody can come: the cell keeps its deficit
        person = owner[k]
        choice[person] = entries[k]
        holders_list[own_cell[person]] -= 1
        holders_list[cell] += 1
        cursor[cell] = k + 1
        moved += 1
        if holders_list[cell] < quota_list[cell]:
            heapq.heappush(heap, (holders_list[cell] - quota_list[cell], cell))
    total = math.fsum(problem.dest_cost[choice[choice >= 0]].tolist())
    return Plan(
        status=FEASIBLE,
        choice=choice,
        total_cost=total,
        bound=None,
        cost_resolution=None,
        problem_sha256=problem.sha256,
        solve_seconds=time.perf_counter() - started,
        stats={"algorithm": "greedy: largest deficit first, cheapest surplus person", "moves": moved},
    )
