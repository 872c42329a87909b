"""Support for a cadre moved to a commune: the provinces' dated rules (bands, caps, coefficients of the dated
base salary, extras, exclusions) and the Decree 178 Art. 12 items. The policy file itself (the shipped one, and
one that cannot be used) is tested in test_support_policy.py."""

import datetime as dt

import pytest

from cadre.core.rules.support import Move, support_for_move
from cadre.core.rules.support_policy import load_support_policies

QUANG_NGAI, KHANH_HOA, HAI_PHONG, LAI_CHAU = "51", "56", "31", "12"
AUTUMN = dt.date(2025, 10, 15)
RISE = dt.date(2026, 7, 1)  # the announced base salary of 2,527,200 (unverified) takes effect


def move(province=QUANG_NGAI, km=20.0, sex="male", origin="district", post="secretary", **facts):
    return Move(
        province=province,
        km=km,
        sex=sex,
        origin=origin,
        post=post,
        start=facts.pop("start", AUTUMN),
        duration_months=facts.pop("duration_months", 36),
        **facts,
    )


def paid(support) -> dict[str, int | None]:
    """Each component's amount by its rule: a province's rule by its id alone, a national one in full."""
    return {c.rule.split("/", 2)[-1] if c.rule[0].isdigit() else c.rule: c.amount for c in support.components}


def policies(*rules, province=LAI_CHAU, start=dt.date(2025, 1, 1), **policy):
    return load_support_policies(
        {
            "policy": [
                {
                    "province": province,
                    "from": start,
                    "source": "Nghị quyết thử",
                    **policy,
                    "rule": list(rules),
                }
            ]
        }
    )


def rule(rule_id, pay="monthly", **fields):
    return {"id": rule_id, "label_vi": rule_id, "label_en": rule_id, "pay": pay, **fields}


# ---- the shipped policies -----------------------------------------------------------------------------------


def test_quang_ngai_district_to_commune_one_time_living_and_travel():
    support = support_for_move(move(km=25))
    assert paid(support) == {
        "one_time": 3_000_000,
        "living": 1_500_000,
        "travel": 1_000_000,
        "decree-178-art-12/one_time": 23_400_000,  # 10 × 2,340,000
        "decree-178-art-12/early_salary_step": None,
    }
    assert support.monthly == 2_500_000
    assert support.one_time == 3_000_000 + 23_400_000
    assert support.unverified and not support.demo


@pytest.mark.parametrize(
    "km, travel",
    [(0, None), (14.999, None), (15, 1_000_000), (39.999, 1_000_000), (40, 1_500_000), (250, 1_500_000)],
)
def test_distance_bands_include_their_lower_edge_and_exclude_their_upper_edge(km, travel):
    assert paid(support_for_move(move(km=km))).get("travel") == travel


@pytest.mark.parametrize("km, expected", [(29.999, 0), (30, 3_760_000)])
def test_khanh_hoa_pays_rent_and_travel_from_30_km(km, expected):
    support = support_for_move(move(KHANH_HOA, km=km, origin="commune"))
    assert support.monthly == expected and support.one_time == 0  # commune → commune: no Decree 178 Art. 12


def test_a_rule_for_other_moves_does_not_apply():
    assert support_for_move(move(origin="province")).monthly == 0  # Quảng Ngãi: district → commune only
    assert support_for_move(move(origin=None)).components == ()  # an unknown previous post: nothing
    only_secretaries = policies(rule("post", amount_vnd=100, posts=["secretary", "committee_chair"]))
    assert support_for_move(move(LAI_CHAU), policies=only_secretaries).monthly == 100
    assert support_for_move(move(LAI_CHAU, post="staff"), policies=only_secretaries).monthly == 0


def test_an_unknown_province_has_no_policy_and_that_is_not_an_error():
    support = support_for_move(move(LAI_CHAU, km=300, origin="province"))
    assert support.policy is None and support.monthly == 0
    assert [c.rule for c in support.components] == [
        "decree-178-art-12/one_time",
        "decree-178-art-12/early_salary_step",
    ]


# ---- durations, dates and the base salary ------------------------------------------------------------------


def test_duration_caps_split_the_months_across_calendar_years():
    capped = policies(
        rule("year", amount_vnd=1_000_000, months=12),
        rule("two_years", amount_vnd=100_000, months=24),
        rule("whole_move", amount_vnd=10, months=48),  # a cap longer than the move: the move's 36 months
        rule("once", pay="one_time", amount_vnd=5_000_000),
    )
    support = support_for_move(move(LAI_CHAU, origin="commune"), policies=capped)
    assert [(c.rule.rsplit("/", 1)[-1], c.months) for c in support.components if c.pay == "monthly"] == [
        ("year", 12),
        ("two_years", 24),
        ("whole_move", 36),
    ]
    # From 15/10/2025: October to December is 3 months of 2025; the 36th month is September 2028.
    assert support.by_year() == {
        2025: 5_000_000 + 3 * 1_100_010,
        2026: 9 * 1_000_000 + 12 * 100_000 + 12 * 10,
        2027: 9 * 100_000 + 12 * 10,
        2028: 9 * 10,
    }
    assert sum(support.by_year().values()) == support.total
    assert support.months == 36


