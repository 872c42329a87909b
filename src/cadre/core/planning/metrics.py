"""What a plan changes, in figures a reviewer can check: non-local shares before and after, moves and vacancy
chains, the burden in kilometres, quality balance between hard and other posts, and justified envy.

`plan_metrics` is pure and vectorised over pairs: each per-pair step is one numpy pass over the pair arrays, so a
national problem (about 3,300 posts and 2.5 million pairs) takes a fraction of a second. The result is plain JSON
with rounded floats, saved inside the plan document.

Vacancy chains follow White's "Chains of Opportunity" (1970): an entrant from outside takes a post, that post's
incumbent takes another, and so on until the last incumbent leaves the plan or the post was vacant. Incumbents
swapping posts among themselves, with no entrant, form a rotation cycle instead.

Justified envy is the stability notion of school choice (Abdulkadiroğlu and Sönmez 2003), with a lower cost for
a post read as a higher priority for it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cadre.core.planning.problem import Problem

ENVY_LISTED = 50
SHARE_DIGITS = 4
COST_DIGITS = 3


def held_pairs(problem: Problem, holder: np.ndarray) -> np.ndarray:
    """The pair index each post is held through (holder[p], p), or -1 if that pair is missing."""
    return _pair_per_post(problem, np.asarray(holder, dtype=np.int64))


def incumbent_pairs(problem: Problem) -> np.ndarray:
    """The pair index of each post's incumbent staying, or -1 when there is no such pair."""
    return _pair_per_post(problem, problem.incumbent)


def held_post_of(problem: Problem, holder: np.ndarray) -> np.ndarray:
    """The post index each candidate holds in the plan, or -1."""
    holder = np.asarray(holder, dtype=np.int64)
    held = np.full(problem.n_candidates, -1, dtype=np.int64)
    filled = np.flatnonzero(holder >= 0)
    held[holder[filled]] = filled
    return held


def incumbent_post_of(problem: Problem) -> np.ndarray:
    """The post index each candidate held before the plan, or -1."""
    former = np.full(problem.n_candidates, -1, dtype=np.int64)
    sitting = np.flatnonzero(problem.incumbent >= 0)
    former[problem.incumbent[sitting]] = sitting
    return former


def plan_metrics(problem: Problem, holder) -> dict[str, Any]:
    """The plan's figures: "groups", "moves", "stays", "vacancy_chains", "longest_chain", "rotation_cycles",
    and, when the problem carries the data for them, "distance_km", "quality" and "justified_envy"."""
    holder = np.asarray(holder, dtype=np.int64)
    held = held_pairs(problem, holder)
    filled = holder >= 0  # a closest plan may leave posts open (holder -1)
    if (held[filled] < 0).any():
        # A holder without an eligible pair is not a plan of this problem; numpy would read index -1 silently.
        raise ValueError("every post's holder must be one of its eligible pairs")
    moved = filled & (holder != problem.incumbent)
    chains, cycles = vacancy_chains(problem, holder)
    metrics: dict[str, Any] = {
        "groups": group_shares(problem, held),
        "moves": int(moved.sum()),
        "stays": int((filled & ~moved).sum()),
        "vacancy_chains": chains,
        "longest_chain": max((len(c) for c in chains), default=0),
        "rotation_cycles": cycles,
    }
    if not filled.all():
        metrics["open"] = int((~filled).sum())
    if problem.pair_km is not None:
        metrics["distance_km"] = _distance(problem.pair_km[held[moved]])
    quality = quality_balance(problem, holder)
    if quality is not None:
        metrics["quality"] = quality
    envy = justified_envy(problem, holder, held)
    if envy is not None:
        metrics["justified_envy"] = envy
    return metrics


def _pair_per_post(problem: Problem, person: np.ndarray) -> np.ndarray:
    hits = np.flatnonzero(problem.pair_candidate == person[problem.pair_post])
    pair = np.full(problem.n_posts, -1, dtype=np.int64)
    pair[problem.pair_post[hits]] = hits
    return pair


