"""Claim: a whole-country distance matrix (3,321 x 3,321 communes) takes well under a second.

`cadre.core.geo.distance_matrix_km` is vectorised numpy, with no Python double loop. This script times it on the
real coordinates of the 3,321 communes (read from the `vietnamadminunits` package through
`cadre.geo.source.read_package`, no Django and no database involved) and compares it, in the same run, with a
naive pure-Python double loop (math.sin/cos haversine, same radius). The naive loop is only run over a subset
of evenly spaced rows and extrapolated linearly to the full matrix; it also serves as a correctness check: the
vectorised rows must equal the naive ones to within 0.01 km.

Target: full matrix in < 1 s (best of the timed runs). Exit status 1 if the results disagree.

Run from the repository root:  .venv/bin/python benchmarks/distance_matrix.py
"""

from __future__ import annotations

import math
import resource
import statistics
import sys
import time
import tracemalloc

import numpy as np

from cadre.core.geo import EARTH_RADIUS_KM, distance_matrix_km
from cadre.geo.source import read_package

RUNS = 5
NAIVE_ROWS = 300
TARGET_S = 1.0
TOLERANCE_KM = 0.01


def naive_rows(lat: list[float], lon: list[float], rows: list[int]) -> list[list[float]]:
    """The obvious implementation: one haversine per pair, in a Python double loop."""
    out = []
    for i in rows:
        phi1, lam1 = math.radians(lat[i]), math.radians(lon[i])
        cos_phi1 = math.cos(phi1)
        row = []
        for j in range(len(lat)):
            phi2, lam2 = math.radians(lat[j]), math.radians(lon[j])
            a = (
                math.sin((phi2 - phi1) / 2) ** 2
                + cos_phi1 * math.cos(phi2) * math.sin((lam2 - lam1) / 2) ** 2
            )
            row.append(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(a, 0.0), 1.0))))
        out.append(row)
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    t0 = time.perf_counter()
    communes = read_package().communes
    read_s = time.perf_counter() - t0
    lat = [c.latitude for c in communes]
    lon = [c.longitude for c in communes]
    n = len(lat)
    print(f"Communes: {n:,} (read from the package in {read_s:.2f} s, not part of any timing below)")
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}; {RUNS} timed runs, time.perf_counter")
    print()

    distance_matrix_km(lat[:10], lon[:10])  # warm-up (imports, ufunc dispatch)
    times = []
    matrix = None
    for _ in range(RUNS):
        del matrix  # free the previous result so runs do not measure allocator pressure from it
        t = time.perf_counter()
        matrix = distance_matrix_km(lat, lon)
        times.append(time.perf_counter() - t)
    best, median = min(times), statistics.median(times)
    rss_after_vectorised = peak_rss_mb()

    # Python-side peak allocation of one call (numpy reports its buffers to tracemalloc); measured in a separate,
    # untimed call because tracing slows allocation down.
    tracemalloc.start()
    traced = distance_matrix_km(lat, lon)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    rows = [int(i) for i in np.linspace(0, n - 1, NAIVE_ROWS)]
    t = time.perf_counter()
    naive = naive_rows(lat, lon, rows)
    naive_s = time.perf_counter() - t
    naive_full_s = naive_s * n / len(rows)

    max_diff = float(np.max(np.abs(matrix[rows, :].astype(np.float64) - np.asarray(naive))))
    mb = matrix.nbytes / 1e6

    print(f"{'method':<48} {'pairs':>12} {'best s':>9} {'median s':>9} {'full matrix s':>14}")
    print("-" * 96)
    print(
        f"{'vectorised distance_matrix_km (numpy)':<48} {n * n:>12,} {best:>9.3f} {median:>9.3f} {best:>14.3f}"
    )
    print(
        f"{f'naive Python double loop, {len(rows)} rows (1 run)':<48} {len(rows) * n:>12,} "
        f"{naive_s:>9.3f} {'':>9} {naive_full_s:>13.1f}*"
    )
    print("-" * 96)
    print(
        f"* extrapolated linearly from {len(rows)} of {n:,} rows ({len(rows) * n:,} of {n * n:,} pairs), "
        "evenly spaced over the country"
    )
    print(f"All vectorised runs (s): {', '.join(f'{x:.3f}' for x in times)}")
    print(f"Speed-up (naive extrapolated / vectorised best): {naive_full_s / best:,.0f}x")
    print()
    print(f"Matrix: shape {matrix.shape}, dtype {matrix.dtype}, {mb:.1f} MB")
    print(f"Peak traced allocation during one vectorised call (tracemalloc): {traced_peak / 1e6:.1f} MB")
    print(
        f"Peak RSS after the vectorised runs: {rss_after_vectorised:.1f} MB; at exit: {peak_rss_mb():.1f} MB"
    )
    print(
        f"Max |vectorised - naive| over the {len(rows)} rows: {max_diff:.6f} km "
        f"(tolerance {TOLERANCE_KM} km; float32 storage)"
    )
    print()

    if max_diff > TOLERANCE_KM:
        print(f"VERDICT: FAIL - vectorised result differs from the naive one by {max_diff:.4f} km")
        return 1
    met = best < TARGET_S
    print(
        f"VERDICT: {'MET' if met else 'NOT MET'} - full {n:,} x {n:,} matrix in {best:.3f} s best / "
        f"{median:.3f} s median (target < {TARGET_S:.0f} s), {naive_full_s / best:,.0f}x faster than the "
        f"extrapolated naive loop; results agree to {max_diff:.2g} km"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
