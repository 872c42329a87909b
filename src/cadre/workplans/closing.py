"""The monthly close (chốt số liệu hằng tháng) and the figures read from it: per person, per unit, per month.

A province closes each month on its closing day (`ClosingDay`, else the policy's default). `close_month` counts
every task of the province once (core.rules.task_month.month_outcome) and freezes the result (`MonthClose`,
`TaskMonthResult`): a task not reported by the closing day counts as not done. Until a month is closed, the same
rule read on the day gives the figures as they stand (`live_outcomes`), marked provisional on the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.utils import timezone

from cadre.accounts.permissions import WORKPLAN, provinces_for
from cadre.bulk import insert_rows
from cadre.core.policy import PolicyError, national_policy
from cadre.core.rules import task_month
from cadre.core.rules.workplan import WorkplanError
from cadre.geo.models import Province

from .models import ClosingDay, MonthClose, ProgressReport, Task, TaskMonthResult

CLOSING_DAY_PARAMETER = "task_closing_day_default"


def first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def closing_day(province_id: str, month: dt.date) -> int:
    """The province's closing day for `month` (any day of it): its own setting in force, else the default."""
    setting = (
        ClosingDay.objects.filter(province_id=province_id, valid_from__lte=first_of(month))
        .order_by("-valid_from")
        .values_list("day", flat=True)
        .first()
    )
    return setting or national_policy().value(CLOSING_DAY_PARAMETER, month)


def set_closing_day(
    province: Province, *, user, day: int, valid_from: dt.date, reason: str = ""
) -> ClosingDay:
    """The province closes each month on `day` from the month of `valid_from` on. A month already closed keeps
    the day it closed on, so the setting may start no earlier than the month after the last close."""
    if not provinces_for(user, WORKPLAN, ClosingDay).filter(pk=province.pk).exists():
        raise PermissionDenied
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 31:
        raise WorkplanError(
            "Ngày chốt là một ngày từ 1 đến 31.", "The closing day is a day from 1 to 31.", field="day"
        )
    month = first_of(valid_from)
    with transaction.atomic():
        # The province's row is locked, as a close locks it: a closing day is never set for a month that a
        # close running at the same moment closes on the old day.
        Province.objects.select_for_update().filter(pk=province.pk).first()
        last = _last_closed(province)
        if last is not None and month <= last:
            raise WorkplanError(
                f"Tháng {last:%m/%Y} đã chốt; ngày chốt mới chỉ áp dụng từ tháng sau đó.",
                f"{last:%m/%Y} is closed; a new closing day applies only from the month after it.",
                field="valid_from",
            )
        setting, _ = ClosingDay.objects.update_or_create(
            province=province,
            valid_from=month,
            defaults={
                "day": day,
                "reason": reason.strip(),
                "set_by": user if getattr(user, "pk", None) else None,
            },
        )
    return setting


