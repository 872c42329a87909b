"""One person's ways out (phương án nghỉ việc), as their page shows them: the schemes of
`core.rules.exit_benefits` side by side, each with its total and components, or why it does not apply; the one
that applies on the assumed dates marked, and why (`core.rules.exit_regime`)."""

from __future__ import annotations

from dataclasses import dataclass

from cadre.core.errors import BilingualError
from cadre.core.rules.exit_benefits import ExitOption
from cadre.core.rules.exit_regime import OPTION_NAMES, exit_regime
from cadre.core.text import Text

from .estimates import Assumptions, Input, estimated_facts
from .registry import person_of

__all__ = [
    "APPLIES",
    "EARLY_FIRST",
    "MOST_FAVOURABLE",
    "OPTION_NAMES",
    "PersonExits",
    "ShownOption",
    "person_exits",
]
APPLIES = Text("Chế độ áp dụng", "The regime that applies")
MOST_FAVOURABLE = Text("Chế độ áp dụng (có lợi nhất)", "The regime that applies (most favourable)")
EARLY_FIRST = Text(
    "Chế độ áp dụng (nghỉ hưu trước tuổi được ưu tiên vì được hưởng lương hưu ngay)",
    "The regime that applies (early retirement comes first: it pays the pension at once)",
)


@dataclass(frozen=True)
class ShownOption:
    """One option as a person's page shows it: its name, and its components or why it does not apply."""

    key: str
    name: Text
    option: ExitOption
    components: tuple[tuple[Text, str, int], ...]
    reason: Text | None
    applies: Text | None = None  # on the option that applies: "most favourable" only when it pays the most
    conditions: tuple[Text, ...] = ()


@dataclass(frozen=True)
class PersonExits:
    options: tuple[ShownOption, ...]
    inputs: tuple[Input, ...]
    problem: Text | None = None
    regime: Text | None = None  # which regime applies on the dates, and why


def person_exits(official, postings, assumptions: Assumptions) -> PersonExits:
    """The options side by side, each with its total and components or why it does not apply, the one that
    applies on the dates marked."""
    try:
        facts, inputs = estimated_facts(person_of(official, postings), assumptions)
    except BilingualError as error:
        return PersonExits((), assumptions.inputs(), error.text)
    regime = exit_regime(facts)
    shown = []
    for option in regime.options:
        benefit = option.benefit
        components = tuple((c.label, c.formula, c.amount) for c in (benefit.components if benefit else ()))
        reason = None if benefit else Text(option.reason_vi, option.reason_en)
        name = OPTION_NAMES[option.scheme, option.kind]
        applies = _applies(regime) if option is regime.chosen else None
        conditions = tuple(c.text for c in benefit.conditions) if benefit else ()
        key = f"{option.scheme}-{option.kind}"
        shown.append(ShownOption(key, name, option, components, reason, applies, conditions))
    return PersonExits(tuple(shown), (*assumptions.inputs(), *inputs), regime=regime.summary)


def _applies(regime) -> Text:
    """The mark of the option that applies: "most favourable" only when no other open option pays more (and
    there is another to compare), else why it applies though another pays more."""
    if sum(o.benefit is not None for o in regime.options) == 1:
        return APPLIES
    return MOST_FAVOURABLE if regime.highest else EARLY_FIRST
