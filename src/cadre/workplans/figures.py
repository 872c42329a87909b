"""The figures results-based evaluation reads: how the tasks counted, per commune, per province body, per person
and per month (core.rules.task_month.Tally).

A closed month is read from what its close froze (`TaskMonthResult`), counted by the database; a month not yet
closed is counted as it stands, by the same rule the close applies (`closing.outcomes`), cut at today: its figures
are provisional (tạm tính) and say so. A year is the sum of its closed months and the provisional current month.
Each function asks a fixed number of queries, however many tasks there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from cadre.accounts.permissions import VIEW
from cadre.core.rules import task_month
from cadre.core.rules.task_month import Tally

from . import closing
from .models import MonthClose, Task, TaskMonthResult, WorkPlan


def _tally(counts: dict[str, int]) -> Tally:
    return Tally(*(counts.get(outcome, 0) for outcome in task_month.OUTCOMES))


@dataclass(frozen=True)
class Figures:
    """Tallies of a province over one month or several: `communes` (commune code → tally), `bodies` (a province
    body's name → tally, for the plans of province bodies), `people` (the lead's Official id → tally), `months`
    (the month's first day → the province's tally) and `total`. `provisional` names the months counted as they
    stand, not yet closed; `counted` names every month the figures count (closed or provisional, in order, even
    one where no task counted), so a page says which months a year's figures hold."""

    communes: dict[str, Tally] = field(default_factory=dict)
    bodies: dict[str, Tally] = field(default_factory=dict)
    people: dict[int, Tally] = field(default_factory=dict)
    months: dict[dt.date, Tally] = field(default_factory=dict)
    provisional: tuple[dt.date, ...] = ()
    counted: tuple[dt.date, ...] = ()

    @property
    def total(self) -> Tally:
        return sum(self.months.values(), Tally())

    @property
    def is_provisional(self) -> bool:
        return bool(self.provisional)

    def __add__(self, other: Figures) -> Figures:
        def merge(left: dict, right: dict) -> dict:
            out = dict(left)
            for key, value in right.items():
                out[key] = out.get(key, Tally()) + value
            return out

        return Figures(
            merge(self.communes, other.communes),
            merge(self.bodies, other.bodies),
            merge(self.people, other.people),
            merge(self.months, other.months),
            tuple(sorted(set(self.provisional) | set(other.provisional))),
            tuple(sorted(set(self.counted) | set(other.counted))),
        )


class _Counter:
    """Adds (commune, body, person, month, outcome, n) rows up into a Figures."""

    def __init__(self):
        self.communes = defaultdict(lambda: defaultdict(int))
        self.bodies = defaultdict(lambda: defaultdict(int))
        self.people = defaultdict(lambda: defaultdict(int))
        self.months = defaultdict(lambda: defaultdict(int))

    def add(self, commune, body, person, month, outcome, n=1):
        if commune:
            self.communes[commune][outcome] += n
        elif body:
            self.bodies[body][outcome] += n
        self.people[person][outcome] += n
        self.months[month][outcome] += n

    def figures(self, provisional=(), counted=()) -> Figures:
        def done(counts):
            return {key: _tally(value) for key, value in counts.items()}

        return Figures(
            done(self.communes),
            done(self.bodies),
            done(self.people),
            done(self.months),
            tuple(provisional),
            tuple(sorted(set(counted) | set(provisional))),
        )


def _results(province_id: str, user):
    rows = TaskMonthResult.objects.filter(province_id=province_id)
    return rows.restrict(user, VIEW) if user is not None else rows


def _tasks(province_id: str, user):
    rows = Task.objects.filter(province_id=province_id)
    return rows.restrict(user, VIEW) if user is not None else rows


def current_month(province_id: str, today: dt.date | None = None) -> dt.date:
    """The month whose reporting period holds `today`: this month until its closing day, then the next."""
    today = today or timezone.localdate()
    month = closing.first_of(today)
    if today > closing.period(province_id, month)[1]:
        month = closing.first_of(month + dt.timedelta(days=32))
    return month


def closed(province_id: str, month: dt.date, *, user=None) -> Figures:
    """The figures of a closed month, as frozen (one query). Empty when the month is not closed."""
    counter = _Counter()
    rows = (
        _results(province_id, user)
        .filter(month=closing.first_of(month))
        .values("commune_id", "plan__body", "person_id", "month", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counter.add(
            row["commune_id"], row["plan__body"], row["person_id"], row["month"], row["outcome"], row["n"]
        )
    return counter.figures()


def provisional(province_id: str, month: dt.date, *, user=None, today: dt.date | None = None) -> Figures:
    """The figures of a month not yet closed, as they stand on `today` (three queries): the close's rule over
    the reporting period cut at today. Nothing when the period has not begun."""
    today = today or timezone.localdate()
    month = closing.first_of(month)
    first, last = closing.period(province_id, month)
    if first > today:
        return Figures(provisional=(month,), counted=(month,))
    rows = list(closing.outcomes(_tasks(province_id, user), first, min(last, today)))
    body_plans = {plan for _, plan, commune, *_ in rows if not commune}
    bodies = dict(WorkPlan.objects.filter(pk__in=body_plans).values_list("pk", "body")) if body_plans else {}
    counter = _Counter()
    for _, plan, commune, person, outcome, _ in rows:
        counter.add(commune, bodies.get(plan, ""), person, month, outcome)
    return counter.figures(provisional=(month,))


def is_closed(province_id: str, month: dt.date) -> bool:
    return MonthClose.objects.filter(province_id=province_id, month=closing.first_of(month)).exists()


def month_figures(province_id: str, month: dt.date, *, user=None, today: dt.date | None = None) -> Figures:
    """A month's figures: frozen when it is closed, else provisional. `user`, when given, cuts them to the
    tasks the user may view."""
    if is_closed(province_id, month):
        figures = closed(province_id, month, user=user)
        return Figures(**{**figures.__dict__, "counted": (closing.first_of(month),)})
    return provisional(province_id, month, user=user, today=today)


def year_figures(
    province_id: str, year: int, *, user=None, today: dt.date | None = None, known: Figures | None = None
) -> Figures:
    """The year's figures: every closed month of it (two queries), plus the current month, provisional, when it
    falls in the year and is not closed; `counted` names those months (a month not closed before the current
    one is not counted, and a page says so). `known`: that month's provisional figures when the caller has them
    already (a page showing the current month), so they are not counted twice."""
    today = today or timezone.localdate()
    counter = _Counter()
    rows = (
        _results(province_id, user)
        .filter(month__year=year)
        .values("commune_id", "plan__body", "person_id", "month", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counter.add(
            row["commune_id"], row["plan__body"], row["person_id"], row["month"], row["outcome"], row["n"]
        )
    closed_months = MonthClose.objects.filter(province_id=province_id, month__year=year).values_list(
        "month", flat=True
    )
    figures = counter.figures(counted=tuple(sorted(closed_months)))
    month = current_month(province_id, today)
    if month.year == year and month not in figures.counted:
        if known is None or known.provisional != (month,):
            known = provisional(province_id, month, user=user, today=today)
        figures = figures + known
    return figures
