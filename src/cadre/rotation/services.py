"""Business actions on rotation plans. The CLI, the demo and the web app all call these; what approving a plan
writes into the registry is `record.record_moves` (through `PlanRun.record_approval`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from cadre.core.planning.explain import explain
from cadre.core.planning.problem import parse_problem
from cadre.core.planning.solver import solve
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
) -> PlanRun:
    """Compile the province's secretary posts into a problem, solve it, explain the plan and store it.
    When no plan meets every rule, the closest plan is stored, marked as such (`plan["closest"]`); with
    `when_infeasible="strict"`, the infeasible plan with the solver's diagnosis.

    `weights` and `locks` go to the compiler (a user's own cost weights, and moves kept or forbidden).
    `based_on` is the plan this one re-solves; when that plan is already approved, the new one is its
    correction (`PlanRun.corrects`). `progress(stage)` is called as each of `STAGES` begins."""
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
    )
    if based_on is not None:
        compiled.params["based_on"] = based_on.pk
    problem = parse_problem(compiled.document)
    tell("solve")
    plan = solve(problem)
    document = plan.to_document(problem)
    tell("explain")
    explanation = explain(problem, plan)
    tell("store")
    corrects = (
        based_on if based_on is not None and based_on.state in (State.APPROVED, State.DECIDED) else None
    )
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
