"""Claim: on PostgreSQL, `cadre serve --workers N` holds a province's load where one process does not.

The server is started for real (`python -m cadre.cli serve`, a child process, on a free loopback port) over a
province demo registry on PostgreSQL (`cadre demo --no-serve`: Hải Phòng, about 6,500 officials, a decided
rotation plan), once as one process (waitress with 8 threads: the baseline) and once with `--workers N`, in the
same run. Virtual users, each a thread with its own keep-alive connection (http.client: a lean client, since it
shares the machine's cores with the server) and its own signed-in session, ask in turn for five pages:

- the officials list with filters and a name search (`/people/?q=…&province=…`, varied),
- a person's page (`/people/<id>/`, one of 200 officials),
- the dashboard (`/`),
- a plan page (`/plans/<id>/`),
- the API list (`/api/officials/?province=…&page=…`).

Two scenarios, each against both servers:
- 20 users with no think time (targets: ≥ 60 req/s, p95 ≤ 500 ms, no error);
- 300 users who each wait 5 s between a page and the next (target: p95 ≤ 300 ms, no error).

For each server and scenario it prints req/s, p50/p95/p99 per page and over all, errors (any status but 200,
a failed connection, a wait over 60 s), and the server's CPU time per request (its whole process tree, from
/proc). Each scenario runs for --seconds after a short warm-up; every request started in that window is
counted with its whole time, even when it ends after the window (an overloaded server cannot hide the requests
it leaves waiting). The load generator runs on the same machine and takes CPU
from the server: a figure here is a floor.

The database: --database-url (default postgres://postgres@127.0.0.1:5432/cadre_bench_web, created when
missing; `cadre demo --no-serve` fills it once and leaves it as it is after; then ANALYZE). Sessions are made directly in the
database for a user the benchmark creates (`bench-load`, a superuser), so no password hashing is measured. The
data directory (secret key) is a temporary one, removed at the end. Exit status 1 when a target is missed by
the multi-process server.

Run from the repository root:
    .venv/bin/python benchmarks/web_load.py [--workers N] [--seconds 30] [--only busy|think]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cadre_bench_web"
PAGES = ("officials list", "person", "dashboard", "plan", "API list")
SEARCHES = ("nguyen", "tran van", "le thi", "pham", "hoang", "vu", "dang", "bui")
CADRE = [sys.executable, "-m", "cadre.cli"]


@dataclass
class Scenario:
    name: str
    users: int
    think: float
    target_rps: float | None
    target_p95_ms: float


SCENARIOS = {
    "busy": Scenario("20 users, no think time", 20, 0.0, 60.0, 500.0),
    "think": Scenario("300 users, 5 s think time", 300, 5.0, None, 300.0),
}


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {page: [] for page in PAGES})
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def count(self) -> int:
        return sum(len(times) for times in self.latencies.values())


# ---- the database and the sessions -------------------------------------------------------------------------


def prepare_database(url: str, env: dict) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Created the database {name}")
    print("cadre demo --no-serve (builds the province demo once; later runs reuse it) ...", flush=True)
    started = time.perf_counter()
    done = subprocess.run([*CADRE, "demo", "--no-serve"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"cadre demo failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    print(f"  ready in {time.perf_counter() - started:.0f} s")
    # Fresh tables have no planner statistics until autovacuum's ANALYZE (off on some test servers): without
    # them PostgreSQL takes a province's 6,500 officials for 10 rows and sorts them all for every API page.
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def sessions_and_urls(users: int) -> tuple[list[str], dict[str, list[str]]]:
    """A signed-in session for each virtual user, and the URLs each page is asked for."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from cadre.people.models import Official
    from cadre.rotation.models import PlanRun

    user, _created = get_user_model().objects.get_or_create(
        username="bench-load", defaults={"is_superuser": True, "is_staff": True}
    )
    keys = []
    for _ in range(users):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    officials = Official.objects.filter(current_commune__isnull=False)
    people = list(officials.order_by("pk").values_list("pk", flat=True)[:200])
    province = officials.values_list("current_province_id", flat=True).first()
    plans = list(PlanRun.objects.order_by("pk").values_list("pk", flat=True)[:5])
    if not people or not plans:
        raise SystemExit("the demo registry has no officials or no plan")
    searches = [f"/people/?{urlencode({'q': q, 'province': province})}" for q in SEARCHES]
    searches += [
        f"/people/?{urlencode({'province': province, 'evaluation': 'good', 'sex': sex})}" for sex in "MF"
    ]
    urls = {
        "officials list": searches,
        "person": [f"/people/{pk}/" for pk in people],
        "dashboard": ["/"],
        "plan": [f"/plans/{pk}/" for pk in plans],
        "API list": [
            f"/api/officials/?{urlencode({'province': province, 'page': page})}" for page in range(1, 6)
        ],
    }
    return keys, urls


