"""Claim: the Ministry's pages on the national demo registry (190,062 officials, 3,321 communes) answer in
≤ 300 ms and weigh ≤ 150 KB: the dashboard and the staffing page summarise the country one row per province,
with each province's communes a click away, and the dashboard's figures come from the cache once computed.

Builds the national demo (`cadre demo --scale national --no-serve`) into the database DATABASE_URL names (or,
without one, into a SQLite file under a new temporary CADRE_DATA_DIR), unless it already holds the demo (the
command leaves provinces that have officials alone, so a second run reuses it). Then, in a fresh process for
each version of the code, it signs in as a Ministry viewer (role ministry_viewer over the whole country, made
for the run) and, through the whole Django stack in-process (the test Client: middleware, session, figures,
template), requests

- the dashboard `/` and the staffing page `/staffing/` at national scope,
- the largest province opened from them (`?province=79`, Hồ Chí Minh City, 168 communes),

each once on a cold cache (the figures computed) and then `--repeat` times (the median: the cache at work), and
prints milliseconds, kilobytes and queries of each. The baseline is the same requests on the code of
`--baseline` (default `main`, checked out with `git worktree` into a temporary directory): the pages as they
were, every commune on one page and nothing cached. Exit status 1 if a national page of this tree misses
300 ms (warm) or 150 KB.

Run from the repository root (PostgreSQL, as the Ministry would deploy):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_national .venv/bin/python benchmarks/national_pages.py
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import measure

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS, TARGET_KB = 300.0, 150.0
BIG_PROVINCE = "79"  # Hồ Chí Minh City: the most communes (168)
PAGES = [
    ("dashboard, national", "/", True),
    ("staffing, national", "/staffing/", True),
    (f"dashboard, province {BIG_PROVINCE}", f"/?province={BIG_PROVINCE}", False),
    (f"staffing, province {BIG_PROVINCE}", f"/staffing/?province={BIG_PROVINCE}", False),
]

# Run in a child process with the code under test on its path: prints one JSON line of figures per page.
CHILD = """
import json, os, statistics, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.contrib.auth import get_user_model
from cadre.accounts.services import create_user

repeat, pages = int(sys.argv[1]), json.loads(sys.argv[2])
user = get_user_model().objects.filter(username="bench-ministry").first()
if user is None:
    user, _ = create_user("bench-ministry", "ministry_viewer", "VN", "bench-mat-khau-dai-123")
client = Client()
client.force_login(user)
client.get("/people/")  # load the templates and the middleware before timing anything
cache.clear()

def timed(url):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return ms, len(response.content), len(queries)

for label, url in pages:
    cold = timed(url)
    warm = [timed(url) for _ in range(repeat)]
    print(json.dumps({"page": label, "url": url, "cold_ms": cold[0], "warm_ms": statistics.median(w[0] for w in warm),
                      "kb": cold[1] / 1024, "warm_kb": warm[-1][1] / 1024, "cold_queries": cold[2],
                      "warm_queries": warm[-1][2]}))
"""


def build(env: dict) -> None:
    command = [sys.executable, "-c", "import sys; from cadre.cli import main; sys.exit(main())"]
    seconds, peak, status, output = measure([*command, "demo", "--no-serve", "--scale", "national"], env)
    if status != 0:
        sys.exit(f"cadre demo failed ({status}):\n{output}")
    print(f"national demo ready in {seconds:.0f} s (peak {peak:.0f} MB)")
    for line in output.splitlines():
        if "officials" in line or "database" in line.lower():
            print("  " + line.strip())


def run_pages(source: Path, env: dict, repeat: int) -> list[dict]:
    child_env = {
        **env,
        "PYTHONPATH": f"{source / 'src'}{os.pathsep}{source}",
        "CADRE_ALLOWED_HOSTS": "testserver",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(repeat), json.dumps([[label, url] for label, url, _n in PAGES])],
        capture_output=True,
        text=True,
        env=child_env,
        cwd=source,
    )
    if done.returncode != 0:
        sys.exit(f"measuring {source} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def baseline_tree(ref: str, where: Path) -> Path:
    tree = where / "baseline"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
        check=True,
        capture_output=True,
    )
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--baseline", default="main", help="git ref of the code to compare with (default main)"
    )
    parser.add_argument("--no-baseline", action="store_true", help="measure this tree only")
    parser.add_argument("--repeat", type=int, default=5, help="warm requests per page (the median is shown)")
    args = parser.parse_args()

    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    scratch = Path(tempfile.mkdtemp(prefix="cadre-national-pages-"))
    if not env.get("DATABASE_URL"):
        env["CADRE_DATA_DIR"] = str(scratch / "data")
        print(f"SQLite in {env['CADRE_DATA_DIR']} (set DATABASE_URL for PostgreSQL)")
    else:
        print(f"database: {env['DATABASE_URL'].rsplit('@', 1)[-1]}")
    started = time.perf_counter()
    build(env)

    results = {"this tree": run_pages(ROOT, env, args.repeat)}
    if not args.no_baseline:
        tree = baseline_tree(args.baseline, scratch)
        try:
            results[f"baseline ({args.baseline})"] = run_pages(tree, env, args.repeat)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    shutil.rmtree(scratch, ignore_errors=True)

    print(f"\n{'code':<18} {'page':<24} {'cold ms':>8} {'warm ms':>8} {'KB':>7} {'queries':>9}")
    for code, rows in results.items():
        for row in rows:
            print(
                f"{code:<18} {row['page']:<24} {row['cold_ms']:>8.0f} {row['warm_ms']:>8.0f} "
                f"{row['kb']:>7.0f} {row['cold_queries']:>4}/{row['warm_queries']:<4}"
            )
    print(
        f"(queries: cold/warm; warm ms: median of {args.repeat}; total {time.perf_counter() - started:.0f} s)"
    )

    national = {label for label, _url, n in PAGES if n}
    missed = [
        row
        for row in results["this tree"]
        if row["page"] in national and (row["warm_ms"] > TARGET_MS or row["kb"] > TARGET_KB)
    ]
    for row in missed:
        print(
            f"MISSED: {row['page']} {row['warm_ms']:.0f} ms, {row['kb']:.0f} KB (≤ {TARGET_MS:.0f}, ≤ {TARGET_KB:.0f})"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
