"""Claim: importing a 100,000-official workbook with full validation takes at most 60 s and 1 GiB of memory.

Builds a realistic workbook (default 100,000 officials across the whole country): an officials sheet with
birthplace, hometown and years-of-work columns written the way registries write them (pre-2025 addresses with
abbreviations, and new ones), a current post per person, a postings sheet with an earlier closed posting for
one in three people, and two years of evaluations for everyone. Then, each in a fresh subprocess on a fresh,
throw-away SQLite database (geography loaded first, not timed):

- baseline: only reading every cell of the workbook with openpyxl (read-only mode), no checking or writing;
- `cadre import FILE.xlsx`: the full import (read, check every cell, place every address, check the movement
  history, write in one transaction, refresh each person's current post and local status);
- the same import again (a re-import that must update nothing and create nothing).

Prints wall time and peak resident memory of each, and exits 1 if an import exceeds the target or the
re-import creates anything. Never touches ./var.

Run from the repository root:  .venv/bin/python benchmarks/registry_import.py [--officials N]
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

TARGET_S, TARGET_MB = 60.0, 1024.0
ROOT = Path(__file__).resolve().parent.parent

READ_ONLY = """
import sys, time
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=True)
cells = sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
print(cells)
"""


def build_workbook(path: Path, officials: int, env: dict) -> None:
    """Written by a child process with Django set up, so the addresses are real units."""
    script = f"""
import django, random, re, datetime as dt
django.setup()
from openpyxl import Workbook
from cadre.geo.models import Commune, LegacyCommuneLink
from cadre.people.workbook.schema import OFFICIALS, POSTINGS, EVALUATIONS
rng = random.Random(7)
new = [f"{{n}}, {{p}}" for n, p in Commune.objects.values_list("name", "province__name")]
old = [
    f"{{c}}, {{d}}, {{p}}" for c, d, p in LegacyCommuneLink.objects.filter(is_default=True).values_list(
        "legacy_commune__name", "legacy_commune__district__name", "legacy_commune__district__province__name")
]
abbreviated = [re.sub(r"^Xã ", "X. ", a).replace(", Huyện ", ", H. ").replace(", Tỉnh ", ", ") for a in old]
new, old, abbreviated = (rng.sample(x, 1500) for x in (new, old, abbreviated))
posts = ["Văn phòng - tổng hợp", "cv_tu_phap", "cv_tai_chinh", "cv_dia_chinh", "cv_cntt", "Phó Chủ tịch UBND"]
book = Workbook(write_only=True)
sheets = {{spec.key: book.create_sheet(spec.title) for spec in (OFFICIALS, POSTINGS, EVALUATIONS)}}
sheets["officials"].append(["citizen_id", "full_name", "sex", "birth_date", "birthplace", "hometown",
    "years_by_unit", "current_commune", "current_position", "position_since"])
sheets["postings"].append(["citizen_id", "position", "unit", "start_date", "end_date", "decision"])
sheets["evaluations"].append(["citizen_id", "year", "level"])
for i in range({officials}):
    cid = f"{{rng.randrange(1, 97):03d}}{{rng.choice('0123')}}{{rng.randrange(60, 99):02d}}{{i:06d}}"
    born = dt.date(rng.randrange(1966, 1993), rng.randrange(1, 13), rng.randrange(1, 29))
    birthplace = rng.choice(old if rng.random() < 0.6 else abbreviated)
    workplace = rng.choice(new)
    years = f"{{workplace}}: {{rng.randrange(1, 30)}}" if rng.random() < 0.3 else ""
    since = dt.date(2025, 7, 1) + dt.timedelta(days=rng.randrange(0, 400))
    sheets["officials"].append([cid, f"Nguyễn Văn {{i}}", rng.choice(("Nam", "Nữ")), born.strftime("%d/%m/%Y"),
        birthplace, birthplace if rng.random() < 0.5 else "", years, workplace, rng.choice(posts),
        since.strftime("%d/%m/%Y")])
    if i % 3 == 0:
        sheets["postings"].append([cid, "cv_van_phong", rng.choice(new), "01/01/2015", "30/06/2025", f"QĐ {{i}}"])
    for year in (2024, 2025):
        sheets["evaluations"].append([cid, year, rng.choice(("HTXSNV", "HTTNV", "HTTNV", "HTNV"))])
book.save({str(path)!r})
"""
    subprocess.run([sys.executable, "-c", script], check=True, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=100_000)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="cadre-bench-import-"))
    env = {**os.environ, "CADRE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "cadre.settings"}
    env.pop("DATABASE_URL", None)
    cadre = [sys.executable, "-m", "cadre.cli"]
    try:
        subprocess.run([*cadre, "geo", "load"], check=True, env=env, capture_output=True)
        workbook = data_dir / "registry.xlsx"
        started = time.perf_counter()
        build_workbook(workbook, args.officials, env)
        print(
            f"workbook: {args.officials:,} officials, {workbook.stat().st_size / 2**20:.1f} MB, "
            f"built in {time.perf_counter() - started:.1f} s"
        )

        rows = []
        read_s, read_mb, _, cells = measure([sys.executable, "-c", READ_ONLY, str(workbook)], env)
        rows.append(
            ("baseline: read every cell (openpyxl)", read_s, read_mb, f"{int(cells.split()[0]):,} cells")
        )
        first_s, first_mb, status, out = measure([*cadre, "import", str(workbook)], env)
        if status != 0:
            print(out)
            return 1
        counts = json.loads(out.split("\n")[0])
        rows.append(
            ("cadre import (empty database)", first_s, first_mb, f"{counts['officials_created']:,} created")
        )
        again_s, again_mb, status, out = measure([*cadre, "import", str(workbook)], env)
        again = json.loads(out.split("\n")[0])
        created = sum(v for k, v in again.items() if k.endswith("_created"))
        rows.append(
            (
                "cadre import (same file again)",
                again_s,
                again_mb,
                f"{created} created, {again['officials_updated']} updated",
            )
        )

        print(f"{'run':<40} {'seconds':>8} {'peak MB':>8}  note")
        for name, seconds, peak, note in rows:
            print(f"{name:<40} {seconds:>8.1f} {peak:>8.0f}  {note}")
        print(
            f"target: each import ≤ {TARGET_S:.0f} s and ≤ {TARGET_MB:.0f} MB; "
            f"full import / read-only baseline = {first_s / read_s:.1f}×"
        )
        ok = all(s <= TARGET_S and m <= TARGET_MB for _, s, m, _ in rows[1:]) and created == 0
        print("OK" if ok else "TARGET MISSED")
        return 0 if ok else 1
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
