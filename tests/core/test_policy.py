import datetime as dt

import pytest

from cadre.core.policy import Policy, PolicyError, national_policy

SERIES = {
    "base_salary": {
        "values": [
            {"from": dt.date(2023, 7, 1), "value": 1_800_000, "source": "Nghị định 24/2023/NĐ-CP"},
            {"from": dt.date(2024, 7, 1), "value": 2_340_000, "source": "Nghị định 73/2024/NĐ-CP"},
        ]
    }
}


def test_value_in_force_is_the_latest_on_or_before_the_day():
    policy = Policy(SERIES)
    assert policy.value("base_salary", dt.date(2024, 6, 30)) == 1_800_000
    assert policy.value("base_salary", dt.date(2024, 7, 1)) == 2_340_000
    assert policy.value("base_salary") == 2_340_000


def test_a_day_before_any_value_and_an_unknown_name_are_errors():
    policy = Policy(SERIES)
    with pytest.raises(PolicyError):
        policy.value("base_salary", dt.date(2020, 1, 1))
    with pytest.raises(PolicyError):
        policy.value("no_such_parameter")


def test_an_announced_value_is_not_in_force_before_its_date_and_can_be_flagged_unverified():
    policy = Policy(
        {
            "base_salary": {
                "values": [
                    *SERIES["base_salary"]["values"],
                    {"from": dt.date(2999, 1, 1), "value": 9, "source": "announced", "unverified": True},
                ]
            }
        }
    )
    assert policy.value("base_salary") == 2_340_000  # today, not the announced future value
    announced = policy.entry("base_salary", dt.date(2999, 1, 1))
    assert announced.value == 9 and announced.unverified
    assert not policy.entry("base_salary", dt.date(2025, 1, 1)).unverified


def test_every_value_needs_a_source():
    with pytest.raises(PolicyError, match="source"):
        Policy({"x": {"values": [{"from": dt.date(2025, 1, 1), "value": 1, "source": ""}]}})


def test_the_shipped_policy_file_loads_and_cites_its_sources():
    entry = national_policy().entry("two_tier_in_force")
    assert entry.value == dt.date(2025, 7, 1)
    assert "72/2025/QH15" in entry.source
