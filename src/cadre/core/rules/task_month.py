"""How a task stands on a day, and how it counts when a month closes (POLICY.md §8: the monthly closing date).

Leads report progress (a percentage) on their tasks. Each month closes on a set day (a province setting, e.g. the
25th): the month's reporting period runs from the day after the previous month's closing day to this one. When
the month closes, each task that had begun counts once:

- completed in the period (its first report of 100%), on or before its deadline: **on time** (đúng hạn);
- completed in the period after its deadline: **late** (trễ hạn);
- not completed, and not reported in the period: **not done** (không hoàn thành), however far it had come:
  a task not reported by the closing day counts as not done for that month;
- not completed, its deadline on or before the closing day: **not done**, every month until it is;
- not completed, reported, its deadline still ahead: **on track** (đang thực hiện), which the month does not
  score.

A task completed in an earlier period, or not begun by the closing day, does not count. The on-time share of a
person, a unit or a month is on time / (on time + late + not done): the figure results-based evaluation reads.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cadre.core.text import Text

ON_TIME, LATE, NOT_DONE, ON_TRACK = "on_time", "late", "not_done", "on_track"
OUTCOMES: tuple[str, ...] = (ON_TIME, LATE, NOT_DONE, ON_TRACK)
OUTCOME_LABELS: dict[str, Text] = {
    ON_TIME: Text("Hoàn thành đúng hạn", "Done on time"),
    LATE: Text("Hoàn thành trễ hạn", "Done late"),
    NOT_DONE: Text("Không hoàn thành", "Not done"),
    ON_TRACK: Text("Đang thực hiện", "On track"),
}

# How a task stands on a day (the boards' status), worst first: the order in which a board lists them.
OVERDUE, IN_PROGRESS, NOT_STARTED, DONE_LATE, DONE = (
    "overdue",
    "in_progress",
    "not_started",
    "done_late",
    "done",
)
STATUSES: tuple[str, ...] = (OVERDUE, IN_PROGRESS, NOT_STARTED, DONE_LATE, DONE)
STATUS_LABELS: dict[str, Text] = {
    OVERDUE: Text("Quá hạn", "Overdue"),
    IN_PROGRESS: Text("Đang thực hiện", "In progress"),
    NOT_STARTED: Text("Chưa bắt đầu", "Not started"),
    DONE_LATE: Text("Hoàn thành trễ hạn", "Done late"),
    DONE: Text("Hoàn thành đúng hạn", "Done on time"),
}

FULL = 100  # the percentage that completes a task


@dataclass(frozen=True)
class TaskFacts:
    """What the rules need of a task: its time and the dates of its reports (`reported`: every report's day,
    any order) and the day of its first report of 100% (`done_on`, None while it is not complete)."""

    start: dt.date
    deadline: dt.date
    reported: tuple[dt.date, ...] = ()
    done_on: dt.date | None = None


def closing_date(year: int, month: int, close_day: int) -> dt.date:
    """The closing day of a month: `close_day`, or the month's last day when the month is shorter."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, not {month!r}")
    if not 1 <= close_day <= 31:
        raise ValueError(f"the closing day must be 1 to 31, not {close_day!r}")
    return dt.date(year, month, min(close_day, calendar.monthrange(year, month)[1]))


def reporting_period(year: int, month: int, close_day: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the month's reporting period: the day after the previous closing day, and this
    month's closing day."""
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    return closing_date(*previous, close_day) + dt.timedelta(days=1), closing_date(year, month, close_day)


def month_outcome(task: TaskFacts, first: dt.date, last: dt.date) -> str | None:
    """How `task` counts in the period `first`..`last` (one of OUTCOMES), or None when it does not count."""
    if task.start > last:
        return None
    if task.done_on is not None:
        if task.done_on < first:
            return None
        if task.done_on <= last:
            return ON_TIME if task.done_on <= task.deadline else LATE
    if not any(first <= day <= last for day in task.reported):
        return NOT_DONE
    return NOT_DONE if task.deadline <= last else ON_TRACK


def task_status(task: TaskFacts, today: dt.date) -> str:
    """How `task` stands on `today` (one of STATUSES)."""
    if task.done_on is not None and task.done_on <= today:
        return DONE if task.done_on <= task.deadline else DONE_LATE
    if task.deadline < today:
        return OVERDUE
    return NOT_STARTED if task.start > today else IN_PROGRESS


@dataclass(frozen=True)
class Tally:
    """The month's outcomes of a person, a unit or a province."""

    on_time: int = 0
    late: int = 0
    not_done: int = 0
    on_track: int = 0

    @property
    def scored(self) -> int:
        """The tasks the share is taken over: those completed, and those that should have been."""
        return self.on_time + self.late + self.not_done

    @property
    def on_time_share(self) -> float | None:
        """On time / scored, from 0 to 1; None when nothing was scored."""
        return self.on_time / self.scored if self.scored else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.on_time + other.on_time,
            self.late + other.late,
            self.not_done + other.not_done,
            self.on_track + other.on_track,
        )


def tally(outcomes: Iterable[str | None]) -> Tally:
    """Count outcomes (None, a task that does not count, is skipped)."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for outcome in outcomes:
        if outcome is not None:
            counts[outcome] += 1
    return Tally(counts[ON_TIME], counts[LATE], counts[NOT_DONE], counts[ON_TRACK])


@dataclass(frozen=True)
class Ranked:
    key: object
    rank: int | None  # 1 is best; None for a unit with nothing scored, listed last
    tally: Tally


def rank(tallies: dict[object, Tally]) -> list[Ranked]:
    """Units ranked by on-time share, best first; equal shares share a rank (the more tasks scored first, for
    reading only). Units with nothing scored come last, unranked."""
    scored = [(key, t) for key, t in tallies.items() if t.scored]
    scored.sort(key=lambda item: (-item[1].on_time / item[1].scored, -item[1].scored))
    ranked, previous, position = [], None, 0
    for index, (key, t) in enumerate(scored, start=1):
        share = (t.on_time, t.scored)
        if previous is None or t.on_time * previous[1] != previous[0] * t.scored:
            position = index
        previous = share
        ranked.append(Ranked(key, position, t))
    ranked += [Ranked(key, None, t) for key, t in tallies.items() if not t.scored]
    return ranked
