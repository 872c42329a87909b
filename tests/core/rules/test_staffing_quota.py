import datetime as dt
import tomllib
from importlib import resources

import pytest

from cadre.core.policy import Policy, PolicyError
from cadre.core.rules.staffing_quota import staffing_quota

ON = dt.date(2025, 7, 1)


def quota(population, kind="commune", mountain=False, policy=None, on=ON):
    return staffing_quota(population, kind, mountain=mountain, on=on, policy=policy).quota


def read_as(**reading):
    """The shipped policy file with another reading of the rule."""
    document = tomllib.loads(resources.files("cadre").joinpath("policy/vn.toml").read_text(encoding="utf-8"))
    shipped = document["commune_staffing_quota_reading"]["values"][0]["value"]
    document["commune_staffing_quota_reading"] = {
        "values": [{"from": dt.date(2025, 5, 30), "value": {**shipped, **reading}, "source": "test"}]
    }
    return Policy(document)


# Shipped reading: only the inhabitants above 16,000 count, in full steps of 1,000 (mountain) or 2,000.
@pytest.mark.parametrize(
    "population, mountain, expected",
    [
        (0, False, 32),
        (15_999, True, 32),
        (16_000, True, 32),  # at the threshold: nothing above it
        (16_000, False, 32),
        (16_001, True, 32),  # 1 inhabitant above: no full step
        (16_999, True, 32),  # 999 above
        (17_000, True, 33),  # 1,000 above: one mountain step
        (17_000, False, 32),  # half of a 2,000 step
        (18_000, True, 34),  # 2,000 above: two mountain steps
        (18_000, False, 33),  # one step of 2,000
        (19_999, False, 33),  # 3,999 above: still one full step
    ],
)
def test_the_quota_at_its_thresholds(population, mountain, expected):
    assert quota(population, mountain=mountain) == expected


@pytest.mark.parametrize(
    "population, kind, mountain, expected",
    [
        (34_000, "commune", True, 50),  # 32 + 18 = 50: exactly the cap
        (35_000, "commune", True, 50),  # 32 + 19 = 51, capped at 50
        (52_000, "commune", False, 50),  # 32 + 18 = 50
        (60_000, "ward", False, 54),  # 32 + 22: a ward passes the commune cap
        (92_000, "ward", False, 70),  # 32 + 38 = 70: exactly the cap
        (94_000, "ward", False, 70),  # 32 + 39 = 71, capped at 70
        (90_000, "special_zone", True, 50),  # a special zone is capped as a commune
    ],
)
def test_the_caps_of_a_commune_a_ward_and_a_special_zone(population, kind, mountain, expected):
    assert quota(population, kind, mountain) == expected


def test_the_result_says_how_it_was_reached_and_that_the_reading_is_unverified():
    result = staffing_quota(35_000, "commune", mountain=True, on=ON)
    assert (result.base, result.added, result.cap, result.step) == (32, 19, 50, 1000)
    assert result.unverified
    assert any("09/CV-BCĐ" in source for source in result.sources)


@pytest.mark.parametrize(
    "reading, population, mountain, expected",
    [
        # "at least": the 16,000th inhabitant is the first one added, so 16,999 makes a full 1,000.
        ({"threshold": "at_least"}, 16_999, True, 33),
        ({"threshold": "at_least"}, 16_998, True, 32),
        # a started step counts: one inhabitant above 16,000 adds a post.
        ({"partial_step": "up"}, 16_000, True, 32),
        ({"partial_step": "up"}, 16_001, True, 33),
        ({"partial_step": "up"}, 18_001, False, 34),  # 2,001 above: 2 started steps of 2,000
        ({"threshold": "at_least", "partial_step": "up"}, 16_000, True, 33),
        ({"threshold": "at_least", "partial_step": "up"}, 15_999, True, 32),
    ],
)
def test_other_readings_of_the_rule_are_a_policy_change(reading, population, mountain, expected):
    assert quota(population, mountain=mountain, policy=read_as(**reading)) == expected


def test_a_special_zone_can_be_read_as_a_ward():
    # 32 + (94,000 − 16,000) / 2,000 = 32 + 39 = 71, capped at the ward cap 70 (not the commune cap 50)
    assert quota(94_000, "special_zone", False, policy=read_as(special_zone_as="ward")) == 70


def test_before_the_rule_and_bad_input_are_errors():
    with pytest.raises(PolicyError):
        quota(20_000, on=dt.date(2025, 5, 29))
    for population in (-1, 16_000.5, "16000", True):
        with pytest.raises(ValueError):
            quota(population)
    with pytest.raises(ValueError):
        quota(20_000, kind="town")
