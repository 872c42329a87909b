"""The decision log is append-only through the application: an event can be neither changed nor deleted.
(`cadre audit verify`, which catches tampering made behind its back with direct SQL, is tested in
tests/cli/test_audit.py.)"""

import pytest

from cadre.workflow.models import AppendOnlyError, DecisionEvent
from tests.workflow.decision_log import fixture_log  # noqa: F401  (the log fixture)


def test_the_application_cannot_change_or_delete_an_event(log):
    event = DecisionEvent.objects.get(sequence=2)
    event.reason = "Khác"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
