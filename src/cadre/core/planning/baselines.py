"""Two baselines for the rotation problem, for benchmarks and tests: never for real plans.

- `greedy`: a careful clerk's plan. Floor by floor, the group's cheapest non-local pairs first, as many as the
  floor requires; then every other post with its cheapest free candidate, cheapest pair first across the whole
  problem (the classic greedy matching). It is fast and usually sensible, but it proves nothing: it never
  reports a bound, never claims optimality, and can get stuck where a plan exists.
- `cp_sat`: the textbook model in OR-Tools CP-SAT, one boolean per eligible pair: exactly one holder per post, at
  most one post per candidate, each floor as a linear ≥ over its group's non-local pairs, costs scaled to
  integers. It is exact given time, but it ignores the assignment structure the solver exploits (see
  ARCHITECTURE "Solver design"), so it is the yardstick the solver's speed is measured against.

Both return the solver's `Plan`. Besides the solver's statuses they use two that only baselines produce:
`TIMEOUT` (CP-SAT found no plan within its time limit, and proved nothing) and `FLOORS_VIOLATED` (the greedy
plan fills every post but misses a floor; `holder` is kept so it can be compared, and `stats` says by how much).
"""

from __future__ import annotations

import time

import numpy as np

from cadre.core.planning.metrics import held_pairs
from cadre.core.planning.plan import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Plan
from cadre.core.planning.problem import Problem

TIMEOUT = "timeout"
FLOORS_VIOLATED = "floors_violated"
COST_SCALE = 1000  # CP-SAT needs integer costs: 0.001 of a cost unit is the resolution of its objective


def floor_shortfalls(problem: Problem, holder: np.ndarray) -> list[dict]:
    """Each floor a full assignment misses, with how many non-local holders it lacks."""
    non_local = problem.pair_non_local[held_pairs(problem, holder)]
    missed = []
    for floor, members, required in problem.floor_requirements():
        held = int(non_local[members].sum())
        if held < required:
            missed.append(
                {"group": floor.group, "required": required, "held": held, "short_by": required - held}
            )
    return missed


# ---------------------------------------------------------------------------------------------------- greedy


def greedy(problem: Problem) -> Plan:
    """A careful clerk's plan; never optimal by claim, never with a bound. Locks are honoured."""
    started = time.perf_counter()
    allowed = problem.allowed_pairs()
    allowed = allowed[np.argsort(problem.pair_cost[allowed], kind="stable")]
    holder = np.full(problem.n_posts, -1, dtype=np.int64)
    taken = np.zeros(problem.n_candidates, dtype=bool)
    non_local_held = np.zeros(problem.n_posts, dtype=bool)
    cost = 0.0

    def take(k: int) -> None:
        nonlocal cost
        p, c = int(problem.pair_post[k]), int(problem.pair_candidate[k])
        holder[p], taken[c], non_local_held[p] = c, True, bool(problem.pair_non_local[k])
        cost += float(problem.pair_cost[k])

    if problem.must:
        locked = problem.pair_lookup(*zip(*problem.must, strict=True))
        for k in locked.tolist():
            take(k)

    # Tightest floors first: a clerk secures the hardest quota before its candidates go elsewhere.
    requirements = sorted(problem.floor_requirements(), key=lambda r: -r[2] / max(len(r[1]), 1))
    for _floor, members, required in requirements:
        need = required - int(non_local_held[members].sum())
        if need <= 0:
            continue
        in_group = np.zeros(problem.n_posts, dtype=bool)
        in_group[members] = True
        pool = allowed[in_group[problem.pair_post[allowed]] & problem.pair_non_local[allowed]]
        for k in pool.tolist():
            if need == 0:
                break
            if holder[problem.pair_post[k]] < 0 and not taken[problem.pair_candidate[k]]:
                take(k)
                need -= 1

    open_posts = int((holder < 0).sum())
    pool = allowed[holder[problem.pair_post[allowed]] < 0]
    posts, candidates = problem.pair_post[pool].tolist(), problem.pair_candidate[pool].tolist()
    for k, p, c in zip(pool.tolist(), posts, candidates, strict=True):
        if open_posts == 0:
            break
        if holder[p] < 0 and not taken[c]:
            take(k)
            open_posts -= 1

    seconds = time.perf_counter() - started
    stuck = np.flatnonzero(holder < 0)
    if len(stuck):
        ids = [problem.post_ids[p] for p in stuck]
        diagnosis = {
            "cause": "greedy_stuck",
            "proven": False,
            "posts": ids,
            "message_vi": f"Cách làm tham lam không lấp được {len(ids)} vị trí (chưa chứng minh vô nghiệm).",
            "message_en": f"The greedy plan left {len(ids)} post(s) empty (infeasibility not proven).",
        }
        stats = {"algorithm": "greedy", "unfilled": len(ids)}
        empty = np.array([], dtype=np.int64)
        return Plan(UNKNOWN, None, None, empty, problem.sha256, seconds, diagnosis, stats=stats)
    missed = floor_shortfalls(problem, holder)
    stats = {
        "algorithm": "greedy",
        "floor_violations": len(missed),
        "short_by": sum(m["short_by"] for m in missed),
        "missed_floors": missed,
    }
    status = FLOORS_VIOLATED if missed else FEASIBLE
    return Plan(status, cost, None, holder, problem.sha256, seconds, stats=stats)


