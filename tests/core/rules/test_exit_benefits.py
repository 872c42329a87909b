"""Exit benefits. Every expected amount is worked out by hand in the comment next to it.

Most cases use L = (4.0 + 0.2) × 2,340,000 × 1.25 = 9,828,000 × 1.25 = 12,285,000 VND, a man whose statutory
retirement is known from the Decree 135/2020 schedule (61y9m in 2027, 62y0m from 2028), and a restructuring
decision of 01/03/2025, so that leaving on 01/06/2025 is in month 4 of the window (full rates).
"""

import datetime as dt
import tomllib
from decimal import Decimal
from importlib import resources

import pytest

from cadre.core.dates import PartialDate
from cadre.core.errors import BilingualError
from cadre.core.policy import Policy
from cadre.core.rules.exit_benefits import NotCovered, exit_benefit, exit_options, years_of_service
from cadre.core.rules.exit_case import ExitCase, FactsError, PersonFacts, parse_case

L = 12_285_000


def facts(**changes) -> PersonFacts:
    values = {
        "birth": PartialDate(1965, 8, 20),  # retires end of May 2027 at 61y9m: pension from 01/06/2027
        "sex": "male",
        "salary_coefficient": Decimal("4.0"),
        "position_allowance_coefficient": Decimal("0.2"),
        "public_service_allowance_pct": Decimal(25),
        "social_insurance_months": 360,  # 30 years
        "leave_date": dt.date(2025, 6, 1),
        "restructuring_decision_date": dt.date(2025, 3, 1),
        "base_salary": 2_340_000,
    }
    values.update(changes)
    return PersonFacts(**values)


def benefit(scheme="decree-178", kind="early_retirement", policy=None, **changes):
    return exit_benefit(ExitCase(scheme, kind, facts(**changes)), policy)


def amounts(result) -> dict[str, int]:
    return {c.name: c.amount for c in result.components}


def formulas(result) -> dict[str, str]:
    return {c.name: c.formula for c in result.components}


def shipped_with(name, value):
    document = tomllib.loads(resources.files("cadre").joinpath("policy/vn.toml").read_text(encoding="utf-8"))
    document[name] = {"values": [{"from": dt.date(2020, 1, 1), "value": value, "source": "test"}]}
    return Policy(document)


def test_the_monthly_salary():
    assert benefit().monthly_salary == L
    # (1.0 + 0) × 1,000,001 × 1.5 = 1,500,001.5, rounded half up to the đồng
    assert (
        benefit(
            salary_coefficient=Decimal(1),
            position_allowance_coefficient=Decimal(0),
            public_service_allowance_pct=Decimal(50),
            base_salary=1_000_001,
        ).monthly_salary
        == 1_500_002
    )


# ---- Decree 178 early retirement: the bands ------------------------------------------------------------------


def test_less_than_2_years_early_pays_the_months_early_only():
    # Born 07/1965: retires end of April 2027, pension from 01/05/2027: 23 months early.
    result = benefit(birth=PartialDate(1965, 7, 20))
    assert result.months_early == 23
    assert formulas(result) == {"one_time_pension": "L × 1.0 × 23"}
    assert result.total == 282_555_000  # 12,285,000 × 23


def test_exactly_2_years_early():
    result = benefit()  # pension from 01/06/2027: 24 months early, 30 insured years
    assert result.months_early == 24
    assert formulas(result) == {
        "one_time_pension": "L × 1.0 × 24",
        "early_years": "L × 5 × 2",
        "service_allowance": "L × (5 + 0.5 × (30 − 20))",
    }
    assert amounts(result) == {
        "one_time_pension": 294_840_000,  # 12,285,000 × 24
        "early_years": 122_850_000,  # 12,285,000 × 5 × 2 = 12,285,000 × 10
        "service_allowance": 122_850_000,  # 12,285,000 × (5 + 0.5 × 10) = 12,285,000 × 10
    }
    assert result.total == 540_540_000  # 294,840,000 + 122,850,000 + 122,850,000


