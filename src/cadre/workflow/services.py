"""The plan workflow: draft → proposed (Organisation Board) → approved or returned (Standing Committee) → decided.

Each step is one function that views, the API, the CLI and tasks all call. A step checks the user's role and
scope (`accounts.permissions`), moves the plan with a compare-and-set update (so of two approvers acting at the
same moment exactly one wins and the other is told who was first), and appends the event to the hash-chained
decision log, all in one transaction. Approval writes the plan's moves into the registry as effective-dated
postings; an approved plan is never edited again (a correction is a new plan that names it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from cadre.accounts.permissions import APPROVE, PLAN, STAFFING
from cadre.core.errors import BilingualError
from cadre.people.models import Official, Position
from cadre.people.row_history import change_reason
from cadre.people.services import RegistryError, close_posting, leave_posts_elsewhere, record_posting
from cadre.rotation.compile import SECRETARY
from cadre.rotation.models import PlanRun
from cadre.workflow.audit import append_event
from cadre.workflow.states import State, state_labels

# step -> (states it starts from, state it leads to, permission it needs)
STEPS = {
    "propose": ({State.DRAFT, State.RETURNED}, State.PROPOSED, PLAN),
    "approve": ({State.PROPOSED}, State.APPROVED, APPROVE),
    "return": ({State.PROPOSED}, State.RETURNED, APPROVE),
    "decide": ({State.APPROVED}, State.DECIDED, APPROVE),
}
STEP_PAST = {"propose": "proposed", "approve": "approved", "return": "returned", "decide": "decided"}
STEP_VI = {"propose": "trình", "approve": "phê duyệt", "return": "trả lại", "decide": "ban hành quyết định"}


@dataclass(frozen=True)
class Kind:
    """A kind of plan the workflow carries: its log subject, who proposes it, and what approval records."""

    subject: str
    name_vi: str
    propose_permission: str
    record: Callable[[object], None]


def kind_of(run) -> Kind:
    from cadre.staffing.models import TransferPlan
    from cadre.staffing.services import record_transfers

    if isinstance(run, PlanRun):
        return Kind("rotation-plan", "Phương án luân chuyển", PLAN, _record_moves)
    if isinstance(run, TransferPlan):
        return Kind("transfer-plan", "Phương án điều động", STAFFING, record_transfers)
    raise TypeError(f"the workflow does not carry {type(run).__name__}")


class WorkflowError(BilingualError):
    """A workflow step refused: no permission, no reason, or the plan is not in a state that allows it."""


def propose(run: PlanRun, user, reason: str) -> PlanRun:
    return _step(run, "propose", user, reason)


def approve(run: PlanRun, user, reason: str) -> PlanRun:
    return _step(run, "approve", user, reason)


def return_plan(run: PlanRun, user, reason: str) -> PlanRun:
    return _step(run, "return", user, reason)


def decide(run: PlanRun, user, reason: str, decision: str) -> PlanRun:
    if not decision.strip():
        raise WorkflowError("Cần ghi số quyết định.", "The decision number is required.")
    return _step(run, "decide", user, reason, decision=decision.strip())


def _step(run: PlanRun, step: str, user, reason: str, **fields) -> PlanRun:
    sources, target, permission = STEPS[step]
    kind = kind_of(run)
    model = type(run)
    if permission == PLAN:
        permission = kind.propose_permission
    if not reason or not reason.strip():
        raise WorkflowError(
            f"Cần ghi lý do khi {STEP_VI[step]} phương án.", f"A reason is required to {step} a plan."
        )
    if not model.objects.filter(pk=run.pk).restrict(user, permission).exists():
        raise WorkflowError(
            f"Bạn không có quyền {STEP_VI[step]} phương án #{run.pk}.",
            f"You may not {step} plan #{run.pk}.",
        )
    if run.status not in ("optimal", "feasible"):
        raise WorkflowError(
            f"Phương án #{run.pk} không có lời giải nên không thể {STEP_VI[step]}.",
            f"Plan #{run.pk} has no solution and cannot be taken further.",
        )
    with transaction.atomic():
        moved = model.objects.filter(pk=run.pk, state__in=sources).update(state=target, **fields)
        if not moved:
            now_vi, now_en = state_labels(model.objects.get(pk=run.pk).state)
            raise WorkflowError(
                f"Phương án #{run.pk} đang ở bước «{now_vi}»: không thể {STEP_VI[step]} "
                "(có thể người khác vừa xử lý).",
                f"Plan #{run.pk} is now '{now_en}': it cannot be {STEP_PAST[step]} (someone may have acted on it "
                "just now).",
            )
        append_event(
            step,
            f"{kind.subject}:{run.pk}",
            user=user,
            reason=reason.strip(),
            content={"state": target, "problem_sha256": run.problem_sha256, **fields},
        )
        if step == "approve":
            try:
                with change_reason(f"{kind.name_vi} #{run.pk} đã phê duyệt: {reason.strip()}", user=user):
                    kind.record(run)
            except RegistryError as error:  # the whole step rolls back: nothing is written
                raise WorkflowError(
                    f"Không ghi được phương án vào sổ cán bộ: {error.message_vi}",
                    f"The plan cannot be written into the registry: {error.message_en}",
                ) from error
    run.refresh_from_db()
    return run


def _record_moves(run: PlanRun) -> None:
    """The plan's moves become postings from the rotation date; a replaced incumbent who takes no other post in
    the plan leaves theirs the day before."""
    secretary = Position.objects.get(code=SECRETARY)
    incumbents = {post["id"]: post.get("incumbent") for post in run.problem["posts"]}
    holders = {a["post"]: a["candidate"] for a in run.plan.get("assignments", [])}
    ids = {int(pk) for pk in [*holders.values(), *filter(None, incumbents.values())]}
    officials = Official.objects.in_bulk(ids)
    placed = set(holders.values())
    decision = f"Phương án luân chuyển #{run.pk}"
    for post, candidate in holders.items():
        if incumbents.get(post) == candidate:
            continue
        # Sent to the commune: they leave every post they hold elsewhere the day before.
        leave_posts_elsewhere(officials[int(candidate)], post, run.rotation_date - dt.timedelta(days=1))
        record_posting(
            officials[int(candidate)],
            secretary,
            province=run.province_id,
            commune=post,
            start=run.rotation_date,
            decision=decision,
        )
    for post, incumbent in incumbents.items():
        if incumbent and incumbent not in placed:
            close_posting(
                officials[int(incumbent)], secretary, post, run.rotation_date - dt.timedelta(days=1)
            )
