"""A solved plan → a PlanRun row (with the problem, its hash and the explanation)."""

from __future__ import annotations

import datetime as dt

from .compile import Compiled
from .models import PlanRun


def save_plan(
    compiled: Compiled,
    plan_document: dict,
    explanation: dict | None,
    *,
    province: str,
    target: float,
    on: dt.date,
    user=None,
    corrects: PlanRun | None = None,
) -> PlanRun:
    """Store the plan as solved. `plan_document` is Plan.to_document(problem); the stored plan adds the
    explanation, who was left out and why, the "before" figures and a snapshot of the people in it."""
    return PlanRun.objects.create(
        province_id=province,
        target=target,
        rotation_date=on,
        params=compiled.params,
        problem_sha256=plan_document["problem_sha256"],
        problem=compiled.document,
        plan={
            **plan_document,
            "explanation": explanation,
            "excluded": compiled.excluded,
            "before": compiled.before,
            "people": compiled.people,
        },
        status=plan_document["status"],
        objective=plan_document["objective"],
        bound=plan_document["bound"],
        solve_seconds=plan_document["solve_seconds"],
        created_by=user if getattr(user, "is_authenticated", False) else None,
        corrects=corrects,
    )