def test_exactly_5_years_early():
    result = benefit(birth=PartialDate(1968, 5, 20))  # 62y0m: pension from 01/06/2030, 60 months early
    assert result.months_early == 60
    assert formulas(result)["one_time_pension"] == "L × 1.0 × 60"
    assert formulas(result)["early_years"] == "L × 5 × 5"
    # 12,285,000 × (60 + 25 + 10) = 12,285,000 × 95 = 1,167,075,000
    assert result.total == 1_167_075_000


def test_just_over_5_years_early_moves_to_the_next_band():
    result = benefit(birth=PartialDate(1968, 6, 20))  # pension from 01/07/2030: 61 months early
    assert result.months_early == 61
    assert formulas(result)["one_time_pension"] == "L × 0.9 × 60"  # m capped at 60
    assert formulas(result)["early_years"] == "L × 4 × 5.5"  # 5 years 1 month → 5.5 (part-year rounding)
    # 12,285,000 × (0.9 × 60 + 4 × 5.5 + 10) = 12,285,000 × 86 = 1,056,510,000
    assert result.total == 1_056_510_000


def test_exactly_10_years_early_and_m_capped_at_60():
    result = benefit(birth=PartialDate(1973, 5, 20))  # pension from 01/06/2035: 120 months early
    assert result.months_early == 120
    assert formulas(result)["one_time_pension"] == "L × 0.9 × 60"
    assert amounts(result)["one_time_pension"] == 663_390_000  # 12,285,000 × 54
    assert amounts(result)["early_years"] == 491_400_000  # 12,285,000 × 4 × 10 = 12,285,000 × 40
    # 12,285,000 × (54 + 40 + 10) = 12,285,000 × 104 = 1,277,640,000
    assert result.total == 1_277_640_000


def test_more_than_10_years_early_is_refused():
    with pytest.raises(NotCovered) as refused:
        benefit(birth=PartialDate(1973, 6, 20))  # 121 months early
    assert "121" in refused.value.message_vi and "121" in refused.value.message_en


def test_the_reduced_age_allows_at_most_5_years_early():
    # Appendix II: 5 years below 62y0m is 57y0m; born 05/1973 reaches it in May 2030: pension from 01/06/2030.
    result = benefit(birth=PartialDate(1973, 5, 20), reduced_retirement_age=True)
    assert result.months_early == 60
    with pytest.raises(NotCovered):  # born 05/1978: 57y0m in May 2035, 120 months early
        benefit(birth=PartialDate(1978, 5, 20), reduced_retirement_age=True)


def test_years_early_round_part_years_as_the_ministry_does_unless_the_policy_counts_full_years():
    shipped = benefit(birth=PartialDate(1966, 2, 20))  # 61y9m: pension from 01/12/2027, 30 months early
    assert shipped.months_early == 30
    assert formulas(shipped)["early_years"] == "L × 5 × 2.5"  # 2 years 6 months → 2.5
    assert shipped.total == 644_962_500  # 12,285,000 × (30 + 12.5 + 10) = 12,285,000 × 52.5
    assert shipped.unverified  # the reading rests on a news report of the Ministry's example
    full = shipped_with("exit_early_years_counting", {"count": "full_years"})
    counted = benefit(birth=PartialDate(1966, 2, 20), policy=full)
    assert formulas(counted)["early_years"] == "L × 5 × 2"  # 2 full years
    assert counted.total == 614_250_000  # 12,285,000 × (30 + 10 + 10) = 12,285,000 × 50


def test_the_ministrys_early_retirement_example():
    # Official Letter 1814/BNV-TCBC, Mr Nguyễn Văn C (as reported by Lao Động): born 15/01/1966, coefficient
    # 4.65, position allowance 0.6, 25%, 22 insured years, restructuring from 01/03/2025, leaving 01/05/2025.
    # L = 5.25 × 2,340,000 × 1.25 = 15,356,250. 61y9m reached in October 2027: pension from 01/11/2027,
    # 30 months (2 years 6 months) early.
    result = benefit(
        birth=PartialDate(1966, 1, 15),
        salary_coefficient=Decimal("4.65"),
        position_allowance_coefficient=Decimal("0.6"),
        social_insurance_months=264,
        leave_date=dt.date(2025, 5, 1),
    )
    assert result.monthly_salary == 15_356_250 and result.months_early == 30
    assert amounts(result) == {
        "one_time_pension": 460_687_500,  # 30 × 15,356,250
        "early_years": 191_953_125,  # 2.5 × 5 × 15,356,250
        "service_allowance": 92_137_500,  # (5 + 0.5 × 2) = 6 × 15,356,250
    }
    # The three published components add up to 744,778,125; the report prints the total as 744,788,125, which
    # is not their sum (10,000 more): Cadre gives the sum.
    assert result.total == 744_778_125


