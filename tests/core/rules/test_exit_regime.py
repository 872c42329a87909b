"""Which exit regime applies on the dates: Decree 178 until it closed, Decree 154 from 16/06/2025 to 31/12/2030,
the most favourable when several are open. Every expected amount is worked out by hand next to it.

The man of most cases: coefficient 4.0 + 0.2, 25%, so L = 4.2 × 2,340,000 × 1.25 = 12,285,000 VND; born
20/06/1966, he reaches 61y9m in March 2028, when 62y0m is asked, so he retires at 62y0m in June 2028: pension
from 01/07/2028. 30 insured years.
"""

import datetime as dt
import tomllib
from decimal import Decimal
from importlib import resources

import pytest

from cadre.core.dates import PartialDate
from cadre.core.policy import Policy, PolicyError
from cadre.core.rules.exit_benefits import NotCovered, exit_benefit
from cadre.core.rules.exit_case import ExitCase, FactsError, PersonFacts, parse_case
from cadre.core.rules.exit_regime import exit_regime

L = 12_285_000


def facts(**changes) -> PersonFacts:
    values = {
        "birth": PartialDate(1966, 6, 20),
        "sex": "male",
        "salary_coefficient": Decimal("4.0"),
        "position_allowance_coefficient": Decimal("0.2"),
        "public_service_allowance_pct": Decimal(25),
        "social_insurance_months": 360,
        "leave_date": dt.date(2025, 7, 1),
        "restructuring_decision_date": dt.date(2025, 3, 1),
    }
    values.update(changes)
    return PersonFacts(**values)


def benefit(scheme, kind="early_retirement", **changes):
    return exit_benefit(ExitCase(scheme, kind, facts(**changes)))


def amounts(result) -> dict[str, int]:
    return {c.name: c.amount for c in result.components}


# ---- Decree 178 closed: the decision before 31/08/2025, the leave by 01/09/2025, or a roadmap -------------------


def test_a_decision_of_30_august_is_in_time_and_one_of_31_august_is_not():
    decided_30 = benefit(
        "decree-178", exit_decision_date=dt.date(2025, 8, 30), leave_date=dt.date(2025, 9, 1)
    )
    assert decided_30.total > 0
    with pytest.raises(NotCovered) as refused:
        benefit("decree-178", exit_decision_date=dt.date(2025, 8, 31), leave_date=dt.date(2025, 9, 1))
    vi, en = refused.value.message_vi, refused.value.message_en
    assert "31/08/2025" in vi and "6383/BNV-TCBC" in vi and "Quyết định nghỉ việc ngày 31/08/2025" in vi
    assert "31/08/2025" in en and "2025-08-31" not in en and "Decree 178 has closed" in en
    with pytest.raises(NotCovered):
        benefit("decree-178", exit_decision_date=dt.date(2025, 9, 1), leave_date=dt.date(2025, 9, 1))


def test_leaving_on_1_september_is_covered_and_on_2_september_is_not():
    # 01/09/2025 → 01/07/2028: 34 months = 2 years 10 months → 3 years early. From 01/07/2025 the Decree 67
    # service allowance: 4 + 0.5 × (30 − 15) = 11.5. 12,285,000 × (34 + 5 × 3 + 11.5) = 12,285,000 × 60.5
    last = benefit("decree-178", leave_date=dt.date(2025, 9, 1))
    assert last.months_early == 34 and last.total == 743_242_500
    with pytest.raises(NotCovered) as refused:
        benefit("decree-178", leave_date=dt.date(2025, 9, 2))
    assert "không rõ ngày quyết định" in refused.value.message_vi
    assert "the date of the exit decision unknown" in refused.value.message_en


def test_a_decision_before_1_august_keeps_its_roadmap_to_31_december():
    roadmap = benefit("decree-178", exit_decision_date=dt.date(2025, 7, 31), leave_date=dt.date(2025, 12, 31))
    assert roadmap.total > 0
    with pytest.raises(NotCovered):  # past the roadmap's end
        benefit("decree-178", exit_decision_date=dt.date(2025, 7, 31), leave_date=dt.date(2026, 1, 1))
    with pytest.raises(NotCovered):  # decided on 1 August: no roadmap, and leaving after 1 September
        benefit("decree-178", exit_decision_date=dt.date(2025, 8, 1), leave_date=dt.date(2025, 10, 1))


