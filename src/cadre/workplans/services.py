"""The actions on work plans and tasks, called alike by the pages, the API, the import, the CLI and the demo.

Each takes the acting user as a keyword, checks the user's scope before it reads or writes anything, runs in one
transaction and writes the task's history (`TaskEvent`). The rules themselves (the six clears, the two nos) are
the core's (`cadre.core.rules.workplan`); a refusal is a `WorkplanError`, in Vietnamese and English, naming the
input at fault, and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cadre.accounts.permissions import VIEW, WORKPLAN, provinces_for, visible_communes
from cadre.core.rules.workplan import (
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

from .inputs import (  # noqa: F401 - the services' names, as their callers know them
    PLAUSIBLE_YEARS_AHEAD,
    TaskInput,
    check_plan,
    check_task_input,
    people_of,
    people_problems,
    plausible_dates,
)
from .models import EventKind, Handback, HandbackStatus, Task, TaskEvent, WorkPlan
from .progress import (  # noqa: F401 - the services' names, as their callers know them
    EVIDENCE_MAX_BYTES,
    EVIDENCE_SUFFIXES,
    check_evidence,
    may_report,
    report_progress,
)
from .who import deciding_level, is_lead, locked, may, refresh, require, user_official  # noqa: F401

# The checks of what is written (`inputs`), who acts (`who`) and the progress reports (`progress`) live in their
# own modules; their names are the services' too, as the pages, the API, the import and the demo call them.

# ---- Plans and tasks -------------------------------------------------------------------------------------------


def create_plan(*, user, **fields) -> WorkPlan:
    """A new work plan for a commune (`commune`) or a province body (`body`), if `user` may assign work there."""
    plan = WorkPlan(created_by=user if getattr(user, "pk", None) else None, **fields)
    if plan.commune_id:
        plan.province_id = plan.commune.province_id
        if not visible_communes(user, WORKPLAN).filter(code=plan.commune_id).exists():
            raise PermissionDenied
    elif not provinces_for(user, WORKPLAN, WorkPlan).filter(code=plan.province_id).exists():
        raise PermissionDenied
    check_plan(plan)
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
    check_task_input(plan, data, user=user)
    lead = _lead_fields(data)
    with transaction.atomic():
        # The plan's row is locked while its next number is read, so two tasks added at once get two numbers.
        WorkPlan.objects.select_for_update().filter(pk=plan.pk).first()
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


def edit_task_wording(task: Task, *, user, reason: str, decided_by: str, **changes) -> TaskEvent | None:
    """Correct what the task says, other than its lead, deadline and expected result (which change by
    `change_task`): what is to be done, how completion is judged, who answers and to whom it is reported are
    what the task makes clear, so they too change only by a decision with a reason and the deciding person,
    taken at the task's deciding level. Recorded in its history, before and after; nothing changed writes
    nothing."""
    require(user, VIEW, task)
    unknown = set(changes) - set(WORDING)
    if unknown:
        raise ValueError(f"only {', '.join(WORDING)} are corrected here, not {', '.join(sorted(unknown))}")
    level = deciding_level(user, task)
    if level is None:
        raise PermissionDenied
    what = Text("Không sửa được nội dung nhiệm vụ", "The task's wording cannot be corrected")
    if not (reason or "").strip():
        raise WorkplanError(
            f"{what.vi}: phải ghi rõ lý do.", f"{what.en}: a reason must be given.", field="reason"
        )
    check_decider(task.authority_level, Decider(decided_by or "", level), what=what)
    with transaction.atomic():
        fresh = locked(task)
        before, after = {}, {}
        for name, value in changes.items():
            value = (value or "").strip()
            if value != getattr(fresh, name):
                before[name], after[name] = getattr(fresh, name), value
                setattr(fresh, name, value)
        if not after:
            return None
        check_draft(_current_draft(fresh))
        fresh.save(update_fields=[*after, "updated_at"])
        refresh(task, fresh)
        return _event(
            fresh,
            EventKind.EDITED,
            user=user,
            reason=reason.strip(),
            decided_by=decided_by.strip(),
            decided_level=level,
            before=before,
            after=after,
        )


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
    user who decides there. The task as it will be must still make the six things clear (its milestones
    within the new time, a new lead of the plan's unit). The old lead keeps the task on their list, with the
    reason. The task is read again under a lock, so a report made meanwhile is kept."""
    require(user, VIEW, task)
    level = deciding_level(user, task)
    if level is None:
        raise PermissionDenied
    with transaction.atomic():
        fresh = locked(task)
        event = _change(fresh, user, level, reason, decided_by, lead, deadline, expected_result, kind)
        refresh(task, fresh)
        return event


def _change(task, user, level, reason, decided_by, lead, deadline, expected_result, kind) -> TaskEvent:
    changes = {}
    if lead is not None:
        new = _lead_fields(lead)
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
    check_change(task.authority_level, Change(changes, reason, Decider(decided_by, level or "")))
    draft = _current_draft(task)
    after_draft = TaskDraft(
        **{
            **draft.__dict__,
            "leads": lead.leads() if "lead" in changes else draft.leads,
            "deadline": changes.get("deadline", task.deadline),
            "expected_result": changes.get("expected_result", task.expected_result),
        }
    )
    check_draft(after_draft)
    if "deadline" in changes:
        _check_deadline(task, changes["deadline"])
    if "lead" in changes:
        people = people_problems(
            task.plan, TaskInput(lead_official=lead.lead_official, lead_unit_head=lead.lead_unit_head)
        )
        if people:
            raise WorkplanError.gathering(people)
    before, after, previous = {}, {}, None
    updated = ["updated_at"]
    if "lead" in changes:
        before["lead"], previous = task.lead_name, task.lead_person
        for name, value in changes["lead"].items():
            setattr(task, name, value)
        task.lead_person = task.lead_official or task.lead_unit_head
        after["lead"] = task.lead_name
        updated += ["lead_official", "lead_unit", "lead_unit_head", "lead_person"]
    if "deadline" in changes:
        before["deadline"], after["deadline"] = _day(task.deadline), _day(changes["deadline"])
        task.deadline = changes["deadline"]
        updated.append("deadline")
    if "expected_result" in changes:
        before["expected_result"], after["expected_result"] = task.expected_result, changes["expected_result"]
        task.expected_result = changes["expected_result"]
        updated.append("expected_result")
    task.save(update_fields=updated)
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
    with transaction.atomic():
        task = locked(task)  # two requests at once: the second waits, then sees the first
        if task.handbacks.filter(status=HandbackStatus.PENDING).exists():
            raise WorkplanError(
                "Nhiệm vụ đã có một đề nghị chuyển giao đang chờ quyết định.",
                "The task already has a handback request awaiting a decision.",
            )
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
        # Decided once: the request is read again under a lock, so of two decisions at once the second sees
        # the first and is refused.
        fresh = Handback.objects.select_for_update().get(pk=handback.pk)
        if fresh.status != HandbackStatus.PENDING:
            raise WorkplanError("Đề nghị này đã được quyết định.", "This request has already been decided.")
        handback.status = HandbackStatus.ACCEPTED if accept else HandbackStatus.REFUSED
        handback.decided_by, handback.decision_note = decided_by.strip(), note.strip()
        handback.decided_at = timezone.now()
        handback.save(update_fields=["status", "decided_by", "decision_note", "decided_at"])
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
