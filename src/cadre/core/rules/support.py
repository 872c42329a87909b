"""Support for a cadre moved to a commune (hỗ trợ cán bộ luân chuyển, điều động về cơ sở): what one move is paid.

Two sources add up. The province's own policy in force on the start date (`support_policy`: dated rules over
the move's distance band, the level of the previous post, the new commune post and the person's sex, with caps
and exclusions). And the national items of Decree 178/2024 Art. 12 (`vn.toml`: `grassroots_support_178` and its
reading): a one-time allowance of 10 × the base salary for a cadre sent to a commune for 3 years, and the early
salary step on good completion, which has no amount.

A monthly amount with a coefficient follows the base salary month by month (`base_salary_vnd`, in force on the
first day of each month; the first month uses the start date), so a move that spans 1/7/2026 is paid the
announced rise from then on, flagged unverified. Amounts are rounded to the đồng, half up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from cadre.core.dates import first_of_month_index, month_index
from cadre.core.policy import Policy, PolicyError, national_policy
from cadre.core.rules.support_policy import (
    ORIGINS,
    POST_KINDS,
    SEXES,
    Band,
    ProvincePolicy,
    SupportPolicies,
    SupportRule,
    is_finite_number,
    is_whole_number,
    shipped_support_policies,
)
from cadre.core.text import Text

NATIONAL = "decree-178-art-12"
GRASSROOTS, GRASSROOTS_READING = "grassroots_support_178", "grassroots_support_178_reading"


@dataclass(frozen=True)
class Move:
    """One person's move to a commune post: `km` from home to the new post, `origin` the level of the previous
    post (`ORIGINS`), `post` the kind of the new one (`POST_KINDS`), `duration_months` how long the move lasts.
    An unknown `sex` or `origin` is None: no rule that asks for it applies. The flags are facts of the post the
    registry does not hold: official housing provided, an extremely difficult area (where Decree 76/2019
    replaces Decree 178 Art. 12)."""

    province: str
    km: float
    sex: str | None
    origin: str | None
    post: str
    start: dt.date
    duration_months: int
    official_housing: bool = False
    difficult_area: bool = False

    def __post_init__(self) -> None:
        if not is_finite_number(self.km) or self.km < 0:
            raise ValueError(f"km must be a distance of 0 or more, not {self.km!r}")
        if (
            self.sex not in (None, *SEXES)
            or self.origin not in (None, *ORIGINS)
            or self.post not in POST_KINDS
        ):
            raise ValueError(
                f"unknown sex, origin or post kind: {self.sex!r}, {self.origin!r}, {self.post!r}"
            )
        if not is_whole_number(self.duration_months) or self.duration_months < 0:
            raise ValueError(f"duration_months must be a whole number, not {self.duration_months!r}")


@dataclass(frozen=True)
class SupportComponent:
    rule: str  # "51/2025-07-01/travel" (province/policy date/rule id) or "decree-178-art-12/one_time"
    label_vi: str
    label_en: str
    pay: str  # "monthly", "one_time" or "non_monetary" (the early salary step: no amount)
    amount: int | None  # the one-time amount, or the first month's
    months: int  # months paid (monthly rules)
    schedule: tuple[int, ...]  # a monthly rule's amount in each month from the start month
    source: str
    unverified: bool
    band: str = ""  # the distance band that applied, e.g. "15–<40 km"
    multiple: Decimal | None = None  # the coefficient of a rule in base salaries
    base_salaries: tuple[int, ...] = ()  # the base salaries it used, in order (two when a rise falls within)

    @property
    def label(self) -> Text:
        return Text(self.label_vi, self.label_en)

    @property
    def total(self) -> int:
        return sum(self.schedule) if self.pay == "monthly" else self.amount or 0

    @property
    def formula(self) -> str:
        """How the amount was found, without thousands separators: "≥ 40 km: 1500000", "10 × 2340000",
        "1.5 × 2340000 → 2527200" (the base salary rose during the move); empty for a non-monetary item."""
        if self.amount is None:
            return ""
        if self.multiple is None:
            value = str(self.amount)
        else:
            value = f"{_num(self.multiple)} × {' → '.join(map(str, self.base_salaries))}"
        return f"{self.band}: {value}" if self.band else value


class Unpaid(NamedTuple):
    """A rule the move would meet that is not paid because of an exclusion (official housing: no rent)."""

    rule: str
    label_vi: str
    label_en: str
    exclusion: str

    @property
    def label(self) -> Text:
        return Text(self.label_vi, self.label_en)


@dataclass(frozen=True)
class Support:
    move: Move
    policy: ProvincePolicy | None  # the provincial policy in force on the start date, if any
    components: tuple[SupportComponent, ...]
    excluded: tuple[Unpaid, ...]

    @property
    def monthly(self) -> int:
        return sum(c.amount or 0 for c in self.components if c.pay == "monthly")

    @property
    def one_time(self) -> int:
        return sum(c.amount or 0 for c in self.components if c.pay == "one_time")

    @property
    def months(self) -> int:
        return max((c.months for c in self.components if c.pay == "monthly"), default=0)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.components)

    @property
    def unverified(self) -> bool:
        return any(c.unverified for c in self.components)

    @property
    def demo(self) -> bool:
        return bool(self.policy and self.policy.demo)

    def by_year(self) -> dict[int, int]:
        """What is paid in each calendar year: one-time amounts in the start month, monthly ones month by month."""
        years: dict[int, int] = {}
        first = month_index(self.move.start)
        for c in self.components:
            for k, amount in enumerate(c.schedule if c.pay == "monthly" else (c.amount or 0,)):
                year = first_of_month_index(first + k).year
                years[year] = years.get(year, 0) + amount
        return dict(sorted(years.items()))


def support_for_move(
    move: Move, *, policies: SupportPolicies | None = None, policy: Policy | None = None
) -> Support:
    """The monthly and one-time support of `move`: the province's policy in force on the start date (none is
    not an error) and the Decree 178 Art. 12 items."""
    policy = policy or national_policy()
    provincial = (policies or shipped_support_policies()).in_force(move.province, move.start)
    paid, extras, excluded = [], [], []
    for rule in provincial.rules if provincial else ():
        band = next((b for b in rule.bands if b.holds(move.km)), None)
        if band is None or not _concerns(rule, move):
            continue
        flags = rule.unless & ({"official_housing"} if move.official_housing else set())
        if flags:
            excluded.append(Unpaid(f"{provincial.key}/{rule.id}", rule.label_vi, rule.label_en, min(flags)))
            continue
        component = _component(provincial, rule, band, move, policy)
        if component is not None:
            (extras if rule.extra else paid).append(component)
    components = paid + (extras if paid else []) + _grassroots(move, policy)
    return Support(move, provincial, tuple(components), tuple(excluded))


def _concerns(rule: SupportRule, move: Move) -> bool:
    return (
        (rule.origins is None or move.origin in rule.origins)
        and (rule.posts is None or move.post in rule.posts)
        and (rule.sex is None or move.sex == rule.sex)
    )


def _component(
    provincial: ProvincePolicy, rule: SupportRule, band: Band, move: Move, policy: Policy
) -> SupportComponent | None:
    months = min(rule.months or move.duration_months, move.duration_months) if rule.pay == "monthly" else 1
    if months == 0:
        return None  # a move of no months is paid no monthly support
    first = month_index(move.start)
    days = [move.start, *(first_of_month_index(first + k) for k in range(1, months))]
    amounts, salaries = [], []
    for day in days:
        if band.amount_vnd is not None:
            amounts.append(band.amount_vnd)
            continue
        salary = policy.entry("base_salary_vnd", day)
        salaries.append(salary)
        amounts.append(_round(band.base_salary_multiple * salary.value))
    monthly = rule.pay == "monthly"
    return SupportComponent(
        rule=f"{provincial.key}/{rule.id}",
        label_vi=rule.label_vi,
        label_en=rule.label_en,
        pay=rule.pay,
        amount=amounts[0] if amounts else 0,
        months=months if monthly else 0,
        schedule=tuple(amounts) if monthly else (),
        source="; ".join(dict.fromkeys([provincial.source, *(s.source for s in salaries)])),
        unverified=provincial.unverified or rule.unverified or any(s.unverified for s in salaries),
        band=band.label if rule.banded else "",
        multiple=band.base_salary_multiple,
        base_salaries=tuple(dict.fromkeys(s.value for s in salaries)),
    )


def _grassroots(move: Move, policy: Policy) -> list[SupportComponent]:
    """Decree 178 Art. 12 for a move from a post at one of the reading's levels lasting the rule's months."""
    try:
        rule, reading = policy.entry(GRASSROOTS, move.start), policy.entry(GRASSROOTS_READING, move.start)
    except PolicyError:
        return []  # before the decree
    terms = rule.value
    if move.origin not in reading.value["origin_levels"] or move.duration_months < terms["months"]:
        return []
    source, unverified = f"{rule.source}; {reading.source}", rule.unverified or reading.unverified
    if move.difficult_area:
        return [
            _non_monetary(
                "decree-76-2019",
                "Chế độ theo Nghị định 76/2019/NĐ-CP (vùng đặc biệt khó khăn; Cadre không tính)",
                "The Decree 76/2019 regime (extremely difficult area; not computed by Cadre)",
                source,
                unverified,
            )
        ]
    salary = policy.entry("base_salary_vnd", move.start)
    multiple = Decimal(str(terms["one_time_base_salary_multiple"]))
    components = [
        SupportComponent(
            rule=f"{NATIONAL}/one_time",
            label_vi="Trợ cấp một lần tăng cường cơ sở",
            label_en="One-time allowance for strengthening the grassroots",
            pay="one_time",
            amount=_round(multiple * salary.value),
            months=0,
            schedule=(),
            source=f"{source}; {salary.source}",
            unverified=unverified or salary.unverified,
            multiple=multiple,
            base_salaries=(salary.value,),
        )
    ]
    if terms.get("early_salary_step"):
        components.append(
            _non_monetary(
                "early_salary_step",
                "Nâng bậc lương trước thời hạn (khi hoàn thành tốt nhiệm vụ)",
                "Early salary step (on good completion)",
                source,
                unverified,
            )
        )
    return components


def _non_monetary(name: str, label_vi: str, label_en: str, source: str, unverified: bool) -> SupportComponent:
    return SupportComponent(
        f"{NATIONAL}/{name}", label_vi, label_en, "non_monetary", None, 0, (), source, unverified
    )


def _num(value: Decimal) -> str:
    """10, 1.5, 0.75: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def _round(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