def test_leaving_at_or_after_the_statutory_age_is_not_early_retirement():
    with pytest.raises(
        NotCovered
    ) as refused:  # born 09/1963: 61y0m in September 2024, pension from 01/10/2024
        benefit(birth=PartialDate(1963, 9, 20))
    assert "not early retirement" in refused.value.message_en


# ---- the 12-month window -----------------------------------------------------------------------------------


def test_the_rate_is_full_in_month_12_and_halved_from_month_13():
    # Decision 01/06/2024: 01/05/2025–31/05/2025 is month 12, and month 13 starts on 01/06/2025.
    month_12 = benefit(leave_date=dt.date(2025, 5, 31), restructuring_decision_date=dt.date(2024, 6, 1))
    assert formulas(month_12)["one_time_pension"] == "L × 1.0 × 24"  # 31/05/2025 → 01/06/2027: 24 months
    month_13 = benefit(restructuring_decision_date=dt.date(2024, 6, 1))
    assert formulas(month_13)["one_time_pension"] == "L × 0.5 × 24"
    assert amounts(month_13)["one_time_pension"] == 147_420_000  # 12,285,000 × 0.5 × 24 = 12,285,000 × 12
    # Only the one-time allowance is halved: 12,285,000 × (12 + 10 + 10) = 393,120,000
    assert month_13.total == 393_120_000


def test_the_5_to_10_year_band_halves_to_0_45():
    result = benefit(birth=PartialDate(1968, 6, 20), restructuring_decision_date=dt.date(2024, 6, 1))
    assert formulas(result)["one_time_pension"] == "L × 0.45 × 60"
    assert amounts(result)["one_time_pension"] == 331_695_000  # 12,285,000 × 27


def test_leaving_before_the_decision_or_without_one_is_refused():
    with pytest.raises(NotCovered):
        benefit(restructuring_decision_date=dt.date(2025, 6, 2))
    with pytest.raises(NotCovered):
        benefit(restructuring_decision_date=None)


# ---- the service allowance: Decree 178 (≥ 20 years) and Decree 67 (≥ 15 years) -----------------------------


@pytest.mark.parametrize(
    "insured_months, formula, amount",
    [
        (240, "L × (5 + 0.5 × (20 − 20))", 61_425_000),  # 12,285,000 × 5
        (252, "L × (5 + 0.5 × (21 − 20))", 67_567_500),  # 12,285,000 × 5.5
        (241, "L × (5 + 0.5 × (20.5 − 20))", 64_496_250),  # 20y1m → 20.5: 12,285,000 × 5.25
        (246, "L × (5 + 0.5 × (20.5 − 20))", 64_496_250),  # 20y6m → 20.5
        (247, "L × (5 + 0.5 × (21 − 20))", 67_567_500),  # 20y7m → 21: 12,285,000 × 5.5
    ],
)
def test_the_decree_178_service_allowance_before_july_2025(insured_months, formula, amount):
    result = benefit(social_insurance_months=insured_months)
    assert formulas(result)["service_allowance"] == formula
    assert amounts(result)["service_allowance"] == amount


def test_19_insured_years_before_july_2025_give_no_pension_so_no_early_retirement():
    with pytest.raises(NotCovered) as refused:
        benefit(social_insurance_months=228)
    assert "20" in refused.value.message_en


def after_july_2025(**changes):
    # Leaving 01/09/2025 (decision 01/08/2025); born 11/1965: 61y9m in August 2027, 24 months early.
    return benefit(
        birth=PartialDate(1965, 11, 20),
        leave_date=dt.date(2025, 9, 1),
        restructuring_decision_date=dt.date(2025, 8, 1),
        **changes,
    )


