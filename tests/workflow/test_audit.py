"""The decision log: append-only through the application, and `cadre audit verify` catches any tampering made
behind its back with direct SQL, naming the first broken event."""

import pytest
from django.db import connection

from cadre.cli import main
from cadre.workflow.audit import append_event, verify_chain
from cadre.workflow.events import EventKind
from cadre.workflow.models import AppendOnlyError, DecisionEvent
from tests.users import make_user


@pytest.fixture
def log(db):
    user = make_user("bto", role="board_officer")
    events = [
        append_event(
            EventKind.PROPOSE, "plan:1", user=user, reason="Đề xuất phương án", content={"moves": 7}
        ),
        append_event(EventKind.RETURN, "plan:1", user=user, reason="Cần bổ sung giải trình"),
        append_event(
            EventKind.PROPOSE, "plan:1", user=user, reason="Đã bổ sung", content={"moves": 7, "bản": 2}
        ),
        append_event(EventKind.APPROVE, "plan:1", user=user, reason="Thống nhất"),
    ]
    return events


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


TABLE = DecisionEvent._meta.db_table


def test_an_untouched_log_verifies_and_chains_each_event_to_the_last(log, capsys):
    assert [e.sequence for e in log] == [1, 2, 3, 4]
    assert all(b.previous_hash == a.hash for a, b in zip(log, log[1:], strict=False))
    assert verify_chain().intact
    assert main(["audit", "verify"]) == 0
    assert "4 sự kiện / events" in capsys.readouterr().out


def test_the_application_cannot_change_or_delete_an_event(log):
    event = DecisionEvent.objects.get(sequence=2)
    event.reason = "Khác"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


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
