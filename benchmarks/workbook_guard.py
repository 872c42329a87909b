"""What bounding a workbook before reading it costs, against reading it (the baseline), and what it saves.

Builds a registry-sized workbook (default 100,000 officials: an officials sheet of 10 columns, their postings and
two years of evaluations), then measures in child processes, each with its own peak memory:
- the guard alone (`people.workbook.guard.check_workbook`), which streams every part once;
- the reader alone (calamine, every sheet read into rows, as the import does), the baseline;
- the guard on the 7 KB crafted workbook whose one cell sits at XFD1048576, which the reader alone cannot open
  (it asks for 512 GiB and the process aborts): not run through the reader here.
The claim: the guard adds a small fraction of the reading time and memory, and refuses the crafted file at once.

Run from the repository root:  .venv/bin/python benchmarks/workbook_guard.py [--officials N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import measure  # noqa: E402

BUILD = """
import random, sys
from openpyxl import Workbook
rng = random.Random(7)
officials = int(sys.argv[2])
book = Workbook(write_only=True)
people, postings, ratings = (book.create_sheet(t) for t in ("Cán bộ", "Quá trình công tác", "Đánh giá"))
people.append(["Số định danh cá nhân", "Họ và tên", "Giới tính", "Ngày sinh", "Nơi sinh", "Quê quán",
    "Thời gian học tập, công tác", "Đơn vị hiện nay (xã/phường)", "Chức vụ hiện nay", "Giữ chức vụ từ"])
postings.append(["Số định danh cá nhân", "Chức vụ", "Đơn vị", "Từ ngày", "Đến ngày", "Số quyết định"])
ratings.append(["Số định danh cá nhân", "Năm", "Xếp loại"])
for i in range(officials):
    cid = f"{rng.randrange(1, 97):03d}{rng.randrange(0, 4)}{rng.randrange(60, 99):02d}{i:06d}"
    place = f"Xã Số {rng.randrange(1, 3000)}, Huyện {rng.randrange(1, 700)}, Tỉnh {rng.randrange(1, 63)}"
    people.append([cid, f"Nguyễn Văn {i}", rng.choice(("Nam", "Nữ")), "12/03/1978", place, place, "",
        f"Phường {rng.randrange(1, 3321)}, Hải Phòng", "Văn phòng - tổng hợp", "01/07/2025"])
    if i % 3 == 0:
        postings.append([cid, "cv_van_phong", place, "01/01/2015", "30/06/2025", f"QĐ {i}"])
    for year in (2024, 2025):
        ratings.append([cid, year, rng.choice(("HTXSNV", "HTTNV", "HTNV"))])
book.save(sys.argv[1])
"""
GUARD = """
import sys, time
from cadre.people.workbook.guard import WorkbookTooLarge, check_workbook
start = time.perf_counter()
try:
    check_workbook(sys.argv[1])
    verdict = "accepted"
except WorkbookTooLarge as refused:
    verdict = "refused: " + refused.message_en[:60]
print(f"{time.perf_counter() - start:.3f} {verdict}")
"""
READ = """
import sys, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
book = CalamineWorkbook.from_path(sys.argv[1])
cells = sum(len(row) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python())
print(f"{time.perf_counter() - start:.3f} {cells:,} cells read")
"""
CRAFT = """
import sys
from pathlib import Path
sys.path.insert(0, ".")
from tests.people.workbook.crafted import far_cell
print(far_cell(Path(sys.argv[1])))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=100_000)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(["src", os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "registry.xlsx"
        seconds, _peak, status, out = measure(
            [sys.executable, "-c", BUILD, str(workbook), str(args.officials)], env
        )
        if status:
            print(out)
            return 1
        print(
            f"workbook: {args.officials:,} officials, {workbook.stat().st_size / 2**20:.1f} MB (built in {seconds:.0f} s)"
        )
        _s, _p, _status, crafted = measure([sys.executable, "-c", CRAFT, folder], env)
        rows = [
            ("reader alone (baseline)", *measure([sys.executable, "-c", READ, str(workbook)], env)),
            ("guard alone", *measure([sys.executable, "-c", GUARD, str(workbook)], env)),
            ("guard, crafted 7 KB far cell", *measure([sys.executable, "-c", GUARD, crafted.strip()], env)),
        ]
        print(f"{'':32} {'work s':>7} {'process s':>9} {'peak MB':>8}  result")
        work = []
        for name, seconds, peak, status, out in rows:
            line = out.strip().splitlines()[-1] if out.strip() else f"exit {status}"
            inner, _, verdict = line.partition(" ")
            work.append(float(inner))
            print(f"{name:32} {float(inner):7.2f} {seconds:9.2f} {peak:8.0f}  {verdict}")
        print(
            f"the guard adds {work[1] / work[0]:.0%} of the reader's own time before a real registry is read"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
