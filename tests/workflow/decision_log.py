"""A small decision log, and a way to change its table behind the application's back: shared by the workflow's
tests of the log and the CLI's tests of `cadre audit verify`."""

import pytest
from django.db import connection

from cadre.workflow.audit import append_event
from cadre.workflow.events import EventKind
from cadre.workflow.models import DecisionEvent
from tests.users import make_user


@pytest.fixture(name="log")
def fixture_log(db):
    """Four events on one plan: proposed, returned, proposed again, approved. (Imported as `fixture_log`,
    asked for as `log`, so that no test's argument shadows the import.)"""
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
