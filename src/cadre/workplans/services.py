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
from cadre.core.policy import national_policy
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

from . import closing
from .models import EventKind, Handback, HandbackStatus, ProgressReport, Task, TaskEvent, WorkPlan

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
# A plausibility bound, not a legal number: no plan or task of a commune runs further ahead than this many years,
# so a mistyped year (2206 for 2026) is refused rather than stored and carried into every close.
PLAUSIBLE_YEARS_AHEAD = 10
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


def deciding_level(user, task: Task | WorkPlan) -> str | None:
    """The level at which `user` decides on `task` (or a plan's tasks): the commune's, through a grant over the
    task's commune; the province's, through a grant over its province or the country; None when no grant lets
    them decide on it."""
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


def people_of(plan: WorkPlan):
    """The people a plan's task may be given to (lead, unit head, co-workers): those working now in the plan's
    commune, or, for a province body's plan, at the province's level. The page offers these; the services and
    the import accept only these."""
    people = Official.objects.only("pk", "full_name", "birth_date").order_by("full_name", "pk")
    if plan.commune_id:
        return people.filter(current_commune_id=plan.commune_id)
    return people.filter(current_province_id=plan.province_id, current_commune__isnull=True)


def plausible_dates(dates: dict[str, dt.date | None], what: Text) -> list[tuple[str, Text]]:
    """The dates (input name → day) that fall before the two-tier system (policy `two_tier_in_force`: no commune
    of today existed before it) or more than PLAUSIBLE_YEARS_AHEAD years ahead: a mistyped year."""
    earliest = national_policy().value("two_tier_in_force")
    latest = timezone.localdate().year + PLAUSIBLE_YEARS_AHEAD
    problems = []
    for name, day in dates.items():
        if day is None:
            continue
        if day < earliest:
            problems.append(
                (
                    name,
                    Text(
                        f"{what.vi}: ngày {day:%d/%m/%Y} trước khi chính quyền địa phương hai cấp bắt đầu"
                        f" ({earliest:%d/%m/%Y}).",
                        f"{what.en}: {day:%d/%m/%Y} is before two-tier local government began ({earliest:%d/%m/%Y}).",
                    ),
                )
            )
        elif day.year > latest:
            problems.append(
                (
                    name,
                    Text(
                        f"{what.vi}: năm {day.year} quá xa (muộn nhất năm {latest}); kiểm tra lại năm đã gõ.",
                        f"{what.en}: the year {day.year} is too far ahead (at most {latest}); check the year typed.",
                    ),
                )
            )
    return problems


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


def check_task_input(
    plan: WorkPlan, data: TaskInput, *, user=None, plan_people: set[int] | None = None
) -> None:
    """The six clears, then what only the plan can tell, every problem at once: the deciding level exists for
    the plan's unit and is not pushed up by a commune (`user`, when given, sets it), the task's time lies within
    the plan's period and is plausible, and its people are the plan's unit's (`people_of`), the lead not among
    the co-workers. `plan_people`: the ids of `people_of(plan)`, when the caller has read them once for many
    tasks (the import)."""
    check_draft(data.draft())
    problems: list[tuple[str, Text]] = []
    if data.authority_level == COMMUNE_LEVEL and plan.commune_id is None:
        problems.append(
            (
                "authority_level",
                Text(
                    "Kế hoạch của cơ quan cấp tỉnh: cấp quyết định phải là cấp tỉnh.",
                    "A province body's plan: the deciding level must be the province.",
                ),
            )
        )
    if (
        user is not None
        and data.authority_level == PROVINCE_LEVEL
        and deciding_level(user, plan) == COMMUNE_LEVEL
    ):
        problems.append(
            (
                "authority_level",
                Text(
                    "Cấp xã giao việc thì cấp xã quyết định; không đẩy lên cấp tỉnh (cấp dưới không đẩy lên).",
                    "A commune assigns work that the commune decides; it does not push it up to the province"
                    " (subordinates do not push up).",
                ),
            )
        )
    if not (plan.period_start <= data.start and data.deadline <= plan.period_end):
        problems.append(
            (
                "deadline",
                Text(
                    f"Thời gian của nhiệm vụ ({data.start:%d/%m/%Y}–{data.deadline:%d/%m/%Y}) phải nằm trong kỳ"
                    f" kế hoạch ({plan.period_start:%d/%m/%Y}–{plan.period_end:%d/%m/%Y}).",
                    f"The task's time ({data.start:%d/%m/%Y}–{data.deadline:%d/%m/%Y}) must lie within the"
                    f" plan's period ({plan.period_start:%d/%m/%Y}–{plan.period_end:%d/%m/%Y}).",
                ),
            )
        )
    what = Text("Thời gian của nhiệm vụ", "The task's time")
    problems += plausible_dates({"start": data.start, "deadline": data.deadline}, what)
    problems += _people_problems(plan, data, plan_people)
    if problems:
        raise WorkplanError.gathering(problems)


