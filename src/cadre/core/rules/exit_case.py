"""The shapes of an exit-benefit calculation: the facts it needs, read from a JSON document (`cadre calc exit`),
and the result it gives.

`PersonFacts` is what a person's page knows; `ExitCase` adds the scheme and the kind of exit asked for;
`ExitBenefit` lists the components, and `ExitOption` is one scheme shown side by side with the others. Input
that cannot be right (a negative coefficient, a date that does not exist, an unknown scheme) is refused with
`BilingualError`, every problem at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from cadre.core.dates import DateError, PartialDate, parse_iso
from cadre.core.errors import BilingualError
from cadre.core.text import Text

Scheme = Literal["decree-178", "decree-154", "decree-170-art-58"]
ExitKind = Literal["early_retirement", "quit"]
SCHEMES: tuple[str, ...] = ("decree-178", "decree-154", "decree-170-art-58")
KINDS: tuple[str, ...] = ("early_retirement", "quit")
SEXES: tuple[str, ...] = ("male", "female")
# A guard against typing mistakes (25 for 25%, not 0.25), not a legal limit.
MAX_ALLOWANCE_PCT = Decimal(100)

_REQUIRED = (
    "birth_date",
    "sex",
    "salary_coefficient",
    "position_allowance_coefficient",
    "public_service_allowance_pct",
    "social_insurance_months",
    "leave_date",
)
# Without a scheme (or a kind), `cadre calc exit` picks the regime from the dates (`exit_regime`).
_OPTIONAL = (
    "scheme",
    "kind",
    "base_salary",
    "restructuring_decision_date",
    "exit_decision_date",
    "reduced_retirement_age",
)


@dataclass(frozen=True)
class PersonFacts:
    """A person's facts for the exit benefits. Money is in VND; `public_service_allowance_pct` is a percentage
    (25 for 25%). `leave_date` is the first day the person is no longer at work; `base_salary`, when given,
    overrides the dated series (`base_salary_vnd`). `exit_decision_date` is the day the decision letting the
    person retire early or quit was issued; unknown (None), Decree 178's closing dates are judged on the leave
    date alone."""

    birth: PartialDate
    sex: str
    salary_coefficient: Decimal
    position_allowance_coefficient: Decimal
    public_service_allowance_pct: Decimal
    social_insurance_months: int
    leave_date: dt.date
    restructuring_decision_date: dt.date | None = None
    exit_decision_date: dt.date | None = None
    base_salary: int | None = None
    reduced_retirement_age: bool = False  # retires at the reduced age of Decree 135/2020 Appendix II

    def __post_init__(self) -> None:
        problems = _check_facts(vars(self))
        if problems:
            raise FactsError(problems)


@dataclass(frozen=True)
class ExitCase:
    """A scheme and a kind of exit for one person; either may be None when the regime is to be picked from the
    dates (`exit_regime.exit_regime`)."""

    scheme: Scheme | None
    kind: ExitKind | None
    facts: PersonFacts


LABELS = {
    "one_time_pension": Text(
        "Trợ cấp hưu trí một lần cho số tháng nghỉ sớm",
        "One-time pension allowance for the months early",
    ),
    "early_years": Text("Trợ cấp cho số năm nghỉ sớm", "Allowance for the years early"),
    "service_allowance": Text(
        "Trợ cấp theo thời gian công tác có đóng BHXH bắt buộc",
        "Allowance for insured service",
    ),
    "severance": Text("Trợ cấp thôi việc", "Severance allowance"),
    "insured_years": Text("Trợ cấp cho số năm đóng BHXH bắt buộc", "Allowance per insured year"),
    "job_search": Text("Trợ cấp để tìm việc làm", "Job-search allowance"),
    "lump_sum": Text("Trợ cấp thôi việc (số tháng cố định)", "Resignation allowance (fixed months)"),
    "short_service": Text(
        "Trợ cấp thôi việc (công tác dưới 12 tháng)", "Resignation allowance (short service)"
    ),
}


def vnd_text(amount: int) -> Text:
    """An amount of money as a sentence writes it: '307.125.000 đồng', '307,125,000 VND'."""
    grouped = f"{amount:,}"
    return Text(f"{grouped.replace(',', '.')} đồng", f"{grouped} VND")


class NotCovered(BilingualError):
    """The scheme does not cover the case (too early, too late, not in force, ...)."""


class DecisionNeeded(NotCovered):
    """Decree 178 is open on the dates, but the restructuring decision's date, which it needs, is not given."""


# One problem of a case: the field it is about (None for the case as a whole) and what is wrong, in plain words.
Problem = tuple[str | None, Text]


