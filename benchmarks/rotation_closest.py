"""Claim: when no plan meets every rule, the closest plan of a national problem (most posts filled, then the floors
as near as possible, then the least cost, each proven) costs a few seconds more than proving that no plan exists.

Generates the national problem of `rotation_national.py` (seed 7: 34 provinces, ~3,300 posts, ~2.5M pairs) and
makes most provinces infeasible the way the national demo is: in every other province, 9 posts keep only 8
eligible people between them (a Hall violator, as in "9 posts have only 8 eligible people between them"), and in
every third province only 20 people are non-local anywhere, so its 60% floor is out of reach. Then, in this process:

- strict: `solve` on the problem as it is (the proof that no plan exists, and the diagnosis);
- ours: the same problem with `"when_infeasible": "closest"`;
- baseline, a careful clerk (`baselines.greedy`): floors first, then the cheapest free person; it proves nothing
  and, stuck, leaves posts empty.

Prints times, posts filled against the König bound, the floors' shortfall and cost. Run from the repository
root: .venv/bin/python benchmarks/rotation_closest.py [--small]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from cadre.core.planning import baselines  # noqa: E402
from cadre.core.planning.problem import parse_problem  # noqa: E402
from cadre.core.planning.solver import solve  # noqa: E402
from cadre.core.planning.synthetic import random_problem  # noqa: E402

SHORT_POSTS, SHARED_PEOPLE = 9, 8


def scarce_national(groups: int) -> dict:
    document = random_problem(
        7,
        groups=groups,
        posts_per_group=(60, 135),
        candidates_per_post=10,
        density=0.75,
        floor_range=(0.3, 0.6),
    )
    pairs = document["pairs"]
    candidate = np.array(pairs["candidate"])
    post = np.array(pairs["post"])
    keep = np.ones(len(post), dtype=bool)
    for g in range(0, groups, 2):  # 9 posts, 8 people between them
        short = [f"G{g:02d}-P{p:03d}" for p in range(SHORT_POSTS)]
        shared = [f"G{g:02d}-C{c:05d}" for c in range(200, 200 + SHARED_PEOPLE)]
        keep &= ~(np.isin(post, short) & ~np.isin(candidate, shared))
    non_local = np.array(pairs["non_local"])
    group = np.array([p[:3] for p in pairs["post"]])
    number = np.array([int(c[-5:]) for c in pairs["candidate"]])
    for g in range(0, groups, 3):  # only 20 people may be non-local anywhere: a 60% floor out of reach
        document["floors"][g]["min_non_local_share"] = 0.6
        non_local &= ~((group == f"G{g:02d}") & (number >= 20))
    pairs["non_local"] = non_local.tolist()
    index = np.flatnonzero(keep)
    document["pairs"] = {name: [values[i] for i in index] for name, values in pairs.items()}
    return document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="6 provinces instead of 34")
    groups = 6 if parser.parse_args().small else 34
    document = scarce_national(groups)
    strict = parse_problem(document)
    document["options"]["when_infeasible"] = "closest"
    lenient = parse_problem(document)
    print(f"problem: {groups} provinces, {strict.n_posts:,} posts, {strict.n_pairs:,} pairs")

    started = time.perf_counter()
    refused = solve(strict)
    strict_s = time.perf_counter() - started
    started = time.perf_counter()
    plan = solve(lenient)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    clerk = baselines.greedy(strict)
    clerk_s = time.perf_counter() - started

    proof = plan.closest["proof"] if plan.closest else {}
    print(f"strict: {refused.status} in {strict_s:.2f} s ({(refused.diagnosis or {}).get('cause')})")
    print(
        f"ours:   {plan.status} in {ours_s:.2f} s: in the provinces without a plan meeting every rule, "
        f"{proof.get('filled')} of {proof.get('posts')} posts filled "
        f"(König cover {proof.get('vertex_cover')}), floors short by {proof.get('shortfall')} "
        f"(bound {proof.get('shortfall_bound')}), cost {plan.objective:,.3f} (bound {plan.bound:,.3f}); "
        f"{plan.stats.get('closest_components', 0)} such provinces; all {strict.n_posts:,} posts: "
        f"{int((plan.holder >= 0).sum()):,} filled"
    )
    unfilled = clerk.stats.get("unfilled", 0)
    print(
        f"clerk:  {clerk.status} in {clerk_s:.2f} s: {strict.n_posts - unfilled} of {strict.n_posts} posts filled"
        + ("" if clerk.objective is None else f", cost {clerk.objective:,.3f}")
    )
    ok = plan.status == "optimal" and proof.get("filled_proven") and proof.get("shortfall_proven")
    print(f"closest plan proven in all three stages: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