# ---- the server --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [*CADRE, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{server.stderr.read()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/login/")
            if connection.getresponse().status == 200:
                connection.close()
                return server, port
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not answer within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def tree_cpu_seconds(root: int) -> float:
    """User and system CPU of a process and all its descendants (Linux /proc), in seconds."""
    parents, ticks = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
    total, frontier = 0, [root]
    while frontier:
        pid = frontier.pop()
        total += ticks.get(pid, 0)
        frontier.extend(child for child, parent in parents.items() if parent == pid)
    return total / os.sysconf("SC_CLK_TCK")


# ---- the users ---------------------------------------------------------------------------------------------


def run_scenario(
    port: int,
    scenario: Scenario,
    keys: list[str],
    urls: dict,
    seconds: float,
    pid: int,
    pages: tuple[str, ...],
) -> Result:
    result = Result()
    lock = threading.Lock()
    started = threading.Event()
    stop_at = [0.0]
    measuring = threading.Event()
    answered: set[int] = set()  # the users who got at least one page in the window

    def user(index: int) -> None:
        rng = random.Random(index)
        headers = {"Cookie": f"sessionid={keys[index]}", "Connection": "keep-alive"}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started.wait()
        if scenario.think:
            time.sleep(rng.uniform(0, scenario.think))  # arrivals spread over the first think time
        turn = index
        while time.monotonic() < stop_at[0]:
            page = pages[turn % len(pages)]
            turn += 1
            url = rng.choice(urls[page])
            counted = measuring.is_set()  # a request started in the window counts, however long it then takes
            begin = time.perf_counter()
            status = fetch(connection, url, headers)
            if status == "reconnect":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                begin = time.perf_counter()
                status = fetch(connection, url, headers)
            elapsed = (time.perf_counter() - begin) * 1000
            if counted:
                with lock:
                    if status == 200:
                        result.latencies[page].append(elapsed)
                        answered.add(index)
                    else:
                        key = f"{page}: {status}"
                        result.errors[key] = result.errors.get(key, 0) + 1
            if status != 200:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            if scenario.think:
                time.sleep(scenario.think)
        connection.close()

    warm_up = 5.0 + scenario.think
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(scenario.users)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + warm_up + seconds
    started.set()
    time.sleep(warm_up)
    cpu_before, measured_from = tree_cpu_seconds(pid), time.perf_counter()
    measuring.set()
    time.sleep(seconds)
    measuring.clear()
    stop_at[0] = 0.0  # no new request; those under way are waited for and counted
    result.seconds = time.perf_counter() - measured_from
    result.cpu_seconds = tree_cpu_seconds(pid) - cpu_before
    deadline = time.monotonic() + 90
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    unfinished = sum(thread.is_alive() for thread in threads)
    if unfinished:
        result.errors["unfinished after 90 s"] = unfinished
    # A server that takes no more connections (waitress holds 100) leaves the others' first request waiting
    # from the warm-up on: they are not in the window's figures, so they are counted here.
    if len(answered) < scenario.users:
        result.errors["users never answered in the window"] = scenario.users - len(answered)
    return result


