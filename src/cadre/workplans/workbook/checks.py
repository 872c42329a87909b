"""Checking every row of a work plans workbook before anything is written, every problem against its cell.

The plans come first: each names its unit (a commune the user may assign work in, or a province body of a
province they may), its period and its source. Then each task is read into a `services.TaskInput` and judged
by the core's six clears (`missing_clears`: every one missing, each on its own cell) and, when those are clear,
by `services.check_task_input` against its plan (every problem on its cell: the people must be the plan's
unit's, `services.people_of`, the dates plausible, the deciding level not pushed up). People are looked up by citizen ID only among those the user
may assign work to (`Official.objects.restrict(user, WORKPLAN)`): someone outside that scope gets the very answer
an ID nobody has gets, and nothing recorded about them is read.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from cadre.core.rules.workplan import Lead, WorkplanError, missing_clears
from cadre.people.models import Official
from cadre.people.workbook import schema as cells
from cadre.people.workbook.checks import INVALID, MISSING, RowReader

from ..models import Milestone, Task, WorkPlan
from ..services import TaskInput, check_plan, check_task_input, people_of
from . import schema
from .resolve import People, Units, unknown_person

# The longest text each column can hold, from the model fields it is stored in.
_PLAN_TEXT = ("body", "title", "source_number", "source_body", "source_title")
_TASK_TEXT = (
    "title",
    "lead_unit",
    "coworker_units",
    "expected_result",
    "completion_criterion",
    "accountable",
    "report_to",
    "authority_body",
)
PLAN_LIMITS = {key: WorkPlan._meta.get_field(key).max_length for key in _PLAN_TEXT}
PLAN_LIMITS["plan_key"] = 50
TASK_LIMITS = {key: Task._meta.get_field(key).max_length for key in _TASK_TEXT}
TASK_LIMITS["plan_key"] = 50
MILESTONE_LIMIT = Milestone._meta.get_field("description").max_length

# The core names the input at fault (`Missing.field`, `WorkplanError.field`); the sheet's column for each.
FIELD_COLUMNS = {"lead": "lead_official", "decided_by": "authority_body"}


@dataclass
class PlanRecord:
    row: int
    plan: WorkPlan | None  # None when the row has an error: its tasks are still checked on their own


@dataclass
class TaskRecord:
    row: int
    plan_key: str
    data: TaskInput


def check_plans(sheet, issues, units: Units) -> dict[str, PlanRecord]:
    plans: dict[str, PlanRecord] = {}
    for row in sheet.rows:
        read = RowReader(sheet, row, issues, PLAN_LIMITS)
        key = read("plan_key", required=True)
        values = {
            spec.key: read(spec.key, _PLAN_READERS.get(spec.key, cells.text), required=spec.required)
            for spec in schema.PLANS.columns[1:]
        }
        plan = _plan(read, values, units) if read.ok else None
        if key in (MISSING, INVALID):
            continue
        if key in plans:
            read.fail(
                "plan_key",
                f"Mã kế hoạch «{key}» đã dùng ở dòng {plans[key].row}.",
                f"The plan key '{key}' is already used on row {plans[key].row}.",
            )
            continue
        plans[key] = PlanRecord(row.number, plan if read.ok else None)
    return plans


_PLAN_READERS = {
    "period_start": cells.day,
    "period_end": cells.day,
    "source_date": cells.day,
    "source_kind": schema.source_kind,
}


def _blank(value) -> bool:
    return value in (MISSING, INVALID) or not value


def _plan(read: RowReader, values: dict, units: Units) -> WorkPlan | None:
    province = (
        read.resolve("province", units.province, values["province"])
        if not _blank(values["province"])
        else None
    )
    if province is INVALID:
        return None
    commune_text, body = values["commune"], values["body"]
    if _blank(commune_text) == _blank(body):
        read.fail(
            "commune",
            "Ghi xã/phường hoặc cơ quan cấp tỉnh của kế hoạch (một trong hai).",
            "Give the plan's commune or its province body (one of the two).",
        )
        return None
    if not _blank(commune_text):
        commune = read.resolve("commune", lambda text: units.commune(text, province), commune_text)
        if commune is INVALID:
            return None
        if commune.code not in units.communes:
            read.fail(
                "commune",
                f"Bạn không được giao lập kế hoạch, giao việc ở {commune.name}.",
                f"You may not assign work in {commune.name}.",
            )
            return None
        if province and province != commune.province_id:
            read.fail(
                "province",
                f"{commune.name} không thuộc tỉnh/thành phố này.",
                f"{commune.name} is not in this province.",
            )
            return None
        province, body = commune.province_id, ""
    else:
        commune = None
        if province is None:
            if len(units.provinces) != 1:
                read.fail(
                    "province",
                    "Kế hoạch của cơ quan cấp tỉnh phải ghi tỉnh/thành phố.",
                    "A province body's plan must name its province.",
                )
                return None
            province = next(iter(units.provinces))
        if province not in units.provinces:
            read.fail(
                "province",
                "Bạn không được giao lập kế hoạch cho cơ quan cấp tỉnh của tỉnh/thành phố này.",
                "You may not make plans for this province's bodies.",
            )
            return None
    if values["period_end"] < values["period_start"]:
        read.fail(
            "period_end",
            f"Kỳ kế hoạch kết thúc ({values['period_end']:%d/%m/%Y}) trước khi bắt đầu"
            f" ({values['period_start']:%d/%m/%Y}).",
            f"The plan's period ends ({values['period_end']:%d/%m/%Y}) before it starts"
            f" ({values['period_start']:%d/%m/%Y}).",
        )
        return None
    plan = WorkPlan(
        province_id=province,
        commune=commune,
        body=body if not _blank(body) else "",
        title=values["title"],
        period_start=values["period_start"],
        period_end=values["period_end"],
        source_kind=values["source_kind"],
        source_number=values["source_number"],
        source_date=values["source_date"],
        source_body=values["source_body"],
        source_title=values["source_title"] if not _blank(values["source_title"]) else "",
    )
    try:
        check_plan(plan)  # as create_plan checks it: plausible dates, a source not dated ahead
    except WorkplanError as error:
        plan_keys = {c.key for c in schema.PLANS.columns}
        for name, text in error.problems:
            read.fail(name if name in plan_keys else None, text.vi, text.en)
        return None
    return plan


ID_COLUMNS = ("lead_official", "lead_unit_head", "coworkers")


def named_people(sheet) -> set[str]:
    """Every well-formed citizen ID the tasks sheet names (the checks report the others on their rows)."""
    named = set()
    for key in ID_COLUMNS:
        if key not in sheet.columns:
            continue
        for row in sheet.rows:
            try:
                named.update(schema.citizen_ids(sheet.cell(row, key)))
            except cells.CellError:
                continue
    return named


_TASK_READERS = {
    "start": cells.day,
    "deadline": cells.day,
    "result_kind": schema.result_kind,
    "authority_level": schema.authority_level,
    "milestones": schema.milestones,
    "lead_official": schema.citizen_ids,
    "lead_unit_head": schema.citizen_ids,
    "coworkers": schema.citizen_ids,
}


TASK_KEYS = frozenset(c.key for c in schema.TASKS.columns)


def _column(field_name: str | None) -> str | None:
    """The tasks sheet's column for an input the core names (None, the row as a whole, for any other)."""
    column = FIELD_COLUMNS.get(field_name, field_name)
    return column if column in TASK_KEYS else None