@pytest.mark.parametrize(
    "insured_months, formula, amount",
    [
        (180, "L × (4 + 0.5 × (15 − 15))", 49_140_000),  # 12,285,000 × 4
        (192, "L × (4 + 0.5 × (16 − 15))", 55_282_500),  # 12,285,000 × 4.5
        (228, "L × (4 + 0.5 × (19 − 15))", 73_710_000),  # 12,285,000 × 6
        (240, "L × (4 + 0.5 × (20 − 15))", 79_852_500),  # 12,285,000 × 6.5: no drop at 20 years
    ],
)
def test_the_decree_67_service_allowance_from_july_2025(insured_months, formula, amount):
    result = after_july_2025(social_insurance_months=insured_months)
    assert result.months_early == 24
    assert formulas(result)["service_allowance"] == formula
    assert amounts(result)["service_allowance"] == amount
    assert result.unverified  # the boundary between the two rules is a reading


def test_14_insured_years_from_july_2025_give_no_pension_so_no_early_retirement():
    with pytest.raises(NotCovered):
        after_july_2025(social_insurance_months=168)


def test_both_rules_in_one_list_pick_the_first_that_applies():
    # The other reading of the boundary: Decree 178's rule from 20 years, Decree 67's below.
    both = shipped_with(
        "exit_service_allowance",
        {
            "rules": [
                {"first_years": 20, "first_months": 5, "per_year_after": 0.5},
                {"first_years": 15, "first_months": 4, "per_year_after": 0.5},
            ]
        },
    )
    assert (
        amounts(after_july_2025(social_insurance_months=240, policy=both))["service_allowance"] == 61_425_000
    )
    assert (
        amounts(after_july_2025(social_insurance_months=228, policy=both))["service_allowance"] == 73_710_000
    )


def test_below_every_rule_the_service_allowance_is_absent():
    only_25 = shipped_with(
        "exit_service_allowance", {"rules": [{"first_years": 25, "first_months": 5, "per_year_after": 0.5}]}
    )
    result = benefit(social_insurance_months=240, policy=only_25)
    assert set(amounts(result)) == {"one_time_pension", "early_years"}


@pytest.mark.parametrize("months, years", [(240, 20), (241, 20.5), (246, 20.5), (247, 21), (251, 21), (0, 0)])
def test_part_years(months, years):
    assert years_of_service(months, {"half_year_from_months": 1, "full_year_from_months": 7}) == Decimal(
        str(years)
    )


# ---- Decree 178 quitting -----------------------------------------------------------------------------------

# A man born 03/1985 (pension from 01/04/2047) with 10 insured years, who cannot draw a pension and so cannot
# retire early: L = 3.0 × 2,340,000 × 1.25 = 8,775,000. Decision 01/07/2025.


def quitting(leave, **changes):
    values = {
        "birth": PartialDate(1985, 3, 10),
        "salary_coefficient": Decimal(3),
        "position_allowance_coefficient": Decimal(0),
        "social_insurance_months": 120,
        "leave_date": leave,
        "restructuring_decision_date": dt.date(2024, 9, 1),  # month 13 opens on 01/09/2025
        "base_salary": None,  # from the dated series
    }
    values.update(changes)
    return benefit(kind="quit", **values)


def test_quitting_in_month_12_and_month_13():
    month_12 = quitting(dt.date(2025, 8, 31))
    assert month_12.monthly_salary == 8_775_000
    assert formulas(month_12) == {
        "severance": "L × 0.8 × 60",
        "insured_years": "L × 1.5 × 10",
        "job_search": "L × 3",
    }
    assert amounts(month_12) == {
        "severance": 421_200_000,  # 8,775,000 × 0.8 × 60 = 8,775,000 × 48
        "insured_years": 131_625_000,  # 8,775,000 × 15
        "job_search": 26_325_000,  # 8,775,000 × 3
    }
    assert month_12.total == 579_150_000  # 8,775,000 × 66
    month_13 = quitting(dt.date(2025, 9, 1))  # Decree 178's last leave date
    assert month_13.monthly_salary == 8_775_000 and month_13.base_salary == 2_340_000
    assert formulas(month_13)["severance"] == "L × 0.4 × 60"
    assert month_13.total == 368_550_000  # 8,775,000 × (24 + 15 + 3) = 8,775,000 × 42


