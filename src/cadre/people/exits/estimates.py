"""The inputs of a person's exit benefits that the registry lacks, and the dates every person shares.

The registry has no salary or social-insurance records. The benefits' other inputs are therefore estimated by
the documented rules of the policy file (`exit_estimate_*`, dated and cited like a legal value, with a province's
own position allowances), and the leave and decision dates come from the request (`Assumptions`); every
estimated or assumed input is listed with its basis (docs/exits.md), so a page never shows an amount without
saying what it rests on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cadre.core.dates import add_months, months_between
from cadre.core.policy import Policy, PolicyError, national_policy
from cadre.core.rules.exit_case import PersonFacts
from cadre.core.text import Text

from ..models import PositionKind
from ..profile import birth_of
from .registry import Person

ESTIMATE, DEFAULT, GIVEN, UNVERIFIED = (
    Text("ước tính", "estimate"),
    Text("mặc định", "default"),
    Text("do người dùng chọn", "chosen by the user"),
    Text("chưa kiểm chứng", "unverified"),
)
NOTE = Text(
    "Các số tiền là ước tính: sổ đăng ký không có hệ số lương, phụ cấp và thời gian đóng BHXH, nên các đầu "
    "vào ghi «ước tính» được suy ra theo quy tắc, có ghi căn cứ. Đối chiếu hồ sơ lương, BHXH trước khi quyết "
    "định.",
    "The amounts are estimates: the registry holds no salary coefficients, allowances or insured months, so "
    "the inputs marked 'estimate' follow rules, each shown with its basis. Check the payroll and insurance "
    "records before deciding.",
)


@dataclass(frozen=True)
class Grade:
    """A salary grade (ngạch): its coefficient at step 1, what each further step adds, and how many steps."""

    code: str
    first: Decimal
    step: Decimal
    steps: int

    @classmethod
    def of(cls, table: dict) -> Grade:
        return cls(table["code"], _decimal(table["first"]), _decimal(table["step"]), table["steps"])


@dataclass(frozen=True)
class EstimateRules:
    """How the inputs the registry lacks are estimated for a person of one province leaving on one day: the
    policy file's `exit_estimate_*` values in force that day (docs/exits.md explains each one)."""

    insurance_start_age: int
    years_per_salary_step: int
    grid: Grade
    leader_grid: Grade
    leader_grid_up_to_level: int
    position_allowance_by_level: dict[int, Decimal]
    public_service_allowance_pct: Decimal

    @classmethod
    def of(cls, province: str | None, on: dt.date, policy: Policy | None = None) -> EstimateRules:
        """The rules on `on`; a province listed under the position allowance takes its own table."""
        policy = policy or national_policy()
        salary = policy.value("exit_estimate_salary_grade", on)
        allowance = policy.value("exit_estimate_position_allowance", on)
        by_level = allowance.get("provinces", {}).get(province or "", allowance)["by_level"]
        return cls(
            insurance_start_age=policy.value("exit_estimate_insured_service", on)["from_age"],
            years_per_salary_step=salary["years_per_step"],
            grid=Grade.of(salary["grid"]),
            leader_grid=Grade.of(salary["leader_grid"]),
            leader_grid_up_to_level=salary["leader_grid_up_to_level"],
            position_allowance_by_level={int(level): _decimal(v) for level, v in by_level.items()},
            public_service_allowance_pct=_decimal(
                policy.value("exit_estimate_public_service_allowance_pct", on)
            ),
        )


@dataclass(frozen=True)
class Input:
    """One input of the benefits as shown to the user: its value, where it comes from, and whether it is an
    estimate, a default or the user's choice."""

    label: Text
    value: Text
    basis: Text
    kind: Text


@dataclass(frozen=True)
class Assumptions:
    """The dates every person shares: the first day they would no longer be at work, the restructuring
    decision from which Decree 178's rate window counts, and the day the exit decision would be issued (None:
    unknown, and Decree 178's closing dates are judged on the leave date alone). `*_given` is false when the
    default was taken."""

    leave_date: dt.date
    decision_date: dt.date
    leave_given: bool = False
    decision_given: bool = False
    exit_decision_date: dt.date | None = None

    @classmethod
    def of(
        cls, leave_date=None, decision_date=None, today: dt.date | None = None, exit_decision_date=None
    ) -> Assumptions:
        """Defaults: the 1st of next month, the day the two-tier local government began (policy file), and no
        exit decision date."""
        today = today or dt.date.today()
        leave = leave_date or add_months(today.replace(day=1), 1)
        decision = decision_date or national_policy().value("two_tier_in_force", today)
        given = (leave_date is not None, decision_date is not None)
        return cls(leave, decision, *given, exit_decision_date=exit_decision_date)

    def inputs(self) -> tuple[Input, ...]:
        leave_basis = Text(
            "ngày đầu tiên không còn làm việc; mặc định: ngày 1 tháng sau",
            "the first day no longer at work; default: the 1st of next month",
        )
        decision_basis = Text(
            "mốc của 12 tháng hưởng mức đầy đủ (Nghị định 178); mặc định: ngày chính quyền địa phương hai "
            "cấp bắt đầu hoạt động, theo tệp chính sách",
            "opens the 12 months at the full rate (Decree 178); default: the day two-tier local government "
            "began, as the policy file has it",
        )
        exit_decision = self.exit_decision_date
        return (
            Input(
                Text("Ngày nghỉ", "Leave date"),
                date_text(self.leave_date),
                leave_basis,
                self._kind("leave"),
            ),
            Input(
                Text("Ngày quyết định sắp xếp", "Restructuring decision date"),
                date_text(self.decision_date),
                decision_basis,
                self._kind("decision"),
            ),
            Input(
                Text("Ngày ban hành quyết định nghỉ việc", "Exit decision date"),
                date_text(exit_decision) if exit_decision else Text("chưa biết", "unknown"),
                self._exit_decision_basis(),
                GIVEN if exit_decision else DEFAULT,
            ),
        )

    def _exit_decision_basis(self) -> Text:
        unknown = Text("khi chưa biết, chỉ xét theo ngày nghỉ", "when unknown, only the leave date is judged")
        try:
            closing = national_policy().value("exit_178_closing", self.leave_date)
        except PolicyError:
            return unknown
        before, roadmap = closing["decisions_before"], closing["roadmap_decisions_before"]
        return Text(
            f"Nghị định 178 chỉ áp dụng cho quyết định ban hành trước {before:%d/%m/%Y} (có lộ trình: trước "
            f"{roadmap:%d/%m/%Y}); {unknown.vi}",
            f"Decree 178 covers only decisions issued before {before:%d/%m/%Y} (with a roadmap: before "
            f"{roadmap:%d/%m/%Y}); {unknown.en}",
        )

    def _kind(self, name: str) -> Text:
        return GIVEN if getattr(self, f"{name}_given") else DEFAULT


