"""Retirement age and moment (tuổi nghỉ hưu): Labour Code 2019 Art. 169 and Decree 135/2020.

The age required depends on the **year in which the person retires**, and it rises each year until its final
value. A person retires at the end of the first month in which their age reaches the age required in that
month's year; the pension starts on the first day of the next month. Because the required age can rise while a
person waits, some birth months skip straight to the next year's age: a man born in October 1961 is 60y3m in
January 2022, but 2022 asks for 60y6m, so he retires at the end of April 2022.

Ages are counted in whole months from the birth month (`dates.month_index`), with the birth date anchored as
Decree 135/2020 says: 1 January when only the year is known, the 1st when only the month and year are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, NamedTuple

from cadre.core.dates import PartialDate, end_of_month, first_of_month_index, month_index
from cadre.core.policy import DatedValue, Policy, PolicyError, national_policy

Sex = Literal["male", "female"]
AGE_PARAMETERS: dict[str, str] = {"male": "retirement_age_male", "female": "retirement_age_female"}
EARLY_PARAMETER = "early_retirement_max_reduction_months"
# A search bound, not a law: no schedule takes more than this many years to reach.
_MAX_YEARS_SEARCHED = 150


class RequiredAge(NamedTuple):
    """The age, in months, that the law requires of someone retiring in a given year, and the entries used."""

    months: int
    entries: tuple[DatedValue, ...]


@dataclass(frozen=True)
class Retirement:
    sex: str
    birth: PartialDate
    early: bool
    age_months: int  # the age at retirement, in months
    retirement_date: dt.date  # the last day of the month in which the required age is reached
    pension_start: dt.date  # the first day of the next month
    sources: tuple[str, ...]  # the citations of the policy values used
    unverified: bool = False  # some value used is known only from secondary reports

    @property
    def age_text(self) -> str:
        """'62y0m'-style: years and months."""
        return format_age(self.age_months)


def format_age(months: int) -> str:
    return f"{months // 12}y{months % 12}m"


def required_age(sex: Sex, year: int, *, early: bool = False, policy: Policy | None = None) -> RequiredAge:
    """The age required of someone who retires in `year` (with `early`, the lowest age allowed for
    heavy, hazardous or extremely difficult work, or a loss of working capacity)."""
    policy = policy or national_policy()
    on = dt.date(year, 1, 1)
    entry = policy.entry(_age_parameter(sex), on)
    schedule = entry.value
    months = schedule["age_months"] + schedule.get("step_months", 0) * max(
        0, year - schedule.get("from_year", year)
    )
    months = min(months, schedule.get("max_age_months", months))
    if not early:
        return RequiredAge(months, (entry,))
    reduction = policy.entry(EARLY_PARAMETER, on)
    return RequiredAge(months - reduction.value, (entry, reduction))


def retirement(sex: Sex, birth: PartialDate, early: bool = False, policy: Policy | None = None) -> Retirement:
    """When a person born on `birth` retires. Raises PolicyError when the policy file has no age for a year
    the answer depends on (it holds no values before 1995)."""
    policy = policy or national_policy()
    born = month_index(birth.anchor())
    cache: dict[int, RequiredAge] = {}

    def required(year: int) -> RequiredAge:
        if year not in cache:
            cache[year] = required_age(sex, year, early=early, policy=policy)
        return cache[year]

    def reached_within(year: int) -> bool:
        """Whether the person is old enough in some month of `year` (by December at the latest)."""
        return born + required(year).months <= year * 12 + 11

    # The required age rises by less than 12 months a year, so the years in which the person is old enough
    # form an unbroken run to the future; start near the answer and walk to its first year.
    latest = policy.entry(_age_parameter(sex), dt.date.max)
    year = (born + required(latest.effective_from.year).months) // 12
    if reached_within(year):
        while reached_within(year - 1):
            year -= 1
    else:
        for _ in range(_MAX_YEARS_SEARCHED):
            year += 1
            if reached_within(year):
                break
        else:
            raise PolicyError(f"the retirement age in {_age_parameter(sex)!r} is never reached")

    month = max(born + required(year).months, year * 12)
    entries = required(year).entries
    last_day = end_of_month(first_of_month_index(month))
    return Retirement(
        sex=sex,
        birth=birth,
        early=early,
        age_months=month - born,
        retirement_date=last_day,
        pension_start=last_day + dt.timedelta(days=1),
        sources=tuple(e.source for e in entries),
        unverified=any(e.unverified for e in entries),
    )


def months_of_service_left(retirement: Retirement, on: dt.date) -> int:
    """Months from the month of `on` to the retirement month, as the Party's age rules count them (from July
    2025 to a retirement in July 2030 is 60 months); 0 once the person has retired."""
    return max(0, month_index(retirement.retirement_date) - month_index(on))


def _age_parameter(sex: str) -> str:
    try:
        return AGE_PARAMETERS[sex]
    except KeyError:
        raise ValueError(f"sex must be 'male' or 'female', not {sex!r}") from None
