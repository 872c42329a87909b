"""The README's test command: the whole suite on SQLite, then again on PostgreSQL when one is reachable.

PostgreSQL is DATABASE_URL when set, else the local default postgres://postgres@127.0.0.1:5432/test. Set
CADRE_REQUIRE_POSTGRES=1 (as .ci/run does) to fail instead of skipping when none answers. Extra arguments
go to pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def postgres_reachable(url: str) -> str | None:
    """None when a connection succeeds, else the reason it failed."""
    try:
        import dj_database_url
        import psycopg

        conf = dj_database_url.parse(url)
        with psycopg.connect(
            dbname=conf["NAME"],
            user=conf["USER"],
            password=conf["PASSWORD"] or None,
            host=conf["HOST"] or None,
            port=conf["PORT"] or None,
            connect_timeout=3,
        ):
            return None
    except Exception as error:  # any failure means: no PostgreSQL for this run
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def run_pytest(label: str, env: dict[str, str], args: list[str]) -> int:
    print(f"\n=== Tests on {label} ===", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def main(args: list[str]) -> int:
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    status = run_pytest("SQLite", base, args)

    url = os.environ.get("DATABASE_URL", DEFAULT_POSTGRES)
    reason = postgres_reachable(url)
    if reason is None:
        status = run_pytest(f"PostgreSQL ({url})", {**base, "DATABASE_URL": url}, args) or status
    elif os.environ.get("CADRE_REQUIRE_POSTGRES") == "1":
        print(f"\nPostgreSQL is required but not reachable at {url}: {reason}", file=sys.stderr)
        status = status or 1
    else:
        print(f"\n(PostgreSQL not reachable at {url}: {reason}. Ran on SQLite only.)")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
