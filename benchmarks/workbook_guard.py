"""What bounding a workbook before reading it costs, against reading it (the baseline), and what it saves.

Builds a registry-sized workbook (default 100,000 officials: an officials sheet of 10 columns, their postings and
two years of evaluations), then measures in child processes, each with its own peak memory:
- the guard alone (`people.workbook.guard.check_workbook`), which streams every part once;
- the reader alone (calamine, every sheet read into rows, as the import does), the baseline;
- the guard on the 7 KB crafted workbook whose one cell sits at XFD1048576, which the reader alone cannot open
  (it asks for 512 GiB and the process aborts): not run through the reader here;
- the import's whole reading step (`people.workbook.cells.read_cells`: guard, reader, the registry sheets' rows
  as plain values) in the server's own process, the baseline, against the same in a confined child
  (`cadre.confined`, as the import runs it, its fork server already started), with the peak memory of the
  process that asked;
- the start-up a confined read adds per file, on a three-official workbook: the fork server's first child (which
  starts the server), the next ones, and multiprocessing's spawn for comparison.
The claims: the guard adds a small fraction of the reading time and memory, and refuses the crafted file at once;
reading in a confined child adds tens of milliseconds a file (plus the transfer of the rows), which spawn would
make several times more.

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
STEP = """
import resource, sys, time
from cadre.confined import run_confined
from cadre.people.workbook import cells
if sys.argv[2] == "child":  # the fork server started, as it is after a server's first upload
    run_confined(cells.blank, None, memory_mb=2048, seconds=300, preload=(cells.__name__,))
start = time.perf_counter()
if sys.argv[2] == "child":
    answer = run_confined(cells.read_cells, sys.argv[1], memory_mb=2048, seconds=300, preload=(cells.__name__,))
else:
    answer = list(cells.read_cells(sys.argv[1]))
rows = sum(len(message[3]) for message in answer if message[0] == "sheet")
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.perf_counter() - start:.3f} {rows:,} rows; the asking process's own peak {own:.0f} MB")
"""
STARTUP = """
import multiprocessing, statistics, sys, time
from cadre import confined
from cadre.people.workbook import cells

def timed(call):
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000

path = sys.argv[1]
def child():
    confined.run_confined(cells.read_cells, path, memory_mb=2048, seconds=300, preload=(cells.__name__,))
inside = statistics.median(timed(lambda: list(cells.read_cells(path))) for _ in range(5))
first = timed(child)
after = statistics.median(timed(child) for _ in range(5))
confined._context = lambda preload: multiprocessing.get_context("spawn")
spawn = statistics.median(timed(child) for _ in range(5))
print(f"{inside:.0f} {first:.0f} {after:.0f} {spawn:.0f}")
"""
SMALL = """
import sys
sys.path.insert(0, ".")
from pathlib import Path
from tests.people.workbooks import good_sheets, write
write(Path(sys.argv[1]), good_sheets())
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
        print()
        steps = [
            ("reading step in the server process (baseline)", "inside"),
            ("reading step in a confined child", "child"),
        ]
        timings = []
        for name, where in steps:
            seconds, _peak, status, out = measure([sys.executable, "-c", STEP, str(workbook), where], env)
            line = out.strip().splitlines()[-1] if out.strip() else f"exit {status}"
            inner, _, result = line.partition(" ")
            timings.append(float(inner))
            print(f"{name:48} {float(inner):7.2f} s  {result}")
        print(f"reading in a confined child costs {timings[1] - timings[0]:+.2f} s on this registry")
        small = Path(folder) / "small.xlsx"
        measure([sys.executable, "-c", SMALL, str(small)], env)
        _s, _p, status, out = measure([sys.executable, "-c", STARTUP, str(small)], env)
        inside, first, after, spawn = (float(x) for x in out.strip().splitlines()[-1].split())
        print(
            f"per file, three officials: in the process {inside:.0f} ms; confined, fork server {first:.0f} ms "
            f"for the first file (starts the server), {after:.0f} ms after; confined by spawn {spawn:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
