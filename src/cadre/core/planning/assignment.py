"""Sparse assignment with dual prices: the building block of the rotation solver.

Every post (row) gets exactly one candidate (column); a candidate takes at most one post. The matching comes from
SciPy's LAPJVsp (Jonker and Volgenant's shortest augmenting path on a sparse graph). The dual prices that prove it
optimal are then recovered by Bellman-Ford on the residual graph, so every bound the solver reports is a
certificate computed from the duals and not a label.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching


@dataclass
class Edges:
    """A component's eligible pairs in local numbering: rows are posts, columns are candidates."""

    post: np.ndarray  # int64, local post index
    candidate: np.ndarray  # int64, local candidate index
    n_posts: int
    n_candidates: int

    def matrix(self, weights: np.ndarray) -> csr_array:
        return csr_array((weights, (self.post, self.candidate)), shape=(self.n_posts, self.n_candidates))


@dataclass
class Assignment:
    edge: np.ndarray  # per post, the index of its chosen edge
    cost: float  # total of the weights used
    post_price: np.ndarray  # u: dual price per post
    candidate_price: np.ndarray  # v ≤ 0: dual price per candidate, 0 for those left free
    reduced: np.ndarray  # per edge, weight − u − v (≥ −slack / posts; about 0 on chosen edges)
    slack: float = 0.0  # what rounding the weights to the grid can cost the bound, at most

    @property
    def dual_value(self) -> float:
        """Σu + Σv − slack: a lower bound on any full assignment's weight (weak duality)."""
        return float(self.post_price.sum() + self.candidate_price.sum()) - self.slack


GRID_BITS = 40  # weights are rounded to 2^-40 of the largest: exact integer arithmetic inside LAPJVsp


def max_matching(edges: Edges) -> np.ndarray:
    """Per post, a candidate of a maximum matching or -1 (Hopcroft–Karp)."""
    graph = edges.matrix(np.ones(len(edges.post), dtype=np.int8))
    return maximum_bipartite_matching(graph, perm_type="column")


def solve_assignment(edges: Edges, weights: np.ndarray) -> Assignment:
    """Minimum-weight assignment of every post, with its dual prices. Raises ValueError if none exists.

    LAPJVsp can cycle forever on fractional weights whose sums round differently along different paths, so it
    is given whole numbers: the weights on a grid of 2^-40 of the largest, where every sum it forms is exact.
    The prices are exact for the grid weights; the bound gives back the most the rounding can have gained,
    half a grid step per post.
    """
    if not len(weights):
        raise ValueError("no full assignment")
    largest = float(np.abs(weights).max())
    step = 2.0 ** (np.ceil(np.log2(max(largest, 1e-300))) - GRID_BITS)
    units = np.round(weights / step)
    # LAPJVsp needs non-zero weights; adding the same constant to every edge adds it once per post.
    rows, cols = min_weight_full_bipartite_matching(edges.matrix(units + (1.0 - units.min())))
    if len(rows) != edges.n_posts:
        raise ValueError("no full assignment")
    holder = np.full(edges.n_posts, -1, dtype=np.int64)
    holder[rows] = cols
    chosen = _chosen_edges(edges, holder)
    priced = _with_prices(edges, units, chosen)
    post_price, candidate_price = priced.post_price * step, priced.candidate_price * step
    error = float(np.abs(weights - units * step).max())
    return Assignment(
        chosen,
        float(weights[chosen].sum()),
        post_price,
        candidate_price,
        weights - post_price[edges.post] - candidate_price[edges.candidate],
        slack=edges.n_posts * error,
    )


def _chosen_edges(edges: Edges, holder: np.ndarray) -> np.ndarray:
    hit = np.flatnonzero(holder[edges.post] == edges.candidate)
    chosen = np.empty(edges.n_posts, dtype=np.int64)
    chosen[edges.post[hit]] = hit
    return chosen


def _with_prices(edges: Edges, weights: np.ndarray, chosen: np.ndarray) -> Assignment:
    """Candidate prices are shortest distances from a source joined to every candidate at 0.

    An arc runs from the holder h of post p to every other candidate c eligible for p, with length
    w(c, p) − w(h, p): moving p from h to c. The distances are ≤ 0, and are exactly 0 at candidates left free
    because the assignment is optimal (a negative path to a free candidate would be a cheaper assignment).
    """
    holder_of_post = edges.candidate[chosen]
    held_weight = weights[chosen]
    arc_from = holder_of_post[edges.post]
    arc_length = weights - held_weight[edges.post]
    order = np.argsort(edges.candidate, kind="stable")
    targets = edges.candidate[order]
    starts = np.flatnonzero(np.r_[True, targets[1:] != targets[:-1]]) if len(targets) else np.array([], int)
    reached = targets[starts]
    distance = np.zeros(edges.n_candidates)
    for _ in range(edges.n_posts + 2):
        relaxed = np.minimum.reduceat(distance[arc_from[order]] + arc_length[order], starts)
        better = relaxed < distance[reached] - 1e-12
        if not better.any():
            break
        distance[reached[better]] = relaxed[better]
    else:  # pragma: no cover - only reachable if LAPJVsp returned a non-optimal matching
        raise RuntimeError("negative cycle in the residual graph: the assignment is not optimal")
    candidate_price = distance
    post_price = held_weight - candidate_price[holder_of_post]
    reduced = weights - post_price[edges.post] - candidate_price[edges.candidate]
    return Assignment(chosen, float(held_weight.sum()), post_price, candidate_price, reduced)


def hall_violator(edges: Edges, matched: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Posts X and their candidates N(X) with |N(X)| < |X|, grown from a post a maximum matching leaves empty.

    From the unmatched post, follow every eligible candidate to the post it holds in the matching. Every candidate
    reached is matched (else the matching was not maximum), so the posts reached outnumber the candidates by one.
    """
    matched_post = np.full(edges.n_candidates, -1, dtype=np.int64)
    taken = matched >= 0
    matched_post[matched[taken]] = np.flatnonzero(taken)
    graph = edges.matrix(np.ones(len(edges.post), dtype=np.int8))
    start = int(np.flatnonzero(~taken)[0])
    posts, candidates = {start}, set()
    frontier = [start]
    while frontier:
        post = frontier.pop()
        for candidate in graph.indices[graph.indptr[post] : graph.indptr[post + 1]].tolist():
            if candidate in candidates:
                continue
            candidates.add(candidate)
            holder = int(matched_post[candidate])
            if holder >= 0 and holder not in posts:
                posts.add(holder)
                frontier.append(holder)
    return np.array(sorted(posts)), np.array(sorted(candidates), dtype=np.int64)
