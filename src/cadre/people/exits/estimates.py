"""The inputs of a person's exit benefits that the registry lacks, and the dates every person shares.

The registry has no salary or social-insurance records. The benefits' other inputs are therefore estimated by
the documented rules of `ASSUMPTIONS` (national, overridden per province), and the leave and decision dates
come from the request (`Assumptions`); every estimated or assumed input is listed with its basis
(docs/exits.md), so a page never shows an amount without saying what it rests on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cadre.core.dates import add_months, months_between
from cadre.core.policy import national_policy
from cadre.core.rules.exit_case import PersonFacts

from ..models import PositionKind
from ..profile import Bilingual, birth_of
from .registry import Person

# Assumptions, not law: the inputs the registry lacks. A province's entry overrides the national one ("*").
# The salary grids are those of Decree 204/2004 (A1 chuyên viên, A2.1 chuyên viên chính); the position
# allowances follow the commune levels reported for Decree 07/2026 (chair 0.6, 0.7 in Hà Nội and TP.HCM),
# with the Party secretary (level 1) put one step above the chair. docs/exits.md explains each one.
_BIG_CITY_ALLOWANCES = {1: "0.8", 2: "0.7", 3: "0.6", 4: "0.35", 5: "0.2"}
ASSUMPTIONS: dict[str, dict] = {
    "*": {
        "insurance_start_age": 23,
        "years_per_salary_step": 3,
        "grid": {"code": "A1", "first": "2.34", "step": "0.33", "steps": 9},
        "leader_grid": {"code": "A2.1", "first": "4.40", "step": "0.34", "steps": 8},
        "leader_grid_up_to_level": 3,
        "position_allowance_by_level": {1: "0.7", 2: "0.6", 3: "0.5", 4: "0.25", 5: "0.15"},
        "public_service_allowance_pct": 25,
    },
    "01": {"name": "Hà Nội", "position_allowance_by_level": _BIG_CITY_ALLOWANCES},
    "79": {"name": "TP. Hồ Chí Minh", "position_allowance_by_level": _BIG_CITY_ALLOWANCES},
}

ESTIMATE, DEFAULT, GIVEN, UNVERIFIED = (
    Bilingual("ước tính", "estimate"),
    Bilingual("mặc định", "default"),
    Bilingual("do người dùng chọn", "chosen by the user"),
    Bilingual("chưa kiểm chứng", "unverified"),
)
NOTE = Bilingual(
    "Các số tiền là ước tính: sổ đăng ký không có hệ số lương, phụ cấp và thời gian đóng BHXH, nên các đầu "
    "vào ghi «ước tính» được suy ra theo quy tắc, có ghi căn cứ. Đối chiếu hồ sơ lương, BHXH trước khi quyết "
    "định.",
    "The amounts are estimates: the registry holds no salary coefficients, allowances or insured months, so "
    "the inputs marked 'estimate' follow rules, each shown with its basis. Check the payroll and insurance "
    "records before deciding.",
)


def province_assumptions(province: str | None) -> dict:
    return {**ASSUMPTIONS["*"], **ASSUMPTIONS.get(province or "", {})}


@dataclass(frozen=True)
class Input:
    """One input of the benefits as shown to the user: its value, where it comes from, and whether it is an
    estimate, a default or the user's choice."""

    label: Bilingual
    value: Bilingual
    basis: Bilingual
    kind: Bilingual


@dataclass(frozen=True)
class Assumptions:
    """The dates every person shares: the first day they would no longer be at work, and the restructuring
    decision from which Decree 178's rate window counts. `*_given` is false when the default was taken."""

    leave_date: dt.date
    decision_date: dt.date
    leave_given: bool = False
    decision_given: bool = False

    @classmethod
    def of(cls, leave_date=None, decision_date=None, today: dt.date | None = None) -> Assumptions:
        """Defaults: the 1st of next month, and the day the two-tier local government began (policy file)."""
        today = today or dt.date.today()
        leave = leave_date or add_months(today.replace(day=1), 1)
        decision = decision_date or national_policy().value("two_tier_in_force", today)
        return cls(leave, decision, leave_date is not None, decision_date is not None)

    def inputs(self) -> tuple[Input, ...]:
        leave_basis = Bilingual(
            "ngày đầu tiên không còn làm việc; mặc định: ngày 1 tháng sau",
            "the first day no longer at work; default: the 1st of next month",
        )
        decision_basis = Bilingual(
            "mốc của 12 tháng hưởng mức đầy đủ (Nghị định 178); mặc định: ngày chính quyền địa phương hai "
            "cấp bắt đầu (tệp chính sách, two_tier_in_force)",
            "opens the 12 months at the full rate (Decree 178); default: the start of two-tier local "
            "government (policy file, two_tier_in_force)",
        )
        return (
            Input(
                Bilingual("Ngày nghỉ", "Leave date"),
                date_text(self.leave_date),
                leave_basis,
                self._kind("leave"),
            ),
            Input(
                Bilingual("Ngày quyết định sắp xếp", "Restructuring decision date"),
                date_text(self.decision_date),
                decision_basis,
                self._kind("decision"),
            ),
        )

    def _kind(self, name: str) -> Bilingual:
        return GIVEN if getattr(self, f"{name}_given") else DEFAULT


