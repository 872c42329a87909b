"""The rotation solver: an assignment with non-local floors, solved to a proven optimum.

Algorithm (see ARCHITECTURE "Solver design"):
1. Locks are applied by removing pairs, never by big costs.
2. The problem splits into independent components (posts joined by shared candidates or by a floor's group);
   in practice one per province.
3. Per component, hard feasibility first: a post nobody may hold, or a Hall violator (posts with too few
   candidates between them) from a maximum matching; then, per floor, the most non-local holders any full
   assignment reaches, so an unreachable floor is reported with its shortfall.
4. Each post keeps only its n cheapest non-local and n cheapest local pairs (n = posts in the component). This
   loses no optimum: in any plan, a post holding a pair outside its list could swap to a free listed candidate of
   the same kind at no greater cost, because the other n − 1 posts hold at most n − 1 of them.
5. The floors are relaxed with Lagrange multipliers (Fisher 1981): each non-local pair of a floored group is
   discounted by λ. One floor: Newton's method on the piecewise-linear dual finds the best λ exactly in a few
   assignments. Several floors: subgradient steps (Held, Wolfe and Crowder 1974). Each assignment is solved by
   LAPJVsp and priced by its duals, so each λ yields a certified lower bound.
6. If the best plan found is above the bound, pairs whose reduced cost exceeds the gap cannot be in any better
   plan and are dropped (reduced-cost fixing); HiGHS solves the small integer program that is left, to a zero
   gap. Its dual bound is reported.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import connected_components

from cadre.core.planning import diagnosis as diag
from cadre.core.planning.assignment import Edges, hall_violator, max_matching, solve_assignment
from cadre.core.planning.closest import by_assignment, closest
from cadre.core.planning.plan import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Plan
from cadre.core.planning.problem import CLOSEST, Problem

NEWTON_STEPS = 60
SUBGRADIENT_STEPS = 40


@dataclass
class Component:
    posts: np.ndarray  # global post indices
    candidates: np.ndarray  # global candidate indices
    pairs: np.ndarray  # global pair indices (after locks)
    floors: list[tuple[str, np.ndarray, int]]  # group, local post mask, required non-local holders


@dataclass
class Outcome:
    status: str
    pairs: np.ndarray | None  # chosen global pair per local post
    objective: float = 0.0
    bound: float = 0.0
    diagnosis: dict | None = None
    steps: dict = field(default_factory=dict)


def solve(problem: Problem, with_metrics: bool = True) -> Plan:
    """Solve a validated problem. Pure: no I/O, no globals; the result carries its status and bound.

    When no plan meets every rule and the problem asks for it (`options.when_infeasible: "closest"`), each
    component that has no plan gets its closest one instead (`closest.py`), and the plan says so (`Plan.closest`)."""
    started = time.perf_counter()
    deadline = started + problem.time_limit_s
    allowed = problem.allowed_pairs()
    lenient = problem.when_infeasible == CLOSEST
    empty = np.setdiff1d(np.arange(problem.n_posts), problem.pair_post[allowed])
    if len(empty) and not lenient:
        return _no_plan(problem, started, diag.no_candidate(problem, empty))

    holder = np.full(problem.n_posts, -1, dtype=np.int64)
    objective = bound = 0.0
    steps = {"components": 0, "assignments": 0, "exact_steps": 0, "pairs_after_reduction": 0}
    statuses, undecided, nearest = [], None, []
    for component in _components(problem, allowed):
        outcome = _solve_component(problem, component, deadline)
        if outcome.status == INFEASIBLE and lenient:
            outcome, found = _closest_component(problem, component, outcome.diagnosis, deadline)
            nearest.append(found)
        if outcome.status == INFEASIBLE:
            return _no_plan(problem, started, outcome.diagnosis)
        if outcome.status == UNKNOWN:
            undecided = undecided or outcome.diagnosis  # a later component may still prove infeasibility
            continue
        statuses.append(outcome.status)
        chosen = outcome.pairs[outcome.pairs >= 0]
        holder[problem.pair_post[chosen]] = problem.pair_candidate[chosen]
        objective += float(problem.pair_cost[chosen].sum())
        bound += outcome.bound
        steps["components"] += 1
        for key, value in outcome.steps.items():
            steps[key] = steps.get(key, 0) + value
    if undecided:
        return _no_plan(problem, started, undecided, UNKNOWN)
    bound = min(bound, objective)
    status = OPTIMAL if all(s == OPTIMAL for s in statuses) else FEASIBLE
    plan = Plan(status, objective, bound, holder, problem.sha256, time.perf_counter() - started, stats=steps)
    if nearest:
        from cadre.core.planning.nearest import describe

        plan.closest = describe(problem, holder, nearest)
    if with_metrics:
        from cadre.core.planning.metrics import plan_metrics

        plan.metrics = plan_metrics(problem, holder)
    return plan


def _closest_component(problem: Problem, component: Component, why: dict, deadline: float):
    """The component's closest plan as an Outcome (open posts hold pair -1), and what `nearest.describe` needs."""
    pairs = _reduce(problem, component) if len(component.pairs) else component.pairs
    edges = _local_edges(problem, component, pairs)
    non_local = problem.pair_non_local[pairs]
    counts = np.array([mask[edges.post] & non_local for _, mask, _ in component.floors], dtype=float).reshape(
        len(component.floors), len(pairs)
    )
    required = np.array([required for _, _, required in component.floors], dtype=float)
    found = by_assignment(
        problem, component, _local_edges(problem, component, component.pairs), _solve_component, deadline
    )
    if (
        found is None
    ):  # several floors that cannot all come as near as each alone: the integer program decides
        found = closest(edges, pairs, problem.pair_cost[pairs], counts, required, deadline)
    outcome = Outcome(
        OPTIMAL if found.proven else FEASIBLE,
        found.pairs,
        found.cost,
        found.cost_bound,
        steps={"exact_steps": 1, "pairs_after_reduction": len(pairs), "closest_components": 1},
    )
    return outcome, {"component": component, "result": found, "diagnosis": why}


