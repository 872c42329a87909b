"""Claim: `cadre geo load` is idempotent and finishes in seconds.

Times `cadre.geo.services.load_geography()` (what `cadre geo load` runs) twice on a fresh, throw-away SQLite
database: once on the empty database (first load) and once more on the loaded one (reload). The reload must
leave the database as it was: the counts it returns must equal the first load's, and (a stricter check) a
fingerprint of every row of the geography tables must be unchanged (link row ids and `loaded_at` excluded,
since the links are rewritten and the timestamp is refreshed by design).

Baseline in the same run: the time to only read the package data (`cadre.geo.source.read_package()`, which
`load_geography` calls first), so the difference is the database writing. Measured once cold (the first call
also imports the package) and then warm.

Target: each load (first and reload) < 10 s. Exit status 1 if the reload changes the counts or the rows.

Never touches ./var: CADRE_DATA_DIR points at a new temporary directory (removed at the end) and DATABASE_URL
is unset before Django is imported.

Run from the repository root:  .venv/bin/python benchmarks/geo_load.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time

DATA_DIR = tempfile.mkdtemp(prefix="cadre-bench-geo-")
os.environ["CADRE_DATA_DIR"] = DATA_DIR
os.environ.pop("DATABASE_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.settings"

import hashlib  # noqa: E402
import resource  # noqa: E402

import django  # noqa: E402

TARGET_S = 10.0
WARM_READS = 3


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def fingerprint() -> str:
    """A hash of every geography row, in a fixed order, without the fields a reload may legitimately change."""
    from cadre.geo.models import (
        Commune,
        GeographySource,
        LegacyCommune,
        LegacyCommuneLink,
        LegacyDistrict,
        LegacyProvince,
        Province,
    )

    digest = hashlib.sha256()
    for model in (Province, Commune, LegacyProvince, LegacyDistrict, LegacyCommune):
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
    links = LegacyCommuneLink.objects.order_by("legacy_commune", "commune")
    for row in links.values_list("legacy_commune_id", "commune_id", "is_default"):
        digest.update(repr(row).encode())
    for row in GeographySource.objects.order_by("pk").values_list(
        "pk", "package", "version", "in_force_from"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def main() -> int:
    t = time.perf_counter()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    setup_s = time.perf_counter() - t

    from cadre.geo.models import LegacyCommuneLink
    from cadre.geo.services import geography_counts, load_geography
    from cadre.geo.source import read_package

    print(f"Database: {settings.DATABASES['default']['NAME']} (throw-away)")
    print(f"Django setup + migrate: {setup_s:.2f} s (not part of any timing below)")
    print(f"Counts before the first load: {geography_counts()}")
    print()

    t = time.perf_counter()
    read_package()
    read_cold_s = time.perf_counter() - t
    warm = []
    for _ in range(WARM_READS):
        t = time.perf_counter()
        read_package()
        warm.append(time.perf_counter() - t)
    read_warm_s = statistics.median(warm)

    t = time.perf_counter()
    first_counts = load_geography()
    first_s = time.perf_counter() - t
    first_links = LegacyCommuneLink.objects.count()
    first_print = fingerprint()
    rss_after_first = peak_rss_mb()

    t = time.perf_counter()
    second_counts = load_geography()
    second_s = time.perf_counter() - t
    second_links = LegacyCommuneLink.objects.count()
    second_print = fingerprint()

    print(f"{'step':<50} {'seconds':>8} {'writing (load - warm read)':>28}")
    print("-" * 88)
    print(f"{'baseline: read_package(), cold (imports package)':<50} {read_cold_s:>8.2f} {'':>28}")
    print(f"{f'baseline: read_package(), warm (median of {WARM_READS})':<50} {read_warm_s:>8.2f} {'':>28}")
    print(
        f"{'load_geography(), first load (empty database)':<50} {first_s:>8.2f} {first_s - read_warm_s:>28.2f}"
    )
    print(
        f"{'load_geography(), reload (already loaded)':<50} {second_s:>8.2f} {second_s - read_warm_s:>28.2f}"
    )
    print("-" * 88)
    print(f"Warm reads (s): {', '.join(f'{x:.2f}' for x in warm)}")
    print()
    print(f"Counts after first load: {first_counts}  (+ {first_links:,} old-to-new links)")
    print(f"Counts after reload:     {second_counts}  (+ {second_links:,} old-to-new links)")
    print(f"Row fingerprint after first load / reload: {first_print} / {second_print}")
    print(f"Peak RSS after first load: {rss_after_first:.1f} MB; at the end: {peak_rss_mb():.1f} MB")
    print()

    problems = []
    if first_counts != second_counts or first_links != second_links:
        problems.append("the reload changed the counts")
    if first_print != second_print:
        problems.append("the reload changed the rows")
    if not first_counts.get("communes"):
        problems.append("nothing was loaded")
    if problems:
        print(f"VERDICT: FAIL - not idempotent: {'; '.join(problems)}")
        return 1
    slowest = max(first_s, second_s)
    met = slowest < TARGET_S
    print(
        f"VERDICT: {'MET' if met else 'NOT MET'} - idempotent (same counts and rows after reload); first load "
        f"{first_s:.2f} s, reload {second_s:.2f} s (target < {TARGET_S:.0f} s each), of which reading the "
        f"package is {read_warm_s:.2f} s"
    )
    return 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    sys.exit(status)