def test_a_coefficient_follows_the_dated_base_salary_month_by_month():
    rent = policies(
        rule("rent", base_salary_multiple=1.5, months=4),
        rule("once", pay="one_time", base_salary_multiple=2),
    )
    support = support_for_move(move(LAI_CHAU, origin="commune", start=dt.date(2026, 5, 20)), policies=rent)
    monthly = next(c for c in support.components if c.rule.endswith("/rent"))
    assert monthly.schedule == (3_510_000, 3_510_000, 3_790_800, 3_790_800)  # May, June | July, August
    assert monthly.formula == "1.5 × 2340000 → 2527200" and monthly.base_salaries == (2_340_000, 2_527_200)
    assert monthly.unverified and "chưa có nghị định" in monthly.source  # the announced rise
    assert paid(support)["once"] == 4_680_000
    after = support_for_move(move(LAI_CHAU, origin="commune", start=RISE), policies=rent)
    assert paid(after)["once"] == 5_054_400


@pytest.mark.parametrize(
    "start, allowance, unverified_salary",
    [(dt.date(2026, 6, 30), 23_400_000, False), (RISE, 25_272_000, True)],
)
def test_the_decree_178_allowance_is_10_base_salaries_of_the_start_date(start, allowance, unverified_salary):
    support = support_for_move(move(LAI_CHAU, km=100, origin="province", start=start))
    one_time = next(c for c in support.components if c.rule == "decree-178-art-12/one_time")
    assert one_time.amount == allowance and one_time.formula.startswith("10 × ")
    assert ("chưa có nghị định" in one_time.source) == unverified_salary
    step = next(c for c in support.components if c.rule == "decree-178-art-12/early_salary_step")
    assert (
        step.pay == "non_monetary"
        and step.amount is None
        and "Nâng bậc lương trước thời hạn" in step.label_vi
    )


def test_the_decree_178_items_need_three_years_a_post_above_the_commune_and_an_ordinary_area():
    assert support_for_move(move(LAI_CHAU, origin="province", duration_months=24)).components == ()
    assert support_for_move(move(LAI_CHAU, origin="commune")).components == ()
    assert support_for_move(move(LAI_CHAU, origin="district", start=dt.date(2024, 12, 31))).components == ()
    hard = support_for_move(move(LAI_CHAU, origin="province", difficult_area=True))
    assert [(c.pay, c.amount) for c in hard.components] == [("non_monetary", None)]
    assert "76/2019" in hard.components[0].label_vi


# ---- extras and exclusions ---------------------------------------------------------------------------------


def test_women_get_the_extra_on_top_of_other_support_only():
    demo = {"province": HAI_PHONG, "origin": "commune", "km": 20}
    man, woman = (support_for_move(move(**demo, sex=sex)) for sex in ("male", "female"))
    assert woman.monthly - man.monthly == 300_000 and "women" in paid(woman) and "women" not in paid(man)
    near = support_for_move(move(**{**demo, "km": 5}, sex="female"))  # no travel: nothing to add to
    assert near.components == ()
    unknown = support_for_move(move(**demo, sex=None))
    assert unknown.monthly == man.monthly


def test_no_rent_when_official_housing_is_provided():
    far = {"province": KHANH_HOA, "origin": "commune", "km": 45}
    assert paid(support_for_move(move(**far)))["rent"] == 3_000_000  # the default: no housing provided
    housed = support_for_move(move(**far, official_housing=True))
    assert "rent" not in paid(housed) and paid(housed)["travel"] == 760_000
    assert housed.excluded == (
        ("56/2025-07-01/rent", "Hỗ trợ thuê nhà ở hằng tháng", "Monthly rent support", "official_housing"),
    )


def test_a_province_takes_the_policy_of_the_day():
    dated = load_support_policies(
        {
            "policy": [
                {
                    "province": "12",
                    "from": dt.date(2025, 7, 1),
                    "source": "NQ 1",
                    "rule": [rule("a", amount_vnd=1)],
                },
                {
                    "province": "12",
                    "from": dt.date(2026, 1, 1),
                    "until": dt.date(2026, 12, 31),
                    "source": "NQ 2",
                    "rule": [rule("a", amount_vnd=2)],
                },
            ]
        }
    )
    amounts = {
        day: support_for_move(move(LAI_CHAU, origin="commune", start=day), policies=dated).monthly
        for day in (dt.date(2025, 6, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    }
    assert list(amounts.values()) == [0, 1, 2, 0]  # before the first; the first; the second; after its end


def test_a_move_that_cannot_be_right_is_refused():
    with pytest.raises(ValueError, match="km"):
        move(km=-1)
    with pytest.raises(ValueError, match="post kind"):
        move(post="mayor")
