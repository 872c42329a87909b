"""What a task or a plan must be before it is written, whoever writes it (page, API, import): a task as the
inputs give it (`TaskInput`), the people it may be given to (`people_of`), plausible dates, and the checks that
gather every problem at once (`check_task_input`, `check_plan`), each naming its input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cadre.core.policy import national_policy
from cadre.core.rules.workplan import (
    COMMUNE_LEVEL,
    PROVINCE_LEVEL,
    Lead,
    TaskDraft,
    WorkplanError,
    check_draft,
)
from cadre.core.text import Text
from cadre.people.models import Official

from .models import WorkPlan
from .who import deciding_level

# A plausibility bound, not a legal number: no plan or task of a commune runs further ahead than this many years,
# so a mistyped year (2206 for 2026) is refused rather than stored and carried into every close.
PLAUSIBLE_YEARS_AHEAD = 10


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
    problems += people_problems(plan, data, plan_people)
    if problems:
        raise WorkplanError.gathering(problems)


def people_problems(
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