def test_the_severance_months_are_the_insured_months_up_to_60():
    assert formulas(quitting(dt.date(2025, 8, 1), social_insurance_months=59))["severance"] == "L × 0.8 × 59"
    assert formulas(quitting(dt.date(2025, 8, 1), social_insurance_months=61))["severance"] == "L × 0.8 × 60"


def test_the_announced_base_salary_applies_from_august_2026_and_is_flagged():
    # July 2026 salary: the announced 2,527,200
    result = exit_benefit(ExitCase("decree-154", "quit", _young(120, dt.date(2026, 8, 1))))
    assert result.base_salary == 2_527_200
    assert result.monthly_salary == 9_477_000  # 3.0 × 2,527,200 × 1.25
    assert result.unverified


def test_quitting_needs_2_years_and_is_for_those_who_cannot_retire_early():
    # Born 07/1965, pension from 01/05/2027: 23 months from 01/06/2025.
    with pytest.raises(NotCovered) as refused:
        benefit(kind="quit", birth=PartialDate(1965, 7, 20), social_insurance_months=120)
    assert "23" in refused.value.message_vi and "24" in refused.value.message_en
    with pytest.raises(NotCovered):  # 24 months early with 30 insured years: early retirement applies
        benefit(kind="quit")
    result = benefit(kind="quit", social_insurance_months=228)  # 19 years before July 2025: no pension
    # 12,285,000 × (0.8 × 60 + 1.5 × 19 + 3) = 12,285,000 × 79.5 = 976,657,500
    assert result.total == 976_657_500


# ---- Decree 154/2025 and Decree 170/2025 Art. 58 ------------------------------------------------------------


def test_decree_154_quitting():
    # 10 years 7 months insured → 11 years. 8,775,000 × (3 + 1.5 × 11) = 8,775,000 × 19.5 = 171,112,500
    result = exit_benefit(ExitCase("decree-154", "quit", _young(127, dt.date(2025, 7, 1))))
    assert formulas(result) == {"job_search": "L × 3", "insured_years": "L × 1.5 × 11"}
    assert amounts(result) == {"job_search": 26_325_000, "insured_years": 144_787_500}
    assert result.total == 171_112_500
    assert result.unverified
    with pytest.raises(NotCovered):  # applies until 31/12/2030
        exit_benefit(ExitCase("decree-154", "quit", _young(127, dt.date(2031, 1, 1))))
    with pytest.raises(NotCovered):  # 21 years from her pension: not early retirement
        exit_benefit(ExitCase("decree-154", "early_retirement", _young(127, dt.date(2025, 7, 1))))


def test_decree_170_resignation():
    result = exit_benefit(ExitCase("decree-170-art-58", "quit", _young(127, dt.date(2025, 7, 1))))
    assert formulas(result) == {"lump_sum": "L × 3", "insured_years": "L × 1.5 × 11"}
    assert result.total == 171_112_500  # as Decree 154
    short = exit_benefit(ExitCase("decree-170-art-58", "quit", _young(8, dt.date(2025, 7, 1))))
    assert formulas(short) == {"short_service": "L × 1"} and short.total == 8_775_000
    for insured, leave in ((5, dt.date(2025, 7, 1)), (127, dt.date(2025, 6, 30))):
        with pytest.raises(NotCovered):
            exit_benefit(ExitCase("decree-170-art-58", "quit", _young(insured, leave)))


def test_amounts_are_rounded_to_the_dong_half_up():
    # L = 1.0 × 1,000,001 × 1.0 = 1,000,001; 1 insured month → 0.5 year:
    # 1,000,001 × 1.5 × 0.5 = 750,000.75 → 750,001; 1,000,001 × 3 = 3,000,003
    young = _young(
        1,
        dt.date(2025, 7, 1),
        salary_coefficient=Decimal(1),
        public_service_allowance_pct=Decimal(0),
        base_salary=1_000_001,
    )
    result = exit_benefit(ExitCase("decree-154", "quit", young))
    assert amounts(result) == {"job_search": 3_000_003, "insured_years": 750_001}
    assert result.total == 3_750_004


