"""Event kinds are typed, but what the log stores and hashes is the value events have always carried: a log written
before the enum still verifies, and a misspelt kind is refused before it reaches the log."""

import datetime as dt

import pytest
from django.utils import translation

from cadre.workflow.audit import append_event, event_hash
from cadre.workflow.events import EventKind, event_label

AT = dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.UTC)


def test_the_stored_values_are_the_ones_the_log_already_holds():
    assert [kind.value for kind in EventKind] == ["propose", "approve", "return", "decide"]


@pytest.mark.parametrize("kind", list(EventKind))
def test_a_typed_kind_hashes_as_its_bare_value(kind):
    typed = event_hash(1, AT, "bto", kind, "rotation-plan:1", "Trình", {"state": "proposed"}, "0" * 64)
    bare = event_hash(1, AT, "bto", kind.value, "rotation-plan:1", "Trình", {"state": "proposed"}, "0" * 64)
    assert typed == bare


def test_append_event_stores_the_value_and_refuses_an_unknown_kind(db):
    event = append_event(EventKind.DECIDE, "rotation-plan:1", reason="Ban hành")
    assert type(event.kind) is str and event.kind == "decide"
    with pytest.raises(ValueError):
        append_event("decided", "rotation-plan:1", reason="Ban hành")


def test_each_kind_has_a_label_in_both_languages_and_an_unknown_one_shows_as_it_is():
    with translation.override("vi"):
        assert [str(event_label(kind)) for kind in EventKind] == [
            "Trình",
            "Phê duyệt",
            "Trả lại",
            "Ban hành quyết định",
        ]
    with translation.override("en"):
        assert str(event_label("approve")).startswith("Approve")
    assert event_label("proposed") == "proposed"
