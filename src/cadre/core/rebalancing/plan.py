"""The rebalancing plan document (version 1): who moves where, the deficits left, and how far that is proven.

Statuses (the planner's vocabulary, `cadre.core.planning.plan`):
- `optimal`: the deficits are proven decreasingly minimal and the total cost proven least among such plans
  (`bound` equals `total_cost`);
- `feasible`: the deficits are proven decreasingly minimal, but some costs had to be rounded to `cost_resolution`
  for the integer solver, so the cost is only proven to lie between `bound` and `total_cost` (a plan from the
  greedy baseline is also `feasible`, with no bound and nothing proven);
- `unknown`: no proven plan (the time limit ran out, or the flow solver did not prove optimality); `moves` is
  empty and `deficits` null. Staying put is always possible, so there is no `infeasible`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cadre.core.planning.plan import FEASIBLE, OPTIMAL, UNKNOWN

__all__ = ["FEASIBLE", "OPTIMAL", "UNKNOWN", "Plan", "deficit_summary", "sorted_deficits"]


@dataclass
class Plan:
    status: str
    choice: np.ndarray  # per staff member: the destination entry taken, −1 for staying; empty when unknown
    total_cost: float | None
    bound: float | None  # proven lower bound on the least cost among decreasingly minimal plans
    cost_resolution: float | None  # the coarsest cost step the solver worked in (None: costs exact)
    problem_sha256: str
    solve_seconds: float
    diagnosis: dict[str, Any] | None = None
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def has_plan(self) -> bool:
        return self.status in (OPTIMAL, FEASIBLE)

    def deficits(self, problem) -> np.ndarray | None:
        """Deficit per cell after the plan (None without a plan)."""
        return problem.deficits(problem.holders(self.choice)) if self.has_plan else None

    def moves(self, problem) -> list[dict[str, Any]]:
        if not self.has_plan:
            return []
        movers = np.flatnonzero(self.choice >= 0)
        entries = self.choice[movers]
        return [
            {
                "staff": problem.staff_ids[s],
                "position": problem.position_ids[problem.cell_position[problem.staff_cell[s]]],
                "from": problem.unit_ids[problem.cell_unit[problem.staff_cell[s]]],
                "to": problem.unit_ids[problem.cell_unit[problem.dest_cell[k]]],
                "cost": float(problem.dest_cost[k]),
            }
            for s, k in zip(movers.tolist(), entries.tolist(), strict=True)
        ]

    def to_document(self, problem) -> dict[str, Any]:
        before = problem.deficits(problem.holders())
        after = self.deficits(problem)
        return {
            "version": 1,
            "status": self.status,
            # Six decimals: below any cost a person would write, above floating-point noise in the sums.
            "total_cost": _rounded(self.total_cost),
            "bound": _rounded(self.bound),
            "cost_resolution": self.cost_resolution,
            "moves": self.moves(problem),
            "deficits": None if after is None else cell_table(problem, after),
            "deficits_before": cell_table(problem, before),
            "summary": {
                "before": deficit_summary(before),
                "after": None if after is None else deficit_summary(after),
                "moves": int((self.choice >= 0).sum()) if self.has_plan else 0,
            },
            "diagnosis": self.diagnosis or {},
            "problem_sha256": self.problem_sha256,
            "solve_seconds": round(self.solve_seconds, 4),
            "solver": self.stats,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def cell_table(problem, values: np.ndarray) -> dict[str, dict[str, int]]:
    """{unit: {position: value}} for the cells where the value is above zero (a deficit of 0 is left out)."""
    table: dict[str, dict[str, int]] = {}
    for cell in np.flatnonzero(values > 0).tolist():
        unit = problem.unit_ids[problem.cell_unit[cell]]
        table.setdefault(unit, {})[problem.position_ids[problem.cell_position[cell]]] = int(values[cell])
    return table


def sorted_deficits(deficits: np.ndarray) -> np.ndarray:
    """The deficit vector sorted in decreasing order: plans are compared on it lexicographically."""
    return np.sort(np.asarray(deficits, dtype=np.int64))[::-1]


def deficit_summary(deficits: np.ndarray) -> dict[str, Any]:
    """The head of the sorted deficit vector: its largest entry, how many cells share it, the total and the sum
    of squares, and the whole vector run-length encoded as [deficit, number of cells], largest first (zeros
    left out)."""
    deficits = np.asarray(deficits, dtype=np.int64)
    values, counts = np.unique(deficits[deficits > 0], return_counts=True)
    largest = int(values[-1]) if len(values) else 0
    return {
        "max": largest,
        "cells_at_max": int(counts[-1]) if len(values) else 0,
        "total": int(deficits.sum()),
        "sum_of_squares": int((deficits * deficits).sum()),
        "levels": [
            [int(v), int(c)] for v, c in zip(values[::-1].tolist(), counts[::-1].tolist(), strict=True)
        ],
    }
