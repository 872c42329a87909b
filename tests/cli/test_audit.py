"""`cadre audit verify`: an untouched decision log verifies, and any tampering made behind the
application's back with direct SQL is caught, naming the first broken event (the verdict of verify_chain
and the command's exit status and message)."""

import pytest

from cadre.cli import main
from cadre.workflow.audit import verify_chain
from tests.workflow.decision_log import TABLE, fixture_log, sql  # noqa: F401  (the log fixture)


def test_an_untouched_log_verifies_and_chains_each_event_to_the_last(log, capsys):
    assert [e.sequence for e in log] == [1, 2, 3, 4]
    assert all(b.previous_hash == a.hash for a, b in zip(log, log[1:], strict=False))
    assert verify_chain().intact
    assert main(["audit", "verify"]) == 0
    assert "4 sự kiện / events" in capsys.readouterr().out


@pytest.mark.parametrize(
    "tamper, first_broken, words",
    [
        (lambda: sql(f"UPDATE {TABLE} SET reason = %s WHERE sequence = 2", "Đồng ý"), 2, "altered"),
        (lambda: sql(f"UPDATE {TABLE} SET content = %s WHERE sequence = 3", '{"moves": 8}'), 3, "altered"),
        (lambda: sql(f"DELETE FROM {TABLE} WHERE sequence = 2"), 2, "missing"),
        (lambda: sql(f"DELETE FROM {TABLE} WHERE sequence = 4"), 4, "head records 4"),
        (
            lambda: (
                sql(f"UPDATE {TABLE} SET sequence = 99 WHERE sequence = 2"),
                sql(f"UPDATE {TABLE} SET sequence = 2 WHERE sequence = 3"),
                sql(f"UPDATE {TABLE} SET sequence = 3 WHERE sequence = 99"),
            ),
            2,
            "removed or reordered",
        ),
    ],
    ids=["reason changed", "content changed", "middle removed", "newest removed", "two swapped"],
)
def test_tampering_by_direct_sql_is_caught_at_the_first_broken_event(
    log, tamper, first_broken, words, capsys
):
    tamper()
    verdict = verify_chain()
    assert not verdict.intact and verdict.broken_at == first_broken
    assert words in verdict.message_en
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"Event {first_broken}:" in out and f"Sự kiện số {first_broken}:" in out