def _people_problems(
    plan: WorkPlan, data: TaskInput, plan_people: set[int] | None = None
) -> list[tuple[str, Text]]:
    named = {
        "lead_official": [data.lead_official] if data.lead_official else [],
        "lead_unit_head": [data.lead_unit_head] if data.lead_unit_head else [],
        "coworkers": list(data.coworkers),
    }
    wanted = {person.pk for people in named.values() for person in people}
    if plan_people is not None:
        known = wanted & plan_people
    else:
        known = set(people_of(plan).filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    unit = plan.commune.name if plan.commune_id else f"{plan.body} ({plan.province.name})"
    problems = []
    for name, people in named.items():
        for person in people:
            if person.pk not in known:
                problems.append(
                    (
                        name,
                        Text(
                            f"{person.full_name} không phải người đang công tác ở {unit}, đơn vị của kế hoạch.",
                            f"{person.full_name} does not work now in {unit}, the plan's unit.",
                        ),
                    )
                )
    lead = data.lead_official or data.lead_unit_head
    if lead is not None and any(person.pk == lead.pk for person in data.coworkers):
        problems.append(
            (
                "coworkers",
                Text(
                    f"{lead.full_name} là người chủ trì, không đồng thời là người phối hợp.",
                    f"{lead.full_name} is the lead and cannot also be a co-worker.",
                ),
            )
        )
    return problems


def check_plan(plan: WorkPlan) -> None:
    """A plan's unit, period and source, every problem at once: a commune or a province body, a period that
    ends after it starts and is plausible (`plausible_dates`), a source not dated in the future."""
    problems: list[tuple[str, Text]] = []
    if not plan.commune_id and not (plan.body or "").strip():
        problems.append(
            (
                "body",
                Text(
                    "Kế hoạch phải thuộc một xã hoặc một cơ quan cấp tỉnh.",
                    "A plan belongs to a commune or a province body.",
                ),
            )
        )
    if plan.period_start and plan.period_end and plan.period_end < plan.period_start:
        problems.append(
            (
                "period_end",
                Text("Kỳ kế hoạch kết thúc trước khi bắt đầu.", "The plan's period ends before it starts."),
            )
        )
    what = Text("Kỳ kế hoạch", "The plan's period")
    problems += plausible_dates({"period_start": plan.period_start, "period_end": plan.period_end}, what)
    today = timezone.localdate()
    if plan.source_date and plan.source_date > today:
        problems.append(
            (
                "source_date",
                Text(
                    f"Văn bản giao việc ghi ngày {plan.source_date:%d/%m/%Y}, chưa đến.",
                    f"The source document is dated {plan.source_date:%d/%m/%Y}, which is in the future.",
                ),
            )
        )
    if problems:
        raise WorkplanError.gathering(problems)


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


def _locked(task: Task) -> Task:
    """`task` read again under a row lock (inside the caller's transaction): what is checked and written is
    what is stored now, not what a page loaded a while ago."""
    return Task.objects.select_for_update().select_related("plan").get(pk=task.pk)


def _refresh(task: Task, fresh: Task) -> None:
    """Give the caller's `task` what was stored (a view reads it again for its redirect, a test for its asserts)."""
    for field in Task._meta.concrete_fields:
        setattr(task, field.attname, getattr(fresh, field.attname))


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
        fresh = _locked(task)
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
        _refresh(task, fresh)
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
        fresh = _locked(task)
        event = _change(fresh, user, level, reason, decided_by, lead, deadline, expected_result, kind)
        _refresh(task, fresh)
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
        people = _people_problems(
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
        task = _locked(task)  # two requests at once: the second waits, then sees the first
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
        fresh = _locked(task)
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
        _refresh(task, fresh)
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