class FactsError(BilingualError):
    """Facts that cannot be right, every problem at once. The message says what is wrong in plain words, as a
    page shows it; `with_fields` adds each problem's field name (`salary_coefficient: …`), as the JSON case
    file of `cadre calc exit` names it."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        vi, en = _joined([text for _field, text in self.problems])
        super().__init__(vi[:1].upper() + vi[1:], en[:1].upper() + en[1:])

    @property
    def with_fields(self) -> Text:
        named = [Text(f"{f}: {t.vi}", f"{f}: {t.en}") if f else t for f, t in self.problems]
        return Text(*_joined(named))


@dataclass(frozen=True)
class Component:
    name: str
    formula: str  # human-readable, e.g. "L × 0.9 × 60"
    amount: int  # VND

    @property
    def label(self) -> Text:
        return LABELS[self.name]

    @property
    def label_vi(self) -> str:
        return self.label.vi

    @property
    def label_en(self) -> str:
        return self.label.en


@dataclass(frozen=True)
class Condition:
    """A condition attached to a benefit, e.g. the refund owed if the person is re-employed within 60 months:
    what it says, the last day it binds, and the amount at stake (VND), when there is one."""

    text: Text
    until: dt.date | None = None
    amount: int | None = None

    def as_dict(self) -> dict:
        until = self.until.isoformat() if self.until else None
        return {"vi": self.text.vi, "en": self.text.en, "until": until, "amount": self.amount}


@dataclass(frozen=True)
class ExitBenefit:
    scheme: str
    kind: str
    monthly_salary: int  # L, VND
    base_salary: int
    months_early: int  # whole months from the leave date to the pension start at the statutory age
    components: tuple[Component, ...]
    sources: tuple[str, ...]
    unverified: bool
    conditions: tuple[Condition, ...] = ()

    @property
    def total(self) -> int:
        return sum(c.amount for c in self.components)

    def as_dict(self) -> dict:
        return {
            "monthly_salary": self.monthly_salary,
            "months_early": self.months_early,
            "components": [
                {"name": c.name, "formula": c.formula, "amount": c.amount} for c in self.components
            ],
            "total": self.total,
            "scheme": self.scheme,
            "kind": self.kind,
            "base_salary": self.base_salary,
            "conditions": [c.as_dict() for c in self.conditions],
            "unverified": self.unverified,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class ExitOption:
    """One way out for a person: its benefit, or why it does not apply."""

    scheme: str
    kind: str
    benefit: ExitBenefit | None = None
    reason_vi: str = ""
    reason_en: str = ""
    needs_decision: bool = False  # Decree 178 open on the dates, its restructuring decision date not given

    @property
    def total(self) -> int | None:
        return None if self.benefit is None else self.benefit.total


def parse_case(document: object) -> ExitCase:
    """An `ExitCase` from a decoded JSON object (numbers may be int, float or Decimal)."""
    if not isinstance(document, Mapping):
        raise BilingualError(
            "Hồ sơ phải là một đối tượng JSON ({...}).", "The case must be a JSON object ({...})."
        )
    problems: list[Problem] = []
    unknown = sorted(set(document) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        names = ", ".join(map(str, unknown))
        problems.append((None, Text(f"trường không xác định: {names}", f"unknown field(s): {names}")))
    required = list(_REQUIRED)
    if document.get("scheme") == "decree-178":
        required.append("restructuring_decision_date")
    missing = [name for name in required if document.get(name) is None]
    if missing:
        names = ", ".join(missing)
        problems.append((None, Text(f"thiếu trường: {names}", f"missing field(s): {names}")))

    reader = _Reader(document, problems)
    scheme = reader.choice("scheme", SCHEMES)
    kind = reader.choice("kind", KINDS)
    values = {
        "birth": reader.date("birth_date", full=False),
        "sex": reader.choice("sex", SEXES),
        "salary_coefficient": reader.number("salary_coefficient"),
        "position_allowance_coefficient": reader.number("position_allowance_coefficient"),
        "public_service_allowance_pct": reader.number("public_service_allowance_pct"),
        "social_insurance_months": reader.whole("social_insurance_months"),
        "leave_date": reader.date("leave_date"),
        "restructuring_decision_date": reader.date("restructuring_decision_date"),
        "exit_decision_date": reader.date("exit_decision_date"),
        "base_salary": reader.whole("base_salary"),
        "reduced_retirement_age": reader.flag("reduced_retirement_age"),
    }
    problems += _check_facts(values)
    if problems:
        raise FactsError(problems)
    return ExitCase(scheme, kind, PersonFacts(**values))


class _Reader:
    """Reads one field at a time, noting each problem and returning None for a missing or bad value."""

    def __init__(self, document: Mapping, problems: list[Problem]):
        self.document, self.problems = document, problems

    def _bad(self, name: str, vi: str, en: str) -> None:
        self.problems.append((name, Text(vi, en)))

    def choice(self, name: str, allowed: tuple[str, ...]):
        value = self.document.get(name)
        if value is None or value in allowed:
            return value
        self._bad(
            name,
            f"phải là một trong {', '.join(allowed)}, không phải «{value}»",
            f"must be one of {', '.join(allowed)}, not '{value}'",
        )
        return None

    def number(self, name: str) -> Decimal | None:
        value = self.document.get(name)
        if value is None:
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
                raise TypeError
            number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
            if not number.is_finite():
                raise TypeError
        except (TypeError, InvalidOperation):
            self._bad(name, f"phải là một số, không phải «{value}»", f"must be a number, not '{value}'")
            return None
        return number

    def whole(self, name: str) -> int | None:
        number = self.number(name)
        if number is None:
            return None
        if number != number.to_integral_value():
            self._bad(
                name, f"phải là số nguyên, không phải {number}", f"must be a whole number, not {number}"
            )
            return None
        return int(number)

    def flag(self, name: str) -> bool:
        value = self.document.get(name, False)
        if not isinstance(value, bool):
            self._bad(name, "phải là true hoặc false", "must be true or false")
            return False
        return value

    def date(self, name: str, full: bool = True):
        value = self.document.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self._bad(name, "phải là chuỗi ngày YYYY-MM-DD", "must be a date string, YYYY-MM-DD")
            return None
        try:
            date = parse_iso(value)
        except DateError as error:
            self.problems.append((name, error.text))
            return None
        if not full:
            return date
        if date.precision != "day":
            self._bad(
                name,
                f"cần đủ ngày, tháng, năm (YYYY-MM-DD), không phải «{value}»",
                f"needs a full date (YYYY-MM-DD), not '{value}'",
            )
            return None
        return date.anchor()


def _check_facts(values: Mapping) -> list[Problem]:
    """The problems of facts that each read well on their own; a value that is missing (None) is skipped."""
    problems = []

    def check(name: str, ok, vi: str, en: str) -> None:
        if values.get(name) is not None and not ok(values[name]):
            problems.append((name, Text(vi, en)))

    check("sex", lambda v: v in SEXES, "giới tính phải là male hoặc female", "sex must be male or female")
    check(
        "salary_coefficient",
        lambda v: v > 0,
        "hệ số lương phải lớn hơn 0",
        "the salary coefficient must be more than 0",
    )
    check(
        "position_allowance_coefficient",
        lambda v: v >= 0,
        "hệ số phụ cấp chức vụ không được âm",
        "the position allowance coefficient cannot be negative",
    )
    check(
        "public_service_allowance_pct",
        lambda v: 0 <= v <= MAX_ALLOWANCE_PCT,
        f"tỷ lệ phụ cấp công vụ phải từ 0 đến {MAX_ALLOWANCE_PCT} (%)",
        f"the public-service allowance must be from 0 to {MAX_ALLOWANCE_PCT} (%)",
    )
    check(
        "social_insurance_months",
        lambda v: v >= 0,
        "số tháng đóng BHXH không được âm",
        "the insured months cannot be negative",
    )
    check(
        "base_salary",
        lambda v: v > 0,
        "lương cơ sở phải lớn hơn 0",
        "the base salary must be more than 0",
    )
    birth, leave = values.get("birth"), values.get("leave_date")
    if birth is not None and leave is not None and birth.anchor() >= leave:
        problems.append(
            (
                "leave_date",
                Text("ngày nghỉ phải sau ngày sinh", "the leave date must come after the birth date"),
            )
        )
    decided = values.get("exit_decision_date")
    if decided is not None and leave is not None and decided > leave:
        problems.append(
            (
                "exit_decision_date",
                Text(
                    f"ngày nghỉ {leave:%d/%m/%Y} trước ngày ban hành quyết định nghỉ việc {decided:%d/%m/%Y}",
                    f"the leave date {leave:%d/%m/%Y} is before the exit decision was issued "
                    f"({decided:%d/%m/%Y})",
                ),
            )
        )
    if decided is not None and birth is not None and decided <= birth.anchor():
        problems.append(
            (
                "exit_decision_date",
                Text(
                    "ngày quyết định nghỉ việc phải sau ngày sinh",
                    "the exit decision must come after the birth date",
                ),
            )
        )
    return problems


def _joined(texts: list[Text]) -> tuple[str, str]:
    def join(messages):
        return "; ".join(m.rstrip(".") for m in messages) + "."

    return join(t.vi for t in texts), join(t.en for t in texts)