def test_decree_178_quitting_closes_too():
    young = {"birth": PartialDate(1985, 3, 10), "social_insurance_months": 120}
    assert benefit("decree-178", "quit", leave_date=dt.date(2025, 9, 1), **young).total > 0
    with pytest.raises(NotCovered):
        benefit("decree-178", "quit", leave_date=dt.date(2025, 9, 2), **young)


# ---- Decree 154: early retirement, quitting, the refund ---------------------------------------------------------


def test_decree_154_early_retirement():
    # 01/07/2025 → 01/07/2028: 36 months = 3 years early: 5 × 3 = 15; 30 insured years: 5 + 0.5 × (30 − 20) = 10.
    # 12,285,000 × 25 = 307,125,000
    result = benefit("decree-154")
    assert [(c.name, c.formula) for c in result.components] == [
        ("early_years", "L × 5 × 3"),
        ("service_allowance", "L × (5 + 0.5 × (30 − 20))"),
    ]
    assert amounts(result) == {"early_years": 184_275_000, "service_allowance": 122_850_000}
    assert result.total == 307_125_000 and result.unverified
    (refund,) = result.conditions
    assert refund.amount == 307_125_000 and refund.until == dt.date(2030, 6, 30)  # 60 months from 01/07/2025
    assert "hoàn trả" in refund.text.vi and "307.125.000 đồng" in refund.text.vi
    assert "refunded" in refund.text.en and "307,125,000 VND" in refund.text.en


def test_decree_154_service_allowance_is_flat_from_15_to_20_insured_years():
    # 18 insured years: 5 months flat. 12,285,000 × (15 + 5) = 245,700,000
    result = benefit("decree-154", social_insurance_months=216)
    assert {c.name: c.formula for c in result.components}["service_allowance"] == "L × 5"
    assert result.total == 245_700_000


def test_decree_154_early_retirement_is_2_to_5_years_early():
    with pytest.raises(NotCovered) as refused:  # 01/08/2026 → 01/07/2028: 23 months
        benefit("decree-154", leave_date=dt.date(2026, 8, 1))
    assert "23" in refused.value.message_vi and "23" in refused.value.message_en
    assert benefit("decree-154", leave_date=dt.date(2026, 7, 1)).months_early == 24
    # Born 06/1968: pension from 01/07/2030, 60 months from 01/07/2025. 12,285,000 × (5 × 5 + 10) = 429,975,000
    assert benefit("decree-154", birth=PartialDate(1968, 6, 20)).total == 429_975_000
    with pytest.raises(NotCovered):  # 61 months early
        benefit("decree-154", birth=PartialDate(1968, 7, 20), leave_date=dt.date(2025, 7, 1))
    with pytest.raises(NotCovered):  # 14 insured years from July 2025: no pension
        benefit("decree-154", social_insurance_months=168)


def test_decree_154_is_in_force_from_16_june_2025_to_31_december_2030():
    young = {"birth": PartialDate(1985, 3, 10), "social_insurance_months": 120}
    with pytest.raises(NotCovered) as refused:
        benefit("decree-154", "quit", leave_date=dt.date(2025, 6, 15), **young)
    assert "16/06/2025" in refused.value.message_vi and "31/12/2030" in refused.value.message_en
    # 10 insured years: 12,285,000 × (3 + 1.5 × 10) = 12,285,000 × 18 = 221,130,000
    assert benefit("decree-154", "quit", leave_date=dt.date(2025, 6, 16), **young).total == 221_130_000
    last = benefit("decree-154", "quit", leave_date=dt.date(2030, 12, 31), base_salary=2_340_000, **young)
    assert last.total == 221_130_000
    with pytest.raises(NotCovered):
        benefit("decree-154", "quit", leave_date=dt.date(2031, 1, 1), **young)


