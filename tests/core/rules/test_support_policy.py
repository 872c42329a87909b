"""The provinces' support policy file: the shipped policies, and a file that cannot be used, refused with every
problem and where it is."""

import datetime as dt

import pytest

from cadre.core.rules.support_policy import (
    SupportPolicyError,
    load_support_policies,
    read_support_policies,
    shipped_support_policies,
)
from tests.core.rules.test_support import AUTUMN, HAI_PHONG, KHANH_HOA, QUANG_NGAI, rule

# ---- the shipped file --------------------------------------------------------------------------------------


def test_the_shipped_file_seeds_two_real_provinces_and_a_labelled_demo():
    shipped = shipped_support_policies()
    assert shipped.provinces == [HAI_PHONG, QUANG_NGAI, KHANH_HOA]
    quang_ngai, khanh_hoa, demo = (
        shipped.in_force(code, AUTUMN) for code in (QUANG_NGAI, KHANH_HOA, HAI_PHONG)
    )
    assert quang_ngai.unverified and not quang_ngai.demo and "Quảng Ngãi" in quang_ngai.source
    assert khanh_hoa.unverified and not khanh_hoa.demo and "Khánh Hòa" in khanh_hoa.source
    assert demo.demo and demo.unverified and "Cadre demo, not a real resolution" in demo.source
    assert shipped.in_force(QUANG_NGAI, dt.date(2025, 6, 30)) is None  # before its date


# ---- a file that cannot be used ----------------------------------------------------------------------------


def test_a_malformed_policy_file_lists_every_problem_with_where_it_is():
    document = {
        "policy": [
            {
                "province": 51,
                "from": "2025-07-01",
                "rule": [
                    rule("rent", amount_vnd="3.000.000"),
                    rule(
                        "travel",
                        bands=[
                            {"from_km": 15, "below_km": 40, "amount_vnd": 1},
                            {"from_km": 30, "amount_vnd": 2},
                        ],
                    ),
                    rule("once", pay="one_time", amount_vnd=1, months=12),
                    rule("odd", pay="weekly", amount_vnd=1, amout=2, unless=["no_car"]),
                ],
            }
        ],
        "polcy": [],
    }
    with pytest.raises(SupportPolicyError) as caught:
        load_support_policies(document, "support.toml")
    problems = caught.value.problems
    expected = [
        "unknown top-level key(s) 'polcy'",
        "policy 1 (province 51): 'province' must be the province code as a string",
        "policy 1 (province 51): 'from' must be a date",
        "policy 1 (province 51): 'source' is required",
        "rule 'rent': 'amount_vnd' must be a whole number of VND, 0 or more, not '3.000.000'",
        "rule 'travel': the bands 15–<40 km and ≥ 30 km overlap",
        "rule 'once': 'months' (the cap) is for monthly rules",
        "rule 'odd': unknown key 'amout'",
        "rule 'odd': 'pay' must be one of monthly, one_time, not 'weekly'",
        "rule 'odd': 'unless' must be a non-empty list of official_housing",
    ]
    for text in expected:
        assert any(text in problem for problem in problems), text
    assert len(problems) == len(expected)
    assert str(caught.value).startswith("support.toml is not a valid support policy file:\n- ")


@pytest.mark.parametrize(
    "rules, message",
    [
        ([], "needs at least one [[policy.rule]]"),
        ([rule("a", amount_vnd=1), rule("a", amount_vnd=2)], "two rules have the id 'a'"),
        ([rule("a", amount_vnd=1, bands=[{"from_km": 0, "amount_vnd": 1}])], "give exactly one of"),
        (
            [rule("a", bands=[{"from_km": 40, "below_km": 15, "amount_vnd": 1}])],
            "'below_km' must be a number above",
        ),
        ([rule("a", base_salary_multiple=-1)], "'base_salary_multiple' must be a number, 0 or more"),
        ([rule("a", amount_vnd=1, sex="women")], "'sex' must be one of male, female"),
    ],
)
def test_each_malformed_rule_is_refused_with_its_reason(rules, message):
    with pytest.raises(SupportPolicyError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_support_policies({"policy": [{"province": "12", "from": AUTUMN, "source": "x", "rule": rules}]})


def test_text_that_is_not_toml_and_a_second_policy_on_the_same_day_are_refused():
    with pytest.raises(SupportPolicyError, match="not valid TOML"):
        read_support_policies("[[policy]\nprovince = ", "bad.toml")
    twice = {"province": "12", "from": AUTUMN, "source": "x", "rule": [rule("a", amount_vnd=1)]}
    with pytest.raises(SupportPolicyError, match="a second policy of province 12 from 2025-10-15"):
        load_support_policies({"policy": [twice, twice]})
