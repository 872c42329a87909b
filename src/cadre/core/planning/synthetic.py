"""Random rotation problems shaped like the real one, for tests and benchmarks (a fixed seed gives the same one).

Each group is a province: its posts are commune secretaries, its candidates are the province's pool plus the
incumbents. A candidate is non-local at most communes; costs grow with distance. Documents use the column form of
pairs, as large compiled problems do.
"""

from __future__ import annotations

import numpy as np


def random_problem(
    seed: int,
    groups: int = 2,
    posts_per_group: int | tuple[int, int] = 6,
    candidates_per_post: float = 3.0,
    density: float = 0.5,
    non_local_rate: float = 0.5,
    floor_range: tuple[float, float] = (0.3, 0.6),
    time_limit_s: float = 60.0,
    integer_costs: bool = False,
) -> dict:
    """A version-1 problem document. `density` is the chance that a candidate may take a given post of its
    group; each post's incumbent may always stay, and is non-local at their own post at `non_local_rate` / 2."""
    rng = np.random.default_rng(seed)
    posts, candidates, floors = [], [], []
    columns = {"candidate": [], "post": [], "cost": [], "non_local": [], "km": []}
    for g in range(groups):
        group = f"G{g:02d}"
        low, high = (
            posts_per_group if isinstance(posts_per_group, tuple) else (posts_per_group, posts_per_group)
        )
        n_posts = int(rng.integers(low, high + 1))
        n_candidates = max(n_posts, int(round(n_posts * candidates_per_post)))
        post_ids = [f"{group}-P{p:03d}" for p in range(n_posts)]
        candidate_ids = [f"{group}-C{c:05d}" for c in range(n_candidates)]
        # The first n_posts candidates are the incumbents.
        for p, post in enumerate(post_ids):
            posts.append({"id": post, "group": group, "incumbent": candidate_ids[p]})
        candidates.extend({"id": c} for c in candidate_ids)
        eligible = rng.random((n_candidates, n_posts)) < density
        eligible[np.arange(n_posts), np.arange(n_posts)] = True
        c_idx, p_idx = np.nonzero(eligible)
        km = rng.uniform(2, 120, len(c_idx))
        non_local = rng.random(len(c_idx)) < non_local_rate
        stay = c_idx == p_idx
        km[stay] = 0.0
        non_local[stay] = rng.random(int(stay.sum())) < non_local_rate / 2
        cost = km * rng.uniform(0.8, 1.5, len(c_idx)) + rng.uniform(0, 20, len(c_idx))
        cost = np.round(cost) if integer_costs else np.round(cost, 3)
        columns["candidate"].extend(candidate_ids[c] for c in c_idx)
        columns["post"].extend(post_ids[p] for p in p_idx)
        columns["cost"].extend(cost.tolist())
        columns["non_local"].extend(non_local.tolist())
        columns["km"].extend(np.round(km, 1).tolist())
        floors.append({"group": group, "min_non_local_share": round(float(rng.uniform(*floor_range)), 2)})
    return {
        "version": 1,
        "posts": posts,
        "candidates": candidates,
        "pairs": columns,
        "floors": floors,
        "options": {"time_limit_s": time_limit_s},
    }