def test_decree_154_quitting_is_for_those_who_cannot_retire_early_under_it():
    with pytest.raises(NotCovered) as refused:
        benefit("decree-154", "quit")  # 36 months early with 30 insured years
    assert "Decree 154" in refused.value.message_en


# ---- the regime on the dates --------------------------------------------------------------------------------


def test_before_1_september_the_most_favourable_is_chosen_and_said():
    # Leaving 01/07/2025: Decree 178 early retirement, 36 months: 12,285,000 × (36 + 15 + 11.5) = 767,812,500,
    # against resigning under Decree 170 Art. 58: 12,285,000 × (3 + 1.5 × 30) = 589,680,000.
    regime = exit_regime(facts())
    assert (regime.chosen.scheme, regime.chosen.kind) == ("decree-178", "early_retirement")
    assert regime.chosen.total == 767_812_500 and regime.highest
    assert "có lợi nhất" in regime.reason.vi and "767.812.500 đồng" in regime.reason.vi
    assert "most favourable" in regime.reason.en and "589,680,000 VND" in regime.reason.en
    assert "Decree 154/2025, Art. 3" in regime.reason.en


def test_while_decree_178_is_open_decree_154_is_shown_as_not_applying_not_as_a_lower_alternative():
    # Decree 154 would pay 307,125,000 on 01/07/2025, but the case is Decree 178's.
    regime = exit_regime(facts())
    early_154 = next(o for o in regime.options if (o.scheme, o.kind) == ("decree-154", "early_retirement"))
    assert early_154.total is None and "thuộc diện Nghị định 178/2024" in early_154.reason_vi
    assert "covered by Decree 178/2024" in early_154.reason_en
    assert "307.125.000" not in regime.reason.vi


def test_an_early_retirement_paying_less_than_quitting_is_not_called_the_most_favourable():
    # Decided 01/09/2025, leaving 02/09/2025 (Decree 178 closed): Decree 154 early retirement 307,125,000, and
    # Decree 170 Art. 58 resignation 589,680,000. Early retirement applies by Cadre's reading, not as "có lợi nhất".
    regime = exit_regime(facts(exit_decision_date=dt.date(2025, 9, 1), leave_date=dt.date(2025, 9, 2)))
    assert (regime.chosen.scheme, regime.chosen.kind) == ("decree-154", "early_retirement")
    assert not regime.highest
    assert "có lợi nhất" not in regime.summary.vi and "most favourable of" not in regime.summary.en
    assert "nghỉ hưu trước tuổi được ưu tiên vì được hưởng lương hưu ngay" in regime.summary.vi
    assert "(Nghị định 154/2025/NĐ-CP, Điều 3)" in regime.summary.vi


def test_the_reading_of_the_most_favourable_comes_from_the_policy_file():
    document = tomllib.loads(resources.files("cadre").joinpath("policy/vn.toml").read_text(encoding="utf-8"))
    entry = document["exit_most_favourable"]["values"][0]
    entry["value"] = {**entry["value"], "rule": "highest_total", "citation_vi": "Văn bản X, Điều 9"}
    late = facts(exit_decision_date=dt.date(2025, 9, 1), leave_date=dt.date(2025, 9, 2))
    with pytest.raises(PolicyError):
        exit_regime(late, policy=Policy(document))
    entry["value"]["rule"] = "early_retirement_first_then_highest_total"
    assert "(Văn bản X, Điều 9)" in exit_regime(late, policy=Policy(document)).summary.vi