def _no_plan(problem: Problem, started: float, diagnosis: dict, status: str = INFEASIBLE) -> Plan:
    empty = np.array([], dtype=np.int64)
    return Plan(status, None, None, empty, problem.sha256, time.perf_counter() - started, diagnosis)


def _components(problem: Problem, allowed: np.ndarray) -> list[Component]:
    """Posts and candidates linked by a pair, or posts sharing a floored group, solve together."""
    n_posts = problem.n_posts
    rows = [problem.pair_post[allowed].astype(np.int64)]
    cols = [n_posts + problem.pair_candidate[allowed].astype(np.int64)]
    requirements = problem.floor_requirements()
    for _, members, _ in requirements:
        rows.append(members[:-1])
        cols.append(members[1:])
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    size = n_posts + problem.n_candidates
    graph = coo_array((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    post_label, candidate_label = label[:n_posts], label[n_posts:]
    pair_label = post_label[problem.pair_post[allowed]]
    posts_by = _group_indices(post_label)
    candidates_by = _group_indices(candidate_label)
    pairs_by = _group_indices(pair_label, allowed)
    components = []
    for lab, posts in posts_by.items():
        local = np.full(n_posts, -1, dtype=np.int64)
        local[posts] = np.arange(len(posts))
        floors = []
        for floor, members, required in requirements:
            if post_label[members[0]] == lab and required > 0:
                mask = np.zeros(len(posts), dtype=bool)
                mask[local[members]] = True
                floors.append((floor.group, mask, required))
        components.append(
            Component(
                posts,
                candidates_by.get(lab, np.array([], int)),
                pairs_by.get(lab, np.array([], np.int64)),
                floors,
            )
        )
    return components


def _group_indices(labels: np.ndarray, values: np.ndarray | None = None) -> dict[int, np.ndarray]:
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    cuts = np.flatnonzero(np.diff(sorted_labels)) + 1
    items = order if values is None else values[order]
    chunks = zip(np.split(sorted_labels, cuts), np.split(items, cuts), strict=True)
    return {int(labels_[0]): chunk for labels_, chunk in chunks if len(chunk)}


def _local_edges(problem: Problem, component: Component, pairs: np.ndarray) -> Edges:
    """The pairs as edges between the component's posts and candidates, numbered from 0."""
    post_local = np.full(problem.n_posts, -1, dtype=np.int64)
    post_local[component.posts] = np.arange(len(component.posts))
    candidate_local = np.full(problem.n_candidates, -1, dtype=np.int64)
    candidate_local[component.candidates] = np.arange(len(component.candidates))
    return Edges(
        post_local[problem.pair_post[pairs]],
        candidate_local[problem.pair_candidate[pairs]],
        len(component.posts),
        len(component.candidates),
    )


class _Relaxation:
    """The component's pairs in local numbering, with the Lagrangian assignment at any multipliers."""

    def __init__(self, problem: Problem, component: Component, pairs: np.ndarray):
        self.pairs = pairs
        self.edges = _local_edges(problem, component, pairs)
        # Every post takes exactly one pair, so a constant per post shifts every plan alike. Taking each post's
        # cheapest pair out makes the costs small and the tolerance below meaningful whatever their offset.
        cost = problem.pair_cost[pairs]
        cheapest = np.full(len(component.posts), np.inf)
        np.minimum.at(cheapest, self.edges.post, cost)
        cheapest[~np.isfinite(cheapest)] = 0.0
        self.cost = cost - cheapest[self.edges.post]
        self.base = float(cheapest.sum())
        # Sums of n costs are exact to about n·ε·max; a gap below this is rounding, not a better plan.
        self.tolerance = 1e-9 * max(1.0, len(component.posts) * float(self.cost.max(initial=0.0)))
        non_local = problem.pair_non_local[pairs]
        # counts[f, e]: pair e gives floor f one non-local holder.
        self.counts = np.array(
            [mask[self.edges.post] & non_local for _, mask, _ in component.floors], dtype=float
        ).reshape(len(component.floors), len(pairs))
        self.required = np.array([required for _, _, required in component.floors], dtype=float)
        self.assignments = 0

    def proven(self, objective: float, bound: float) -> bool:
        return objective - bound <= self.tolerance

    def at(self, lam: np.ndarray):
        weights = self.cost - lam @ self.counts if len(lam) else self.cost
        assignment = solve_assignment(self.edges, weights)
        self.assignments += 1
        held = self.counts[:, assignment.edge].sum(axis=1)
        cost = float(self.cost[assignment.edge].sum())
        dual = assignment.dual_value + float(lam @ self.required)
        return assignment, cost, held, dual


def _reduce(problem: Problem, component: Component) -> np.ndarray:
    """Each post's n cheapest non-local and n cheapest local pairs (n = posts in the component)."""
    pairs = component.pairs
    post = problem.pair_post[pairs]
    kind = problem.pair_non_local[pairs]
    order = np.lexsort((problem.pair_cost[pairs], kind, post))
    keys = post[order].astype(np.int64) * 2 + kind[order]
    starts = np.r_[0, np.flatnonzero(np.diff(keys)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return np.sort(pairs[order[rank < len(component.posts)]])


def _solve_component(problem: Problem, component: Component, deadline: float) -> Outcome:
    empty = np.setdiff1d(component.posts, problem.pair_post[component.pairs])
    if len(empty):  # only when the problem asks for the closest plan; `solve` refuses these before
        return Outcome(INFEASIBLE, None, diagnosis=diag.no_candidate(problem, empty))
    full = _local_edges(problem, component, component.pairs)
    matched = max_matching(full)
    if (matched < 0).any():
        posts, candidates = hall_violator(full, matched)
        missing = int((matched < 0).sum())
        return Outcome(INFEASIBLE, None, diagnosis=diag.hall(problem, component, posts, candidates, missing))

    relax = _Relaxation(problem, component, _reduce(problem, component))
    n_floors = len(component.floors)
    if n_floors == 0:
        assignment, cost, _, dual = relax.at(np.zeros(0))
        return _done(relax, assignment.edge, cost, dual)

    # The most non-local holders each floor can have, cheapest first: a discount larger than any cost difference.
    big = float(np.ptp(relax.cost)) * len(component.posts) + 1.0
    reachable, best = [], None
    for f in range(n_floors):
        lam = np.zeros(n_floors)
        lam[f] = big
        assignment, cost, held, _ = relax.at(lam)
        reachable.append(int(round(held[f])))
        if (held >= relax.required - 0.5).all() and (best is None or cost < best[1]):
            best = (assignment.edge, cost)
    short = [f for f in range(n_floors) if reachable[f] < relax.required[f]]
    if short:
        return Outcome(INFEASIBLE, None, diagnosis=diag.floors(problem, component, reachable, short))

    if n_floors == 1:
        lower, best = _newton(relax, best, deadline)
    else:
        lower, best = _subgradient(relax, best, deadline)
    upper = np.inf if best is None else best[1]
    if best is not None and relax.proven(upper, lower[0]):
        return _done(relax, best[0], upper, lower[0])
    return _exact_step(problem, component, relax, lower, best, deadline)


def _done(
    relax: _Relaxation, edge: np.ndarray, cost: float, bound: float, status=OPTIMAL, exact=0
) -> Outcome:
    """The component's plan, with its cost and bound back in the problem's own units."""
    status = status if relax.proven(cost, bound) or status != OPTIMAL else FEASIBLE
    steps = {
        "assignments": relax.assignments,
        "exact_steps": exact,
        "pairs_after_reduction": len(relax.pairs),
    }
    objective = cost + relax.base
    return Outcome(status, relax.pairs[edge], objective, min(bound + relax.base, objective), steps=steps)


def _newton(relax: _Relaxation, best, deadline: float):
    """Newton's method on the one-multiplier dual: intersect the lines of a plan short of the floor and one that
    meets it; the assignment at that λ either lies on both lines (λ is optimal) or replaces one of them."""
    assignment, cost, held, dual = relax.at(np.zeros(1))
    lower = (dual, assignment, np.zeros(1))
    if held[0] >= relax.required[0] - 0.5:
        return lower, (assignment.edge, cost)
    lo = (cost, held[0])
    hi = (best[1], float(relax.counts[0, best[0]].sum()))
    for _ in range(NEWTON_STEPS):
        if time.perf_counter() > deadline:
            break
        lam = (hi[0] - lo[0]) / (hi[1] - lo[1])
        assignment, cost, held, dual = relax.at(np.array([lam]))
        if dual > lower[0]:
            lower = (dual, assignment, np.array([lam]))
        if held[0] >= relax.required[0] - 0.5 and cost < best[1]:
            best = (assignment.edge, cost)
        if relax.proven(best[1], lower[0]):
            break
        line = lo[0] - lam * lo[1]
        if cost - lam * held[0] >= line - relax.tolerance:
            break  # λ is the dual optimum: the remaining gap is the integrality gap
        if held[0] >= relax.required[0] - 0.5:
            hi = (cost, held[0])
        else:
            lo = (cost, held[0])
    return lower, best


def _subgradient(relax: _Relaxation, best, deadline: float):
    lam = np.zeros(len(relax.required))
    lower = (-np.inf, None, lam)
    scale, stalled = 2.0, 0
    for _ in range(SUBGRADIENT_STEPS):
        if time.perf_counter() > deadline:
            break
        assignment, cost, held, dual = relax.at(lam)
        if dual > lower[0] + 1e-9:
            lower, stalled = (dual, assignment, lam.copy()), 0
        else:
            stalled += 1
            if stalled >= 4:
                scale, stalled = scale / 2, 0
        if (held >= relax.required - 0.5).all() and (best is None or cost < best[1]):
            best = (assignment.edge, cost)
        target = best[1] if best is not None else dual + 0.05 * abs(dual) + 1.0
        if best is not None and relax.proven(best[1], lower[0]):
            break
        gradient = relax.required - held
        norm = float(gradient @ gradient)
        if norm == 0:
            break
        lam = np.maximum(0.0, lam + scale * (target - dual) / norm * gradient)
    return lower, best


def _exact_step(problem, component, relax: _Relaxation, lower, best, deadline: float) -> Outcome:
    """Drop pairs whose reduced cost exceeds the gap, then solve the rest exactly with HiGHS."""
    bound, assignment, _ = lower
    upper = np.inf if best is None else best[1]
    if assignment is not None and np.isfinite(upper):
        # A pair whose reduced cost exceeds the gap would make any plan through it dearer than the best known.
        keep = np.flatnonzero(assignment.reduced <= upper - bound + assignment.slack + relax.tolerance)
    else:
        keep = np.arange(len(relax.cost))
    edges = relax.edges
    n = len(keep)
    columns = np.arange(n)
    posts = csr_array((np.ones(n), (edges.post[keep], columns)), shape=(edges.n_posts, n))
    takers = csr_array((np.ones(n), (edges.candidate[keep], columns)), shape=(edges.n_candidates, n))
    floors = csr_array(relax.counts[:, keep])
    constraints = [
        LinearConstraint(posts, 1, 1),
        LinearConstraint(takers, 0, 1),
        LinearConstraint(floors, relax.required, np.inf),
    ]
    remaining = max(0.1, deadline - time.perf_counter())
    result = milp(
        relax.cost[keep],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        constraints=constraints,
        options={"time_limit": remaining, "mip_rel_gap": 0.0},
    )
    mip_bound = getattr(result, "mip_dual_bound", None)
    proven = max(bound, mip_bound) if mip_bound is not None and np.isfinite(mip_bound) else bound
    if result.x is not None:
        chosen = keep[np.flatnonzero(result.x > 0.5)]
        order = np.argsort(edges.post[chosen])
        edge = chosen[order]
        cost = float(relax.cost[edge].sum())
        if best is None or cost <= best[1]:
            best = (edge, cost)
    if best is None:
        if result.status == 2:
            return Outcome(INFEASIBLE, None, diagnosis=diag.joint_floors(problem, component, proven=True))
        return Outcome(UNKNOWN, None, diagnosis=diag.joint_floors(problem, component, proven=False))
    status = OPTIMAL if result.status == 0 else FEASIBLE
    return _done(relax, best[0], best[1], proven, status=status, exact=1)