def _last_closed(province: Province) -> dt.date | None:
    return (
        MonthClose.objects.filter(province=province)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def next_month(month: dt.date) -> dt.date:
    return first_of(first_of(month) + dt.timedelta(days=32))


def period(province_id: str, month: dt.date) -> tuple[dt.date, dt.date]:
    """The month's reporting period in the province: the day after the previous closing day, to this one."""
    month = first_of(month)
    previous = first_of(month - dt.timedelta(days=1))
    first = task_month.closing_date(previous.year, previous.month, closing_day(province_id, previous))
    last = task_month.closing_date(month.year, month.month, closing_day(province_id, month))
    return first + dt.timedelta(days=1), last


def open_from(province_id: str, today: dt.date) -> dt.date:
    """The first day of the reporting period `today` falls in (this month's, or next month's once this month's
    closing day has passed): a report may not be dated earlier, into a period whose closing day has passed.
    Before the rule on the closing day (its first month has no period before it), no bound."""
    try:
        first, last = period(province_id, today)
        if today > last:
            first, _ = period(province_id, next_month(today))
    except PolicyError:
        return dt.date.min
    return first


# (task id, plan id, commune code or None, person id, outcome, percent) of each task that counts in a period
Row = tuple[int, int, str | None, int, str, int]


def outcomes(tasks, first: dt.date, last: dt.date) -> Iterable[Row]:
    """How each task of the queryset `tasks` counts in the period `first`..`last`: two queries, however many."""
    reported = set(
        ProgressReport.objects.filter(task__in=tasks.order_by(), reported_on__range=(first, last))
        .order_by()  # the model's ordering would join the task and the plan and widen the DISTINCT
        .values_list("task_id", flat=True)
        .distinct()
    )
    columns = ("pk", "plan_id", "commune_id", "lead_person_id", "start", "deadline", "done_on", "percent")
    for pk, plan, commune, person, start, deadline, done_on, percent in (
        tasks.filter(start__lte=last)
        .exclude(done_on__lt=first)
        .order_by("pk")
        .values_list(*columns)
        .iterator(chunk_size=5000)
    ):
        facts = task_month.TaskFacts(start, deadline, (first,) if pk in reported else (), done_on)
        outcome = task_month.month_outcome(facts, first, last)
        if outcome is not None:
            yield pk, plan, commune, person, outcome, percent


def close_month(
    province: Province, month: dt.date, *, user, progress: Callable[[int, int], None] | None = None
) -> MonthClose:
    """Close `month` in `province`: every task that had begun counts once, frozen. Refused before the closing
    day has passed, for a month already closed (a close is final), and out of order (`_check_order`)."""
    if not provinces_for(user, WORKPLAN, MonthClose).filter(pk=province.pk).exists():
        raise PermissionDenied
    month = first_of(month)
    with transaction.atomic():
        # The province's row is locked while the month is checked and closed: of two closes at once the second
        # waits, then finds the month closed ("đã chốt"); a closing day set meanwhile waits for the close.
        Province.objects.select_for_update().filter(pk=province.pk).first()
        try:
            first, last = period(province.pk, month)
        except PolicyError:
            raise WorkplanError(
                f"Tháng {month:%m/%Y} trước khi có quy định về ngày chốt báo cáo nhiệm vụ; tháng này không có kỳ"
                " báo cáo để chốt.",
                f"{month:%m/%Y} is before the rule on the task reports' closing day; it has no reporting period to"
                " close.",
                field="month",
            ) from None
        today = timezone.localdate()
        if last >= today:
            raise WorkplanError(
                f"Tháng {month:%m/%Y} chốt vào ngày {last:%d/%m/%Y}; chưa qua ngày chốt nên chưa chốt được.",
                f"{month:%m/%Y} closes on {last:%d/%m/%Y}; it cannot be closed before that day has passed.",
                field="month",
            )
        _check_order(province, month)
        close = MonthClose.objects.create(
            province=province,
            month=month,
            first_day=first,
            last_day=last,
            closed_by=user if getattr(user, "pk", None) else None,
        )
        tasks = Task.objects.filter(province=province)
        total = tasks.count()
        done, batch = 0, []
        with _checked_per_statement():
            for pk, plan, commune, person, outcome, percent in outcomes(tasks, first, last):
                batch.append((close.pk, pk, province.pk, commune, plan, person, month, outcome, percent))
                if len(batch) == 10000:
                    done += _write(batch)
                    if progress:
                        progress(done, total)
            done += _write(batch)
        if progress:
            progress(total, total)
    return close


def _check_order(province: Province, month: dt.date) -> None:
    """A month closes once, and the months close in order: once one is closed, the next to close is the month
    after the last closed, so no month is skipped and left uncounted."""
    if MonthClose.objects.filter(province=province, month=month).exists():
        raise WorkplanError(
            f"Tháng {month:%m/%Y} của {province.name} đã chốt.",
            f"{month:%m/%Y} in {province.name} is already closed.",
            field="month",
        )
    last = _last_closed(province)
    if last is not None and month != next_month(last):
        following = next_month(last)
        raise WorkplanError(
            f"{province.name} đã chốt đến tháng {last:%m/%Y}; các tháng chốt lần lượt, tháng chốt tiếp theo là"
            f" {following:%m/%Y}, không chốt được tháng {month:%m/%Y}.",
            f"{province.name} has closed up to {last:%m/%Y}; months close in order, the next to close is"
            f" {following:%m/%Y}, not {month:%m/%Y}.",
            field="month",
        )


@contextmanager
def _checked_per_statement():
    """On PostgreSQL, check the results' references at the end of each batch rather than at the commit: the
    same checks, but without a queue of 664,200 deferred ones (about a tenth faster). Django's references are
    deferred by default, and are again after the batches."""
    connection = connections[TaskMonthResult.objects.db]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


RESULT_COLUMNS = (
    "close_id",
    "task_id",
    "province_id",
    "commune_id",
    "plan_id",
    "person_id",
    "month",
    "outcome",
    "percent",
)


def _write(batch: list) -> int:
    """Write a batch of results: on PostgreSQL with COPY (a country's close is 664,200 rows; COPY takes them
    about ten times as fast as INSERT), elsewhere with one executemany INSERT."""
    count = len(batch)
    if not batch:
        return 0
    connection = connections[TaskMonthResult.objects.db]
    with connection.cursor() as cursor:
        raw = getattr(cursor, "cursor", None)
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            quote = connection.ops.quote_name
            column = {f.attname: f.column for f in TaskMonthResult._meta.concrete_fields}
            columns = ", ".join(quote(column[name]) for name in RESULT_COLUMNS)
            with raw.copy(f"COPY {quote(TaskMonthResult._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            insert_rows(TaskMonthResult, RESULT_COLUMNS, batch)
    batch.clear()
    return count
