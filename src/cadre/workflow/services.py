"""The plan workflow: draft → proposed (Organisation Board) → approved or returned (Standing Committee) → decided.

Each step is one function that views, the API, the CLI and tasks all call. A step checks the user's role and
scope (`accounts.permissions`), moves the plan with a compare-and-set update (so of two approvers acting at the
same moment exactly one wins and the other is told who was first), and appends the event to the hash-chained
decision log, all in one transaction. The Standing Committee's approval is not yet a decision: recording the
decision (DECIDE) calls the plan's own `record_decision`, in which its app writes the moves into the registry as
postings effective from the plan's date. An approved plan is never edited again, and a recorded decision is
corrected only by a later decision (a correcting plan that names it).

Each event records the plan's content digest as the step leaves it (`workflow.integrity`), and a step refuses a
plan whose content or state no longer matches its newest event, or a log whose head was removed
(`audit.LogTampered`): both are tampering, told in both languages.

The steps know a plan only through `WorkflowPlan`: each kind says its log subject, its name, who proposes it and
what its approval records, so a new kind of plan needs no change here.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from cadre.accounts.permissions import APPROVE, PLAN
from cadre.core.errors import BilingualError, RecordError
from cadre.workflow.audit import append_event
from cadre.workflow.events import EventKind
from cadre.workflow.integrity import DIGEST, PlanAltered, plan_integrity
from cadre.workflow.models import WorkflowPlan
from cadre.workflow.states import State, state_label

# step -> (states it starts from, state it leads to, permission it needs: PLAN stands for the kind's own
# `propose_permission`). A step's name is the kind of event it logs.
STEPS = {
    EventKind.PROPOSE: ({State.DRAFT, State.RETURNED}, State.PROPOSED, PLAN),
    EventKind.APPROVE: ({State.PROPOSED}, State.APPROVED, APPROVE),
    EventKind.RETURN: ({State.PROPOSED}, State.RETURNED, APPROVE),
    EventKind.DECIDE: ({State.APPROVED}, State.DECIDED, APPROVE),
}


def step_permission(run: WorkflowPlan, step: str) -> str:
    """The action `step` needs on `run`: proposing is the kind's own (a rotation plan: plan; a transfer plan:
    staffing), the Standing Committee's steps are approve."""
    permission = STEPS[step][2]
    return run.propose_permission if permission == PLAN else permission


class WorkflowError(BilingualError):
    """A workflow step refused: no permission, no reason, or the plan is not in a state that allows it."""


def propose(run: WorkflowPlan, user, reason: str) -> WorkflowPlan:
    return _step(run, EventKind.PROPOSE, user, reason)


def approve(run: WorkflowPlan, user, reason: str) -> WorkflowPlan:
    return _step(run, EventKind.APPROVE, user, reason)


def return_plan(run: WorkflowPlan, user, reason: str) -> WorkflowPlan:
    return _step(run, EventKind.RETURN, user, reason)


def decide(run: WorkflowPlan, user, reason: str, decision: str) -> WorkflowPlan:
    if not decision.strip():
        raise WorkflowError("Cần ghi số quyết định.", "The decision number is required.")
    return _step(run, EventKind.DECIDE, user, reason, decision=decision.strip())