def test_of_equal_totals_the_one_without_a_refund_applies_and_the_summary_says_they_are_equal():
    # Born 1985, 120 insured months, leaving 02/01/2026 (Decree 178 closed): Decree 154 quitting at once and
    # Decree 170 Art. 58 resignation both pay 12,285,000 × (3 + 1.5 × 10) = 221,130,000; Decree 154's carries
    # the refund on re-employment within 60 months, so resigning applies.
    young = facts(
        birth=PartialDate(1985, 3, 10),
        social_insurance_months=120,
        leave_date=dt.date(2026, 1, 2),
        exit_decision_date=dt.date(2026, 1, 1),
        base_salary=2_340_000,
    )
    regime = exit_regime(young)
    totals = {(o.scheme, o.kind): o.total for o in regime.options if o.total}
    assert totals == {("decree-154", "quit"): 221_130_000, ("decree-170-art-58", "quit"): 221_130_000}
    assert (regime.chosen.scheme, regime.chosen.kind) == ("decree-170-art-58", "quit")
    assert "Tổng trợ cấp bằng nhau với Thôi việc ngay (Nghị định 154)" in regime.summary.vi
    assert "không kèm điều kiện hoàn trả" in regime.summary.vi


def test_without_the_restructuring_decision_date_in_decree_178s_window_the_regime_is_refused():
    # Leaving 01/07/2025, no restructuring decision date: Decree 178 may apply; Decree 154 is not chosen silently.
    regime = exit_regime(facts(restructuring_decision_date=None))
    assert regime.chosen is None
    assert (
        "Nghị định 178 có thể áp dụng" in regime.summary.vi
        and "cần ngày quyết định sắp xếp" in regime.summary.vi
    )
    assert "give the restructuring decision date" in regime.summary.en
    # After Decree 178 closed, the date is not needed.
    late = facts(restructuring_decision_date=None, leave_date=dt.date(2025, 9, 2))
    assert exit_regime(late).chosen.scheme == "decree-154"


def test_after_decree_178_closed_the_same_case_falls_under_decree_154():
    # Decided 01/09/2025, leaving 02/09/2025: 02/09/2025 → 01/07/2028 is 33 months = 2 years 9 months → 3 years.
    # 12,285,000 × (5 × 3 + 10) = 307,125,000
    late = facts(exit_decision_date=dt.date(2025, 9, 1), leave_date=dt.date(2025, 9, 2))
    regime = exit_regime(late)
    assert (regime.chosen.scheme, regime.chosen.kind) == ("decree-154", "early_retirement")
    assert regime.chosen.benefit.months_early == 33 and regime.chosen.total == 307_125_000
    assert "Nghị định 178 đã kết thúc" in regime.reason.vi and "Decree 178 has closed" in regime.reason.en
    # Resigning under Decree 170 Art. 58 would pay 12,285,000 × (3 + 1.5 × 30) = 589,680,000 but no pension yet:
    # early retirement comes first, and the reason says so.
    resign = next(o for o in regime.options if o.scheme == "decree-170-art-58")
    assert resign.total == 589_680_000
    assert "lương hưu ngay" in regime.reason.vi and "pension at once" in regime.reason.en


def test_among_ways_to_quit_the_highest_total_applies():
    # Born 1985, 120 insured months, leaving 01/07/2025: Decree 178 quitting 12,285,000 × (0.8 × 60 + 1.5 × 10
    # + 3) = 12,285,000 × 66 = 810,810,000; Decree 154 and Decree 170: 12,285,000 × (3 + 15) = 221,130,000.
    regime = exit_regime(facts(birth=PartialDate(1985, 3, 10), social_insurance_months=120))
    assert (regime.chosen.scheme, regime.chosen.kind) == ("decree-178", "quit")
    assert regime.chosen.total == 810_810_000


def test_when_no_regime_is_open_the_reason_says_why_each_is_closed():
    regime = exit_regime(
        facts(leave_date=dt.date(2031, 1, 1), base_salary=2_340_000), kind="early_retirement"
    )
    assert regime.chosen is None
    assert "Không chế độ nào" in regime.reason.vi and "31/12/2030" in regime.reason.vi


# ---- bad input ----------------------------------------------------------------------------------------------

CASE = {
    "birth_date": "1966-06-20",
    "sex": "male",
    "salary_coefficient": 4.0,
    "position_allowance_coefficient": 0.2,
    "public_service_allowance_pct": 25,
    "social_insurance_months": 360,
    "leave_date": "2025-09-02",
    "exit_decision_date": "2025-09-01",
}


