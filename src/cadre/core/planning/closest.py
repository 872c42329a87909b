"""The closest plan, when no plan meets every rule: best in lexicographic order, each stage proven.

A province with too few eligible people for some posts, or a target it cannot reach, still has to act. For each
component (province) the strict solver finds infeasible, this module finds, among all plans that respect every
eligibility rule and lock (pairs are never invented):

(a) the most posts filled: a maximum matching (Hopcroft–Karp). Proven by König's theorem: a vertex cover of the
    same size (posts and candidates such that every eligible pair touches one) shows no matching is larger;
(b) among those, the least total shortfall against the floors (Σ max(0, required − non-local holders) over the
    floors): an integer program (HiGHS) with the filled count fixed, proven by its dual bound at zero gap;
(c) among those, the least total cost: the same program with the shortfall fixed at its minimum, proven the same
    way.

Each post keeps only its n cheapest non-local and n cheapest local pairs, as in the strict solver: a plan using
a pair outside the list can swap to a free listed candidate of the same kind, leaving the count of posts filled
and of non-local holders unchanged and the cost no higher, so no stage loses its optimum.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array, hstack

from cadre.core.planning.assignment import Edges, max_matching


@dataclass
class Closest:
    """One component's closest plan: the chosen global pair per local post, -1 where the post is left open."""

    pairs: np.ndarray
    filled: int
    cover: int  # size of a vertex cover: no plan fills more posts
    shortfall: int
    shortfall_bound: int
    cost: float
    cost_bound: float
    reached: list[int] = field(default_factory=list)  # non-local holders per floor
    proven: bool = True


