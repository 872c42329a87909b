"""The exit list (danh sách nghỉ việc): who the rules flag, one row each, by severity, then by name.

`exit_rows(officials, assumptions, flags=None)` gives one `ExitRow` per official the rules flag, by the flag's
severity (the order of `FLAGS`), then by name; the exit list page and its XLSX export both call it. The page
asks by default for the flags of the evaluation rules (`CONSEQUENCE_FLAGS`: a few dozen people in a province,
read in a fraction of a second) and shows everyone with an exit option (nearly every official, several seconds)
only when asked. A person is flagged when

- `consequences` (core.rules.evaluation) says their ratings lead to relief of office, dismissal (deferred
  while they are protected) or reassignment; a protected person stays in the list, marked, with why;
- or else `exit_options` (core.rules.exit_benefits) offers them early retirement (Decree 178 or Decree 154),
  or some way to quit (Decree 178, Decree 154, Decree 170 Art. 58), as the regime in force on the assumed
  dates allows (`core.rules.exit_regime`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from cadre.core.errors import BilingualError
from cadre.core.policy import PolicyError
from cadre.core.rules.evaluation import Consequence, Level
from cadre.core.rules.exit_benefits import ExitOption, exit_options
from cadre.core.rules.exit_case import PersonFacts
from cadre.core.rules.exit_regime import OPTION_NAMES, most_favourable
from cadre.core.text import Text, duration_text
from cadre.web.text import translated

from ..models import Protection
from ..profile import latest_consequences
from .estimates import ESTIMATE, Assumptions, Input, date_text, estimated_facts
from .registry import Person, load_people, load_ratings

FLAGS: dict[str, Text] = {
    "relieved_of_office": Text("Miễn nhiệm, cho thôi làm nhiệm vụ", "Relieved of office"),
    "dismissal": Text("Giải quyết thôi việc", "Dismissed"),
    "dismissal_deferred": Text("Thôi việc, chưa giải quyết (diện bảo vệ)", "Dismissal deferred (protected)"),
    "reassignment": Text("Bố trí công tác khác hoặc vị trí thấp hơn", "Reassigned or moved down"),
    "early_retirement": Text("Có thể nghỉ hưu trước tuổi", "Could retire early"),
    "quit": Text("Có thể thôi việc", "Could quit"),
}
SEVERITY = {code: rank for rank, code in enumerate(FLAGS)}
CONSEQUENCE_FLAGS = ("relieved_of_office", "dismissal", "dismissal_deferred", "reassignment")


@dataclass(frozen=True)
class ExitRow:
    """One flagged person: the flag, why, any protection, and their options with the inputs used."""

    person: Person
    flag: str
    reason: Text
    protection: Text | None
    options: tuple[ExitOption, ...]
    inputs: tuple[Input, ...]
    facts: PersonFacts | None
    source: str = ""
    unverified: bool = False

    @property
    def flag_label(self) -> Text:
        return FLAGS[self.flag]

    @property
    def severity(self) -> int:
        return SEVERITY[self.flag]

    @property
    def best(self) -> ExitOption | None:
        """The option that applies on the dates (`exit_regime.most_favourable`), or None when none does."""
        return most_favourable(self.options, self.facts.leave_date) if self.facts else None

    @property
    def best_name(self) -> Text | str:
        return OPTION_NAMES[self.best.scheme, self.best.kind] if self.best else ""

    def total(self, scheme: str, kind: str) -> int | None:
        return next((o.total for o in self.options if (o.scheme, o.kind) == (scheme, kind)), None)

    @property
    def estimated(self) -> Text:
        """The estimated inputs in one line: 'Ước tính: hệ số lương 4,98; …'."""
        vi = "; ".join(f"{_lower_first(i.label.vi)} {i.value.vi}" for i in self.inputs)
        en = "; ".join(f"{_lower_first(i.label.en)} {i.value.en}" for i in self.inputs)
        return Text(f"{ESTIMATE.vi.capitalize()}: {vi}", f"{ESTIMATE.en.capitalize()}: {en}")


def consequence_of(person: Person, ratings: dict[int, Level]) -> Consequence | None:
    """What the latest rating leads to, judged as on the person's page (`profile.latest_consequences`)."""
    if not ratings:
        return None
    try:
        found = latest_consequences(person.position, person.since, bool(person.protection), ratings)
    except PolicyError:
        return None  # no rule in force for that year: nothing can be said
    return found[0] if found else None