def _step(run: WorkflowPlan, step: EventKind, user, reason: str, **fields) -> WorkflowPlan:
    sources, target, _permission = STEPS[step]
    model = type(run)
    permission = step_permission(run, step)
    if not reason or not reason.strip():
        raise WorkflowError(
            f"Cần ghi lý do khi {step.verb_vi} phương án.", f"A reason is required to {step} a plan."
        )
    if not model.objects.filter(pk=run.pk).restrict(user, permission).exists():
        raise WorkflowError(
            f"Bạn không có quyền {step.verb_vi} phương án #{run.pk}.",
            f"You may not {step} plan #{run.pk}.",
        )
    if not run.has_solution:
        raise WorkflowError(
            f"Phương án #{run.pk} không bố trí được ai (không có cách nào đáp ứng mọi yêu cầu) nên không thể "
            f"{step.verb_vi}.",
            f"Plan #{run.pk} has no solution and cannot be taken further.",
        )
    with transaction.atomic():
        # A plan changed behind the workflow's back goes no further (approval would write its moves). The row
        # is locked first so that its state and its newest event are read as one step left them.
        integrity = plan_integrity(model.objects.select_for_update().get(pk=run.pk))
        if not integrity.holds:
            raise PlanAltered(integrity.message_vi, integrity.message_en)
        try:
            with transaction.atomic():
                moved = model.objects.filter(pk=run.pk, state__in=sources).update(state=target, **fields)
        except IntegrityError as error:  # the database's rule: one approved plan per round (workflow.rounds)
            raise _round_taken(run) from error
        if not moved:
            now = state_label(model.objects.get(pk=run.pk).state)
            raise WorkflowError(
                f"Phương án #{run.pk} đang ở bước «{now.vi}»: không thể {step.verb_vi} "
                "(có thể người khác vừa xử lý).",
                f"Plan #{run.pk} is now '{now.en}': it cannot be {step.past_en} (someone may have acted on it "
                "just now).",
            )
        # The digest of the plan as the step leaves it, read back as the database gives it.
        digest = model.objects.get(pk=run.pk).content_digest()
        append_event(
            step,
            run.subject,
            user=user,
            reason=reason.strip(),
            content={"state": target, "problem_sha256": run.problem_sha256, **fields, DIGEST: digest},
        )
        if step == EventKind.DECIDE:
            decided = model.objects.get(pk=run.pk)
            try:
                decided.record_decision(
                    user=user,
                    reason=f"{run.name_vi} #{run.pk}, quyết định {decided.decision}: {reason.strip()}",
                )
            except RecordError as error:  # the whole step rolls back: nothing is written
                raise WorkflowError(
                    f"Chưa ghi được quyết định: {error.message_vi}",
                    f"The decision was not recorded: {error.message_en}",
                ) from error
    run.refresh_from_db()
    return run


def _round_taken(run: WorkflowPlan) -> WorkflowError:
    """The refusal when another plan of the round is approved (it may have been approved a moment ago)."""
    rival = run.approved_rival()
    if rival is not None and run.corrects_id is not None:
        return WorkflowError(
            f"Không thể phê duyệt phương án #{run.pk}: phương án #{run.corrects_id} đã có phương án điều chỉnh "
            f"#{rival.pk} được phê duyệt. Muốn thay đổi nữa, hãy điều chỉnh phương án #{rival.pk}.",
            f"Plan #{run.pk} cannot be approved: plan #{run.corrects_id} already has an approved correction, "
            f"#{rival.pk}. To change it further, correct plan #{rival.pk}.",
        )
    if rival is not None:
        day = getattr(run, run.round_fields[-1])
        return WorkflowError(
            f"Không thể phê duyệt phương án #{run.pk}: phương án #{rival.pk} cùng tỉnh, cùng ngày "
            f"{day:%d/%m/%Y} đã được phê duyệt (có thể vừa xong). Mỗi đợt chỉ một phương án được duyệt; muốn "
            f"thay đổi, hãy lập phương án điều chỉnh phương án #{rival.pk}.",
            f"Plan #{run.pk} cannot be approved: plan #{rival.pk} for the same province and date "
            f"({day:%d/%m/%Y}) is already approved (perhaps just now). Only one plan per round is approved; to "
            f"change it, make a correction of plan #{rival.pk}.",
        )
    return WorkflowError(
        f"Không thể phê duyệt phương án #{run.pk}: một phương án khác của cùng đợt đã được phê duyệt.",
        f"Plan #{run.pk} cannot be approved: another plan of the same round is already approved.",
    )
