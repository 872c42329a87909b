"""One person's ways out (phương án nghỉ việc), as their page shows them: the four schemes of
`core.rules.exit_benefits` side by side, each with its total and components, or why it does not apply."""

from __future__ import annotations

from dataclasses import dataclass

from cadre.core.errors import BilingualError
from cadre.core.rules.exit_benefits import ExitOption, exit_options
from cadre.core.text import Text

from .estimates import Assumptions, Input, estimated_facts
from .registry import person_of

EARLY = ("decree-178", "early_retirement")
OPTION_NAMES: dict[tuple[str, str], Text] = {
    EARLY: Text("Nghỉ hưu trước tuổi (Nghị định 178)", "Early retirement (Decree 178)"),
    ("decree-178", "quit"): Text("Thôi việc (Nghị định 178)", "Quitting (Decree 178)"),
    ("decree-154", "quit"): Text("Thôi việc ngay (Nghị định 154)", "Quitting at once (Decree 154)"),
    ("decree-170-art-58", "quit"): Text(
        "Tự nguyện thôi việc (Nghị định 170, Điều 58)", "Voluntary resignation (Decree 170 Art. 58)"
    ),
}


@dataclass(frozen=True)
class ShownOption:
    """One option as a person's page shows it: its name, and its components or why it does not apply."""

    key: str
    name: Text
    option: ExitOption
    components: tuple[tuple[Text, str, int], ...]
    reason: Text | None


@dataclass(frozen=True)
class PersonExits:
    options: tuple[ShownOption, ...]
    inputs: tuple[Input, ...]
    problem: Text | None = None


def person_exits(official, postings, assumptions: Assumptions) -> PersonExits:
    """The four options side by side, each with its total and components or why it does not apply."""
    try:
        facts, inputs = estimated_facts(person_of(official, postings), assumptions)
    except BilingualError as error:
        return PersonExits((), assumptions.inputs(), error.text)
    shown = []
    for option in exit_options(facts):
        parts = option.benefit.components if option.benefit else ()
        components = tuple((c.label, c.formula, c.amount) for c in parts)
        reason = None if option.benefit else Text(option.reason_vi, option.reason_en)
        name = OPTION_NAMES[option.scheme, option.kind]
        shown.append(ShownOption(f"{option.scheme}-{option.kind}", name, option, components, reason))
    return PersonExits(tuple(shown), (*assumptions.inputs(), *inputs))
