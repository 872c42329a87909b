"""The actions on work plans and tasks, called alike by the pages, the API, the import, the CLI and the demo.

Each takes the acting user as a keyword, checks the user's scope before it reads or writes anything, runs in one
transaction and writes the task's history (`TaskEvent`). The rules themselves (the six clears, the two nos) are
the core's (`cadre.core.rules.workplan`); a refusal is a `WorkplanError`, in Vietnamese and English, naming the
input at fault, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cadre.accounts.permissions import VIEW, WORKPLAN, grants_for, provinces_for, visible_communes
from cadre.core.rules import task_month
from cadre.core.rules.workplan import (
    COMMUNE_LEVEL,
    PROVINCE_LEVEL,
    Change,
    Decider,
    Lead,
    TaskDraft,
    WorkplanError,
    check_change,
    check_decider,
    check_draft,
    check_handback,
)
from cadre.core.text import Text
from cadre.people.models import Official, OfficialLogin

from .models import EventKind, Handback, HandbackStatus, ProgressReport, Task, TaskEvent, WorkPlan

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_SUFFIXES = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".jpg", ".jpeg", ".png")


# ---- Who acts, and at which level ------------------------------------------------------------------------------


def _may(user, action: str, row) -> bool:
    return type(row).objects.restrict(user, action).filter(pk=row.pk).exists()


def require(user, action: str, row) -> None:
    """Refuse (403) a user who may not take `action` on `row`."""
    if not _may(user, action, row):
        raise PermissionDenied


def user_official(user) -> Official | None:
    """The registry person the signed-in user is (None when the account is linked to no one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    login = OfficialLogin.objects.select_related("official").filter(user=user).first()
    return login.official if login else None


def deciding_level(user, task: Task) -> str | None:
    """The level at which `user` decides on `task`: the commune's, through a grant over the task's commune; the
    province's, through a grant over its province or the country; None when no grant lets them decide on it."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return PROVINCE_LEVEL
    level = None
    for grant in grants_for(user, WORKPLAN):
        if grant.commune_id:
            if grant.commune_id == task.commune_id:
                return COMMUNE_LEVEL
        elif grant.province_id in (None, task.province_id):
            level = PROVINCE_LEVEL
    return level


def is_lead(user, task: Task) -> bool:
    official = user_official(user)
    return official is not None and official.pk == task.lead_person_id


# ---- Plans and tasks -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskInput:
    """A task as a form, the API or a workbook row gives it. `lead_official` and `lead_unit` both set is two
    leads, which the rules refuse; `coworkers` are registry people."""

    title: str = ""
    lead_official: Official | None = None
    lead_unit: str = ""
    lead_unit_head: Official | None = None
    coworkers: tuple[Official, ...] = ()
    coworker_units: str = ""
    result_kind: str = "document"
    expected_result: str = ""
    completion_criterion: str = ""
    start: dt.date | None = None
    deadline: dt.date | None = None
    milestones: tuple[tuple[dt.date, str], ...] = ()
    accountable: str = ""
    report_to: str = ""
    authority_level: str = ""
    authority_body: str = ""

    def leads(self) -> tuple[Lead, ...]:
        leads = []
        if self.lead_official is not None:
            leads.append(Lead(person=str(self.lead_official.pk)))
        if self.lead_unit.strip() or self.lead_unit_head is not None:
            head = self.lead_unit_head
            leads.append(Lead(unit=self.lead_unit.strip(), head=str(head.pk) if head else None))
        return tuple(leads)

    def draft(self) -> TaskDraft:
        return TaskDraft(
            leads=self.leads(),
            title=self.title,
            expected_result=self.expected_result,
            completion_criterion=self.completion_criterion,
            start=self.start,
            deadline=self.deadline,
            milestones=self.milestones,
            accountable=self.accountable,
            report_to=self.report_to,
            authority_level=self.authority_level,
            authority_body=self.authority_body,
        )


def check_task_input(plan: WorkPlan, data: TaskInput) -> None:
    """The six clears, then what only the plan can tell: the deciding level exists for the plan's unit, and the
    task's time lies within the plan's period."""
    check_draft(data.draft())
    if data.authority_level == COMMUNE_LEVEL and plan.commune_id is None:
        raise WorkplanError(
            "Kế hoạch của cơ quan cấp tỉnh: cấp quyết định phải là cấp tỉnh.",
            "A province body's plan: the deciding level must be the province.",
            field="authority_level",
        )
    if not (plan.period_start <= data.start and data.deadline <= plan.period_end):
        raise WorkplanError(
            f"Thời gian của nhiệm vụ ({data.start:%d/%m/%Y}–{data.deadline:%d/%m/%Y}) phải nằm trong kỳ kế hoạch"
            f" ({plan.period_start:%d/%m/%Y}–{plan.period_end:%d/%m/%Y}).",
            f"The task's time ({data.start:%d/%m/%Y}–{data.deadline:%d/%m/%Y}) must lie within the plan's period"
            f" ({plan.period_start:%d/%m/%Y}–{plan.period_end:%d/%m/%Y}).",
            field="deadline",
        )


def create_plan(*, user, **fields) -> WorkPlan:
    """A new work plan for a commune (`commune`) or a province body (`body`), if `user` may assign work there."""
    plan = WorkPlan(created_by=user if getattr(user, "pk", None) else None, **fields)
    if plan.commune_id:
        plan.province_id = plan.commune.province_id
        if not visible_communes(user, WORKPLAN).filter(code=plan.commune_id).exists():
            raise PermissionDenied
    elif not provinces_for(user, WORKPLAN, WorkPlan).filter(code=plan.province_id).exists():
        raise PermissionDenied
    if not plan.commune_id and not plan.body.strip():
        raise WorkplanError(
            "Kế hoạch phải thuộc một xã hoặc một cơ quan cấp tỉnh.",
            "A plan belongs to a commune or a province body.",
            field="body",
        )
    if plan.period_end < plan.period_start:
        raise WorkplanError(
            "Kỳ kế hoạch kết thúc trước khi bắt đầu.",
            "The plan's period ends before it starts.",
            field="period_end",
        )
    with transaction.atomic():
        plan.save()
    return plan


def _lead_fields(data: TaskInput) -> dict:
    if data.lead_official is not None:
        return {"lead_official": data.lead_official, "lead_unit": "", "lead_unit_head": None}
    return {"lead_official": None, "lead_unit": data.lead_unit.strip(), "lead_unit_head": data.lead_unit_head}


def create_task(plan: WorkPlan, data: TaskInput, *, user, kind: str = EventKind.CREATED) -> Task:
    """A task of `plan` making the six things clear, numbered after the plan's last."""
    require(user, WORKPLAN, plan)
    check_task_input(plan, data)
    lead = _lead_fields(data)
    with transaction.atomic():
        number = (plan.tasks.aggregate(last=Max("number"))["last"] or 0) + 1
        task = Task.objects.create(
            plan=plan,
            province_id=plan.province_id,
            commune_id=plan.commune_id,
            number=number,
            lead_person=lead["lead_official"] or lead["lead_unit_head"],
            coworker_units=data.coworker_units.strip(),
            title=data.title.strip(),
            result_kind=data.result_kind,
            expected_result=data.expected_result.strip(),
            completion_criterion=data.completion_criterion.strip(),
            start=data.start,
            deadline=data.deadline,
            accountable=data.accountable.strip(),
            report_to=data.report_to.strip(),
            authority_level=data.authority_level,
            authority_body=data.authority_body.strip(),
            **lead,
        )
        if data.coworkers:
            task.coworkers.set(data.coworkers)
        for due, description in data.milestones:
            task.milestones.create(due=due, description=description.strip())
        _event(task, kind, user=user, after={"lead": task.lead_name, "deadline": _day(task.deadline)})
    return task


def _day(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _event(task: Task, kind: str, *, user, **fields) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task,
        province_id=task.province_id,
        commune_id=task.commune_id,
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        **fields,
    )


WORDING = ("title", "completion_criterion", "accountable", "report_to", "coworker_units")


def edit_task_wording(task: Task, *, user, reason: str = "", **changes) -> TaskEvent | None:
    """Correct what the task says, other than its lead, deadline and expected result (which change only by
    decision, `change_task`): recorded in its history, before and after. Nothing changed writes nothing."""
    require(user, WORKPLAN, task)
    unknown = set(changes) - set(WORDING)
    if unknown:
        raise ValueError(f"only {', '.join(WORDING)} are corrected here, not {', '.join(sorted(unknown))}")
    before, after = {}, {}
    for name, value in changes.items():
        value = (value or "").strip()
        if value != getattr(task, name):
            before[name], after[name] = getattr(task, name), value
            setattr(task, name, value)
    if not after:
        return None
    check_draft(_current_draft(task))
    with transaction.atomic():
        task.save(update_fields=[*after, "updated_at"])
        return _event(task, EventKind.EDITED, user=user, reason=reason.strip(), before=before, after=after)


def change_task(
    task: Task,
    *,
    user,
    reason: str,
    decided_by: str,
    lead: TaskInput | None = None,
    deadline: dt.date | None = None,
    expected_result: str | None = None,
    kind: str = EventKind.CHANGED,
) -> TaskEvent:
    """Change the task's lead (`lead`: a TaskInput naming only the new lead), deadline or expected result, by
    an explicit decision: a reason, the deciding person (`decided_by`), taken at the task's deciding level by a
    user who decides there. The old lead keeps the task on their list, with the reason."""
    require(user, VIEW, task)
    changes = {}
    if lead is not None:
        new = _lead_fields(lead)
        check_draft(TaskDraft(**{**_current_draft(task).__dict__, "leads": lead.leads()}))
        if (new["lead_official"], new["lead_unit"], new["lead_unit_head"]) != (
            task.lead_official,
            task.lead_unit,
            task.lead_unit_head,
        ):
            changes["lead"] = new
    if deadline is not None and deadline != task.deadline:
        changes["deadline"] = deadline
    if expected_result is not None and expected_result.strip() != task.expected_result:
        changes["expected_result"] = expected_result.strip()
    level = deciding_level(user, task)
    if level is None:
        raise PermissionDenied
    check_change(task.authority_level, Change(changes, reason, Decider(decided_by, level or "")))
    if "deadline" in changes:
        _check_deadline(task, changes["deadline"])
    before, after, previous = {}, {}, None
    if "lead" in changes:
        before["lead"], previous = task.lead_name, task.lead_person
        for name, value in changes["lead"].items():
            setattr(task, name, value)
        task.lead_person = task.lead_official or task.lead_unit_head
        after["lead"] = task.lead_name
    if "deadline" in changes:
        before["deadline"], after["deadline"] = _day(task.deadline), _day(changes["deadline"])
        task.deadline = changes["deadline"]
    if "expected_result" in changes:
        before["expected_result"], after["expected_result"] = task.expected_result, changes["expected_result"]
        task.expected_result = changes["expected_result"]
    with transaction.atomic():
        task.save()
        return _event(
            task,
            kind,
            user=user,
            decided_by=decided_by.strip(),
            decided_level=level,
            reason=reason.strip(),
            before=before,
            after=after,
            previous_lead=previous if previous and previous.pk != task.lead_person_id else None,
        )


def _current_draft(task: Task) -> TaskDraft:
    """What `task` says now, as the rules read a draft."""
    lead = Lead(person=str(task.lead_official_id)) if task.lead_official_id else None
    lead = lead or Lead(
        unit=task.lead_unit, head=str(task.lead_unit_head_id) if task.lead_unit_head_id else None
    )
    return TaskDraft(
        leads=(lead,),
        title=task.title,
        expected_result=task.expected_result,
        completion_criterion=task.completion_criterion,
        start=task.start,
        deadline=task.deadline,
        milestones=tuple((m.due, m.description) for m in task.milestones.all()),
        accountable=task.accountable,
        report_to=task.report_to,
        authority_level=task.authority_level,
        authority_body=task.authority_body,
    )


def _check_deadline(task: Task, deadline: dt.date) -> None:
    if deadline < task.start:
        raise WorkplanError(
            f"Thời hạn mới {deadline:%d/%m/%Y} trước ngày bắt đầu {task.start:%d/%m/%Y}.",
            f"The new deadline {deadline:%d/%m/%Y} is before the start {task.start:%d/%m/%Y}.",
            field="deadline",
        )
    if deadline > task.plan.period_end:
        raise WorkplanError(
            f"Thời hạn mới {deadline:%d/%m/%Y} sau khi kỳ kế hoạch kết thúc ({task.plan.period_end:%d/%m/%Y}).",
            f"The new deadline {deadline:%d/%m/%Y} is after the plan's period ends ({task.plan.period_end:%d/%m/%Y}).",
            field="deadline",
        )


# ---- Handing a task back (the second "no") ---------------------------------------------------------------------


def request_handback(task: Task, *, user, direction: str, reason: str) -> Handback:
    """The lead asks to hand the task back up or sideways; it stays theirs until the deciding level accepts."""
    require(user, VIEW, task)
    if not is_lead(user, task):
        raise WorkplanError(
            "Chỉ người chủ trì nhiệm vụ mới đề nghị chuyển giao được.",
            "Only the task's lead may ask to hand it back.",
        )
    check_handback(direction, reason)
    if task.handbacks.filter(status=HandbackStatus.PENDING).exists():
        raise WorkplanError(
            "Nhiệm vụ đã có một đề nghị chuyển giao đang chờ quyết định.",
            "The task already has a handback request awaiting a decision.",
        )
    with transaction.atomic():
        handback = Handback.objects.create(
            task=task,
            province_id=task.province_id,
            commune_id=task.commune_id,
            direction=direction,
            reason=reason.strip(),
            requested_by=task.lead_person,
        )
        _event(
            task,
            EventKind.HANDBACK_REQUESTED,
            user=user,
            reason=reason.strip(),
            before={"lead": task.lead_name},
        )
    return handback


def decide_handback(
    handback: Handback, *, user, accept: bool, decided_by: str, note: str, new_lead: TaskInput | None = None
) -> TaskEvent:
    """The deciding level accepts (naming the new lead) or refuses a handback request, with its reasons."""
    task = handback.task
    require(user, VIEW, task)
    if handback.status != HandbackStatus.PENDING:
        raise WorkplanError("Đề nghị này đã được quyết định.", "This request has already been decided.")
    what = Text("Không quyết định được đề nghị chuyển giao", "The handback request cannot be decided")
    level = deciding_level(user, task)
    if level is None:
        raise PermissionDenied
    check_decider(task.authority_level, Decider(decided_by, level), what=what)
    if not (note or "").strip():
        raise WorkplanError(
            f"{what.vi}: phải ghi ý kiến quyết định.", f"{what.en}: the decision must say why.", field="note"
        )
    with transaction.atomic():
        handback.status = HandbackStatus.ACCEPTED if accept else HandbackStatus.REFUSED
        handback.decided_by, handback.decision_note = decided_by.strip(), note.strip()
        handback.decided_at = timezone.now()
        handback.save()
        if accept:
            if new_lead is None or not new_lead.leads():
                raise WorkplanError(
                    f"{what.vi}: chấp thuận thì phải giao cho người hoặc đơn vị chủ trì mới.",
                    f"{what.en}: accepting it means naming the new lead.",
                    field="lead",
                )
            reason = f"{handback.reason} — {note.strip()}"
            return change_task(
                task,
                user=user,
                reason=reason,
                decided_by=decided_by,
                lead=new_lead,
                kind=EventKind.HANDBACK_ACCEPTED,
            )
        return _event(
            task,
            EventKind.HANDBACK_REFUSED,
            user=user,
            decided_by=decided_by.strip(),
            decided_level=task.authority_level,
            reason=note.strip(),
        )


# ---- Progress --------------------------------------------------------------------------------------------------


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
    return is_lead(user, task) or _may(user, WORKPLAN, task)


def report_progress(
    task: Task,
    *,
    user,
    percent: int,
    note: str = "",
    reported_on: dt.date | None = None,
    evidence: tuple[str, bytes] | None = None,
) -> ProgressReport:
    """A report on `task`: its progress (0 to 100%, never less than the last report's), what was done and
    optionally an evidence file. The first report of 100% completes the task on that day."""
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
    name, content = evidence if evidence else ("", None)
    if content is not None:
        check_evidence(name, content)
    with transaction.atomic():
        report = ProgressReport.objects.create(
            task=task,
            province_id=task.province_id,
            commune_id=task.commune_id,
            reported_on=reported_on,
            percent=percent,
            note=note.strip(),
            evidence_name=name[-200:],
            evidence=content,
            reported_by=user if getattr(user, "pk", None) else None,
        )
        task.percent, task.last_reported_on = percent, reported_on
        if percent == task_month.FULL:
            task.done_on = reported_on
        task.save(update_fields=["percent", "last_reported_on", "done_on", "updated_at"])
    return report