def estimated_facts(
    person: Person, assumptions: Assumptions, policy: Policy | None = None
) -> tuple[PersonFacts, tuple[Input, ...]]:
    """The person's facts for the benefits, with the estimated inputs. Raises BilingualError for facts that
    cannot be right (a leave date before the birth)."""
    rules = EstimateRules.of(person.province, assumptions.leave_date, policy)
    birth, age = birth_of(person), rules.insurance_start_age
    if person.first_posting:
        start, first = person.first_posting, date_text(person.first_posting).en
        basis = Text(
            f"từ lần công tác đầu tiên ghi trong sổ ({first}), coi là đóng liên tục",
            f"from the first posting in the registry ({first}), taken as insured without a break",
        )
    else:
        start = add_months(birth.anchor(), 12 * age)
        basis = Text(
            f"sổ không ghi quá trình công tác: từ tuổi {age}, coi là đóng liên tục",
            f"no posting in the registry: from age {age}, taken as insured without a break",
        )
    months = max(0, months_between(start, assumptions.leave_date))
    position = person.position
    leader = position is not None and position.kind == PositionKind.LEADERSHIP
    senior = leader and position.level <= rules.leader_grid_up_to_level
    grid, every = rules.leader_grid if senior else rules.grid, rules.years_per_salary_step
    step = min(1 + months // 12 // every, grid.steps)
    coefficient = grid.first + grid.step * (step - 1)
    allowance = (
        rules.position_allowance_by_level.get(position.level, Decimal("0")) if leader else Decimal("0")
    )
    pct = rules.public_service_allowance_pct
    facts = PersonFacts(
        birth=birth,
        sex=person.sex,
        salary_coefficient=coefficient,
        position_allowance_coefficient=allowance,
        public_service_allowance_pct=pct,
        social_insurance_months=months,
        leave_date=assumptions.leave_date,
        restructuring_decision_date=assumptions.decision_date,
        exit_decision_date=assumptions.exit_decision_date,
        reduced_retirement_age=person.early_retirement,
    )
    post = (
        Text("chức vụ lãnh đạo", "leadership post")
        if leader
        else Text("không giữ chức vụ lãnh đạo", "no leadership post")
    )
    grid_basis = Text(
        f"ngạch {grid.code}, bậc {step}: một bậc mỗi {every} năm đóng BHXH ước tính; {post.vi}",
        f"grade {grid.code}, step {step}: a step every {every} estimated insured years; {post.en}",
    )
    level = position.level if leader else None
    allowance_basis = Text(f"chức vụ cấp độ {level}", f"a post of level {level}") if leader else post
    return facts, (
        Input(Text("Hệ số lương", "Salary coefficient"), number_text(coefficient), grid_basis, ESTIMATE),
        Input(
            Text("Phụ cấp chức vụ", "Position allowance"),
            number_text(allowance),
            allowance_basis,
            ESTIMATE,
        ),
        Input(
            Text("Phụ cấp công vụ", "Public-service allowance"),
            Text(f"{pct}%", f"{pct}%"),
            Text("mức chung của cán bộ, công chức", "the common rate for cadres and civil servants"),
            ESTIMATE,
        ),
        Input(
            Text("Thời gian đóng BHXH", "Insured service"),
            Text(f"{months} tháng", f"{months} months"),
            basis,
            ESTIMATE,
        ),
    )


def date_text(day: dt.date) -> Text:
    """A date as the pages and the export write it, in both languages."""
    text = day.strftime("%d/%m/%Y")
    return Text(text, text)


def number_text(value: Decimal) -> Text:
    text = format(value.normalize(), "f") if value else "0"
    return Text(text.replace(".", ","), text)


def _decimal(value: float | int | str) -> Decimal:
    """A policy number as an exact decimal (0.33 is 33/100, not the nearest binary fraction)."""
    return Decimal(str(value))