def _non_local_before(problem: Problem) -> np.ndarray:
    """Per post: 1 if the incumbent is non-local there, 0 if local or vacant, -1 if unknown. The eligible pair
    of the incumbent staying decides; a post whose incumbent cannot stay may say so in `incumbent_non_local`."""
    flag = np.zeros(problem.n_posts, dtype=np.int8)
    staying = incumbent_pairs(problem)
    known = staying >= 0
    flag[known] = problem.pair_non_local[staying[known]]
    for p in np.flatnonzero(~known):
        held = bool(problem.posts and problem.posts[p].get("held"))  # its holder is another post's incumbent
        if problem.incumbent_ids[p] is None and not held:
            continue  # a vacant post has no non-local holder
        given = problem.posts[p].get("incumbent_non_local") if problem.posts else None
        flag[p] = int(given) if isinstance(given, bool) else -1
    return flag


def group_shares(problem: Problem, held: np.ndarray) -> list[dict[str, Any]]:
    """Per group, in sorted order: non-local holders and shares before and after, against the floor if any."""
    before = _non_local_before(problem)
    after = np.r_[problem.pair_non_local, False][held].astype(np.int64)  # an open post (-1) has none
    floors = {f.group: f for f in problem.floors}
    rows = []
    members_by_group = problem.group_posts()
    for group in sorted(members_by_group):
        members = members_by_group[group]
        n = len(members)
        unknown = bool((before[members] < 0).any())
        non_local_before = None if unknown else int(before[members].sum())
        non_local_after = int(after[members].sum())
        floor = floors.get(group)
        required = floor.required(n) if floor else None
        rows.append(
            {
                "group": group,
                "posts": n,
                "non_local_before": non_local_before,
                "share_before": None if unknown else round(non_local_before / n, SHARE_DIGITS),
                "non_local_after": non_local_after,
                "share_after": round(non_local_after / n, SHARE_DIGITS),
                "target": floor.share if floor else None,
                "required": required,
                "met": None if floor is None else non_local_after >= required,
                **({"label": problem.group_labels[group]} if group in problem.group_labels else {}),
            }
        )
    return rows


def vacancy_chains(problem: Problem, holder: np.ndarray) -> tuple[list[list[str]], list[list[str]]]:
    """Chains and cycles of moves, as post ids in the order people move.

    A chain starts at a post taken by an entrant (a candidate who held no post in the problem); the next post is
    the one that post's incumbent takes, and so on; it ends at a post that was vacant or whose incumbent leaves
    the plan. Moves where incumbents only exchange posts have no entrant and are returned as cycles."""
    holder = np.asarray(holder, dtype=np.int64)
    held_post = held_post_of(problem, holder)
    former = incumbent_post_of(problem)
    moved = (holder >= 0) & (holder != problem.incumbent)
    # Where each moved post's incumbent went (-1: vacant, or the incumbent leaves).
    onward = np.r_[held_post, -1][problem.incumbent]  # index -1 (no incumbent) reads the appended -1
    onward[~moved] = -1
    starts = np.flatnonzero(moved & (np.r_[former, -1][holder] < 0))
    seen = np.zeros(problem.n_posts, dtype=bool)
    chains = []
    for start in starts:
        chain, post = [], int(start)
        while post >= 0:
            seen[post] = True
            chain.append(problem.post_ids[post])
            post = int(onward[post])
        chains.append(chain)
    cycles = []
    for start in np.flatnonzero(moved & ~seen):
        if seen[start]:
            continue
        cycle, post = [], int(start)
        while post >= 0 and not seen[post]:
            seen[post] = True
            cycle.append(problem.post_ids[post])
            post = int(onward[post])
        cycles.append(cycle)
    return chains, cycles


def _distance(km: np.ndarray) -> dict[str, Any]:
    if not len(km):
        return {"moved": 0, "total": 0.0, "max": None, "mean": None}
    return {
        "moved": len(km),
        "total": round(float(km.sum()), COST_DIGITS),
        "max": round(float(km.max()), COST_DIGITS),
        "mean": round(float(km.mean()), COST_DIGITS),
    }


