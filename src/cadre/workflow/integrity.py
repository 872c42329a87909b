"""Is a plan still what the decision log says it is?

Each workflow event records the state the step led to and, since issue 13, `content_sha256`: the plan's
`content_digest()` as it stood after the step (its moves and what it decides). A plan whose stored content no
longer has the digest its newest event recorded, or whose state is not the one that event led to, was changed
behind the workflow's back (by direct SQL, say): its pages, its API detail and its documents refuse to present
it, and no step is taken on it.

Events written before the digest was recorded carry none: their plans' content is "not recorded", never called
altered (their state and decision number are still checked). A plan with no event must be a draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from cadre.core.errors import BilingualError
from cadre.core.text import Text

from .models import DecisionEvent, WorkflowPlan
from .states import State, state_label

DIGEST = "content_sha256"  # the key of the plan's digest in an event's content


@dataclass(frozen=True)
class Integrity:
    holds: bool
    recorded: bool  # the newest event recorded the plan's content digest
    message_vi: str = ""
    message_en: str = ""


class PlanAltered(BilingualError):
    """The plan was changed outside the workflow: it is neither shown, nor taken further, nor documented."""


def plan_integrity(plan: WorkflowPlan, last: DecisionEvent | None = None) -> Integrity:
    """Compare `plan` (a row as read from the database) with its newest event (`last`, read when not given)."""
    if last is None:
        last = plan.events().last()
    if last is None:
        if plan.state == State.DRAFT:
            return Integrity(True, False)
        return _altered(plan, _state_vi(plan, State.DRAFT, None), _state_en(plan, State.DRAFT, None))
    content = last.content or {}
    recorded_state = content.get("state")
    if recorded_state and recorded_state != plan.state:
        return _altered(plan, _state_vi(plan, recorded_state, last), _state_en(plan, recorded_state, last))
    if "decision" in content and content["decision"] != plan.decision:
        return _altered(
            plan,
            f"số quyết định «{plan.decision}» khác với số đã ghi «{content['decision']}» (sự kiện số "
            f"{last.sequence})",
            f"its decision number '{plan.decision}' differs from the one recorded, '{content['decision']}' "
            f"(event {last.sequence})",
        )
    if DIGEST not in content:
        return Integrity(True, False)
    if content[DIGEST] != plan.content_digest():
        return _altered(
            plan,
            f"nội dung (danh sách điều động, luân chuyển) không còn khớp với mã đã ghi trong nhật ký quyết định "
            f"tại sự kiện số {last.sequence}",
            f"its content (the moves) no longer matches the hash the decision log recorded at event "
            f"{last.sequence}",
        )
    return Integrity(True, True)


def check_plan(plan: WorkflowPlan) -> None:
    """Raise `PlanAltered` when `plan` does not match its newest event."""
    verdict = plan_integrity(plan)
    if not verdict.holds:
        raise PlanAltered(verdict.message_vi, verdict.message_en)


def check_for_documents(plan: WorkflowPlan, documents: Text, error: type[BilingualError]) -> None:
    """A plan's documents are drawn up only from the plan as the workflow left it (`check_plan`) and once it is
    approved or decided; otherwise `error` says so, naming the plan and its step."""
    check_plan(plan)
    if plan.state in (State.APPROVED, State.DECIDED):
        return
    now, named = state_label(plan.state), plan.named()
    raise error(
        f"{named.vi[:1].upper()}{named.vi[1:]} đang ở bước «{now.vi}»: chỉ phương án đã được phê duyệt hoặc đã "
        f"ban hành quyết định mới lập được {documents.vi}.",
        f"{named.en[:1].upper()}{named.en[1:]} is '{now.en}': {documents.en} is drawn up only for an approved "
        "or decided plan.",
    )


def plan_kinds() -> list[type[WorkflowPlan]]:
    """Every installed kind of plan (the concrete models that subclass `WorkflowPlan`)."""
    return [model for model in apps.get_models() if issubclass(model, WorkflowPlan)]


def altered_plans() -> list[tuple[WorkflowPlan, Integrity]]:
    """Every plan of every kind that does not match its newest event (for `cadre audit verify`)."""
    found = []
    for kind in plan_kinds():
        newest = {}
        for event in DecisionEvent.objects.filter(subject__startswith=f"{kind.log_subject}:").order_by(
            "sequence"
        ):
            newest[event.subject] = event
        for plan in kind.objects.order_by("pk").iterator(chunk_size=100):
            verdict = plan_integrity(plan, newest.get(plan.subject))
            if not verdict.holds:
                found.append((plan, verdict))
    return found


def _altered(plan: WorkflowPlan, vi: str, en: str) -> Integrity:
    return Integrity(
        False,
        True,
        f"{plan.name_vi} #{plan.pk} đã bị sửa ngoài quy trình: {vi}. Phương án không được hiển thị, xử lý tiếp "
        "hay lập văn bản; hãy báo quản trị viên chạy lệnh «cadre audit verify».",
        f"Plan #{plan.pk} was changed outside the "
        f"workflow: {en}. It is not shown, taken further or documented; ask the administrator to run 'cadre "
        "audit verify'.",
    )


def _state_vi(plan: WorkflowPlan, recorded: str, last: DecisionEvent | None) -> str:
    where = f" (sự kiện số {last.sequence})" if last else " (chưa có sự kiện nào)"
    return f"bước xử lý «{_label(plan.state).vi}» khác với bước nhật ký ghi «{_label(recorded).vi}»{where}"


def _state_en(plan: WorkflowPlan, recorded: str, last: DecisionEvent | None) -> str:
    where = f" (event {last.sequence})" if last else " (no event yet)"
    return (
        f"its state '{_label(plan.state).en}' is not the one the log records, '{_label(recorded).en}'{where}"
    )


def _label(state: str) -> Text:
    """The state's name; a value no state has (written by hand) as it is."""
    return state_label(state) if state in State.values else Text(state, state)
