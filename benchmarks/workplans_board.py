"""Claim: a province-wide task board stays fast: a fixed number of queries, whatever the number of tasks.

A province's work plans at full size: 114 communes, each with a 2026 work plan of 200 tasks (22,800 tasks) led
by 10 people of the commune, with a progress report every month for 12 months (about 270,000 reports). The
province officer's board (`/workplans/board/`, every task of the province, overdue first) and a commune's board
(`/workplans/communes/<code>/`, with its counts by status) each answer within 300 ms (median) at the default
page size (50 rows), filtered or not, on the first page or a late one, in a fixed number of queries: the same
with 10 and 200 rows a page (which are held to the query count only).

Each request goes through the whole Django stack in-process (the test Client, signed in as a Home Affairs
officer over the province), timed as the median of 5 runs after 1 warm-up; its queries are counted with
`CaptureQueriesContext` (session and user lookups included).

Baseline in the same run, for the same first page: the naive way, data access only (no rendering): every task
of the province loaded to count and sort it, each one's status worked out in Python from its progress reports
(read task by task: an N+1), then each row's plan, commune and lead read one by one.

The data is inserted with `cadre.bulk.insert_rows` into a fresh SQLite database in a temporary directory
(removed at the end): ./var is never touched. Exit status 1 if a request misses 300 ms, or if the number of
queries changes with the page size, the filter or the page.

Run from the repository root:  .venv/bin/python benchmarks/workplans_board.py [--repeat N]
"""

from __future__ import annotations

import os
import shutil
import tempfile

DATA_DIR = tempfile.mkdtemp(prefix="cadre-bench-workplans-")
os.environ["CADRE_DATA_DIR"] = DATA_DIR
os.environ.pop("DATABASE_URL", None)
os.environ.pop("CADRE_DEBUG", None)  # measure the production configuration
os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.settings"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import django  # noqa: E402

TARGET_MS = 300.0
COMMUNES, TASKS_PER_COMMUNE, PEOPLE_PER_COMMUNE, MONTHS = 114, 200, 10, 12
TODAY = dt.date(2026, 11, 25)  # the board's day: the tasks' deadlines fall on both sides of it


