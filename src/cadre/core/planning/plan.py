"""The plan document (version 1): what the solver returns, ready to be saved as JSON next to its problem's hash."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

OPTIMAL, FEASIBLE, INFEASIBLE = "optimal", "feasible", "infeasible"
# No plan found before the time limit, and no proof that none exists: never reported as infeasible.
UNKNOWN = "unknown"


@dataclass
class Plan:
    status: str
    objective: float | None
    bound: float | None
    holder: (
        np.ndarray
    )  # candidate index per post, -1 for a post a closest plan leaves open; empty when infeasible
    problem_sha256: str
    solve_seconds: float
    diagnosis: dict[str, Any] | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)  # how the solver got there (components, steps)
    # Set when no plan meets every rule and the problem asked for the closest one (`nearest.describe`).
    closest: dict[str, Any] | None = None

    def assignments(self, problem) -> list[dict[str, str]]:
        return [
            {"post": problem.post_ids[p], "candidate": problem.candidate_ids[int(c)]}
            for p, c in enumerate(self.holder)
            if c >= 0  # a post a closest plan leaves open has no assignment; `closest.open_posts` names it
        ]

    def to_document(self, problem) -> dict[str, Any]:
        extra = {} if self.closest is None else {"requirements_met": False, "closest": self.closest}
        return {
            "version": 1,
            "status": self.status,
            # Six decimals: below any cost a person would write, above the solver's rounding tolerance.
            "objective": None if self.objective is None else round(self.objective, 6),
            "bound": None if self.bound is None else round(self.bound, 6),
            "assignments": self.assignments(problem) if self.status in (OPTIMAL, FEASIBLE) else [],
            "metrics": self.metrics,
            "diagnosis": self.diagnosis or {},
            "problem_sha256": self.problem_sha256,
            "solve_seconds": round(self.solve_seconds, 4),
            "solver": self.stats,
            **extra,
        }