def estimated_facts(person: Person, assumptions: Assumptions) -> tuple[PersonFacts, tuple[Input, ...]]:
    """The person's facts for the benefits, with the estimated inputs. Raises BilingualError for facts that
    cannot be right (a leave date before the birth)."""
    rules = province_assumptions(person.province)
    birth, age = birth_of(person), rules["insurance_start_age"]
    if person.first_posting:
        start, first = person.first_posting, date_text(person.first_posting).en
        basis = Bilingual(
            f"từ lần công tác đầu tiên ghi trong sổ ({first}), coi là đóng liên tục",
            f"from the first posting in the registry ({first}), taken as insured without a break",
        )
    else:
        start = add_months(birth.anchor(), 12 * age)
        basis = Bilingual(
            f"sổ không ghi quá trình công tác: từ tuổi {age}, coi là đóng liên tục",
            f"no posting in the registry: from age {age}, taken as insured without a break",
        )
    months = max(0, months_between(start, assumptions.leave_date))
    position = person.position
    leader = position is not None and position.kind == PositionKind.LEADERSHIP
    senior = leader and position.level <= rules["leader_grid_up_to_level"]
    grid, every = rules["leader_grid" if senior else "grid"], rules["years_per_salary_step"]
    step = min(1 + months // 12 // every, grid["steps"])
    coefficient = Decimal(grid["first"]) + Decimal(grid["step"]) * (step - 1)
    allowance = Decimal(rules["position_allowance_by_level"].get(position.level, "0") if leader else "0")
    pct = Decimal(rules["public_service_allowance_pct"])
    facts = PersonFacts(
        birth=birth,
        sex=person.sex,
        salary_coefficient=coefficient,
        position_allowance_coefficient=allowance,
        public_service_allowance_pct=pct,
        social_insurance_months=months,
        leave_date=assumptions.leave_date,
        restructuring_decision_date=assumptions.decision_date,
        reduced_retirement_age=person.early_retirement,
    )
    post = (
        ("chức vụ lãnh đạo", "leadership post")
        if leader
        else ("không giữ chức vụ lãnh đạo", "no leadership post")
    )
    grid_basis = Bilingual(
        f"ngạch {grid['code']}, bậc {step}: một bậc mỗi {every} năm đóng BHXH ước tính; {post[0]}",
        f"grade {grid['code']}, step {step}: a step every {every} estimated insured years; {post[1]}",
    )
    level = position.level if leader else None
    allowance_basis = (
        Bilingual(f"chức vụ cấp độ {level}", f"a post of level {level}") if leader else Bilingual(*post)
    )
    return facts, (
        Input(Bilingual("Hệ số lương", "Salary coefficient"), number_text(coefficient), grid_basis, ESTIMATE),
        Input(
            Bilingual("Phụ cấp chức vụ", "Position allowance"),
            number_text(allowance),
            allowance_basis,
            ESTIMATE,
        ),
        Input(
            Bilingual("Phụ cấp công vụ", "Public-service allowance"),
            Bilingual(f"{pct}%", f"{pct}%"),
            Bilingual("mức chung của cán bộ, công chức", "the common rate for cadres and civil servants"),
            ESTIMATE,
        ),
        Input(
            Bilingual("Thời gian đóng BHXH", "Insured service"),
            Bilingual(f"{months} tháng", f"{months} months"),
            basis,
            ESTIMATE,
        ),
    )


def date_text(day: dt.date) -> Bilingual:
    """A date as the pages and the export write it, in both languages."""
    text = day.strftime("%d/%m/%Y")
    return Bilingual(text, text)


def number_text(value: Decimal) -> Bilingual:
    text = format(value.normalize(), "f") if value else "0"
    return Bilingual(text.replace(".", ","), text)