def build() -> tuple[str, list[str]]:
    """The province with the most communes (at least COMMUNES), its plans, tasks and reports; its code and the
    communes used."""
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from cadre.bulk import insert_rows
    from cadre.geo.models import Commune, Province
    from cadre.geo.services import load_geography
    from cadre.people.models import Official
    from cadre.workplans.models import ProgressReport, Task, WorkPlan

    call_command("migrate", verbosity=0)
    load_geography()
    province = (
        Province.objects.annotate(n=Count("communes")).filter(n__gte=COMMUNES).order_by("-n", "code").first()
    )
    communes = list(
        Commune.objects.filter(province=province).order_by("code").values_list("code", flat=True)[:COMMUNES]
    )
    started, now = time.perf_counter(), timezone.now()
    with transaction.atomic():
        Official.objects.bulk_create(
            Official(
                citizen_id=f"{number:012d}",
                full_name=f"Cán Bộ {number}",
                search_key=f"can bo {number}",
                sex="female" if number % 2 else "male",
                birth_date=dt.date(1970 + number % 30, 1 + number % 12, 1 + number % 28),
                current_province_id=province.code,
                current_commune_id=code,
            )
            for index, code in enumerate(communes)
            for number in range(index * PEOPLE_PER_COMMUNE, (index + 1) * PEOPLE_PER_COMMUNE)
        )
        people = {}
        for pk, code in Official.objects.order_by("pk").values_list("pk", "current_commune_id"):
            people.setdefault(code, []).append(pk)
        WorkPlan.objects.bulk_create(
            WorkPlan(
                province_id=province.code,
                commune_id=code,
                title="Kế hoạch công tác năm 2026",
                period_start=dt.date(2025, 12, 1),
                period_end=dt.date(2026, 12, 31),
                source_kind="directive",
                source_number="05-CT/TU",
                source_date=dt.date(2025, 11, 20),
                source_body="Ban Thường vụ Tỉnh ủy",
            )
            for code in communes
        )
        plans = dict(WorkPlan.objects.values_list("commune_id", "pk"))
        tasks = []
        for code in communes:
            for number in range(1, TASKS_PER_COMMUNE + 1):
                lead = people[code][number % PEOPLE_PER_COMMUNE]
                deadline = dt.date(2026, 1 + number % 12, 28)
                done = dt.date(2026, 1 + number % 12, 15 + number % 14) if number % 3 == 0 else None
                percent = 100 if done else 10 * (number % 10)
                tasks.append(
                    (plans[code], province.code, code, number, lead, "", None, lead, f"Nhiệm vụ số {number}",
                     "document", "Báo cáo", "Được thông qua", dt.date(2025, 12, 1), deadline, "Người chủ trì",
                     "Đảng ủy xã", "commune", "Chủ tịch UBND xã", percent, dt.date(2026, 11, 20), done, "", now, now)
                )  # fmt: skip
        insert_rows(
            Task,
            ["plan_id", "province_id", "commune_id", "number", "lead_official_id", "lead_unit",
             "lead_unit_head_id", "lead_person_id", "title", "result_kind", "expected_result",
             "completion_criterion", "start", "deadline", "accountable", "report_to", "authority_level",
             "authority_body", "percent", "last_reported_on", "done_on", "coworker_units", "created_at",
             "updated_at"],
            tasks,
        )  # fmt: skip
        rows = Task.objects.values_list("pk", "commune_id", "percent")
        insert_rows(
            ProgressReport,
            ["task_id", "province_id", "commune_id", "reported_on", "percent", "note", "evidence_name", "created_at"],
            (
                (pk, province.code, code, dt.date(2025 + (month + 11) // 12, (month + 10) % 12 + 1, 20),
                 percent * (month + 1) // MONTHS, "Đã thực hiện", "", now)
                for pk, code, percent in rows
                for month in range(MONTHS)
            ),
        )  # fmt: skip
    print(
        f"{province.name}: {len(communes)} communes, {Task.objects.count():,} tasks,"
        f" {ProgressReport.objects.count():,} progress reports (inserted in {time.perf_counter() - started:.1f} s)"
    )
    return province.code, communes


def measure(run, repeat: int) -> tuple[float, int]:
    """Median milliseconds and the most queries any timed run of `run()` made."""
    from django.db import connection

    run()  # warm-up
    times, counts = [], []

    def counted(execute, sql, params, many, context):
        counts[-1] += 1
        return execute(sql, params, many, context)

    for _ in range(repeat):
        counts.append(0)
        with connection.execute_wrapper(counted):
            started = time.perf_counter()
            run()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(counts)


def page(client, url: str):
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")

    return run


def naive(province: str):
    """The board's first page the naive way (see the module's docstring)."""
    from cadre.core.rules import task_month
    from cadre.workplans.models import Task

    def run():
        tasks = list(Task.objects.filter(province_id=province))
        stood = []
        for task in tasks:
            reported = tuple(task.reports.values_list("reported_on", flat=True))
            status = task_month.task_status(task.facts(reported), TODAY)
            stood.append((task_month.STATUSES.index(status), task.deadline, task.pk, task))
        stood.sort(key=lambda row: row[:3])
        return [(t.title, t.plan.title, t.commune.name, t.lead_person.full_name) for *_, t in stood[:50]]

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django.setup()
    from unittest import mock

    from django.test import Client

    from cadre.accounts.services import create_user

    province, communes = build()
    officer, _password = create_user("so_noi_vu", "home_affairs", province, "mat-khau-dai-123")
    client = Client(HTTP_HOST="localhost")  # a host the production settings allow
    client.force_login(officer)
    commune = communes[len(communes) // 2]
    cases = [
        ("board, first page", "/workplans/board/", True),
        ("board, 10 a page", "/workplans/board/?per_page=10", False),
        ("board, 200 a page", "/workplans/board/?per_page=200", False),
        ("board, page 100", "/workplans/board/?page=100", True),
        ("board, overdue only", "/workplans/board/?status=overdue", True),
        ("board, one lead's name", "/workplans/board/?lead=C%C3%A1n+B%E1%BB%99+5", True),
        ("commune board", f"/workplans/communes/{commune}/", True),
        ("commune board, done", f"/workplans/communes/{commune}/?status=done", True),
    ]
    failed = False
    counts = {}
    print(f"\n{'request':<28}{'median ms':>10}{'queries':>9}")
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        for label, url, gated in cases:
            ms, queries = measure(page(client, url), args.repeat)
            counts.setdefault(url.startswith("/workplans/board/"), set()).add(queries)
            miss = gated and ms > TARGET_MS
            failed |= miss
            print(
                f"{label:<28}{ms:>10.1f}{queries:>9}{'  MISSES ' + str(int(TARGET_MS)) + ' ms' if miss else ''}"
            )
        ms, queries = measure(naive(province), 1)
        print(f"{'baseline: naive first page':<28}{ms:>10.1f}{queries:>9}  (data only, no rendering)")
    for board, seen in counts.items():
        if len(seen) != 1:
            failed = True
            print(f"{'board' if board else 'commune board'}: the number of queries changes: {sorted(seen)}")
    print(
        "\nFAILED"
        if failed
        else f"\nOK: every request within {TARGET_MS:.0f} ms, in a fixed number of queries"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
