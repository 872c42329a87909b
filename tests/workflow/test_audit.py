"""The decision log is append-only through the application: an event can be neither changed nor deleted.
(`cadre audit verify`, which catches tampering made behind its back with direct SQL, is tested in
tests/cli/test_audit.py.)"""

import pytest

from cadre.rotation.models import PlanRun
from cadre.rotation.services import run_plan
from cadre.workflow.audit import LogTampered, append_event
from cadre.workflow.events import EventKind
from cadre.workflow.models import AppendOnlyError, ChainHead, DecisionEvent
from cadre.workflow.services import propose
from cadre.workflow.states import State
from tests.rotation.plans import lai_chau_plan
from tests.rotation.registry import LAI_CHAU, ON
from tests.users import make_user
from tests.workflow.decision_log import TABLE, fixture_log, sql  # noqa: F401  (the log fixture)


def test_the_application_cannot_change_or_delete_an_event(log):
    event = DecisionEvent.objects.get(sequence=2)
    event.reason = "Khác"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.parametrize("newest_too", [True, False], ids=["head and newest event", "head alone"])
def test_a_step_after_the_head_was_deleted_is_refused_and_says_to_verify(client, geography, newest_too):
    """Two plans proposed; the head row (and the second proposal's event) deleted by direct SQL. The next step
    on the first plan is refused with a clear message (it used to fail with a server error), and nothing is
    written."""
    first = lai_chau_plan()[0]
    second = run_plan(
        LAI_CHAU, target=0.02, on=ON
    )  # another plan (the same inputs would give back the first)
    board = make_user("bto", role="board_officer", scope=LAI_CHAU)
    propose(first, board, "Trình")
    propose(second, board, "Trình")
    if newest_too:
        sql(f"DELETE FROM {TABLE} WHERE sequence = 2")
    sql(f"DELETE FROM {ChainHead._meta.db_table}")
    events = DecisionEvent.objects.count()
    make_user("btv-2", role="standing_member", scope=LAI_CHAU)
    client.login(username="btv-2", password="mat-khau-dai-123")
    response = client.post(f"/plans/{first.pk}/step/approve/", {"reason": "Thống nhất"}, follow=True)
    assert response.status_code == 200
    assert "Nhật ký quyết định đã bị can thiệp" in response.content.decode()
    assert "cadre audit verify" in response.content.decode()
    assert PlanRun.objects.get(pk=first.pk).state == State.PROPOSED
    assert DecisionEvent.objects.count() == events
    with pytest.raises(LogTampered, match="head row is missing"):
        append_event(EventKind.RETURN, first.subject, reason="x")


def test_an_event_is_not_appended_after_a_head_that_names_another(log):
    sql(f"DELETE FROM {TABLE} WHERE sequence = 4")  # the head still says 4
    with pytest.raises(LogTampered, match="head records 4 events, the log ends at 3"):
        append_event(EventKind.RETURN, "plan:1", reason="x")
