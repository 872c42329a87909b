"""Why each person got the post they got, or none, in Vietnamese and English.

The explanation borrows the idea of published admission cutoffs (điểm chuẩn): a university publishes, per
programme, the score of the last student admitted, and every applicant can check their own score against it.
Here the "cutoff" of a post is the cost at which it was filled, its holder's cost, together with how many other
eligible people were considered and how many of them were cheaper. Each holder also sees their runner-up post
(their cheapest other eligible post) with the cost it was filled at and their own cost for it, and each person
left without a post sees the same for their cheapest eligible post.

A cutoff is a fact about the plan, not a proof: when someone's cost for a post is below its cutoff and they
still did not get it, the reason lies elsewhere in the plan (a floor, or the cost of filling the post they would
leave). For a plan proven optimal the explanation says so: no plan meeting every floor that gives them the post
has a lower total cost.

Everything per pair is vectorised: one sort of the pairs by candidate gives each person's cheapest other post,
and counts per post come from `bincount`, so a national problem (30,000 people, 2.5 million pairs) is explained
in about a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cadre.core.planning.metrics import held_pairs, held_post_of, incumbent_post_of
from cadre.core.planning.plan import FEASIBLE, OPTIMAL, Plan
from cadre.core.planning.problem import Problem

COST_DIGITS = 3


@dataclass
class _Standing:
    """Per-post and per-candidate arrays every sentence is built from."""

    held: np.ndarray  # pair held per post
    held_cost: np.ndarray  # per post: its cutoff
    considered: np.ndarray  # per post: eligible people other than the holder
    cheaper: np.ndarray  # per post: eligible people whose cost is below the cutoff
    held_post: np.ndarray  # per candidate, -1 if none
    former_post: np.ndarray  # per candidate, -1 if none
    best_other: np.ndarray  # per candidate: cheapest eligible pair besides the one held, -1 if none
    eligible: np.ndarray  # per candidate: number of eligible posts


def explain(problem: Problem, plan: Plan, limit: int | None = None) -> dict[str, Any]:
    """The explanation of a plan: "assignments" (one per post, in post order), "not_moved" (people without a
    post: former incumbents first, then the others, in problem order; at most `limit` of them),
    "not_moved_total", "status" and "diagnosis"."""
    if plan.status not in (OPTIMAL, FEASIBLE):
        return {
            "status": plan.status,
            "assignments": [],
            "not_moved": [],
            "not_moved_total": 0,
            "diagnosis": plan.diagnosis,
        }
    holder = np.asarray(plan.holder, dtype=np.int64)
    standing = _standing(problem, holder)
    # "No plan meeting every floor is cheaper" is a proof about strict plans; a closest plan meets no such claim.
    proven = plan.status == OPTIMAL and plan.closest is None
    filled = np.flatnonzero(holder >= 0)  # a closest plan's open posts are named in `plan.closest`
    assignments = [_assignment(problem, holder, standing, int(p), proven) for p in filled]
    without = np.flatnonzero(standing.held_post < 0)
    without = without[np.argsort(standing.former_post[without] < 0, kind="stable")]
    shown = without if limit is None else without[: max(limit, 0)]
    return {
        "status": plan.status,
        "assignments": assignments,
        "not_moved": [_not_moved(problem, holder, standing, int(c), proven) for c in shown],
        "not_moved_total": len(without),
        "diagnosis": plan.diagnosis,
    }


def _standing(problem: Problem, holder: np.ndarray) -> _Standing:
    """Only the pairs the locks leave count: a forbidden or locked-out move is no rival and no runner-up."""
    held = held_pairs(problem, holder)
    held_cost = np.r_[problem.pair_cost, np.inf][held]  # an open post (-1): no cutoff
    allowed = np.zeros(problem.n_pairs, dtype=bool)
    allowed[problem.allowed_pairs()] = True
    per_post = np.bincount(problem.pair_post[allowed], minlength=problem.n_posts)
    below = allowed & (problem.pair_cost < held_cost[problem.pair_post])
    cheaper = np.bincount(problem.pair_post[below], minlength=problem.n_posts)
    best_other, eligible = _cheapest_other(problem, held, allowed)
    return _Standing(
        held=held,
        held_cost=held_cost,
        considered=per_post - 1,
        cheaper=cheaper,
        held_post=held_post_of(problem, holder),
        former_post=incumbent_post_of(problem),
        best_other=best_other,
        eligible=eligible,
    )


def _cheapest_other(problem: Problem, held: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate, the cheapest eligible pair other than the one held (ties: the earlier pair), and the
    number of eligible posts. Compiled problems list pairs by candidate, so the sort is usually skipped."""
    candidate = problem.pair_candidate
    n = len(candidate)
    best = np.full(problem.n_candidates, -1, dtype=np.int64)
    eligible = np.bincount(candidate[allowed], minlength=problem.n_candidates)
    if n == 0:
        return best, eligible
    order = np.arange(n) if (np.diff(candidate) >= 0).all() else np.argsort(candidate, kind="stable")
    cost = problem.pair_cost.copy()
    cost[held[held >= 0]] = np.inf
    cost[~allowed] = np.inf
    cost = cost[order]
    grouped = candidate[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    lowest = np.minimum.reduceat(cost, starts)
    at_lowest = cost == np.repeat(lowest, np.diff(np.r_[starts, n]))
    first = np.minimum.reduceat(np.where(at_lowest, np.arange(n), n), starts)
    found = np.isfinite(lowest)
    best[grouped[starts[found]]] = order[first[found]]
    return best, eligible


def _number(value: float) -> str:
    text = f"{value:.{COST_DIGITS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _number_vi(value: float) -> str:
    return _number(value).replace(".", ",")  # Vietnamese writes a decimal comma


def _name(items: list[dict[str, Any]], ids: list[str], index: int) -> str:
    label = items[index].get("label") if items else None
    return label if isinstance(label, str) and label else ids[index]


def _label(items: list[dict[str, Any]], index: int) -> str | None:
    label = items[index].get("label") if items else None
    return label if isinstance(label, str) else None


_NOT_BETTER_VI = (
    " Không phương án nào giao vị trí đó cho bạn và đạt mọi chỉ tiêu mà có tổng gánh nặng thấp hơn."
)
_NOT_BETTER_EN = " No plan that gives you that post and meets every floor has a lower total burden."


def _lead(post_name: str, least: bool) -> tuple[str, str]:
    """How a runner-up post is introduced: the person's least burdensome eligible post, or the post itself."""
    if least:
        return (
            f"Vị trí ít gánh nặng nhất mà bạn đủ điều kiện, {post_name},",
            f"Your least burdensome eligible post, {post_name},",
        )
    return f"Vị trí {post_name}", f"The post {post_name}"


def _rival(
    problem: Problem, holder: np.ndarray, standing: _Standing, pair: int, proven: bool, cheapest: bool = False
) -> dict[str, Any]:
    """Another post a person could have held: who holds it, at what cost, against the person's own cost."""
    post = int(problem.pair_post[pair])
    rival = int(holder[post])
    if rival < 0:
        return _open_rival(problem, post, float(problem.pair_cost[pair]), cheapest)
    mine, theirs = float(problem.pair_cost[pair]), float(standing.held_cost[post])
    post_name = _name(problem.posts, problem.post_ids, post)
    rival_name = _name(problem.candidates, problem.candidate_ids, rival)
    lead_vi, lead_en = _lead(post_name, cheapest)
    vi = (
        f"{lead_vi} do {rival_name} đảm nhiệm với gánh nặng {_number_vi(theirs)} điểm; "
        f"với bạn, gánh nặng ở vị trí đó là {_number_vi(mine)} điểm."
    )
    en = (
        f"{lead_en} went to {rival_name} at a burden of {_number(theirs)} points; yours there would be "
        f"{_number(mine)} points."
    )
    if proven and mine < theirs:
        vi, en = vi + _NOT_BETTER_VI, en + _NOT_BETTER_EN
    return {
        "post": problem.post_ids[post],
        "label": _label(problem.posts, post),
        "cost": round(mine, COST_DIGITS),
        "holder": problem.candidate_ids[rival],
        "holder_cost": round(theirs, COST_DIGITS),
        "vi": vi,
        "en": en,
    }


def _open_rival(problem: Problem, post: int, mine: float, cheapest: bool) -> dict[str, Any]:
    """A post the (closest) plan leaves open, as someone's runner-up."""
    post_name = _name(problem.posts, problem.post_ids, post)
    lead_vi, lead_en = _lead(post_name, cheapest)
    return {
        "post": problem.post_ids[post],
        "label": _label(problem.posts, post),
        "cost": round(mine, COST_DIGITS),
        "holder": None,
        "holder_cost": None,
        "vi": (
            f"{lead_vi} chưa bố trí được người: giao nó cho bạn thì một vị trí khác sẽ thiếu người; với bạn, "
            f"gánh nặng ở vị trí đó là {_number_vi(mine)} điểm."
        ),
        "en": (
            f"{lead_en} is left unfilled: giving it to you would leave another unfilled; yours there would be "
            f"{_number(mine)} points."
        ),
    }


def _non_local_rule(non_local: bool) -> dict[str, Any]:
    if non_local:
        return {
            "rule": "non_local",
            "value": True,
            "vi": "Không phải người địa phương tại vị trí này; được tính vào tỷ lệ người ngoài địa phương của nhóm.",
            "en": "Non-local at this post; counts toward the group's non-local share.",
        }
    return {
        "rule": "non_local",
        "value": False,
        "vi": "Là người địa phương tại vị trí này.",
        "en": "Local at this post.",
    }


def _assignment(
    problem: Problem, holder: np.ndarray, standing: _Standing, post: int, proven: bool
) -> dict[str, Any]:
    person = int(holder[post])
    pair = int(standing.held[post])
    if person == problem.incumbent[post]:
        kind = "stays"
    elif standing.former_post[person] >= 0:
        kind = "moves"
    else:
        kind = "new"
    facts = problem.candidates[person].get("facts") if problem.candidates else None
    burden: dict[str, Any] = {"cost": round(float(problem.pair_cost[pair]), COST_DIGITS)}
    if problem.pair_km is not None:
        burden["km"] = round(float(problem.pair_km[pair]), COST_DIGITS)
    cutoff = float(standing.held_cost[post])
    considered, cheaper = int(standing.considered[post]), int(standing.cheaper[post])
    post_name = _name(problem.posts, problem.post_ids, post)
    other = int(standing.best_other[person])
    return {
        "post": problem.post_ids[post],
        "post_label": _label(problem.posts, post),
        "candidate": problem.candidate_ids[person],
        "label": _label(problem.candidates, person),
        "kind": kind,
        "rules": [
            *(facts if isinstance(facts, list) else []),
            _non_local_rule(bool(problem.pair_non_local[pair])),
        ],
        "burden": burden,
        "cutoff": {
            "cost": round(cutoff, COST_DIGITS),
            "considered": considered,
            "cheaper": cheaper,
            "vi": (
                f"Vị trí {post_name} được giao với gánh nặng {_number_vi(cutoff)} điểm (mức chuẩn của vị trí); "
                f"{considered} người khác cũng đủ điều kiện, {cheaper} người trong số đó có gánh nặng thấp hơn."
            ),
            "en": (
                f"{post_name} was filled at a burden of {_number(cutoff)} points (its cutoff); {considered} other "
                f"eligible {'person was' if considered == 1 else 'people were'} considered, {cheaper} of them at a "
                "lower burden."
            ),
        },
        "runner_up": None if other < 0 else _rival(problem, holder, standing, other, proven),
    }


def _not_moved(
    problem: Problem, holder: np.ndarray, standing: _Standing, person: int, proven: bool
) -> dict[str, Any]:
    former = int(standing.former_post[person])
    entry: dict[str, Any] = {
        "candidate": problem.candidate_ids[person],
        "label": _label(problem.candidates, person),
        "former_post": problem.post_ids[former] if former >= 0 else None,
    }
    cheapest = int(standing.best_other[person])
    if cheapest < 0:
        entry.update(
            reason="no_eligible_post",
            vi="Không đủ điều kiện cho vị trí nào trong bài toán.",
            en="Not eligible for any post in the problem.",
        )
        return entry
    rival = _rival(problem, holder, standing, cheapest, proven, cheapest=True)
    mine, theirs = rival["cost"], rival["holder_cost"]
    if theirs is None:
        reason = "rest_of_plan"
    else:
        reason = (
            "cheaper_holder" if theirs < mine else "same_cost_holder" if theirs == mine else "rest_of_plan"
        )
    entry.update(
        reason=reason,
        post=rival["post"],
        post_label=rival["label"],
        cost=mine,
        holder=rival["holder"],
        holder_cost=theirs,
        vi=rival["vi"],
        en=rival["en"],
    )
    return entry
