"""Business actions on rotation plans. The CLI, the demo and the web app all call these; what approving a plan
writes into the registry is `record.record_moves` (through `PlanRun.record_decision`, when the decision
is recorded; approval writes nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from cadre.accounts.permissions import PLAN
from cadre.core.errors import BilingualError
from cadre.core.planning.explain import explain
from cadre.core.planning.problem import parse_problem
from cadre.core.planning.solver import solve
from cadre.workflow.rounds import APPROVED_STATES
from cadre.workflow.states import State

from .compile import compile_problem
from .models import PlanRun
from .store import save_plan

# The stages of a run, in order, as `progress` is told of them (the run page shows them as steps).
STAGES = ("compile", "solve", "explain", "store")


def run_plan(
    province_code: str,
    target: float | None = None,
    on: dt.date | None = None,
    district_floors: bool = False,
    user=None,
    *,
    weights: dict | None = None,
    locks: list[dict] | None = None,
    based_on: PlanRun | None = None,
    progress: Callable[[str], None] | None = None,
    when_infeasible: str = "closest",
    post_types: tuple[str, ...] = ("secretary",),
    chair_target: float | None = None,
) -> PlanRun:
    """Compile the province's secretary posts (and, with `post_types`, its People's Committee chair posts,
    `chair_target` overriding their target) into a problem, solve it, explain the plan and store it.
    When no plan meets every rule, the closest plan is stored, marked as such (`plan["closest"]`); with
    `when_infeasible="strict"`, the infeasible plan with the solver's diagnosis.

    `weights` and `locks` go to the compiler (a user's own cost weights, and moves kept or forbidden).
    `based_on` is the plan this one re-solves; when that plan is already approved, the new one is its
    correction (`PlanRun.corrects`). The same inputs solved again (`same_plan`) give back the plan they
    already gave, not a duplicate. A new plan for a round (province and date) that already has an approved or
    decided plan corrects the newest of them (`standing_plan`): it is solved over the registry as that decision
    left it, and a recorded decision is changed only by a later one. `progress(stage)` is called as each of `STAGES` begins."""
    on = on or dt.date.today()
    tell = progress or (lambda stage: None)
    tell("compile")
    compiled = compile_problem(
        province_code,
        target=target,
        on=on,
        district_floors=district_floors,
        weights=weights,
        locks=locks,
        when_infeasible=when_infeasible,
        post_types=post_types,
        chair_target=chair_target,
    )
    if based_on is not None:
        compiled.params["based_on"] = based_on.pk
    problem = parse_problem(compiled.document)
    corrects = (
        based_on
        if based_on is not None and based_on.state in (State.APPROVED, State.DECIDED)
        else standing_plan(compiled.params["province"], on)
    )
    if (same := same_plan(compiled, problem.sha256, on, corrects)) is not None:
        return same
    tell("solve")
    plan = solve(problem)
    document = plan.to_document(problem)
    tell("explain")
    explanation = explain(problem, plan)
    tell("store")
    with transaction.atomic():
        return save_plan(
            compiled,
            document,
            explanation,
            province=compiled.params["province"],
            target=compiled.params["target"],
            on=on,
            user=user,
            corrects=corrects,
        )


def standing_plan(province_code: str, on: dt.date) -> PlanRun | None:
    """The approved or decided plan of the round (province, date) that no approved plan corrects yet: the end of
    the round's line of corrections, which a new plan of the round corrects. None when nothing is approved."""
    approved = PlanRun.objects.filter(
        province_id=province_code, rotation_date=on, state__in=APPROVED_STATES
    ).defer("problem", "plan")
    corrected = set(approved.exclude(corrects__isnull=True).values_list("corrects_id", flat=True))
    return approved.exclude(pk__in=corrected).order_by("-created_at", "-id").first()


# The parameters that, with the problem's hash, make two runs the same run (the problem document covers the
# registry as it stood, the posts, the pairs, their costs, the floors and the locks).
# The target's recorded source is part of it: a province's corrected document gives a new plan.
_SAME_RUN = (
    "target",
    "targets",
    "target_source",
    "target_sources",
    "post_types",
    "district_floors",
    "weights",
    "locks",
    "based_on",
)


def same_plan(compiled, sha256: str, on: dt.date, corrects: PlanRun | None) -> PlanRun | None:
    """The stored plan, not archived, that solved the very same problem (same province, rotation date, problem
    hash, options and plan it corrects) from the same registry: solving it again would give it again."""
    found = PlanRun.objects.filter(
        province_id=compiled.params["province"],
        rotation_date=on,
        problem_sha256=sha256,
        corrects=corrects,
        archived_at__isnull=True,
    ).order_by("-created_at", "-id")
    wanted = {key: compiled.params.get(key) for key in _SAME_RUN}
    for run in found:
        if {key: run.params.get(key) for key in _SAME_RUN} == wanted:
            return run
    return None


class ArchiveError(BilingualError):
    """A plan that cannot be archived (not a draft, no permission, no reason)."""


def archive_plan(run: PlanRun, *, user, reason: str) -> PlanRun:
    """Hide a draft nobody will use from the lists; it is never deleted. Only those who may propose the plan
    (its planners) may, only a draft or a returned plan, and with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ArchiveError("Cần ghi lý do lưu trữ phương án.", "A reason is required to archive a plan.")
    if len(reason) > 500:
        raise ArchiveError("Lý do lưu trữ dài quá 500 ký tự.", "The reason is longer than 500 characters.")
    if not PlanRun.objects.filter(pk=run.pk).restrict(user, PLAN).exists():
        raise ArchiveError(
            f"Bạn không có quyền lưu trữ phương án #{run.pk}.", f"You may not archive plan #{run.pk}."
        )
    with transaction.atomic():
        archived = PlanRun.objects.filter(
            pk=run.pk, state__in=(State.DRAFT, State.RETURNED), archived_at__isnull=True
        ).update(archived_at=timezone.now(), archived_by=user, archive_reason=reason)
    if not archived:
        raise ArchiveError(
            f"Phương án #{run.pk} đã trình, đã duyệt, đã có quyết định hoặc đã lưu trữ: chỉ lưu trữ được phương "
            "án dự thảo.",
            f"Plan #{run.pk} has been proposed, approved or decided, or is already archived: only a draft can be "
            "archived.",
        )
    run.refresh_from_db()
    return run