def _young(insured_months, leave, **changes):
    values = {
        "birth": PartialDate(1985, 3, 10),
        "salary_coefficient": Decimal(3),
        "position_allowance_coefficient": Decimal(0),
        "social_insurance_months": insured_months,
        "leave_date": leave,
        "restructuring_decision_date": None,
        "base_salary": None,
    }
    values.update(changes)
    return facts(**values)


# ---- the options side by side -------------------------------------------------------------------------------


def test_exit_options_list_every_scheme_with_its_total_or_reason():
    options = {(o.scheme, o.kind): o for o in exit_options(facts(leave_date=dt.date(2025, 7, 1)))}
    assert list(options) == [
        ("decree-178", "early_retirement"),
        ("decree-178", "quit"),
        ("decree-154", "early_retirement"),
        ("decree-154", "quit"),
        ("decree-170-art-58", "quit"),
    ]
    # 23 months early from 01/07/2025 with 30 insured years: 12,285,000 × 23 = 282,555,000
    assert options["decree-178", "early_retirement"].total == 282_555_000
    quit_178 = options["decree-178", "quit"]
    assert quit_178.total is None and quit_178.reason_vi and quit_178.reason_en
    # Under 24 months from a pension he has the years for: Decree 154's early-retirement group Cadre does not
    # compute, so its quitting is not open either.
    quit_154 = options["decree-154", "quit"]
    assert quit_154.total is None and quit_154.reason_vi.startswith("Chưa mô hình hóa")
    # 12,285,000 × (3 + 1.5 × 30) = 12,285,000 × 48 = 589,680,000
    assert options["decree-170-art-58", "quit"].total == 589_680_000


# ---- reading a case -----------------------------------------------------------------------------------------

CASE = {
    "scheme": "decree-178",
    "kind": "early_retirement",
    "birth_date": "1965-08-20",
    "sex": "male",
    "salary_coefficient": 4.0,
    "position_allowance_coefficient": 0.2,
    "public_service_allowance_pct": 25,
    "social_insurance_months": 360,
    "restructuring_decision_date": "2025-03-01",
    "leave_date": "2025-06-01",
}


def test_a_case_document_reads_into_the_same_facts():
    case = parse_case({**CASE, "base_salary": 2_340_000})
    assert case.facts == facts()
    assert exit_benefit(case).total == 540_540_000


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"scheme": "decree-999"}, "scheme"),
        ({"kind": "retire"}, "kind"),
        ({"leave_date": "2025-02-30"}, "leave_date"),
        ({"leave_date": "2025-06"}, "leave_date"),
        ({"salary_coefficient": -1}, "salary_coefficient"),
        ({"position_allowance_coefficient": -0.1}, "position_allowance_coefficient"),
        ({"social_insurance_months": 12.5}, "social_insurance_months"),
        ({"salary_coefficient": "4.0"}, "salary_coefficient"),
        ({"leav_date": "2025-06-01"}, "leav_date"),
        ({"restructuring_decision_date": None}, "restructuring_decision_date"),
    ],
)
def test_bad_cases_are_refused_in_both_languages(changes, field):
    with pytest.raises(BilingualError) as refused:
        parse_case({**CASE, **changes})
    vi, en = refused.value.message_vi, refused.value.message_en
    assert vi != en
    # The case file's field names are kept apart, for the CLI to name them (a page shows the message alone).
    assert field in refused.value.with_fields.en and field in refused.value.with_fields.vi


def test_a_page_shows_the_problem_without_field_names_and_the_cli_with_them():
    with pytest.raises(FactsError) as refused:
        facts(salary_coefficient=Decimal(0), base_salary=0)
    assert refused.value.message_vi == "Hệ số lương phải lớn hơn 0; lương cơ sở phải lớn hơn 0."
    assert "salary_coefficient" not in refused.value.message_en
    assert refused.value.with_fields.en == (
        "salary_coefficient: the salary coefficient must be more than 0; base_salary: the base salary must be "
        "more than 0."
    )


def test_every_problem_is_reported_at_once():
    with pytest.raises(BilingualError) as refused:
        parse_case({k: v for k, v in CASE.items() if k != "sex"} | {"kind": "x", "leave_date": "2025-02-30"})
    en = refused.value.with_fields.en
    assert "sex" in en and "kind" in en and "leave_date" in en