def vertex_cover(edges: Edges, matched: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """König's construction: Z = everything reachable from an unmatched post by alternating paths (any pair from
    a post, the matching from a candidate). Cover = posts not in Z, and candidates in Z. Its size equals the
    matching's, and every pair touches it."""
    graph = edges.matrix(np.ones(len(edges.post), dtype=np.int8))
    post_of = np.full(edges.n_candidates, -1, dtype=np.int64)
    taken = matched >= 0
    post_of[matched[taken]] = np.flatnonzero(taken)
    seen_post = ~taken.copy()
    seen_candidate = np.zeros(edges.n_candidates, dtype=bool)
    frontier = list(np.flatnonzero(~taken))
    while frontier:
        post = frontier.pop()
        for candidate in graph.indices[graph.indptr[post] : graph.indptr[post + 1]].tolist():
            if seen_candidate[candidate]:
                continue
            seen_candidate[candidate] = True
            holder = int(post_of[candidate])
            if holder >= 0 and not seen_post[holder]:
                seen_post[holder] = True
                frontier.append(holder)
    return np.flatnonzero(~seen_post), np.flatnonzero(seen_candidate)


def closest(
    edges: Edges,
    pairs: np.ndarray,
    cost: np.ndarray,
    counts: np.ndarray,
    required: np.ndarray,
    deadline: float,
) -> Closest:
    """The closest plan of one component. `pairs` are the global pair indices of `edges`' edges, `cost` their
    costs, `counts[f, e]` whether edge e gives floor f a non-local holder, `required[f]` the floor's need."""
    matched = max_matching(edges)
    filled = int((matched >= 0).sum())
    cover_posts, cover_candidates = vertex_cover(edges, matched)
    cover = len(cover_posts) + len(cover_candidates)
    edge_of = _matched_edges(edges, matched)
    n_edges, n_floors = len(pairs), len(required)
    start_reached = counts[:, edge_of[edge_of >= 0]].sum(axis=1) if n_floors else np.zeros(0)
    start = Closest(
        _chosen(pairs, edge_of),
        filled,
        cover,
        shortfall=int(np.maximum(required - start_reached, 0).sum()),
        shortfall_bound=0,
        cost=float(cost[edge_of[edge_of >= 0]].sum()),
        cost_bound=-math.inf,
        reached=[int(round(r)) for r in start_reached],
        proven=False,
    )
    if filled == 0 or n_edges == 0:
        start.shortfall_bound, start.cost_bound, start.proven = start.shortfall, 0.0, True
        return start

    columns = np.arange(n_edges)
    per_post = coo_array((np.ones(n_edges), (edges.post, columns)), shape=(edges.n_posts, n_edges))
    per_candidate = coo_array(
        (np.ones(n_edges), (edges.candidate, columns)), shape=(edges.n_candidates, n_edges)
    )
    width = n_edges + n_floors
    shortfall_row = np.r_[np.zeros(n_edges), np.ones(n_floors)][None, :]
    base = [
        LinearConstraint(_widen(per_post, width), 0, 1),
        LinearConstraint(_widen(per_candidate, width), 0, 1),
        LinearConstraint(np.r_[np.ones(n_edges), np.zeros(n_floors)][None, :], filled, filled),
    ]
    if n_floors:
        floors = hstack([coo_array(counts), coo_array(np.eye(n_floors))], format="csr")
        base.append(LinearConstraint(floors, required, np.inf))
    integrality = np.ones(width)
    bounds = Bounds(np.zeros(width), np.r_[np.ones(n_edges), required])

    # (b) the least shortfall with `filled` posts filled.
    shortfall, shortfall_bound, x_b, proven_b = 0, 0, None, True
    if n_floors:
        result = _milp(shortfall_row.ravel(), integrality, bounds, base, deadline)
        proven_b = result.status == 0
        if result.x is not None and float(result.x[n_edges:].sum()) <= start.shortfall + 0.5:
            x_b, shortfall = result.x, int(round(float(result.x[n_edges:].sum())))
        else:  # out of time with nothing better: the matching's own shortfall stands
            shortfall = start.shortfall
        dual = _dual_bound(result)
        shortfall_bound = shortfall if proven_b else max(0, math.ceil(dual - 1e-6)) if dual is not None else 0
    # (c) the least cost with `filled` posts and that shortfall.
    stage_c = [*base]
    if n_floors:
        stage_c.append(LinearConstraint(shortfall_row, 0, shortfall))
    objective = np.r_[cost, np.zeros(n_floors)]
    result = _milp(objective, integrality, bounds, stage_c, deadline)
    if result.x is None:  # out of time: the stage-(b) answer, or the matching
        edge = np.flatnonzero(x_b[:n_edges] > 0.5) if x_b is not None else edge_of[edge_of >= 0]
        proven_c, cost_bound = False, _dual_bound(result)
    else:
        edge = np.flatnonzero(result.x[:n_edges] > 0.5)
        proven_c = result.status == 0
        cost_bound = _dual_bound(result)
    edge_per_post = np.full(edges.n_posts, -1, dtype=np.int64)
    edge_per_post[edges.post[edge]] = edge
    reached = counts[:, edge].sum(axis=1) if n_floors else np.zeros(0)
    total = float(cost[edge].sum())
    return Closest(
        _chosen(pairs, edge_per_post),
        filled,
        cover,
        shortfall=int(np.maximum(required - reached, 0).sum()),
        shortfall_bound=shortfall_bound,
        cost=total,
        cost_bound=total if proven_c else min(total, cost_bound if cost_bound is not None else -math.inf),
        reached=[int(round(r)) for r in reached],
        proven=proven_b and proven_c,
    )


def _widen(matrix, width: int):
    """The matrix with zero columns appended up to `width` (the shortfall variables)."""
    return coo_array((matrix.data, (matrix.row, matrix.col)), shape=(matrix.shape[0], width)).tocsr()


def _matched_edges(edges: Edges, matched: np.ndarray) -> np.ndarray:
    """Per post, the index of its matched edge, or -1."""
    edge_of = np.full(edges.n_posts, -1, dtype=np.int64)
    hit = np.flatnonzero((matched[edges.post] >= 0) & (matched[edges.post] == edges.candidate))
    edge_of[edges.post[hit]] = hit
    return edge_of


def _chosen(pairs: np.ndarray, edge_per_post: np.ndarray) -> np.ndarray:
    if not len(pairs):
        return np.full(len(edge_per_post), -1, dtype=np.int64)
    return np.where(edge_per_post >= 0, pairs[np.maximum(edge_per_post, 0)], -1)


def _milp(objective, integrality, bounds, constraints, deadline: float):
    remaining = max(0.1, deadline - time.perf_counter())
    return milp(
        objective,
        integrality=integrality,
        bounds=bounds,
        constraints=constraints,
        options={"time_limit": remaining, "mip_rel_gap": 0.0},
    )


def _dual_bound(result) -> float | None:
    bound = getattr(result, "mip_dual_bound", None)
    return float(bound) if bound is not None and np.isfinite(bound) else None


def by_assignment(problem, component, edges: Edges, solve_component, deadline: float) -> Closest | None:
    """The closest plan through the strict solver, on the component with n − k "open" people added (n posts, k
    filled at most), each eligible for every post at no cost and local everywhere. Every full assignment of this
    problem uses all n − k of them, so it fills exactly k real posts, and every plan filling k posts is one of its
    assignments: its least cost under the floors is stage (c). Stage (b) is the strict solver's own proof of the
    most non-local holders each floor can reach: a floor out of reach is lowered to that, which is the least
    shortfall (a proven lower bound per floor, and met). The reduction to each post's n cheapest pairs of a kind
    stays exact: all n − k open people are used in every assignment, so a free listed person is a real one.

    `solve_component(problem, component, deadline)` is the strict solver's; returns None when the floors cannot
    be met together even so (several floors), for the integer program to decide."""
    from cadre.core.planning.problem import Problem

    matched = max_matching(edges)
    filled = int((matched >= 0).sum())
    cover_posts, cover_candidates = vertex_cover(edges, matched)
    n, m, real = len(component.posts), len(component.candidates), len(component.pairs)
    spare = n - filled
    post = np.r_[edges.post, np.tile(np.arange(n), spare)].astype(np.int32)
    candidate = np.r_[edges.candidate, m + np.repeat(np.arange(spare), n)].astype(np.int32)
    padded = Problem(
        post_ids=[problem.post_ids[p] for p in component.posts],
        post_group=[problem.post_group[p] for p in component.posts],
        post_groups=[problem.post_groups[p] for p in component.posts],
        incumbent=np.full(n, -1, dtype=np.int64),
        incumbent_ids=[None] * n,
        candidate_ids=[problem.candidate_ids[c] for c in component.candidates] + [""] * spare,
        pair_candidate=candidate,
        pair_post=post,
        pair_cost=np.r_[problem.pair_cost[component.pairs], np.zeros(spare * n)],
        pair_non_local=np.r_[problem.pair_non_local[component.pairs], np.zeros(spare * n, dtype=bool)],
        floors=[],
        group_labels=problem.group_labels,
        group_labels_en=problem.group_labels_en,
    )
    floors = list(component.floors)
    shell = type(component)(np.arange(n), np.arange(m + spare), np.arange(len(post)), floors)
    outcome = solve_component(padded, shell, deadline)
    if outcome.status == "infeasible" and (outcome.diagnosis or {}).get("cause") == "floor_unreachable":
        reach = {item["group"]: item["reachable"] for item in outcome.diagnosis["floors"]}
        floors = [
            (group, mask, min(required, reach.get(group, required))) for group, mask, required in floors
        ]
        shell = type(component)(shell.posts, shell.candidates, shell.pairs, floors)
        outcome = solve_component(padded, shell, deadline)
    if outcome.status not in ("optimal", "feasible"):
        return None
    chosen = np.asarray(outcome.pairs, dtype=np.int64)
    pairs = np.where(chosen < real, component.pairs[np.minimum(chosen, real - 1)] if real else -1, -1)
    non_local = padded.pair_non_local[chosen]
    reached = [int((non_local & mask).sum()) for _, mask, _ in component.floors]
    shortfall = sum(max(0, int(req) - r) for (_, _, req), r in zip(component.floors, reached, strict=True))
    return Closest(
        pairs,
        filled,
        len(cover_posts) + len(cover_candidates),
        shortfall=shortfall,
        shortfall_bound=shortfall,
        cost=float(outcome.objective),
        cost_bound=float(outcome.bound),
        reached=reached,
        proven=outcome.status == "optimal",
    )
