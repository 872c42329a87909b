"""Two people acting at the same moment (PostgreSQL only: SQLite takes one writer at a time): the services lock
what they check, so the second sees what the first wrote and is refused in words, never a server error."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from cadre.core.rules.workplan import WorkplanError
from cadre.geo.models import Province
from cadre.workplans import closing, services
from cadre.workplans.models import MonthClose, Task, TaskMonthResult, WorkPlan
from tests.workplans.registry import HAI_PHONG, fixture_world, task_input  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def _at_once(*actions):
    """Run each action in its own thread and connection, released together; what each returned or raised."""
    start = threading.Barrier(len(actions))
    out = [None] * len(actions)

    def run(i, action):
        try:
            start.wait()
            out[i] = action()
        except Exception as error:  # noqa: BLE001 - the test looks at what was raised
            out[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out


def test_two_closes_of_one_month_at_once_give_one_close_and_one_refusal(world):
    province = Province.objects.get(code=HAI_PHONG)

    def close():
        return closing.close_month(province, dt.date(2026, 2, 1), user=world["province"])

    results = _at_once(close, close)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], WorkplanError) and "đã chốt" in refused[0].message_vi
    assert MonthClose.objects.count() == 1
    assert TaskMonthResult.objects.count() == 1


def test_two_tasks_added_to_one_plan_at_once_get_two_numbers(world):
    def add(title, user):
        return lambda: services.create_task(
            WorkPlan.objects.get(pk=world["plan"].pk), task_input(world["lead"], title=title), user=user
        )

    results = _at_once(add("Việc A", world["leader"]), add("Việc B", world["province"]))
    assert all(isinstance(r, Task) for r in results), results
    assert sorted(world["plan"].tasks.values_list("number", flat=True)) == [1, 2, 3]


def test_two_reports_at_once_never_lose_the_completion(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 2, 20))
    pk = world["task"].pk

    def report(user, percent):
        return lambda: services.report_progress(
            Task.objects.get(pk=pk), user=user, percent=percent, reported_on=dt.date(2026, 2, 10)
        )

    results = _at_once(report(world["clerk"], 100), report(world["leader"], 60))
    fresh = Task.objects.get(pk=pk)
    if isinstance(results[1], Exception):  # the 100% came first: the 60% is refused
        assert isinstance(results[1], WorkplanError) and (fresh.percent, fresh.done_on) == (
            100,
            dt.date(2026, 2, 10),
        )
    else:  # the 60% came first, then the 100% completed the task
        assert not isinstance(results[0], Exception)
        assert (fresh.percent, fresh.done_on) == (100, dt.date(2026, 2, 10))


def test_a_closing_day_set_during_a_close_is_either_used_by_it_or_refused(world):
    province = Province.objects.get(code=HAI_PHONG)
    feb = dt.date(2026, 2, 1)
    results = _at_once(
        lambda: closing.close_month(province, feb, user=world["province"]),
        lambda: closing.set_closing_day(province, user=world["province"], day=20, valid_from=feb),
    )
    close = MonthClose.objects.get(month=feb)
    if isinstance(results[1], Exception):  # the close came first: February keeps the day it closed on
        assert isinstance(results[1], WorkplanError) and "02/2026" in results[1].message_vi
        assert close.last_day == dt.date(2026, 2, 25)
    else:  # the setting came first: the close used it
        assert close.last_day == dt.date(2026, 2, 20)
