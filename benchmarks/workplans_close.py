"""Claim: the monthly close of the whole country, 3,321 communes × 200 tasks (664,200 tasks across the 34
provinces), takes ≤ 30 s in total (`closing.close_month` once per province), in bounded memory.

Builds the data, unless the database already holds it (a second run reuses it): the real geography, one lead
per commune, one 2026 work plan per commune with 200 tasks (started 05/01/2026, due from February to
December; a fifth of them completed in February, some after their deadline), and a progress report in February
on two fifths of them; the other tasks are not reported and count as not done. Rows are written with
`cadre.bulk.insert_rows`. Then it closes February 2026 in every province, timed, and prints the counts, the
time and the peak resident memory of this process.

The baseline, in the same run: the naive close, one task at a time through the ORM (its reports read, one
`month_outcome` call, one `TaskMonthResult.objects.create`), timed on a sample of `--sample` tasks inside a
transaction that is rolled back, and extrapolated to every task. Exit status 1 if the close misses 30 s.

Where the time goes: this process's own work is a few seconds for the country; the rest is the database writing
the results. `TaskMonthResult`'s copies of the task's province, commune, plan and person carry no constraint or
index of their own (migration workplans/0002): with them, the PostgreSQL close took 47.8 s on a loaded machine;
without, 12.3 s (06/12/2026, load average 1.7, 2 cores).

Run from the repository root, on PostgreSQL as a province would deploy (or without DATABASE_URL, a SQLite file
in a new temporary CADRE_DATA_DIR):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_province .venv/bin/python benchmarks/workplans_close.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
TARGET_S = 30.0
TASKS_PER_COMMUNE = 200
MONTH = dt.date(2026, 2, 1)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL") and not os.environ.get("CADRE_DATA_DIR"):
        os.environ["CADRE_DATA_DIR"] = tempfile.mkdtemp(prefix="cadre-close-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(per_commune: int) -> int:
    """Write the country's plans and tasks (skipped when they are there); returns the number of tasks."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cadre.bulk import insert_rows
    from cadre.geo.models import Commune
    from cadre.geo.services import load_geography
    from cadre.people.models import Official
    from cadre.workplans.models import ProgressReport, Task, WorkPlan

    existing = Task.objects.count()
    if existing:
        print(f"reusing {existing:,} tasks already in the database")
        return existing
    started = time.perf_counter()
    load_geography()
    communes = list(Commune.objects.order_by("code").values_list("code", "province_id"))
    now = timezone.now()
    with transaction.atomic():
        Official.objects.bulk_create(
            Official(
                citizen_id=f"{990000000000 + index:012d}",
                full_name=f"Người chủ trì {code}",
                search_key=f"nguoi chu tri {code}",
                sex="female" if index % 2 else "male",
                birth_date=dt.date(1980, 1, 1),
                current_province_id=province,
                current_commune_id=code,
            )
            for index, (code, province) in enumerate(communes)
        )
        leads = dict(
            Official.objects.filter(citizen_id__startswith="99").values_list("current_commune_id", "pk")
        )
        WorkPlan.objects.bulk_create(
            WorkPlan(
                province_id=province,
                commune_id=code,
                title="Kế hoạch công tác năm 2026",
                period_start=dt.date(2026, 1, 1),
                period_end=dt.date(2026, 12, 31),
                source_kind="directive",
                source_number="05-CT/TU",
                source_date=dt.date(2025, 12, 20),
                source_body="Ban Thường vụ Tỉnh ủy",
            )
            for code, province in communes
        )
        plans = dict(WorkPlan.objects.values_list("commune_id", "pk"))
        names = (
            "plan_id province_id commune_id number lead_official_id lead_unit lead_person_id coworker_units "
            "title result_kind expected_result completion_criterion start deadline accountable report_to "
            "authority_level authority_body percent last_reported_on done_on created_at updated_at"
        ).split()
        for code, province in communes:
            rows = []
            for number in range(1, per_commune + 1):
                deadline = dt.date(2026, 2 + number % 11, 20)
                kind = number % 5  # 0: done in February (1 in 4 of them late), 1-2: reported, 3-4: silent
                done_on = dt.date(2026, 2, 10 + number % 15) if kind == 0 else None
                if done_on:
                    deadline = dt.date(2026, 2, 15) if number % 20 == 0 else dt.date(2026, 2, 25)
                percent = 100 if done_on else (40 if kind in (1, 2) else 0)
                reported = done_on or (dt.date(2026, 2, 10) if kind in (1, 2) else None)
                rows.append(
                    (plans[code], province, code, number, leads[code], "", leads[code], "",
                     f"Nhiệm vụ {number}", "document", "Báo cáo", "Được thông qua", dt.date(2026, 1, 5),
                     deadline, "Người chủ trì", "Thường trực Đảng ủy", "commune", "Chủ tịch UBND xã",
                     percent, reported, done_on, now, now)
                )  # fmt: skip
            insert_rows(Task, names, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {ProgressReport._meta.db_table} (task_id, province_id, commune_id, reported_on, "
                "percent, note, evidence_name, created_at) SELECT id, province_id, commune_id, "
                f"last_reported_on, percent, '', '', %s FROM {Task._meta.db_table} "
                "WHERE last_reported_on IS NOT NULL",
                [now if connection.vendor == "postgresql" else now.isoformat(" ")],
            )
    count = Task.objects.count()
    print(
        f"built {len(communes):,} communes × {per_commune} = {count:,} tasks and "
        f"{ProgressReport.objects.count():,} reports in {time.perf_counter() - started:.0f} s"
    )
    return count


def close_all(user) -> tuple[float, dict]:
    from django.db.models import Count

    from cadre.geo.models import Province
    from cadre.workplans import closing
    from cadre.workplans.models import MonthClose, TaskMonthResult

    TaskMonthResult.objects.filter(month=MONTH).delete()
    MonthClose.objects.filter(month=MONTH).delete()
    started = time.perf_counter()
    for province in Province.objects.order_by("code"):
        closing.close_month(province, MONTH, user=user)
    seconds = time.perf_counter() - started
    counts = dict(
        TaskMonthResult.objects.filter(month=MONTH).values_list("outcome").annotate(n=Count("pk")).order_by()
    )
    return seconds, counts


class Rollback(Exception):
    pass


def naive_sample(user, sample: int) -> float:
    """Seconds per task of the naive close: each task read, its reports read, counted and written alone."""
    from django.db import transaction

    from cadre.core.rules import task_month
    from cadre.workplans import closing
    from cadre.workplans.models import MonthClose, Task, TaskMonthResult

    province = Task.objects.values_list("province_id", flat=True).first()
    first, last = closing.period(province, MONTH)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            close = MonthClose.objects.create(
                province_id=province, month=dt.date(2025, 1, 1), first_day=first, last_day=last
            )
            for task in Task.objects.filter(province_id=province).order_by("pk")[:sample]:
                days = tuple(
                    task.reports.filter(reported_on__range=(first, last)).values_list(
                        "reported_on", flat=True
                    )
                )
                outcome = task_month.month_outcome(task.facts(days), first, last)
                if outcome is not None:
                    TaskMonthResult.objects.create(
                        close=close, task=task, province_id=task.province_id, commune_id=task.commune_id,
                        plan_id=task.plan_id, person_id=task.lead_person_id, month=MONTH, outcome=outcome,
                        percent=task.percent,
                    )  # fmt: skip
            raise Rollback
    except Rollback:
        pass
    return (time.perf_counter() - started) / sample


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-commune", type=int, default=TASKS_PER_COMMUNE)
    parser.add_argument("--sample", type=int, default=2000, help="tasks the naive baseline is timed on")
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from cadre.accounts.services import create_user

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    tasks = build(args.per_commune)
    user = get_user_model().objects.filter(username="bench-close").first()
    if user is None:
        user, _ = create_user("bench-close", "administrator", "VN", "bench-mat-khau-dai-123")
    rss_before = rss_mb()
    load = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    seconds, counts = close_all(user)
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    print(
        f"close of {MONTH:%m/%Y}, 34 provinces, {tasks:,} tasks: {seconds:.1f} s "
        f"({tasks / seconds:,.0f} tasks/s); peak RSS {rss_mb():.0f} MB (before the close {rss_before:.0f} MB)"
    )
    print(
        f"  load average of the machine (2 cores) before and after: {load:.1f}, {os.getloadavg()[0]:.1f}; "
        "a loaded machine stretches the time"
    )
    print(
        f"  of which this process's own CPU (reading, counting, sending): {cpu:.1f} s; the rest is the database"
    )
    print("  counted: " + ", ".join(f"{key} {value:,}" for key, value in sorted(counts.items())))
    per_task = naive_sample(user, args.sample)
    print(
        f"baseline, the naive close (ORM, one task at a time), {args.sample:,} tasks timed: "
        f"{per_task * 1000:.2f} ms a task → {per_task * tasks:,.0f} s for {tasks:,} tasks "
        f"({per_task * tasks / seconds:.0f}× the batched close)"
    )
    ok = seconds <= TARGET_S
    print(f"target ≤ {TARGET_S:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