def _scores(problem: Problem) -> np.ndarray:
    """Each candidate's score, NaN where none is given."""
    values = [c.get("score") for c in problem.candidates]
    return np.array(
        [v if isinstance(v, (int, float)) and not isinstance(v, bool) else np.nan for v in values],
        dtype=float,
    )


def quality_balance(problem: Problem, holder: np.ndarray) -> dict[str, Any] | None:
    """Mean score of the holders of hard posts against the rest. A negative gap means the plan sends weaker
    people to hard posts, which a non-local floor alone would never reveal."""
    if not problem.candidates or not problem.posts:
        return None
    scores = _scores(problem)
    hard = np.array([bool(p.get("hard", False)) for p in problem.posts])
    if np.isnan(scores).all() or not any("hard" in p for p in problem.posts):
        return None
    holder = np.asarray(holder, dtype=np.int64)
    held_scores = np.r_[scores, np.nan][holder]  # an open post (-1) has no holder's score

    def mean(mask: np.ndarray) -> float | None:
        values = held_scores[mask & ~np.isnan(held_scores)]
        return round(float(values.mean()), SHARE_DIGITS) if len(values) else None

    on_hard, elsewhere = mean(hard), mean(~hard)
    gap = None if on_hard is None or elsewhere is None else round(on_hard - elsewhere, SHARE_DIGITS)
    return {
        "hard_posts": int(hard.sum()),
        "mean_score_hard": on_hard,
        "mean_score_other": elsewhere,
        "gap": gap,
        "unscored_holders": int((np.isnan(held_scores) & (holder >= 0)).sum()),
    }


def _preference_items(problem: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every listed (candidate, post, rank), and per candidate the number of posts listed."""
    post_index = {ident: p for p, ident in enumerate(problem.post_ids)}
    cands, posts, ranks = [], [], []
    listed = np.zeros(problem.n_candidates, dtype=np.int64)
    for c, candidate in enumerate(problem.candidates):
        preferences = candidate.get("preferences")
        if not isinstance(preferences, list):
            continue
        known = [post_index[p] for p in preferences if isinstance(p, str) and p in post_index]
        known = list(dict.fromkeys(known))  # a post listed twice keeps its better rank
        listed[c] = len(known)
        cands.extend([c] * len(known))
        posts.extend(known)
        ranks.extend(range(len(known)))
    return (*(np.asarray(values, dtype=np.int64) for values in (cands, posts, ranks)), listed)


def justified_envy(problem: Problem, holder: np.ndarray, held: np.ndarray) -> dict[str, Any] | None:
    """Pairs (c, p) where c ranks p above their own post (or has none and lists p), may hold p, and costs less
    at p than p's holder does (locks respected). Unlisted posts rank below every listed one."""
    if not any(isinstance(c.get("preferences"), list) for c in problem.candidates):
        return None
    cands, posts, ranks, listed = _preference_items(problem)
    held_post = held_post_of(problem, holder)
    own_rank = listed.copy()
    own = held_post[cands] == posts
    own_rank[cands[own]] = ranks[own]
    pair = problem.pair_lookup(cands, posts)
    # A move the locks forbid, or a post locked to someone else, gives no ground for envy.
    pair[~np.isin(pair, problem.allowed_pairs())] = -1
    held_cost = np.r_[problem.pair_cost, np.inf][held]
    my_cost = np.where(pair >= 0, problem.pair_cost[np.maximum(pair, 0)], np.inf)
    # An open post (a closest plan) is no ground for envy: nobody holds it to be preferred over.
    envy = (pair >= 0) & (ranks < own_rank[cands]) & (my_cost < held_cost[posts]) & (held[posts] >= 0)
    found = np.flatnonzero(envy)
    listed_pairs = [
        {
            "candidate": problem.candidate_ids[cands[k]],
            "post": problem.post_ids[posts[k]],
            "cost": round(float(my_cost[k]), COST_DIGITS),
            "holder": problem.candidate_ids[int(holder[posts[k]])],
            "holder_cost": round(float(held_cost[posts[k]]), COST_DIGITS),
        }
        for k in found[:ENVY_LISTED]
    ]
    return {"count": len(found), "pairs": listed_pairs}
