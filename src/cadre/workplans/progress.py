"""Progress reports on a task: by its lead (or someone who assigns work there), never less than the last, never
dated into a reporting period whose closing day has passed, with an optional evidence file."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cadre.accounts.permissions import VIEW, WORKPLAN
from cadre.core.rules import task_month
from cadre.core.rules.workplan import WorkplanError

from . import closing
from .models import ProgressReport, Task
from .who import is_lead, locked, may, refresh, require

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_SUFFIXES = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".jpg", ".jpeg", ".png")


def check_evidence(name: str, content: bytes) -> None:
    if len(content) > EVIDENCE_MAX_BYTES:
        raise WorkplanError(
            f"Tệp minh chứng quá lớn ({len(content) / 1048576:.1f} MB); tối đa {EVIDENCE_MAX_BYTES // 1048576} MB.",
            f"The evidence file is too large ({len(content) / 1048576:.1f} MB); at most"
            f" {EVIDENCE_MAX_BYTES // 1048576} MB.",
            field="evidence",
        )
    if not name.lower().endswith(EVIDENCE_SUFFIXES):
        raise WorkplanError(
            "Tệp minh chứng phải là PDF, Word, Excel, OpenDocument hoặc ảnh JPEG/PNG.",
            "The evidence file must be a PDF, Word, Excel, OpenDocument or JPEG/PNG image.",
            field="evidence",
        )


def may_report(user, task: Task) -> bool:
    """The lead reports on their task; someone who assigns work there may record a report for them."""
    return is_lead(user, task) or may(user, WORKPLAN, task)


def report_progress(
    task: Task,
    *,
    user,
    percent: int,
    note: str = "",
    reported_on: dt.date | None = None,
    evidence: tuple[str, bytes] | None = None,
    past: bool = False,
) -> ProgressReport:
    """A report on `task`: its progress (0 to 100%, never less than the last report's), what was done and
    optionally an evidence file. The first report of 100% completes the task on that day. A report is dated
    no earlier than the current month's reporting period (`closing.open_from`): a month whose closing day has
    passed counts what was reported by then. `past` lifts that bound; only the demo, which writes a past year
    day by day, passes it."""
    require(user, VIEW, task)
    if not may_report(user, task):
        raise PermissionDenied
    today = timezone.localdate()
    reported_on = reported_on or today
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= task_month.FULL:
        raise WorkplanError(
            "Tiến độ là số từ 0 đến 100 (%).", "Progress is a number from 0 to 100 (%).", field="percent"
        )
    if reported_on > today:
        raise WorkplanError(
            f"Ngày báo cáo {reported_on:%d/%m/%Y} chưa đến.",
            f"The report date {reported_on:%d/%m/%Y} is in the future.",
            field="reported_on",
        )
    if not past:
        opened = closing.open_from(task.province_id, today)
        if reported_on < opened:
            raise WorkplanError(
                f"Ngày báo cáo {reported_on:%d/%m/%Y} thuộc kỳ báo cáo đã qua ngày chốt; báo cáo chỉ ghi từ"
                f" ngày {opened:%d/%m/%Y} (đầu kỳ báo cáo tháng này).",
                f"The report date {reported_on:%d/%m/%Y} is in a reporting period whose closing day has passed;"
                f" a report may be dated from {opened:%d/%m/%Y} (this month's period) on.",
                field="reported_on",
            )
    name, content = evidence if evidence else ("", None)
    if content is not None:
        check_evidence(name, content)
    with transaction.atomic():
        # Read again under a lock: two reports at once are taken one after the other, each checked against
        # what the other wrote.
        fresh = locked(task)
        _check_report(fresh, percent, reported_on)
        report = ProgressReport.objects.create(
            task=fresh,
            province_id=fresh.province_id,
            commune_id=fresh.commune_id,
            reported_on=reported_on,
            percent=percent,
            note=note.strip(),
            evidence_name=name[-200:],
            evidence=content,
            reported_by=user if getattr(user, "pk", None) else None,
        )
        fresh.percent, fresh.last_reported_on = percent, reported_on
        if percent == task_month.FULL:
            fresh.done_on = reported_on
        fresh.save(update_fields=["percent", "last_reported_on", "done_on", "updated_at"])
        refresh(task, fresh)
    return report


def _check_report(task: Task, percent: int, reported_on: dt.date) -> None:
    if reported_on < task.start:
        raise WorkplanError(
            f"Ngày báo cáo {reported_on:%d/%m/%Y} trước khi nhiệm vụ bắt đầu ({task.start:%d/%m/%Y}).",
            f"The report date {reported_on:%d/%m/%Y} is before the task starts ({task.start:%d/%m/%Y}).",
            field="reported_on",
        )
    if task.done_on is not None:
        raise WorkplanError(
            f"Nhiệm vụ đã hoàn thành ngày {task.done_on:%d/%m/%Y}.",
            f"The task was completed on {task.done_on:%d/%m/%Y}.",
            field="percent",
        )
    if percent < task.percent:
        raise WorkplanError(
            f"Tiến độ {percent}% thấp hơn lần báo cáo trước ({task.percent}%).",
            f"Progress {percent}% is below the last report's ({task.percent}%).",
            field="percent",
        )
    if task.last_reported_on and reported_on < task.last_reported_on:
        raise WorkplanError(
            f"Đã có báo cáo ngày {task.last_reported_on:%d/%m/%Y}; báo cáo mới không được ghi lùi ngày.",
            f"There is a report of {task.last_reported_on:%d/%m/%Y}; a new report cannot be dated earlier.",
            field="reported_on",
        )
