"""Run a command in a child process and report its wall time and its own peak memory (shared by the benchmarks)."""

from __future__ import annotations

import subprocess
import sys

# A middle process, so RUSAGE_CHILDREN holds the measured command's peak and not the benchmark's.
_MEASURE = """
import resource, subprocess, sys, time
keep = int(sys.argv[1])
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], capture_output=True, text=True)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{elapsed:.3f} {peak:.1f} {done.returncode}")
sys.stdout.write(done.stdout[-keep:])
sys.stderr.write(done.stderr[-2000:])
"""


def measure(command: list[str], env: dict, keep: int = 2000) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS (MB) of the command alone, its exit status and (the end of) its output."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(keep), *command], capture_output=True, text=True, env=env
    )
    first, _, rest = result.stdout.partition("\n")
    seconds, peak, status = first.split()
    return float(seconds), float(peak), int(status), rest if int(status) == 0 else rest + result.stderr
