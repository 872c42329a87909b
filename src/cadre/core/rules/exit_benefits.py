"""Exit benefits: what a person receives on leaving the service early, by scheme.

- Decree 178/2024 as amended by Decree 67/2025 (restructuring of the political system): early retirement and
  quitting, with the rate halved for those who leave after the first months from the restructuring decision.
- Decree 154/2025 (staff streamlining, 16/06/2025 to 31/12/2030): early retirement 2 to 5 years early, and
  quitting at once, each with the refund owed on re-employment within 60 months as a condition.
- Decree 170/2025 Art. 58: a civil servant's voluntary resignation.

`L` is the current monthly salary: (salary coefficient + position allowance coefficient) × base salary ×
(1 + public-service allowance %), rounded to the đồng. Each component is L × its factors, rounded to the đồng
(half up), and the total is the sum of the rounded components. The months early count whole months from the
leave date to the first day of the pension at the statutory age (`cadre.core.rules.retirement`). Every rate is
a policy parameter; a case a scheme does not cover raises `NotCovered`, with the reason in both languages.
Decree 178 covers only exits decided and taken before it closed (`exit_178_closing`). Which regime applies to a
person on given dates is `cadre.core.rules.exit_regime`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cadre.core.dates import add_months, months_between
from cadre.core.errors import BilingualError
from cadre.core.policy import DatedValue, Policy, PolicyError, national_policy
from cadre.core.rules.exit_case import (
    LABELS,
    Component,
    DecisionNeeded,
    ExitBenefit,
    ExitCase,
    ExitOption,
    NotCovered,
    PersonFacts,
)
from cadre.core.rules.exit_later import LaterSchemes
from cadre.core.rules.retirement import Retirement, retirement
from cadre.core.text import Text

OPTIONS: tuple[tuple[str, str], ...] = (
    ("decree-178", "early_retirement"),
    ("decree-178", "quit"),
    ("decree-154", "early_retirement"),
    ("decree-154", "quit"),
    ("decree-170-art-58", "quit"),
)
__all__ = [
    "LABELS",
    "OPTIONS",
    "Component",
    "ExitBenefit",
    "ExitOption",
    "NotCovered",
    "exit_benefit",
    "exit_options",
]


def exit_benefit(case: ExitCase, policy: Policy | None = None) -> ExitBenefit:
    """The benefit of `case` (which names its scheme and kind); raises NotCovered when its scheme does not
    cover it."""
    calc = _Calc(case, policy or national_policy())
    try:
        return calc.run()
    except PolicyError as error:
        raise NotCovered(
            f"Chế độ này không áp dụng cho người nghỉ việc ngày {case.facts.leave_date:%d/%m/%Y}: ngày đó "
            "chế độ chưa có hoặc đã hết hiệu lực.",
            f"This scheme does not cover leaving on {case.facts.leave_date:%d/%m/%Y}: it was not yet, or no "
            "longer, in force on that day.",
        ) from error


def exit_options(facts: PersonFacts, policy: Policy | None = None) -> list[ExitOption]:
    """Every scheme side by side for one person: early retirement and quitting under Decree 178 and under
    Decree 154, resignation under Decree 170 Art. 58, each with its benefit or the reason it does not apply."""
    options = []
    for scheme, kind in OPTIONS:
        try:
            options.append(ExitOption(scheme, kind, exit_benefit(ExitCase(scheme, kind, facts), policy)))
        except BilingualError as error:
            needs = isinstance(error, DecisionNeeded)
            options.append(ExitOption(scheme, kind, None, error.message_vi, error.message_en, needs))
    if any(o.scheme == "decree-178" and o.benefit is not None for o in options):
        # Decree 154 does not cover the cases of the political system's restructuring (docs/policy.md).
        vi, en = COVERED_BY_178
        # An open Decree 154 option is shown closed with that reason, not as a lower alternative; a closed one
        # keeps its own reason.
        options = [
            ExitOption(o.scheme, o.kind, None, vi, en) if o.scheme == "decree-154" and o.benefit else o
            for o in options
        ]
    return options


COVERED_BY_178 = Text(
    "Không áp dụng: trên các ngày này người này thuộc diện Nghị định 178/2024 (sắp xếp tổ chức bộ máy), mà Nghị "
    "định 154/2025 không áp dụng cho các trường hợp đó.",
    "Does not apply: on these dates the person is covered by Decree 178/2024 (restructuring), whose cases Decree "
    "154/2025 does not cover.",
)


def years_of_service(months: int, rounding: dict) -> Decimal:
    """Insured months as years, a part-year rounded to a half or a whole year (policy
    `exit_part_year_rounding`)."""
    years, rest = divmod(months, 12)
    if rest >= rounding["full_year_from_months"]:
        return Decimal(years + 1)
    if rest >= rounding["half_year_from_months"]:
        return Decimal(years) + Decimal("0.5")
    return Decimal(years)


@dataclass
class _Calc(LaterSchemes):
    case: ExitCase
    policy: Policy
    used: list[DatedValue] = field(default_factory=list)

    @property
    def facts(self) -> PersonFacts:
        return self.case.facts

    def value(self, name: str, on: dt.date | None = None):
        entry = self.policy.entry(name, on or self.facts.leave_date)
        self.used.append(entry)
        return entry.value

    def run(self) -> ExitBenefit:
        facts = self.facts
        self.retirement = self._retirement()
        self.months_early = months_between(facts.leave_date, self.retirement.pension_start)
        self.base = self._base_salary()
        coefficients = _decimal(facts.salary_coefficient) + _decimal(facts.position_allowance_coefficient)
        self.L = _round(coefficients * self.base * (1 + _decimal(facts.public_service_allowance_pct) / 100))
        handler = {
            ("decree-178", "early_retirement"): self._early_retirement_178,
            ("decree-178", "quit"): self._quit_178,
            ("decree-154", "early_retirement"): self._early_retirement_154,
            ("decree-154", "quit"): self._quit_154,
            ("decree-170-art-58", "quit"): self._resignation_170,
        }.get((self.case.scheme, self.case.kind))
        if handler is None:
            raise NotCovered(
                "Điều 58 Nghị định 170 chỉ quy định tự nguyện thôi việc, không có chế độ nghỉ hưu trước tuổi.",
                "Decree 170 Art. 58 covers voluntary resignation only, not early retirement.",
            )
        components = handler()
        conditions = self._refund_154(components) if self.case.scheme == "decree-154" else ()
        return ExitBenefit(
            scheme=self.case.scheme,
            kind=self.case.kind,
            monthly_salary=self.L,
            base_salary=self.base,
            months_early=self.months_early,
            components=tuple(components),
            sources=tuple(dict.fromkeys([*self.retirement.sources, *(e.source for e in self.used)])),
            unverified=self.retirement.unverified or any(e.unverified for e in self.used),
            conditions=conditions,
        )

    # ---- shared facts ---------------------------------------------------------------------------------

    def _retirement(self) -> Retirement:
        facts = self.facts
        return retirement(facts.sex, facts.birth, early=facts.reduced_retirement_age, policy=self.policy)

    def _base_salary(self) -> int:
        if self.facts.base_salary is not None:
            return self.facts.base_salary
        # The current salary is the one of the month before leaving.
        return self.value("base_salary_vnd", self.facts.leave_date - dt.timedelta(days=1))

    def _insured_years(self) -> Decimal:
        return years_of_service(self.facts.social_insurance_months, self.value("exit_part_year_rounding"))

    def _component(self, name: str, formula: str, *factors: Decimal) -> Component:
        amount = Decimal(self.L)
        for factor in factors:
            amount *= factor
        return Component(name, f"L × {formula}", _round(amount))

    def _require_before_retirement(self, min_months: int = 1) -> None:
        if self.months_early >= min_months and self.facts.leave_date < self.retirement.pension_start:
            return
        when = self.retirement.pension_start
        if min_months <= 1:
            raise NotCovered(
                f"Ngày nghỉ {self.facts.leave_date:%d/%m/%Y} không trước thời điểm hưởng lương hưu đúng tuổi "
                f"({when:%d/%m/%Y}).",
                f"The leave date {self.facts.leave_date:%d/%m/%Y} is not before the pension at the "
                f"statutory age ({when:%d/%m/%Y}).",
            )
        raise NotCovered(
            f"Chỉ còn {max(self.months_early, 0)} tháng đến thời điểm hưởng lương hưu ({when:%d/%m/%Y}); chế độ "
            f"thôi việc cần còn ít nhất {min_months} tháng.",
            f"Only {max(self.months_early, 0)} months are left to the pension at the statutory age "
            f"({when:%d/%m/%Y}); quitting needs at least {min_months}.",
        )

    def _require_decision(self) -> None:
        self._require_178_open()
        decision, leave = self.facts.restructuring_decision_date, self.facts.leave_date
        if decision is None:
            raise DecisionNeeded(
                "Cần ngày quyết định sắp xếp tổ chức bộ máy của cấp có thẩm quyền.",
                "The date of the competent authority's restructuring decision is needed.",
            )
        if leave < decision:
            raise NotCovered(
                f"Ngày nghỉ {leave:%d/%m/%Y} trước ngày quyết định sắp xếp {decision:%d/%m/%Y}.",
                f"The leave date {leave:%d/%m/%Y} is before the restructuring decision {decision:%d/%m/%Y}.",
            )

    def _require_178_open(self) -> None:
        """Decree 178 closed: the exit decision issued before `decisions_before` and the leave on or before
        `last_leave_date`, or a decision issued before `roadmap_decisions_before` with a roadmap to
        `roadmap_last_leave_date`. An unknown decision date is judged on the leave date alone."""
        closing = self.value("exit_178_closing")
        decided, leave = self.facts.exit_decision_date, self.facts.leave_date
        in_time = decided is None or decided < closing["decisions_before"]
        if in_time and leave <= closing["last_leave_date"]:
            return
        roadmap = decided is not None and decided < closing["roadmap_decisions_before"]
        if roadmap and leave <= closing["roadmap_last_leave_date"]:
            return
        raise NotCovered(*_closed_178(closing, decided, leave))

    def _rate(self, factor: float) -> Decimal:
        """The coefficient of the one-time or severance allowance, halved after the window."""
        decision, leave = self.facts.restructuring_decision_date, self.facts.leave_date
        window = self.value("exit_rate_window")
        rate = _decimal(factor)
        if leave >= add_months(decision, window["months"]):  # from month 13, counting the decision's month 1
            rate *= _decimal(window["later_factor"])
        return rate

    # ---- Decree 178/2024 (as amended by Decree 67/2025) -----------------------------------------------

    def _early_retirement_problem(self) -> NotCovered | None:
        """Why the person may not retire early under Decree 178 Art. 7, or None."""
        rules = self.value("exit_early_retirement_bands")
        limit = (
            rules["reduced_age_max_months"]
            if self.facts.reduced_retirement_age
            else rules["bands"][-1]["up_to_months"]
        )
        if self.months_early < 1:
            return NotCovered(
                "Ngày nghỉ không trước thời điểm nghỉ hưu đúng tuổi: không phải nghỉ hưu trước tuổi.",
                "The leave date is not before the statutory retirement: this is not early retirement.",
            )
        if self.months_early > limit:
            return NotCovered(
                f"Nghỉ sớm {self.months_early} tháng, quá {limit} tháng mà chế độ nghỉ hưu trước tuổi cho phép.",
                f"{self.months_early} months early is more than the {limit} months early retirement allows.",
            )
        return self._pension_problem()

    def _pension_problem(self) -> NotCovered | None:
        """Why the person may not draw a pension on the leave date (too few insured years), or None."""
        pension_years = self.value("pension_min_insured_years")
        if self.facts.social_insurance_months >= pension_years * 12:
            return None
        return NotCovered(
            f"Chưa đủ {pension_years} năm đóng BHXH bắt buộc để hưởng lương hưu, nên không thuộc chế độ nghỉ "
            "hưu trước tuổi (xem chế độ thôi việc).",
            f"Fewer than the {pension_years} insured years needed for a pension, so early retirement does not "
            "apply (see quitting).",
        )

    def _early_retirement_178(self) -> list[Component]:
        self._require_decision()
        problem = self._early_retirement_problem()
        if problem:
            raise problem
        rules = self.value("exit_early_retirement_bands")
        m = self.months_early
        band = next(b for b in rules["bands"] if m <= b["up_to_months"])
        one_time_months = min(m, rules["one_time_months_cap"])
        rate = self._rate(band["one_time_factor"])
        components = [
            self._component(
                "one_time_pension", f"{_factor(rate)} × {one_time_months}", rate, Decimal(one_time_months)
            )
        ]
        if band["per_early_year_months"]:
            components.append(
                self._per_year("early_years", band["per_early_year_months"], self._early_years(m))
            )
        if band["service_allowance"]:
            service = self._service_allowance()
            if service:
                components.append(service)
        return components

    def _early_years(self, months: int) -> Decimal:
        return self._count_early_years(months, self.value("exit_early_years_counting")["count"])

    def _count_early_years(self, months: int, counting: str) -> Decimal:
        if counting == "full_years":
            return Decimal(months // 12)
        if counting == "part_year_rounding":
            return years_of_service(months, self.value("exit_part_year_rounding"))
        raise PolicyError(f"unknown exit_early_years_counting {counting!r}")

    def _service_allowance(self, rules: list[dict] | None = None) -> Component | None:
        """The allowance for insured service by the first rule with `first_years` ≤ S (Decree 178's
        `exit_service_allowance` unless `rules` are given)."""
        insured = self.facts.social_insurance_months
        rules = self.value("exit_service_allowance")["rules"] if rules is None else rules
        rule = next((r for r in rules if insured >= r["first_years"] * 12), None)
        if rule is None:
            return None  # too few insured years for any rule: the component is absent
        years = self._insured_years()
        first, per_year = _decimal(rule["first_months"]), _decimal(rule["per_year_after"])
        months = first + per_year * (years - rule["first_years"])
        formula = f"({_num(first)} + {_num(per_year)} × ({_num(years)} − {rule['first_years']}))"
        if not per_year:  # a flat allowance (Decree 154, 15 to 20 insured years)
            formula = _num(first)
        return self._component("service_allowance", formula, months)

    def _quit_178(self) -> list[Component]:
        self._require_decision()
        rules = self.value("exit_quit_178")
        self._require_before_retirement(rules["min_months_before_retirement"])
        if rules["excludes_early_retirement_eligible"] and self._early_retirement_problem() is None:
            raise NotCovered(
                "Người này đủ điều kiện nghỉ hưu trước tuổi; chế độ thôi việc của Nghị định 178 chỉ áp dụng cho "
                "người không đủ điều kiện đó.",
                "This person qualifies for early retirement; Decree 178's quitting regime covers only those who "
                "do not.",
            )
        rate = self._rate(rules["severance_factor"])
        months = min(self.facts.social_insurance_months, rules["severance_months_cap"])
        return [
            self._component("severance", f"{_factor(rate)} × {months}", rate, Decimal(months)),
            *self._per_insured_year(rules["per_insured_year_months"]),
            self._months("job_search", rules["job_search_months"]),
        ]

    def _months(self, name: str, months: float) -> Component:
        return self._component(name, _num(_decimal(months)), _decimal(months))

    def _per_insured_year(self, per_year: float) -> list[Component]:
        return [self._per_year("insured_years", per_year, self._insured_years())]

    def _per_year(self, name: str, per_year: float, years: Decimal) -> Component:
        """L × `per_year` months for each of `years` years."""
        per_year = _decimal(per_year)
        return self._component(name, f"{_num(per_year)} × {_num(years)}", per_year, years)


def _closed_178(closing: dict, decided: dt.date | None, leave: dt.date) -> tuple[str, str]:
    """Why Decree 178 does not cover an exit decided on `decided` (None: unknown) and taken on `leave`."""
    before, last = closing["decisions_before"], closing["last_leave_date"]
    road_before, road_last = closing["roadmap_decisions_before"], closing["roadmap_last_leave_date"]
    rule_vi = (
        f"Nghị định 178 đã kết thúc ({closing['citation_vi']}): quyết định nghỉ việc phải ban "
        f"hành trước ngày {before:%d/%m/%Y} và nghỉ chậm nhất ngày {last:%d/%m/%Y}; quyết định ban hành trước "
        f"ngày {road_before:%d/%m/%Y} có lộ trình thì nghỉ chậm nhất ngày {road_last:%d/%m/%Y}."
    )
    rule_en = (
        f"Decree 178 has closed ({closing['citation_en']}): the exit decision had to "
        f"be issued before {before:%d/%m/%Y} and the person leave by {last:%d/%m/%Y}; with a decision "
        f"issued before {road_before:%d/%m/%Y} that sets a roadmap, by {road_last:%d/%m/%Y}."
    )
    if decided is None:
        case_vi = f"Ngày nghỉ {leave:%d/%m/%Y}, không rõ ngày quyết định nghỉ việc."
        case_en = f"Leaving on {leave:%d/%m/%Y}, the date of the exit decision unknown."
    else:
        case_vi = f"Quyết định nghỉ việc ngày {decided:%d/%m/%Y}, nghỉ ngày {leave:%d/%m/%Y}."
        case_en = f"Exit decision of {decided:%d/%m/%Y}, leaving on {leave:%d/%m/%Y}."
    return f"{case_vi} {rule_vi}", f"{case_en} {rule_en}"


def _decimal(value: float | int | Decimal) -> Decimal:
    """A policy number as an exact decimal (0.9 is 9/10, not the nearest binary fraction)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _round(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _num(value: Decimal) -> str:
    """24, 15.5, 0.45: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def _factor(value: Decimal) -> str:
    """A rate per month keeps one decimal: 1.0, 0.5, 0.45."""
    text = _num(value)
    return text if "." in text else f"{text}.0"
