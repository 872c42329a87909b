"""Importing work plans and their tasks from a workbook: every error in one pass, nothing written unless none.

The file is bounded and read in a confined child exactly as the registry's is (`people.workbook`: the guard,
calamine, the memory and time limits), every cell is checked (`checks`), and only then are the plans created and
the tasks written in bulk, in one transaction, each task with one history entry "imported". A dry run checks and
writes, then rolls everything back, so "no errors" means the import will go through.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cadre.accounts.permissions import WORKPLAN, allows
from cadre.bulk import insert_rows
from cadre.core.text import Text
from cadre.people.row_history import default_reason
from cadre.people.workbook.guard import WorkbookError, WorkbookTooLarge
from cadre.people.workbook.importer import ImportReport, Issues, import_reason, read_confined, sheet_rows
from cadre.people.workbook.schema import sheet_for

from ..models import EventKind, Milestone, Task, TaskEvent
from . import checks, resolve, schema

MAX_PLAN_ROWS = 10_000
MAX_TASK_ROWS = 100_000  # twice the 50,000 tasks a province's year may hold; split a larger workbook

__all__ = ["WorkbookError", "WorkbookTooLarge", "import_plans"]


def read_sheets(source, issues: Issues) -> tuple[dict, list[Text]]:
    titles, found = read_confined(source, schema.SHEETS)
    sheets, warnings = {}, []
    for title in titles:
        spec = sheet_for(title, schema.SHEETS)
        if spec is None:
            if title != schema.GUIDE_TITLE:
                warnings.append(
                    Text(
                        f"Bỏ qua sheet «{title}»: không phải sheet của sổ kế hoạch công tác.",
                        f"Sheet '{title}' was skipped: it is not a work plans sheet.",
                    )
                )
            continue
        first_column, rows = found[title]
        sheets[spec.key] = sheet_rows(spec, title, first_column, rows, issues)
    for spec in schema.SHEETS:
        if spec.key not in sheets:
            raise WorkbookError(
                f"Sổ không có sheet «{spec.title}»: hãy dùng tệp mẫu (có hai sheet «Kế hoạch» và «Nhiệm vụ»).",
                f"The workbook has no '{spec.title}' sheet: use the template (its sheets 'Kế hoạch' and"
                " 'Nhiệm vụ').",
            )
    for spec, limit in ((schema.PLANS, MAX_PLAN_ROWS), (schema.TASKS, MAX_TASK_ROWS)):
        count = len(sheets[spec.key].rows)
        if count > limit:
            raise WorkbookTooLarge(
                f"Sheet «{spec.title}» có {_vi(count)} dòng, quá giới hạn {_vi(limit)} dòng của một lần nhập. Hãy"
                " chia thành nhiều sổ nhỏ hơn.",
                f"Sheet '{spec.title}' has {count:,} rows, over the limit of {limit:,} for one import. Split it"
                " into smaller workbooks.",
            )
    return sheets, warnings


def _vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def import_plans(
    source, *, user, dry_run: bool = False, progress: Callable[[str], None] = lambda message: None
) -> ImportReport:
    """Check a whole work plans workbook as `user` and, when it has no error and this is not a dry run, write
    it. Raises PermissionDenied for a user who may assign work nowhere (before the file is read), and
    WorkbookError when the file is not such a workbook at all; every other problem is an ImportIssue."""
    if not allows(user, WORKPLAN):
        raise PermissionDenied
    issues = Issues(schema.SHEETS)
    progress("Đọc tệp / Reading the file")
    sheets, warnings = read_sheets(source, issues)
    report = ImportReport(warnings=warnings, dry_run=dry_run)
    with transaction.atomic():
        progress("Kiểm tra / Checking")
        people = resolve.People(user)
        people.load(checks.named_people(sheets["tasks"]))
        plans = checks.check_plans(sheets["plans"], issues, resolve.Units(user))
        tasks = checks.check_tasks(sheets["tasks"], issues, plans, people)
        report.issues = issues.items
        if report.issues:
            transaction.set_rollback(True)
            return report
        progress("Ghi / Writing")
        with default_reason(import_reason(source)):
            report.counts = write(plans, tasks, user=user)
        if dry_run:
            transaction.set_rollback(True)
    report.written = not dry_run
    return report


def write(plans: dict[str, checks.PlanRecord], tasks: list[checks.TaskRecord], *, user) -> dict[str, int]:
    """Create the plans (each with its row history) and write their tasks in bulk, numbered in the order of
    the sheet, with their co-workers, milestones and one "imported" history entry each."""
    acting = user if getattr(user, "pk", None) else None
    saved = {}
    for key, record in plans.items():
        record.plan.created_by = acting
        record.plan.save()
        saved[key] = record.plan
    now = timezone.now()
    numbered = list(_numbered(tasks))
    rows = []
    for (key, number), task in numbered:
        plan, data = saved[key], task.data
        lead = data.lead_official or data.lead_unit_head
        rows.append(
            (
                plan.pk,
                plan.province_id,
                plan.commune_id,
                number,
                data.lead_official.pk if data.lead_official else None,
                data.lead_unit.strip() if not data.lead_official else "",
                data.lead_unit_head.pk if data.lead_unit_head and not data.lead_official else None,
                lead.pk,
                data.coworker_units.strip(),
                data.title.strip(),
                data.result_kind,
                data.expected_result.strip(),
                data.completion_criterion.strip(),
                data.start,
                data.deadline,
                data.accountable.strip(),
                data.report_to.strip(),
                data.authority_level,
                data.authority_body.strip(),
                0,
                now,
                now,
            )
        )
    insert_rows(Task, TASK_COLUMNS, rows)
    ids = {}
    plan_keys = {plan.pk: key for key, plan in saved.items()}
    for pk, plan_id, number in Task.objects.filter(plan_id__in=list(plan_keys)).values_list(
        "pk", "plan_id", "number"
    ):
        ids[(plan_keys[plan_id], number)] = pk
    coworkers, milestones, events = [], [], []
    for (key, number), task in numbered:
        pk, data, plan = ids[(key, number)], task.data, saved[key]
        coworkers += [(pk, official.pk) for official in dict.fromkeys(data.coworkers)]
        milestones += [(pk, due, what.strip()) for due, what in data.milestones]
        lead = data.lead_official.full_name if data.lead_official else _unit_lead(data)
        after = {"lead": lead, "deadline": f"{data.deadline:%d/%m/%Y}"}
        user_id = acting.pk if acting else None
        events.append((pk, plan.province_id, plan.commune_id, EventKind.IMPORTED, now, user_id, {}, after))
    insert_rows(Task.coworkers.through, ("task_id", "official_id"), coworkers)
    insert_rows(Milestone, ("task_id", "due", "description"), milestones)
    insert_rows(TaskEvent, EVENT_COLUMNS, [(*row, "", "", "") for row in events])
    return {"plans_created": len(saved), "tasks_created": len(tasks), "milestones_created": len(milestones)}


TASK_COLUMNS = (
    "plan_id",
    "province_id",
    "commune_id",
    "number",
    "lead_official_id",
    "lead_unit",
    "lead_unit_head_id",
    "lead_person_id",
    "coworker_units",
    "title",
    "result_kind",
    "expected_result",
    "completion_criterion",
    "start",
    "deadline",
    "accountable",
    "report_to",
    "authority_level",
    "authority_body",
    "percent",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = (
    "task_id",
    "province_id",
    "commune_id",
    "kind",
    "at",
    "user_id",
    "before",
    "after",
    "decided_by",
    "decided_level",
    "reason",
)


def _numbered(tasks: list[checks.TaskRecord]):
    numbers: dict[str, int] = {}
    for task in tasks:
        numbers[task.plan_key] = numbers.get(task.plan_key, 0) + 1
        yield (task.plan_key, numbers[task.plan_key]), task


def _unit_lead(data) -> str:
    return f"{data.lead_unit.strip()} ({data.lead_unit_head.full_name})"