def test_a_case_without_a_scheme_reads():
    case = parse_case(CASE)
    assert case.scheme is None and case.kind is None
    assert case.facts.exit_decision_date == dt.date(2025, 9, 1)


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"exit_decision_date": "2025-02-30"}, "exit_decision_date"),
        ({"exit_decision_date": "2025-09"}, "exit_decision_date"),
        ({"exit_decision_date": "2025-09-03"}, "before the exit decision"),  # leaves before the decision
        ({"exit_decision_date": "1960-01-01"}, "after the birth"),
    ],
)
def test_bad_decision_dates_are_refused_in_both_languages(changes, words):
    with pytest.raises(FactsError) as refused:
        parse_case({**CASE, **changes})
    assert words in refused.value.with_fields.en and refused.value.message_vi != refused.value.message_en


def test_before_decree_154_the_only_regime_open_is_said_to_be_the_only_one():
    # Leaving 01/05/2025: Decree 154 (from 16/06/2025) and Decree 170 Art. 58 (from 01/07/2025) are not in force,
    # and Decree 178 quitting is for those who may not retire early.
    regime = exit_regime(facts(leave_date=dt.date(2025, 5, 1)))
    assert (regime.chosen.scheme, regime.chosen.kind) == ("decree-178", "early_retirement")
    assert regime.summary.vi.endswith("chế độ duy nhất áp dụng được cho ngày nghỉ 01/05/2025.")
    assert "16/06/2025" in regime.reason.vi and "16/06/2025" not in regime.summary.vi


def test_under_two_years_from_a_pension_decree_154_quitting_is_refused_as_not_modelled():
    # Pension from 01/07/2028. Leaving 01/07/2026 is 24 months early: early retirement under Decree 154 applies
    # (12,285,000 × (5 × 2 + 10) = 245,700,000), and quitting is for those who may not retire early.
    at_24 = facts(leave_date=dt.date(2026, 7, 1), base_salary=2_340_000)
    assert exit_benefit(ExitCase("decree-154", "early_retirement", at_24)).total == 245_700_000
    with pytest.raises(NotCovered) as eligible:
        exit_benefit(ExitCase("decree-154", "quit", at_24))
    assert "đủ điều kiện nghỉ hưu trước tuổi theo Nghị định 154" in eligible.value.message_vi
    # Leaving 01/08/2026, 23 months early, with 30 insured years: the early-retirement group Cadre does not
    # compute; quitting is refused with that reason, not offered.
    at_23 = facts(leave_date=dt.date(2026, 8, 1), base_salary=2_340_000)
    with pytest.raises(NotCovered) as not_modelled:
        exit_benefit(ExitCase("decree-154", "quit", at_23))
    assert "Chưa mô hình hóa" in not_modelled.value.message_vi
    assert "under 24 months" in not_modelled.value.message_en
    regime = exit_regime(at_23, scheme="decree-154")
    assert regime.chosen is None and "Chưa mô hình hóa" in regime.reason.vi
    # Without the insured years for a pension, 23 months early, quitting is open: 10 years, 12,285,000 × 18.
    few = facts(leave_date=dt.date(2026, 8, 1), base_salary=2_340_000, social_insurance_months=120)
    assert exit_benefit(ExitCase("decree-154", "quit", few)).total == 221_130_000


@pytest.mark.parametrize(
    "name, keys",
    [
        ("exit_most_favourable", {"rule", "citation_vi", "citation_en"}),
        ("exit_178_closing", {"citation_vi", "citation_en", "decisions_before", "last_leave_date"}),
        ("exit_early_retirement_154", {"min_months_early", "max_months_early", "per_early_year_months"}),
        (
            "exit_quit_154",
            {"job_search_months", "per_insured_year_months", "excludes_early_retirement_eligible"},
        ),
    ],
)
def test_every_dated_entry_the_exit_pages_read_has_the_keys_they_read(name, keys):
    # A missing key would be an internal error on a person's page, not a refusal.
    document = tomllib.loads(resources.files("cadre").joinpath("policy/vn.toml").read_text(encoding="utf-8"))
    for entry in document[name]["values"]:
        assert keys <= set(entry["value"]), (name, entry["from"])