# ---------------------------------------------------------------------------------------------------- CP-SAT


def cp_sat(
    problem: Problem, time_limit_s: float | None = None, workers: int = 2, per_group: bool = False
) -> Plan:
    """The naive CP-SAT model: one boolean per pair, solved as one model or one model per group.

    Costs are scaled by `COST_SCALE` and rounded to integers, so CP-SAT optimises a slightly different objective
    when costs have more than three decimals: the reported objective is recomputed from the original float costs
    of the chosen pairs, and the bound is CP-SAT's best objective bound divided back, less the largest rounding
    any plan could gain (zero when every cost is a multiple of 0.001). Status is "optimal" only when CP-SAT
    returns OPTIMAL, "feasible" with a plan short of a proof, "infeasible" when CP-SAT proves none exists, and
    `TIMEOUT` when it found no plan in time.

    `per_group=True` solves each post's primary `group` (a province) as its own model, each with `time_limit_s`
    (the problem's limit when None). Exact when groups share no candidates; when they do, later groups may not
    reuse earlier groups' holders, and the result is never better than "feasible". Floors over groups that span
    several provinces cannot be split and raise ValueError.
    """
    started = time.perf_counter()
    limit = problem.time_limit_s if time_limit_s is None else time_limit_s
    allowed = problem.allowed_pairs()
    if not per_group:
        parts = [(np.arange(problem.n_posts), allowed, problem.floor_requirements())]
    else:
        parts = _split_by_group(problem, allowed)
    shared = per_group and _shares_candidates(problem, allowed)

    holder = np.full(problem.n_posts, -1, dtype=np.int64)
    taken = np.zeros(problem.n_candidates, dtype=bool)
    statuses, bound, per_part = [], 0.0, []
    for posts, pairs, requirements in parts:
        if shared:
            pairs = pairs[~taken[problem.pair_candidate[pairs]]]
        status, chosen, part_bound, built, seconds = _solve_model(
            problem, posts, pairs, requirements, limit, workers
        )
        statuses.append(status)
        per_part.append(
            {
                "posts": len(posts),
                "pairs": len(pairs),
                "status": status,
                "objective": None if chosen is None else float(problem.pair_cost[chosen].sum()),
                "bound": part_bound,
                "build_seconds": round(built, 3),
                "seconds": round(seconds, 3),
            }
        )
        if status == INFEASIBLE:
            break
        if chosen is not None:
            holder[problem.pair_post[chosen]] = problem.pair_candidate[chosen]
            taken[problem.pair_candidate[chosen]] = True
        bound = bound + part_bound if part_bound is not None and bound is not None else None

    stats = {
        "algorithm": "cp_sat",
        "per_group": per_group,
        "parts": len(per_part),
        "parts_optimal": statuses.count(OPTIMAL),
        "model_pairs": int(sum(part["pairs"] for part in per_part)),
        "detail": per_part,
    }
    seconds = time.perf_counter() - started
    empty = np.array([], dtype=np.int64)
    if INFEASIBLE in statuses and shared:
        # Earlier groups took people a later group needed: that group's failure proves nothing about the whole.
        diagnosis = {
            "cause": "cp_sat_stuck",
            "proven": False,
            "message_vi": "CP-SAT theo từng nhóm không tìm được phương án (chưa chứng minh vô nghiệm).",
            "message_en": "CP-SAT group by group found no plan (infeasibility not proven).",
        }
        return Plan(UNKNOWN, None, None, empty, problem.sha256, seconds, diagnosis, stats=stats)
    if INFEASIBLE in statuses:
        diagnosis = {
            "cause": "cp_sat_infeasible",
            "proven": True,
            "message_vi": "CP-SAT chứng minh không có phương án nào.",
            "message_en": "CP-SAT proved that no plan exists.",
        }
        return Plan(INFEASIBLE, None, None, empty, problem.sha256, seconds, diagnosis, stats=stats)
    if TIMEOUT in statuses:
        bound = None if shared else bound
        return Plan(TIMEOUT, None, bound, empty, problem.sha256, seconds, stats=stats)
    objective = _objective(problem, holder)
    bound = None if shared or bound is None else min(bound, objective)
    # CP-SAT optimises costs rounded to its integer scale: its "optimal" is ours only when the bound, with the
    # rounding given back, still meets the objective.
    proven = bound is not None and objective - bound <= 1e-9 * max(1.0, abs(objective))
    status = OPTIMAL if all(s == OPTIMAL for s in statuses) and proven else FEASIBLE
    return Plan(status, objective, bound, holder, problem.sha256, seconds, stats=stats)


