"""Business actions on rotation plans. The CLI, the demo and the web app all call these."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from cadre.core.planning.explain import explain
from cadre.core.planning.problem import parse_problem
from cadre.core.planning.solver import solve

from .compile import compile_problem
from .models import PlanRun
from .store import save_plan


def run_plan(
    province_code: str,
    target: float | None = None,
    on: dt.date | None = None,
    district_floors: bool = False,
    user=None,
) -> PlanRun:
    """Compile the province's secretary posts into a problem, solve it, explain the plan and store it.
    An infeasible plan is stored too, with the solver's diagnosis."""
    on = on or dt.date.today()
    compiled = compile_problem(province_code, target=target, on=on, district_floors=district_floors)
    problem = parse_problem(compiled.document)
    plan = solve(problem)
    document = plan.to_document(problem)
    explanation = explain(problem, plan)
    with transaction.atomic():
        return save_plan(
            compiled,
            document,
            explanation,
            province=compiled.params["province"],
            target=compiled.params["target"],
            on=on,
            user=user,
        )
