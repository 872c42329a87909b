"""The demo's plan, carried from draft to decided by its two province officials, so the registry's histories and
the decision log are not empty when someone first opens the app."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from cadre.workflow.services import approve, decide, propose
from cadre.workflow.states import State

from .models import PlanRun

DEMO_DECISION = "01-QĐ/TU (mẫu / demo)"


def carry_demo_plan(run: PlanRun) -> PlanRun:
    """Propose, approve and decide a draft plan that has a solution, unless another plan of its round is already
    approved (one approved plan per round); anything else is left as it is."""
    if run.state != State.DRAFT or not run.has_solution or run.approved_rival() is not None:
        return run
    users = get_user_model().objects.in_bulk(["bantochuc", "thuongvu"], field_name="username")
    run = propose(run, users["bantochuc"], "Trình phương án luân chuyển bí thư cấp xã (dữ liệu mẫu)")
    run = approve(run, users["thuongvu"], "Ban Thường vụ thống nhất (dữ liệu mẫu)")
    return decide(run, users["thuongvu"], "Ban hành quyết định (dữ liệu mẫu)", decision=DEMO_DECISION)