def exit_row(person: Person, ratings: dict[int, Level], assumptions: Assumptions) -> ExitRow | None:
    """The person's row, or None when no rule flags them."""
    try:
        facts, inputs = estimated_facts(person, assumptions)
        options = tuple(exit_options(facts))
    except BilingualError:
        facts, inputs, options = None, (), ()
    found = consequence_of(person, ratings)
    if found is not None:
        reason, protection = Text(found.message_vi, found.message_en), _protection(person, found.code)
        return ExitRow(
            person, found.code, reason, protection, options, inputs, facts, found.source, found.unverified
        )
    applicable = [o for o in options if o.benefit is not None]
    if not applicable:
        return None
    leave = date_text(assumptions.leave_date).en
    shown = most_favourable(applicable, facts.leave_date)
    early = shown if shown.kind == "early_retirement" else None
    months = shown.benefit.months_early
    when = Text(
        f"Nghỉ từ {leave}, {months} tháng trước thời điểm hưởng lương hưu đúng tuổi",
        f"Leaving on {leave}, {months} months before the pension at the statutory age",
    )
    if early is not None:
        flag = "early_retirement"
        insured, name = duration_text(facts.social_insurance_months), OPTION_NAMES[early.scheme, early.kind]
        reason = Text(
            f"{when.vi}, với {insured.vi} đóng BHXH (ước tính): áp dụng {_lower_first(name.vi)}.",
            f"{when.en}, with {insured.en} insured (estimated): {_lower_first(name.en)} applies.",
        )
    else:
        flag, names = "quit", [OPTION_NAMES[o.scheme, o.kind] for o in applicable]
        reason = Text(
            f"{when.vi}: " + "; ".join(n.vi for n in names), f"{when.en}: " + "; ".join(n.en for n in names)
        )
    benefit = shown.benefit
    protection = _protection(person, flag)
    return ExitRow(
        person,
        flag,
        reason,
        protection,
        options,
        inputs,
        facts,
        "; ".join(benefit.sources),
        benefit.unverified,
    )


def _protection(person: Person, flag: str) -> Text | None:
    if not person.protection:
        return None
    label = translated(Protection(person.protection).label)
    if flag != "relieved_of_office":
        return label
    return Text(
        f"{label.vi}. Quy định chỉ hoãn việc giải quyết thôi việc, không hoãn miễn nhiệm.",
        f"{label.en}. The rule defers dismissal only, not relief of office.",
    )


# Each person's options take about half a millisecond to compute, on the spot: a province (a few thousand
# officials) is listed in seconds, the whole country would take minutes, so a national user narrows it first.
MAX_PEOPLE = 20_000


def exit_rows(officials, assumptions: Assumptions, flags: Collection[str] | None = None) -> list[ExitRow]:
    """Every flagged person among `officials` (with `flags`, those with one of these flags only), by severity,
    then by name. Raises TooManyPeople for more than `MAX_PEOPLE` officials."""
    people = load_people(officials, MAX_PEOPLE)
    ratings = load_ratings(officials)
    rows = []
    for person in people:
        row = exit_row(person, ratings.get(person.pk, {}), assumptions)
        if row is not None and (flags is None or row.flag in flags):
            rows.append(row)
    rows.sort(key=lambda row: row.severity)  # stable: the name order stays within a flag
    return rows


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]  # "Thời gian đóng BHXH" keeps its capitals
