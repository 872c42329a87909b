"""Business actions on rotation plans. The CLI, the demo and the web app all call these; what approving a plan
writes into the registry is `record.record_moves` (through `PlanRun.record_decision`, when the decision
is recorded; approval writes nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

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
) -> PlanRun:
    """Compile the province's secretary posts into a problem, solve it, explain the plan and store it.
    An infeasible plan is stored too, with the solver's diagnosis.

    `weights` and `locks` go to the compiler (a user's own cost weights, and moves kept or forbidden).
    `based_on` is the plan this one re-solves; when that plan is already approved, the new one is its
    correction (`PlanRun.corrects`). A new plan for a round (province and date) that already has an approved or
    decided plan corrects the newest of them (`standing_plan`): it is solved over the registry as that decision
    left it, and a recorded decision is changed only by a later one. `progress(stage)` is called as each of `STAGES` begins."""
    on = on or dt.date.today()
    tell = progress or (lambda stage: None)
    tell("compile")
    compiled = compile_problem(
        province_code, target=target, on=on, district_floors=district_floors, weights=weights, locks=locks
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
        based_on
        if based_on is not None and based_on.state in (State.APPROVED, State.DECIDED)
        else standing_plan(compiled.params["province"], on)
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


def standing_plan(province_code: str, on: dt.date) -> PlanRun | None:
    """The approved or decided plan of the round (province, date) that no approved plan corrects yet: the end of
    the round's line of corrections, which a new plan of the round corrects. None when nothing is approved."""
    approved = PlanRun.objects.filter(
        province_id=province_code, rotation_date=on, state__in=APPROVED_STATES
    ).defer("problem", "plan")
    corrected = set(approved.exclude(corrects__isnull=True).values_list("corrects_id", flat=True))
    return approved.exclude(pk__in=corrected).order_by("-created_at", "-id").first()
