import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadre.core.dates import PartialDate, end_of_month
from cadre.core.policy import Policy, PolicyError
from cadre.core.rules.retirement import months_of_service_left, required_age, retirement

# Decree 135/2020, Appendix I, transcribed: (age in years and months, first and last birth month (month, year))
# of each group; the last group has no end. Men: 60y3m in 2021, +3 months a year, 62y0m from 2028.
MEN = [
    ((60, 3), (1, 1961), (9, 1961)),
    ((60, 6), (10, 1961), (6, 1962)),
    ((60, 9), (7, 1962), (3, 1963)),
    ((61, 0), (4, 1963), (12, 1963)),
    ((61, 3), (1, 1964), (9, 1964)),
    ((61, 6), (10, 1964), (6, 1965)),
    ((61, 9), (7, 1965), (3, 1966)),
    ((62, 0), (4, 1966), None),
]
# Women: 55y4m in 2021, +4 months a year, 60y0m from 2035.
WOMEN = [
    ((55, 4), (1, 1966), (8, 1966)),
    ((55, 8), (9, 1966), (4, 1967)),
    ((56, 0), (5, 1967), (12, 1967)),
    ((56, 4), (1, 1968), (8, 1968)),
    ((56, 8), (9, 1968), (4, 1969)),
    ((57, 0), (5, 1969), (12, 1969)),
    ((57, 4), (1, 1970), (8, 1970)),
    ((57, 8), (9, 1970), (4, 1971)),
    ((58, 0), (5, 1971), (12, 1971)),
    ((58, 4), (1, 1972), (8, 1972)),
    ((58, 8), (9, 1972), (4, 1973)),
    ((59, 0), (5, 1973), (12, 1973)),
    ((59, 4), (1, 1974), (8, 1974)),
    ((59, 8), (9, 1974), (4, 1975)),
    ((60, 0), (5, 1975), None),
]


def _index(month: int, year: int) -> int:
    return year * 12 + month - 1


