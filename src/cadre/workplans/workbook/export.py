"""A board's tasks as the monthly report workbook (báo cáo tình hình thực hiện nhiệm vụ).

One row per task, as an official reads it: its plan and unit, number, what is to be done, the lead and the
co-workers by name, the expected result, the dates as date cells, how it stands today in words, its progress and
its last report. A summary sheet counts the tasks by status and, for the latest month closed, gives each unit's
outcomes. Each sheet opens with a title row saying what was exported and when. The size is bounded
(`MAX_EXPORT_TASKS`): a larger selection is refused with a request to filter it, as the exit list's export is.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch
from django.utils import timezone
from openpyxl import Workbook

from cadre.core.rules import task_month
from cadre.geo.models import Commune
from cadre.people.models import Official
from cadre.spreadsheet import Column, Table, in_language

from ..models import TaskMonthResult

MAX_EXPORT_TASKS = 100_000  # a province's year of work plans is some 25,000 tasks


class TooManyTasks(Exception):
    """More tasks are selected than one workbook holds (`args[0]`, the limit)."""


TASK_COLUMNS = (
    Column("Kế hoạch", "Work plan"),
    Column("Đơn vị", "Unit"),
    Column("STT", "No.", kind="integer"),
    Column("Nội dung công việc", "Task"),
    Column("Người chủ trì", "Lead"),
    Column("Người, đơn vị phối hợp", "Co-workers"),
    Column("Sản phẩm đầu ra", "Expected result"),
    Column("Ngày bắt đầu", "Start", kind="date"),
    Column("Thời hạn", "Deadline", kind="date"),
    Column("Tình trạng hôm nay", "Status today"),
    Column("Tiến độ (%)", "Progress (%)", kind="percent"),
    Column("Báo cáo gần nhất", "Last report", kind="date"),
    Column("Ngày hoàn thành", "Completed on", kind="date"),
)
SUMMARY_TITLE = ("Tổng hợp", "Summary")
TASKS_TITLE = ("Nhiệm vụ", "Tasks")


def _words(text) -> str:
    return in_language(text.vi, text.en)


def export_board(path, tasks, *, description: str = "", now: dt.datetime | None = None) -> dict[str, int]:
    """Write the tasks of the queryset `tasks` (already scoped and filtered) to `path`. `description` says in
    words what was selected (the filters). Raises TooManyTasks beyond `MAX_EXPORT_TASKS`."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    count = tasks.count()
    if count > MAX_EXPORT_TASKS:
        raise TooManyTasks(MAX_EXPORT_TASKS)
    caption = _caption(description, now, count)
    book = Workbook(write_only=True)
    _summary(book, tasks, today, caption)
    sheet = Table(book, in_language(*TASKS_TITLE), TASK_COLUMNS, caption=caption)
    rows = (
        tasks.with_status(today)
        .select_related("plan", "commune", "lead_official", "lead_unit_head")
        .prefetch_related(Prefetch("coworkers", queryset=Official.objects.only("pk", "full_name")))
        .order_by("province_id", "commune__name", "plan__body", "plan__period_start", "plan_id", "number")
    )
    for task in rows.iterator(chunk_size=2000):
        coworkers = "; ".join(
            [o.full_name for o in sorted(task.coworkers.all(), key=lambda o: o.full_name)]
            + ([task.coworker_units] if task.coworker_units else [])
        )
        sheet.append(
            [
                task.plan.title,
                task.plan.unit_name,
                task.number,
                task.title,
                task.lead_name,
                coworkers,
                task.expected_result,
                task.start,
                task.deadline,
                _words(task_month.STATUS_LABELS[task.status]),
                task.percent / 100,
                task.last_reported_on,
                task.done_on,
            ]
        )
    sheet.close()
    book.save(path)
    return {"tasks": count}


def _caption(description: str, now: dt.datetime, count: int) -> str:
    shown = f"{count:,}".replace(",", ".")
    return in_language(
        f"Danh sách nhiệm vụ{f' ({description})' if description else ''}: {shown} nhiệm vụ, xuất lúc"
        f" {now:%H:%M} ngày {now:%d/%m/%Y}",
        f"Tasks{f' ({description})' if description else ''}: {count:,} tasks, exported at {now:%H:%M} on"
        f" {now:%d/%m/%Y}",
    )


def _summary(book: Workbook, tasks, today: dt.date, caption: str) -> None:
    """Counts by status today, then the latest closed month's outcomes per unit (when a month is closed)."""
    columns = (
        Column("Tình trạng / Kết quả tháng", "Status / month's outcome"),
        Column("Đơn vị", "Unit"),
        Column("Số nhiệm vụ", "Tasks", kind="integer"),
        Column("Tỷ lệ đúng hạn", "On-time share", kind="percent"),
    )
    sheet = Table(book, in_language(*SUMMARY_TITLE), columns, caption=caption)
    counts = dict(tasks.with_status(today).order_by().values_list("status").annotate(n=Count("pk")))
    for status in task_month.STATUSES:
        sheet.append([_words(task_month.STATUS_LABELS[status]), "", counts.get(status, 0), None])
    results = TaskMonthResult.objects.filter(task__in=tasks.values("pk"))
    month = results.order_by("-month").values_list("month", flat=True).first()
    if month is not None:
        sheet.append([in_language(f"Tháng {month:%m/%Y} đã chốt", f"{month:%m/%Y}, closed"), "", None, None])
        by_unit: dict[str, dict[str, int]] = {}
        for commune, body, outcome, n in (
            results.filter(month=month)
            .order_by()
            .values_list("commune__name", "plan__body", "outcome")
            .annotate(n=Count("pk"))
        ):
            by_unit.setdefault(commune or body, {})[outcome] = n
        for unit in sorted(by_unit):
            tally = task_month.Tally(**{key: by_unit[unit].get(key, 0) for key in task_month.OUTCOMES})
            for outcome in task_month.OUTCOMES:
                label = _words(task_month.OUTCOME_LABELS[outcome])
                sheet.append([label, unit, getattr(tally, outcome), None])
            share = tally.on_time_share
            sheet.append([in_language("Tỷ lệ đúng hạn", "On-time share"), unit, tally.scored, share])
    sheet.close()


def describe(filters) -> str:
    """The filters in force (a bound `TaskFilterSet`) in words, names not codes: "Tỉnh: Hải Phòng; Tình trạng:
    Quá hạn"."""
    if not filters.is_bound:
        return ""
    parts = []
    for name, value in filters.form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = filters.form.fields[name]
        if name == "commune":
            value = Commune.objects.filter(code=value).values_list("name", flat=True).first() or value
        elif name == "plan":
            plan = filters.queryset.filter(plan_id=value).values_list("plan__title", flat=True).first()
            value = plan or value
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        elif hasattr(value, "strftime"):
            value = f"{value:%d/%m/%Y}"
        parts.append(f"{field.label}: {value}")
    return "; ".join(str(part) for part in parts)