def fetch(connection: http.client.HTTPConnection, url: str, headers: dict):
    """The status, "reconnect" when a kept-alive connection was closed by the server while idle, or the
    error's name."""
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
        return "reconnect"
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__


# ---- the report --------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(label: str, result: Result) -> None:
    every = [t for times in result.latencies.values() for t in times]
    rate = result.count / result.seconds if result.seconds else 0.0
    cpu = result.cpu_seconds / result.count * 1000 if result.count else float("nan")
    print(
        f"  {label}: {rate:.1f} req/s, {sum(result.errors.values())} errors, server CPU {cpu:.0f} ms/request"
    )
    print(f"    {'page':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for page in (*PAGES, "all"):
        times = every if page == "all" else result.latencies[page]
        if not times:
            continue
        print(
            f"    {page:<16}{len(times):>9}{percentile(times, 0.5):>9.0f}{percentile(times, 0.95):>9.0f}"
            f"{percentile(times, 0.99):>9.0f}"
        )
    for key, count in sorted(result.errors.items()):
        print(f"    error {key}: {count}")


def meets(scenario: Scenario, result: Result) -> list[str]:
    every = [t for times in result.latencies.values() for t in times]
    misses = []
    rate = result.count / result.seconds if result.seconds else 0.0
    if scenario.target_rps and rate < scenario.target_rps:
        misses.append(f"{rate:.1f} req/s < {scenario.target_rps:.0f}")
    if percentile(every, 0.95) > scenario.target_p95_ms:
        misses.append(f"p95 {percentile(every, 0.95):.0f} ms > {scenario.target_p95_ms:.0f}")
    if result.errors:
        misses.append(f"{sum(result.errors.values())} errors")
    return misses


def main() -> int:
    from cadre.serving import default_workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("CADRE_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument(
        "--workers", type=int, default=default_workers("postgresql"), help="for the second server"
    )
    parser.add_argument("--seconds", type=float, default=30.0, help="measured time per server and scenario")
    parser.add_argument("--only", choices=sorted(SCENARIOS), help="run one scenario")
    parser.add_argument(
        "--without",
        choices=PAGES,
        action="append",
        default=[],
        help="leave a page out (e.g. to see the others apart from the dashboard); repeatable",
    )
    args = parser.parse_args()

    pages = tuple(page for page in PAGES if page not in args.without)
    if not pages:
        parser.error("every page was left out")
    data_dir = tempfile.mkdtemp(prefix="cadre-bench-web-")
    env = {k: v for k, v in os.environ.items() if k not in {"CADRE_DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=args.database_url, CADRE_DATA_DIR=data_dir)
    os.environ.update(env, DJANGO_SETTINGS_MODULE="cadre.settings")
    try:
        prepare_database(args.database_url, env)
        scenarios = [SCENARIOS[args.only]] if args.only else list(SCENARIOS.values())
        keys, urls = sessions_and_urls(max(s.users for s in scenarios))
        print(
            f"{os.cpu_count()} cores; load average now {os.getloadavg()[0]:.1f} (other work on the machine "
            "slows every figure)"
        )
        failed = False
        for scenario in scenarios:
            print(f"\n{scenario.name}, {args.seconds:.0f} s measured after a warm-up:")
            for workers in (1, args.workers):
                server, port = start_server(env, workers)
                try:
                    result = run_scenario(port, scenario, keys, urls, args.seconds, server.pid, pages)
                finally:
                    stop_server(server)
                label = (
                    "one process (waitress, baseline)" if workers == 1 else f"--workers {workers} (gunicorn)"
                )
                report(label, result)
                misses = meets(scenario, result)
                print(f"    targets: {'met' if not misses else 'missed: ' + '; '.join(misses)}")
                failed = failed or (workers != 1 and bool(misses))
        return 1 if failed else 0
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