def _birth_months_of(table):
    for (years, months), first, last in table:
        end = _index(*last) if last else _index(*first) + 60  # five years past the last step
        for index in range(_index(*first), end + 1):
            yield PartialDate(index // 12, index % 12 + 1), years * 12 + months


def _retirement_month_end(birth: PartialDate, age_months: int) -> dt.date:
    index = _index(birth.month, birth.year) + age_months
    return end_of_month(dt.date(index // 12, index % 12 + 1, 1))


@pytest.mark.parametrize("sex, table", [("male", MEN), ("female", WOMEN)])
def test_every_birth_month_of_the_published_schedule(sex, table):
    checked = 0
    for birth, age in _birth_months_of(table):
        result = retirement(sex, birth)
        assert (birth, result.age_months) == (birth, age)
        assert result.retirement_date == _retirement_month_end(birth, age)
        assert result.pension_start == result.retirement_date + dt.timedelta(days=1)
        assert result.pension_start.day == 1
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "sex, birth, age, retires",
    [
        ("male", PartialDate(1961, 1), "60y3m", dt.date(2021, 4, 30)),
        ("male", PartialDate(1961, 9), "60y3m", dt.date(2021, 12, 31)),
        ("male", PartialDate(1961, 10), "60y6m", dt.date(2022, 4, 30)),  # skips 2021's age
        ("male", PartialDate(1966, 1), "61y9m", dt.date(2027, 10, 31)),  # 1966 is not all 62y0m
        ("male", PartialDate(1966, 3), "61y9m", dt.date(2027, 12, 31)),
        ("male", PartialDate(1966, 4), "62y0m", dt.date(2028, 4, 30)),
        ("male", PartialDate(1960, 12), "60y0m", dt.date(2020, 12, 31)),  # before the schedule
        ("female", PartialDate(1966, 1), "55y4m", dt.date(2021, 5, 31)),
        ("female", PartialDate(1966, 8), "55y4m", dt.date(2021, 12, 31)),
        ("female", PartialDate(1966, 9), "55y8m", dt.date(2022, 5, 31)),  # skips 2021's age
        ("female", PartialDate(1975, 4), "59y8m", dt.date(2034, 12, 31)),
        ("female", PartialDate(1975, 5), "60y0m", dt.date(2035, 5, 31)),
        ("female", PartialDate(1965, 12), "55y0m", dt.date(2020, 12, 31)),
    ],
)
def test_boundaries_of_the_schedule(sex, birth, age, retires):
    result = retirement(sex, birth)
    assert (result.age_text, result.retirement_date) == (age, retires)


def test_a_year_only_birth_is_taken_as_january_and_a_month_birth_as_the_first():
    assert retirement("male", PartialDate(1961)).retirement_date == dt.date(2021, 4, 30)
    assert retirement("female", PartialDate(1970)).retirement_date == dt.date(2027, 5, 31)  # 57y4m
    by_day = retirement("male", PartialDate(1961, 10, 31))
    by_month = retirement("male", PartialDate(1961, 10))
    assert by_day.retirement_date == by_month.retirement_date == dt.date(2022, 4, 30)


def test_the_pension_starts_on_the_first_day_of_the_next_month():
    result = retirement("male", PartialDate(1961, 9, 12))
    assert result.retirement_date == dt.date(2021, 12, 31)
    assert result.pension_start == dt.date(2022, 1, 1)


def test_early_retirement_is_five_years_below_the_age_of_the_year_of_retirement():
    # Decree 135/2020 Appendix II: men 55y3m in 2021, women 50y4m in 2021; the same skips as the normal ages.
    assert retirement("male", PartialDate(1966, 1), early=True).retirement_date == dt.date(2021, 4, 30)
    assert retirement("male", PartialDate(1966, 10), early=True).age_text == "55y6m"
    assert retirement("female", PartialDate(1971, 8), early=True).age_text == "50y4m"
    assert retirement("female", PartialDate(1971, 9), early=True).age_text == "50y8m"
    assert retirement("male", PartialDate(1980), early=True).age_text == "57y0m"
    normal = retirement("male", PartialDate(1980))
    assert normal.age_text == "62y0m" and normal.retirement_date.year == 2042


def test_sources_cite_the_labour_code_and_decree():
    result = retirement("female", PartialDate(1970, 3))
    assert any("Điều 169" in s and "135/2020" in s for s in result.sources)
    assert not result.unverified
    early = retirement("female", PartialDate(1970, 3), early=True)
    assert len(early.sources) == 2 and any("Điều 5" in s for s in early.sources)


def test_months_of_service_left_counts_to_the_retirement_month():
    # Chỉ thị 45 counts from the reference month: July 2025 to a July 2030 retirement is 60 months.
    man = retirement("male", PartialDate(1968, 7))
    assert man.retirement_date == dt.date(2030, 7, 31)
    assert months_of_service_left(man, dt.date(2025, 7, 1)) == 60
    assert months_of_service_left(man, dt.date(2025, 7, 31)) == 60
    assert months_of_service_left(retirement("male", PartialDate(1968, 6)), dt.date(2025, 7, 1)) == 59
    assert months_of_service_left(man, dt.date(2031, 1, 1)) == 0


def test_a_bad_sex_is_refused():
    with pytest.raises(ValueError, match="male"):
        retirement("m", PartialDate(1970))


# ---- against a month-by-month simulation ---------------------------------------------------------------


def _national_required(sex: str, year: int, early: bool) -> int:
    """The ages written in POLICY.md §2, independently of the policy file."""
    if sex == "male":
        months = 720 if year < 2021 else min(744, 723 + 3 * (year - 2021))
    else:
        months = 660 if year < 2021 else min(720, 664 + 4 * (year - 2021))
    return months - (60 if early else 0)


def _simulate(born: int, required) -> int:
    """The first month, from age 40 on, in which the age reaches the age required in that month's year."""
    for month in range(born + 40 * 12, born + 100 * 12):
        if month - born >= required(month // 12):
            return month
    raise AssertionError("never retires")


@pytest.mark.parametrize("early", [False, True])
@pytest.mark.parametrize("sex", ["male", "female"])
def test_every_birth_month_1955_to_1990_matches_the_simulation(sex, early):
    for born in range(_index(1, 1955), _index(12, 1990) + 1):
        birth = PartialDate(born // 12, born % 12 + 1)
        month = _simulate(born, lambda year: _national_required(sex, year, early))
        result = retirement(sex, birth, early=early)
        assert (birth, result.age_months) == (birth, month - born)
        assert result.retirement_date == end_of_month(dt.date(month // 12, month % 12 + 1, 1))


@st.composite
def schedules(draw):
    """A policy with a fixed age before a reform year, then a start age, a yearly step and a cap. The age
    rises by less than 12 months from one year to the next, as every reform has."""
    before = draw(st.integers(600, 740))
    reform = draw(st.integers(2000, 2040))
    start = before + draw(st.integers(-24, 11))
    step = draw(st.integers(0, 11))
    cap = start + step * draw(st.integers(0, 20))
    value = {"from_year": reform, "age_months": start, "step_months": step, "max_age_months": cap}
    document = {
        "retirement_age_female": {
            "values": [
                {"from": dt.date(1990, 1, 1), "value": {"age_months": before}, "source": "old"},
                {"from": dt.date(reform, 1, 1), "value": value, "source": "reform"},
            ]
        },
        "early_retirement_max_reduction_months": {
            "values": [{"from": dt.date(1990, 1, 1), "value": 60, "source": "early"}]
        },
    }

    def required(year: int) -> int:
        return before if year < reform else min(cap, start + step * (year - reform))

    return Policy(document), required


@settings(max_examples=300, deadline=None)
@given(schedule=schedules(), born=st.integers(_index(1, 1955), _index(12, 1990)))
def test_any_rising_schedule_matches_the_simulation(schedule, born):
    policy, required = schedule
    birth = PartialDate(born // 12, born % 12 + 1)
    month = _simulate(born, required)
    result = retirement("female", birth, policy=policy)
    assert result.age_months == month - born
    reform_year = policy.entry("retirement_age_female", dt.date.max).effective_from.year
    assert result.sources == (("old",) if month // 12 < reform_year else ("reform",))


def test_a_policy_without_an_age_for_the_years_that_matter_is_an_error():
    policy = Policy(
        {
            "retirement_age_male": {
                "values": [{"from": dt.date(2021, 1, 1), "value": {"age_months": 723}, "source": "x"}]
            }
        }
    )
    with pytest.raises(PolicyError):
        retirement("male", PartialDate(1950), policy=policy)


def test_required_age_by_year_of_retirement():
    assert required_age("male", 2020).months == 720
    assert [required_age("male", y).months for y in (2021, 2027, 2028, 2040)] == [723, 741, 744, 744]
    assert [required_age("female", y).months for y in (2021, 2034, 2035)] == [664, 716, 720]
    assert required_age("female", 2021, early=True).months == 604