def check_tasks(sheet, issues, plans: dict[str, PlanRecord], people: People) -> list[TaskRecord]:
    tasks = []
    # A required column missing from the sheet is reported once, on its header row, not on every row.
    absent = {c.key for c in schema.TASKS.columns if c.required and c.key not in sheet.columns}
    # A workbook repeats the same dates and people row after row: each distinct cell is read once (a reader's
    # refusal is not kept, so every bad cell is still reported on its own row).
    readers = {key: lru_cache(maxsize=1 << 16)(reader) for key, reader in _TASK_READERS.items()}
    plan_people: dict[str, set[int]] = {}
    for row in sheet.rows:
        read = RowReader(sheet, row, issues, TASK_LIMITS)
        # Every cell is read, so every bad one is reported; the six clears judge what is there.
        values = {
            spec.key: read(spec.key, readers.get(spec.key, cells.text)) for spec in schema.TASKS.columns
        }
        broken = {key for key, value in values.items() if value is INVALID} | absent
        given = {key: (None if value in (MISSING, INVALID) else value) for key, value in values.items()}
        key = given["plan_key"]
        record = plans.get(key) if key else None
        if key is None and "plan_key" not in broken:
            read.fail("plan_key", "Ô này không được để trống.", "This cell must not be empty.")
        elif key is not None and record is None:
            read.fail(
                "plan_key",
                f"Không có kế hoạch mã «{key}» ở sheet «{schema.PLANS.title}».",
                f"There is no plan with the key '{key}' on the '{schema.PLANS.title}' sheet.",
            )
        leads = _people(read, given, people, "lead_official", broken)
        head = _people(read, given, people, "lead_unit_head", broken)
        coworkers = _people(read, given, people, "coworkers", broken)
        if len(head) > 1:
            read.fail(
                "lead_unit_head",
                "Đơn vị chủ trì chỉ có một người đứng đầu chịu trách nhiệm.",
                "A lead unit has one head who answers for it.",
            )
        milestones = given["milestones"] or ()
        for _when, what in milestones:
            if len(what) > MILESTONE_LIMIT:
                read.fail(
                    "milestones",
                    f"Nội dung mốc dài {len(what)} ký tự; tối đa {MILESTONE_LIMIT}.",
                    f"A milestone is {len(what)} characters long; at most {MILESTONE_LIMIT} fit.",
                )
        data = TaskInput(
            title=given["title"] or "",
            lead_official=leads[0] if leads else None,
            lead_unit=given["lead_unit"] or "",
            lead_unit_head=head[0] if head else None,
            coworkers=tuple(coworkers),
            coworker_units=given["coworker_units"] or "",
            result_kind=given["result_kind"] or "document",
            expected_result=given["expected_result"] or "",
            completion_criterion=given["completion_criterion"] or "",
            start=given["start"],
            deadline=given["deadline"],
            milestones=milestones,
            accountable=given["accountable"] or "",
            report_to=given["report_to"] or "",
            authority_level=given["authority_level"] or "",
            authority_body=given["authority_body"] or "",
        )
        _six_clears(read, data, leads, broken)
        if read.ok and record is not None and record.plan is not None:
            try:
                if key not in plan_people:  # each plan's people read once, whatever the number of rows
                    plan_people[key] = set(people_of(record.plan).values_list("pk", flat=True))
                check_task_input(record.plan, data, user=people.user, plan_people=plan_people[key])
            except WorkplanError as error:  # every problem, each on its cell
                for name, text in error.problems:
                    read.fail(_column(name), text.vi, text.en)
        if read.ok:
            tasks.append(TaskRecord(row.number, key, data))
    return tasks


def _people(read: RowReader, given: dict, people: People, key: str, broken: set[str]) -> list[Official]:
    found = []
    for citizen_id in given[key] or ():
        official = people.get(citizen_id)
        if official is None:
            read.fail(key, *unknown_person(citizen_id))
            broken.add(key)
        else:
            found.append(official)
    return found


def _six_clears(read: RowReader, data: TaskInput, leads: list[Official], broken: set[str]) -> None:
    """Every clear the row does not make, on its cell; a cell already reported as unreadable is not reported
    again as missing."""
    draft = data.draft()
    if len(leads) > 1:  # a lead cell naming several people: as many leads, which the rules refuse
        extra = tuple(Lead(person=str(official.pk)) for official in leads[1:])
        draft = dataclasses.replace(draft, leads=draft.leads + extra)
    lead_columns = {"lead_official", "lead_unit", "lead_unit_head"}
    for missing in missing_clears(draft):
        column = _column(missing.field)
        if column == "lead_official" and not data.lead_official and (data.lead_unit or data.lead_unit_head):
            column = "lead_unit"
        if column in broken or (missing.clear == "person" and lead_columns & broken):
            continue
        read.fail(column, missing.text.vi, missing.text.en)
