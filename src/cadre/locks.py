"""Serialising writers across processes for the rest of the current transaction."""

from django.db import connection

# Keys are any numbers, the same in every process: pg_advisory_xact_lock takes one bigint.
REGISTRY = 7_306_115_001  # the movement history (imports, recorded postings)
DECISION_LOG = 7_401_002  # the hash chain: one appender at a time


def transaction_lock(key: int) -> None:
    """Hold `key` until the current transaction ends. SQLite needs nothing: its transactions here begin
    IMMEDIATE, which already lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
