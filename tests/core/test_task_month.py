"""How a task counts when a month closes (the closing day; a task not reported by then counts as not done)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadre.core.rules.task_month import (
    LATE,
    NOT_DONE,
    ON_TIME,
    ON_TRACK,
    OUTCOMES,
    Tally,
    TaskFacts,
    closing_date,
    month_outcome,
    rank,
    reporting_period,
    tally,
    task_status,
)

D = dt.date
FEB = reporting_period(2026, 2, 25)  # 26/01 .. 25/02


def test_the_period_runs_from_the_day_after_the_last_close_to_this_one():
    assert FEB == (D(2026, 1, 26), D(2026, 2, 25))
    assert reporting_period(2026, 1, 25) == (D(2025, 12, 26), D(2026, 1, 25))


def test_a_closing_day_beyond_a_short_month_is_its_last_day():
    assert closing_date(2026, 2, 31) == D(2026, 2, 28)
    assert closing_date(2028, 2, 30) == D(2028, 2, 29)
    assert reporting_period(2026, 3, 31) == (D(2026, 3, 1), D(2026, 3, 31))
    with pytest.raises(ValueError):
        closing_date(2026, 13, 25)
    with pytest.raises(ValueError):
        closing_date(2026, 1, 0)


@pytest.mark.parametrize(
    ("facts", "outcome"),
    [
        (TaskFacts(D(2026, 1, 5), D(2026, 2, 20), (D(2026, 2, 18),), D(2026, 2, 18)), ON_TIME),
        (TaskFacts(D(2026, 1, 5), D(2026, 2, 10), (D(2026, 2, 18),), D(2026, 2, 18)), LATE),
        (TaskFacts(D(2026, 1, 5), D(2026, 3, 31), (D(2026, 2, 1),)), ON_TRACK),
        (TaskFacts(D(2026, 1, 5), D(2026, 3, 31), ()), NOT_DONE),  # not reported by the closing day
        (TaskFacts(D(2026, 1, 5), D(2026, 3, 31), (D(2026, 2, 26),)), NOT_DONE),  # reported after it
        (TaskFacts(D(2026, 1, 5), D(2026, 3, 31), (D(2026, 1, 20),)), NOT_DONE),  # reported only before it
        (TaskFacts(D(2026, 1, 5), D(2026, 2, 25), (D(2026, 2, 1),)), NOT_DONE),  # due by the close, open
        (TaskFacts(D(2026, 1, 5), D(2026, 1, 20), (D(2026, 2, 1),)), NOT_DONE),  # overdue since January
        (TaskFacts(D(2026, 3, 1), D(2026, 3, 31), ()), None),  # not begun
        (TaskFacts(D(2026, 1, 5), D(2026, 1, 20), (D(2026, 1, 19),), D(2026, 1, 19)), None),  # done before
        (TaskFacts(D(2026, 1, 5), D(2026, 3, 31), (D(2026, 2, 26),), D(2026, 2, 26)), NOT_DONE),  # done after
    ],
)
def test_each_task_counts_once_in_the_month(facts, outcome):
    assert month_outcome(facts, *FEB) == outcome


def test_a_task_stands_on_a_day():
    task = TaskFacts(D(2026, 2, 1), D(2026, 2, 20))
    assert task_status(task, D(2026, 1, 31)) == "not_started"
    assert task_status(task, D(2026, 2, 20)) == "in_progress"
    assert task_status(task, D(2026, 2, 21)) == "overdue"
    done = TaskFacts(D(2026, 2, 1), D(2026, 2, 20), (), D(2026, 2, 22))
    assert task_status(done, D(2026, 2, 21)) == "overdue"
    assert task_status(done, D(2026, 2, 22)) == "done_late"


def test_the_share_is_on_time_over_what_was_scored():
    counts = tally([ON_TIME, ON_TIME, LATE, NOT_DONE, ON_TRACK, None])
    assert counts == Tally(2, 1, 1, 1)
    assert counts.scored == 4 and counts.on_time_share == 0.5
    assert Tally().on_time_share is None
    assert counts + Tally(1, 0, 0, 0) == Tally(3, 1, 1, 1)


def test_units_rank_by_their_share_and_equal_shares_share_a_rank():
    ranked = rank(
        {"a": Tally(1, 1, 0, 0), "b": Tally(3, 0, 0, 0), "c": Tally(2, 2, 0, 0), "d": Tally(0, 0, 0, 4)}
    )
    assert [(r.key, r.rank) for r in ranked] == [("b", 1), ("c", 2), ("a", 2), ("d", None)]


days = st.dates(D(2025, 7, 1), D(2027, 12, 31))


@given(days, days, st.lists(days, max_size=4), st.none() | days, st.integers(1, 12), st.integers(1, 31))
def test_in_consecutive_months_a_task_is_done_at_most_once(a, b, reports, done, month, close_day):
    start, deadline = min(a, b), max(a, b)
    if done is not None and done < start:
        done = start
    facts = TaskFacts(start, deadline, tuple(reports), done)
    outcomes = [
        month_outcome(facts, *reporting_period(year, m, close_day))
        for year in (2025, 2026, 2027)
        for m in range(1, 13)
    ]
    assert all(o is None or o in OUTCOMES for o in outcomes)
    assert sum(o in (ON_TIME, LATE) for o in outcomes) <= 1
