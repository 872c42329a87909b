"""Exact answers for small rebalancing problems by enumerating every plan, and small random problems to try."""

from __future__ import annotations

import itertools

import numpy as np

from cadre.core.rebalancing.problem import Problem


def random_document(
    rng: np.random.Generator, units: int = 5, positions: int = 3, staff: int = 7, destinations: int = 3
) -> dict:
    """2 to `units` units, 1 to `positions` positions, up to `staff` staff with 0 to `destinations` destinations
    each, quotas 0–3, integer or one-decimal costs (some equal, so that ties must be broken by cost)."""
    n_units = int(rng.integers(2, units + 1))
    n_positions = int(rng.integers(1, positions + 1))
    units = [f"U{u}" for u in range(n_units)]
    positions = [f"P{p}" for p in range(n_positions)]
    decimals = int(rng.integers(0, 2))
    document = {
        "version": 1,
        "units": [
            {"id": u, "quota": {p: int(rng.integers(0, 4)) for p in positions if rng.random() < 0.8}}
            for u in units
        ],
        "staff": [],
    }
    for s in range(int(rng.integers(0, staff + 1))):
        home = units[int(rng.integers(n_units))]
        others = [u for u in units if u != home]
        chosen = rng.permutation(others)[: int(rng.integers(0, min(destinations, len(others)) + 1))]
        document["staff"].append(
            {
                "id": f"S{s}",
                "unit": home,
                "position": positions[int(rng.integers(n_positions))],
                "destinations": [{"unit": str(u), "cost": _cost(rng, decimals)} for u in chosen.tolist()],
            }
        )
    return document


def _cost(rng: np.random.Generator, decimals: int) -> float | int:
    if decimals == 0:
        return int(rng.integers(0, 6))
    return round(float(rng.integers(0, 60)) / 10, 1)


def every_plan(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """Every plan as a choice matrix (plans × staff; −1 stays, else a destination entry) and its total cost."""
    options = [
        [-1, *range(int(problem.dest_ptr[s]), int(problem.dest_ptr[s + 1]))] for s in range(problem.n_staff)
    ]
    plans = list(itertools.product(*options))
    choices = np.array(plans, dtype=np.int64).reshape(len(plans), problem.n_staff)
    costs = np.zeros(choices.shape)
    costs[choices >= 0] = problem.dest_cost[choices[choices >= 0]]
    return choices, costs.sum(axis=1)


def brute_force(problem: Problem) -> tuple[np.ndarray, float]:
    """The lexicographically smallest decreasingly sorted deficit vector over all plans, and the least total cost
    among the plans that reach it."""
    choices, costs = every_plan(problem)
    vectors = np.array([np.sort(problem.deficits(problem.holders(c)))[::-1] for c in choices]).reshape(
        len(choices), problem.n_cells
    )
    # np.lexsort sorts by the last key first: give it the columns from the last to the first.
    order = np.lexsort(vectors.T[::-1]) if vectors.shape[1] else np.arange(len(vectors))
    best = vectors[order[0]]
    tied = np.all(vectors == best, axis=1)
    return best, float(costs[tied].min())
