"""Claim: importing a 50,000-task work plans workbook, every cell checked, takes at most 30 s.

Builds, on a fresh throw-away SQLite database (geography loaded first, not timed), a Hải Phòng of 2,000 officials
spread over its communes and a province officer, then a workbook of one 2026 work plan per commune and 50,000
tasks (default) spread over them: each with one lead, two co-workers, two milestones and every clear filled in,
written the way an office writes it. Then, each in a fresh subprocess:

- baseline: the same tasks through `services.create_task` one by one (what a loop over the rows calling the
  service the form uses would do), on a sample of 500, extrapolated to the whole workbook;
- `cadre workplans import FILE --user tinh`: the full import (read in the confined reader, check every cell and
  the six clears, write in bulk in one transaction, one history entry per task).

Prints wall time and peak resident memory, and exits 1 if the import misses the target. Never touches ./var.

Run from the repository root:  .venv/bin/python benchmarks/workplans_import.py [--tasks N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import measure

TARGET_S = 30.0
SAMPLE = 500

SETUP = """
import django, datetime as dt, random, sys
django.setup()
from cadre.geo.models import Commune
from cadre.people.models import Official
from tests.users import make_user
from cadre.workplans.workbook.template import write_template
rng = random.Random(7)
communes = list(Commune.objects.filter(province_id="31").order_by("code").values_list("code", flat=True))
people = [
    Official(citizen_id=f"031{i:09d}", full_name=f"Nguyễn Văn {i}", search_key=f"nguyen van {i}", sex="male",
             birth_date=dt.date(1980, 1, 1), current_province_id="31", current_commune_id=communes[i % len(communes)])
    for i in range(2000)
]
Official.objects.bulk_create(people, batch_size=500)
make_user("tinh", "mat-khau-dai-123", "home_affairs", "31")
tasks_total = int(sys.argv[2])
plans = [
    {"plan_key": f"KH{n}", "commune": code, "title": "Kế hoạch công tác năm 2026", "period_start": "01/01/2026",
     "period_end": "31/12/2026", "source_kind": "Chỉ thị", "source_number": f"{n:02d}-CT/TU",
     "source_date": "20/12/2025", "source_body": "Ban Thường vụ Thành ủy Hải Phòng"}
    for n, code in enumerate(communes)
]
ids = [p.citizen_id for p in people]
rows = []
for i in range(tasks_total):
    start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 200))
    deadline = start + dt.timedelta(days=rng.randrange(30, 150))
    middle = start + (deadline - start) / 2
    rows.append({
        "plan_key": f"KH{i % len(communes)}", "title": f"Nhiệm vụ số {i}: rà soát, báo cáo",
        "lead_official": rng.choice(ids), "coworkers": f"{rng.choice(ids)}; {rng.choice(ids)}",
        "result_kind": "Văn bản", "expected_result": "Báo cáo kết quả",
        "completion_criterion": "Được Thường trực thông qua", "start": start.strftime("%d/%m/%Y"),
        "deadline": deadline.strftime("%d/%m/%Y"),
        "milestones": f"{start:%d/%m/%Y}: Khởi động; {middle:%d/%m/%Y}: Dự thảo",
        "accountable": "Người chủ trì", "report_to": "Thường trực Đảng ủy", "authority_level": "Xã",
        "authority_body": "Chủ tịch UBND xã",
    })
write_template(sys.argv[1], plans=plans, tasks=rows)
"""

BASELINE = """
import django, json, sys, time
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from cadre.workplans import services
from cadre.workplans.workbook import checks, importer, resolve, schema
from cadre.people.workbook.importer import Issues
user = get_user_model().objects.get(username="tinh")
issues = Issues(schema.SHEETS)
sheets, _ = importer.read_sheets(sys.argv[1], issues)
sample = int(sys.argv[2])
sheets["tasks"].rows = sheets["tasks"].rows[:sample]
people = resolve.People(user)
people.load(checks.named_people(sheets["tasks"]))
plans = checks.check_plans(sheets["plans"], issues, resolve.Units(user))
tasks = checks.check_tasks(sheets["tasks"], issues, plans, people)
with transaction.atomic():
    saved = {}
    for key, record in plans.items():
        record.plan.save()
        saved[key] = record.plan
    started = time.perf_counter()
    for task in tasks:
        services.create_task(saved[task.plan_key], task.data, user=user)
    elapsed = time.perf_counter() - started
    transaction.set_rollback(True)
print(json.dumps({"tasks": len(tasks), "seconds": elapsed}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=50_000)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    data_dir = Path(tempfile.mkdtemp(prefix="cadre-bench-workplans-"))
    env = {
        **os.environ,
        "CADRE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "cadre.settings",
        "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("DATABASE_URL", None)
    cadre = [sys.executable, "-m", "cadre.cli"]
    try:
        subprocess.run([*cadre, "geo", "load"], check=True, env=env, capture_output=True)
        workbook = data_dir / "workplans.xlsx"
        subprocess.run([sys.executable, "-c", SETUP, str(workbook), str(args.tasks)], check=True, env=env)
        print(f"workbook: {args.tasks:,} tasks, {workbook.stat().st_size / 2**20:.1f} MB")

        base = subprocess.run(
            [sys.executable, "-c", BASELINE, str(workbook), str(SAMPLE)],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        sample = json.loads(base.stdout.strip().splitlines()[-1])
        per_task = sample["seconds"] / sample["tasks"]
        seconds, peak, status, out = measure(
            [*cadre, "workplans", "import", str(workbook), "--user", "tinh"], env
        )
        if status != 0:
            print(out)
            return 1
        counts = json.loads(out.strip().splitlines()[0])
        rows = [
            (
                f"baseline: services.create_task one by one ({sample['tasks']} measured)",
                per_task * args.tasks,
                None,
                f"{per_task * 1000:.1f} ms a task, extrapolated",
            ),
            ("cadre workplans import", seconds, peak, f"{counts['tasks_created']:,} tasks written"),
        ]
        print(f"{'run':<60} {'seconds':>8} {'peak MB':>8}  note")
        for name, elapsed, memory, note in rows:
            shown = f"{memory:>8.0f}" if memory is not None else f"{'—':>8}"
            print(f"{name:<60} {elapsed:>8.1f} {shown}  {note}")
        print(
            f"target: import ≤ {TARGET_S:.0f} s; baseline / import = {per_task * args.tasks / seconds:.1f}×"
        )
        ok = seconds <= TARGET_S and counts["tasks_created"] == args.tasks
        print("OK" if ok else "TARGET MISSED")
        return 0 if ok else 1
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
