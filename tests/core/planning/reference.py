"""An exact reference: the whole problem as one integer program for HiGHS, with a boolean per pair."""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array


def reference_optimum(problem) -> float | None:
    """The optimal total cost, or None when no plan exists."""
    n = problem.n_pairs
    columns = np.arange(n)
    keep = np.ones(n)
    rows = [
        LinearConstraint(csr_array((keep, (problem.pair_post, columns)), shape=(problem.n_posts, n)), 1, 1),
        LinearConstraint(
            csr_array((keep, (problem.pair_candidate, columns)), shape=(problem.n_candidates, n)), 0, 1
        ),
    ]
    for _floor, members, required in problem.floor_requirements():
        in_group = np.isin(problem.pair_post, members) & problem.pair_non_local
        rows.append(LinearConstraint(in_group.astype(float)[None, :], required, np.inf))
    for c, p in problem.must:
        hit = (problem.pair_candidate == c) & (problem.pair_post == p)
        rows.append(LinearConstraint(hit.astype(float)[None, :], 1, 1))
    for c, p in problem.must_not:
        hit = (problem.pair_candidate == c) & (problem.pair_post == p)
        rows.append(LinearConstraint(hit.astype(float)[None, :], 0, 0))
    result = milp(
        problem.pair_cost,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=rows,
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:
        return None
    assert result.status == 0, result.message
    return float(result.fun)