def _objective(problem: Problem, holder: np.ndarray) -> float:
    return float(problem.pair_cost[held_pairs(problem, holder)].sum())


def _split_by_group(problem: Problem, allowed: np.ndarray):
    """(posts, pairs, floor requirements) per primary group, in order of first appearance."""
    names = list(dict.fromkeys(problem.post_group))
    label = (
        np.array([names.index(g) for g in problem.post_group], dtype=np.int64) if names else np.zeros(0, int)
    )
    pair_label = label[problem.pair_post[allowed]]
    requirements: dict[int, list] = {i: [] for i in range(len(names))}
    for floor, members, required in problem.floor_requirements():
        owners = np.unique(label[members])
        if len(owners) > 1:
            raise ValueError(f"floor '{floor.group}' spans several groups; solve the problem whole")
        requirements[int(owners[0])].append((floor, members, required))
    return [
        (np.flatnonzero(label == i), allowed[pair_label == i], requirements[i]) for i in range(len(names))
    ]


def _shares_candidates(problem: Problem, allowed: np.ndarray) -> bool:
    names = {g: i for i, g in enumerate(dict.fromkeys(problem.post_group))}
    label = np.array([names[g] for g in problem.post_group], dtype=np.int64)
    pair_label = label[problem.pair_post[allowed]]
    pairs = np.unique(np.stack([problem.pair_candidate[allowed].astype(np.int64), pair_label]), axis=1)
    return len(np.unique(pairs[0])) < pairs.shape[1]


def _solve_model(problem: Problem, posts, pairs, requirements, limit: float, workers: int):
    """(status, chosen pair indices or None, bound or None, seconds building, seconds in all) for one model."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    model = cp_model.CpModel()
    x = [model.new_bool_var("") for _ in range(len(pairs))]
    for members in _rows(problem.pair_post[pairs], posts):
        model.add_exactly_one([x[i] for i in members])
    for members in _rows(problem.pair_candidate[pairs]):
        if len(members) > 1:
            model.add_at_most_one([x[i] for i in members])
    for _floor, members, required in requirements:
        in_group = np.zeros(problem.n_posts, dtype=bool)
        in_group[members] = True
        counted = np.flatnonzero(in_group[problem.pair_post[pairs]] & problem.pair_non_local[pairs])
        model.add(sum(x[i] for i in counted.tolist()) >= required)
    cost = problem.pair_cost[pairs]
    scaled = np.round(cost * COST_SCALE)
    model.minimize(cp_model.LinearExpr.weighted_sum(x, scaled.astype(np.int64).tolist()))
    # A plan's true cost is at least its scaled cost less the rounding it gained on each of its posts.
    slack = float(np.abs(scaled / COST_SCALE - cost).max(initial=0.0)) * len(posts)

    built = time.perf_counter() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(limit)
    solver.parameters.num_workers = int(workers)
    code = solver.solve(model)
    seconds = time.perf_counter() - started
    if code == cp_model.INFEASIBLE:
        return INFEASIBLE, None, None, built, seconds
    bound = solver.best_objective_bound / COST_SCALE - slack
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return TIMEOUT, None, bound, built, seconds
    values = np.fromiter((solver.boolean_value(v) for v in x), dtype=bool, count=len(x))
    status = OPTIMAL if code == cp_model.OPTIMAL else FEASIBLE
    return status, pairs[values], bound, built, seconds


def _rows(labels: np.ndarray, every: np.ndarray | None = None) -> list[list[int]]:
    """Positions per distinct label; with `every`, one entry per listed label, empty when it has none."""
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    starts = np.r_[0, cuts]
    chunks = (
        dict(zip(labels[order][starts].tolist(), np.split(order, cuts), strict=True)) if len(order) else {}
    )
    if every is None:
        return [chunk.tolist() for chunk in chunks.values()]
    return [chunks.get(p, np.zeros(0, dtype=np.int64)).tolist() for p in every.tolist()]
