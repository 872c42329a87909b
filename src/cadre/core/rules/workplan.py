"""The rules of a work plan's tasks: the "six clears" and the "two nos" (POLICY.md §8, Kết luận 226-KL/TW).

A task makes six things clear (sáu rõ): the person (rõ người: exactly one lead, a person or a unit with its head
answerable), the task (rõ việc), the result (rõ kết quả: the expected output and how completion is judged), the
time (rõ thời gian: start and deadline), the responsibility (rõ trách nhiệm: who answers if it is late and to
whom it is reported) and the authority (rõ thẩm quyền: the level that decides on it). A task missing any of them
is refused, and the refusal names every one that is missing (`missing_clears`).

The two nos (hai không: no pushing work onto others, no dodging responsibility) are `check_change` (a lead,
deadline or expected result changes only by an explicit decision with a reason and the deciding person, taken at
the deciding level) and `check_handback` (a lead hands a task back up or sideways only by a request that the
deciding level accepts or refuses).

Pure functions over plain values; the app stores what they allow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cadre.core.errors import BilingualError
from cadre.core.text import Text

PERSON, TASK, RESULT, TIME, RESPONSIBILITY, AUTHORITY = (
    "person",
    "task",
    "result",
    "time",
    "responsibility",
    "authority",
)
CLEARS: tuple[str, ...] = (PERSON, TASK, RESULT, TIME, RESPONSIBILITY, AUTHORITY)
CLEAR_LABELS: dict[str, Text] = {
    PERSON: Text("rõ người", "clear person"),
    TASK: Text("rõ việc", "clear task"),
    RESULT: Text("rõ kết quả", "clear result"),
    TIME: Text("rõ thời gian", "clear time"),
    RESPONSIBILITY: Text("rõ trách nhiệm", "clear responsibility"),
    AUTHORITY: Text("rõ thẩm quyền", "clear authority"),
}

# The levels that may decide on a task (thẩm quyền): the commune's own leadership, or the province's.
COMMUNE_LEVEL, PROVINCE_LEVEL = "commune", "province"
LEVELS: tuple[str, ...] = (COMMUNE_LEVEL, PROVINCE_LEVEL)
LEVEL_LABELS: dict[str, Text] = {
    COMMUNE_LEVEL: Text("cấp xã", "commune level"),
    PROVINCE_LEVEL: Text("cấp tỉnh", "province level"),
}


class WorkplanError(BilingualError):
    """A task or a change to one refused by the rules; `field` names the input at fault when there is one.
    `problems` lists each fault on its own ((field, Text), ...) when one refusal gathers several (an import
    puts each on its cell); a refusal of one fault lists just that one."""

    def __init__(
        self,
        message_vi: str,
        message_en: str,
        *,
        field: str | None = None,
        problems: tuple[tuple[str | None, Text], ...] = (),
    ):
        super().__init__(message_vi, message_en)
        self.field = problems[0][0] if problems else field
        self.problems = problems or ((field, Text(message_vi, message_en)),)

    @classmethod
    def gathering(cls, problems: list[tuple[str | None, Text]]) -> WorkplanError:
        """One refusal listing every problem found, in the order found."""
        return cls(
            " ".join(text.vi for _, text in problems),
            " ".join(text.en for _, text in problems),
            problems=tuple(problems),
        )


@dataclass(frozen=True)
class Lead:
    """One lead named for a task: a person from the registry (`person`, any key), or a unit (`unit`, its name)
    with its head (`head`) as the person answerable."""

    person: str | None = None
    unit: str = ""
    head: str | None = None


@dataclass(frozen=True)
class TaskDraft:
    """What a task says before it is saved: the six clears as plain values."""

    leads: tuple[Lead, ...] = ()
    title: str = ""  # rõ việc
    expected_result: str = ""  # rõ kết quả: the output
    completion_criterion: str = ""  # rõ kết quả: how completion is judged
    start: dt.date | None = None  # rõ thời gian
    deadline: dt.date | None = None
    milestones: tuple[tuple[dt.date, str], ...] = ()
    accountable: str = ""  # rõ trách nhiệm: who answers if it is late
    report_to: str = ""  # rõ trách nhiệm: to whom it is reported
    authority_level: str = ""  # rõ thẩm quyền: the level that decides on it
    authority_body: str = ""  # rõ thẩm quyền: who at that level


@dataclass(frozen=True)
class Missing:
    """One of the six clears that a draft does not make clear, and why, for the input named `field`."""

    clear: str
    field: str
    text: Text

    @property
    def label(self) -> Text:
        return CLEAR_LABELS[self.clear]


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def _lead_problems(leads: tuple[Lead, ...]) -> list[Missing]:
    if not leads:
        return [
            Missing(
                PERSON,
                "lead",
                Text(
                    "Chưa rõ người: nhiệm vụ phải có đúng một người hoặc một đơn vị chủ trì.",
                    "Person not clear: the task must have exactly one lead, a person or a unit.",
                ),
            )
        ]
    if len(leads) > 1:
        return [
            Missing(
                PERSON,
                "lead",
                Text(
                    f"Chưa rõ người: nhiệm vụ có {len(leads)} người/đơn vị chủ trì; mỗi nhiệm vụ chỉ giao"
                    " một người hoặc một đơn vị chủ trì, những người khác là người phối hợp.",
                    f"Person not clear: the task has {len(leads)} leads; each task has exactly one lead, a person"
                    " or a unit, and the others are co-workers.",
                ),
            )
        ]
    lead = leads[0]
    if lead.person is None and _blank(lead.unit):
        return _lead_problems(())
    if lead.person is None and lead.head is None:
        return [
            Missing(
                PERSON,
                "lead_unit_head",
                Text(
                    "Chưa rõ người: đơn vị chủ trì phải có người đứng đầu chịu trách nhiệm.",
                    "Person not clear: a lead unit must name its head as the person answerable.",
                ),
            )
        ]
    return []


def _time_problems(draft: TaskDraft) -> list[Missing]:
    problems = []
    if draft.start is None:
        problems.append(
            Missing(
                TIME,
                "start",
                Text("Chưa rõ thời gian: thiếu ngày bắt đầu.", "Time not clear: no start date."),
            )
        )
    if draft.deadline is None:
        problems.append(
            Missing(
                TIME,
                "deadline",
                Text("Chưa rõ thời gian: thiếu thời hạn hoàn thành.", "Time not clear: no deadline."),
            )
        )
    if draft.start and draft.deadline and draft.deadline < draft.start:
        problems.append(
            Missing(
                TIME,
                "deadline",
                Text(
                    f"Thời hạn {draft.deadline:%d/%m/%Y} trước ngày bắt đầu {draft.start:%d/%m/%Y}.",
                    f"The deadline {draft.deadline:%d/%m/%Y} is before the start {draft.start:%d/%m/%Y}.",
                ),
            )
        )
    for day, what in draft.milestones:
        if _blank(what):
            problems.append(
                Missing(TIME, "milestones", Text("Mốc tiến độ thiếu nội dung.", "A milestone says nothing."))
            )
        elif draft.start and draft.deadline and not draft.start <= day <= draft.deadline:
            problems.append(
                Missing(
                    TIME,
                    "milestones",
                    Text(
                        f"Mốc {day:%d/%m/%Y} nằm ngoài thời gian của nhiệm vụ"
                        f" ({draft.start:%d/%m/%Y}–{draft.deadline:%d/%m/%Y}).",
                        f"The milestone {day:%d/%m/%Y} is outside the task's time"
                        f" ({draft.start:%d/%m/%Y}–{draft.deadline:%d/%m/%Y}).",
                    ),
                )
            )
    return problems


def missing_clears(draft: TaskDraft) -> list[Missing]:
    """Every way in which `draft` fails to make the six things clear (empty when it may be saved)."""
    problems = _lead_problems(draft.leads)
    if _blank(draft.title):
        problems.append(
            Missing(
                TASK,
                "title",
                Text(
                    "Chưa rõ việc: thiếu nội dung công việc.",
                    "Task not clear: nothing says what is to be done.",
                ),
            )
        )
    if _blank(draft.expected_result):
        problems.append(
            Missing(
                RESULT,
                "expected_result",
                Text("Chưa rõ kết quả: thiếu sản phẩm đầu ra.", "Result not clear: no expected output."),
            )
        )
    if _blank(draft.completion_criterion):
        problems.append(
            Missing(
                RESULT,
                "completion_criterion",
                Text(
                    "Chưa rõ kết quả: thiếu tiêu chí đánh giá hoàn thành.",
                    "Result not clear: nothing says how completion is judged.",
                ),
            )
        )
    problems += _time_problems(draft)
    if _blank(draft.accountable):
        problems.append(
            Missing(
                RESPONSIBILITY,
                "accountable",
                Text(
                    "Chưa rõ trách nhiệm: thiếu người chịu trách nhiệm khi chậm.",
                    "Responsibility not clear: nobody answers if it is late.",
                ),
            )
        )
    if _blank(draft.report_to):
        problems.append(
            Missing(
                RESPONSIBILITY,
                "report_to",
                Text(
                    "Chưa rõ trách nhiệm: thiếu nơi báo cáo kết quả.",
                    "Responsibility not clear: nothing says to whom it is reported.",
                ),
            )
        )
    if draft.authority_level not in LEVELS:
        problems.append(
            Missing(
                AUTHORITY,
                "authority_level",
                Text("Chưa rõ thẩm quyền: thiếu cấp quyết định.", "Authority not clear: no deciding level."),
            )
        )
    if _blank(draft.authority_body):
        problems.append(
            Missing(
                AUTHORITY,
                "authority_body",
                Text(
                    "Chưa rõ thẩm quyền: thiếu người hoặc cơ quan quyết định.",
                    "Authority not clear: nobody is named to decide on it.",
                ),
            )
        )
    return problems


def check_draft(draft: TaskDraft) -> None:
    """Refuse a draft that does not make the six things clear, naming every one that is missing."""
    problems = missing_clears(draft)
    if problems:
        raise WorkplanError(
            "Nhiệm vụ chưa đủ “sáu rõ”: " + " ".join(p.text.vi for p in problems),
            "The task does not make the six things clear: " + " ".join(p.text.en for p in problems),
            problems=tuple((p.field, p.text) for p in problems),
        )


# ---- The two nos -----------------------------------------------------------------------------------------------

LEAD, DEADLINE, EXPECTED_RESULT = "lead", "deadline", "expected_result"
GUARDED: tuple[str, ...] = (LEAD, DEADLINE, EXPECTED_RESULT)  # what changes only by an explicit decision


@dataclass(frozen=True)
class Decider:
    """Who takes a decision on a task: the person named as deciding, and the level at which they act (the
    level of the user who records it: a commune's own leadership, or the province)."""

    name: str
    level: str


@dataclass(frozen=True)
class Change:
    """A decision to change a task's lead, deadline or expected result (`changes`: field name → new value)."""

    changes: dict = field(default_factory=dict)
    reason: str = ""
    decider: Decider | None = None


def check_decider(authority_level: str, decider: Decider | None, *, what: Text) -> None:
    """Only the task's deciding level decides on it: a superior does not interfere in what a lower level may
    decide, and a subordinate does not decide (or push up) what is the superior's."""
    if decider is None or _blank(decider.name):
        raise WorkplanError(
            f"{what.vi}: phải ghi rõ người quyết định.",
            f"{what.en}: the deciding person must be named.",
            field="decided_by",
        )
    if decider.level != authority_level:
        have, need = LEVEL_LABELS.get(decider.level, Text("?", "?")), LEVEL_LABELS[authority_level]
        raise WorkplanError(
            f"{what.vi}: nhiệm vụ này do {need.vi} quyết định; {have.vi} không quyết định thay"
            " (cấp trên không làm thay, cấp dưới không đẩy lên).",
            f"{what.en}: this task is decided at the {need.en}; the {have.en} does not decide it instead"
            " (superiors do not interfere, subordinates do not push up).",
            field="decided_by",
        )


def check_change(authority_level: str, change: Change) -> None:
    """Refuse a change of lead, deadline or expected result that is not an explicit decision with a reason and
    the deciding person at the task's deciding level, or that changes nothing."""
    what = Text("Không điều chỉnh được nhiệm vụ", "The task cannot be changed")
    unknown = set(change.changes) - set(GUARDED)
    if unknown:
        raise ValueError(f"only {', '.join(GUARDED)} change by decision, not {', '.join(sorted(unknown))}")
    if not change.changes:
        raise WorkplanError(
            f"{what.vi}: chưa có nội dung điều chỉnh (người chủ trì, thời hạn hoặc kết quả).",
            f"{what.en}: nothing is changed (the lead, the deadline or the expected result).",
        )
    if _blank(change.reason):
        raise WorkplanError(
            f"{what.vi}: phải ghi rõ lý do điều chỉnh.",
            f"{what.en}: a reason must be given.",
            field="reason",
        )
    check_decider(authority_level, change.decider, what=what)


HANDBACK_UP, HANDBACK_SIDEWAYS = "up", "sideways"
HANDBACK_DIRECTIONS: dict[str, Text] = {
    HANDBACK_UP: Text("trả lên cấp trên", "hand back up"),
    HANDBACK_SIDEWAYS: Text("chuyển ngang cho đơn vị khác", "hand sideways to another unit"),
}


def check_handback(direction: str, reason: str) -> None:
    """A lead asks to hand a task back up or sideways: a request with a reason, decided by the deciding level."""
    if direction not in HANDBACK_DIRECTIONS:
        raise WorkplanError(
            "Đề nghị chuyển giao phải nói rõ trả lên cấp trên hay chuyển ngang.",
            "A handback request must say whether it goes up or sideways.",
            field="direction",
        )
    if _blank(reason):
        raise WorkplanError(
            "Đề nghị chuyển giao phải ghi rõ lý do.",
            "A handback request must give a reason.",
            field="reason",
        )
