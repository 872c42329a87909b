import datetime as dt

import pytest

from cadre.core.policy import Policy, national_policy
from cadre.core.rules.evaluation import (
    Level,
    band_for_score,
    consequences,
    due_for_rotation,
    rated_well_recently,
)

X, T, H, K = Level.HTXSNV, Level.HTTNV, Level.HTNV, Level.KHTNV


def run(ratings, kind="civil_servant", *, is_leader=False, term_years=None, protected=False, on_year=2026):
    return consequences(
        ratings, kind, is_leader=is_leader, term_years=term_years, protected=protected, on_year=on_year
    )


def test_levels_are_ordered_and_labelled_in_both_languages():
    assert sorted([K, X, H, T]) == [K, H, T, X]
    assert X > T >= T > H > K and K < H
    assert X.label_vi == "Hoàn thành xuất sắc nhiệm vụ" and K.label_en == "Did not complete tasks"
    assert Level["HTTNV"] is T and T.code == "HTTNV"


def test_two_consecutive_failures_relieve_an_elected_cadre_and_dismiss_a_civil_servant():
    ratings = {2025: K, 2026: K}
    [elected] = run(ratings, "elected")
    assert elected.code == "relieved_of_office" and elected.years == (2025, 2026)
    assert "2025, 2026" in elected.message_vi and "relieved of office" in elected.message_en
    [civil] = run(ratings, "civil_servant")
    assert civil.code == "dismissal" and civil.years == (2025, 2026)
    assert "80/2025/QH15" in civil.source


def test_dismissal_of_a_protected_person_is_deferred_and_says_why():
    [deferred] = run({2025: K, 2026: K}, protected=True)
    assert deferred.code == "dismissal_deferred"
    assert "36 tháng" in deferred.message_vi and "36 months" in deferred.message_en
    assert "prosecution" in deferred.message_en and "pregnant" in deferred.message_en
    # Relief of an elected cadre from office is not a dismissal.
    [elected] = run({2025: K, 2026: K}, "elected", protected=True)
    assert elected.code == "relieved_of_office"


def test_two_non_consecutive_failures_within_three_years_reassign_a_civil_servant():
    [moved] = run({2024: K, 2025: T, 2026: K})
    assert moved.code == "reassignment" and moved.years == (2024, 2026)
    assert "3" in moved.message_en and moved.unverified
    assert run({2023: K, 2024: H, 2025: T, 2026: K}) == []  # 2023 is outside the three years
    assert run({2024: K, 2025: T, 2026: K}, "elected") == []


def test_a_leader_is_judged_within_the_term():
    ratings = {2022: K, 2023: H, 2024: T, 2025: H, 2026: K}
    [moved] = run(ratings, is_leader=True, term_years=range(2021, 2027))
    assert moved.code == "reassignment" and moved.years == (2022, 2026)
    assert "within the term" in moved.message_en
    assert run(ratings, is_leader=True, term_years=range(2026, 2031)) == []  # 2022 was the previous term
    assert run(ratings) == []  # a non-leader looks back only three years
    with pytest.raises(ValueError, match="term"):
        run(ratings, is_leader=True, term_years=None)


def test_nothing_follows_a_year_that_was_not_a_failure():
    assert run({2024: K, 2025: K, 2026: H}) == []
    assert run({2025: K}, on_year=2025) == []
    assert run({}, on_year=2026) == []


def test_a_bad_kind_is_refused():
    with pytest.raises(ValueError, match="elected"):
        run({2025: K, 2026: K}, "contractor")


def test_rated_well_recently_looks_at_the_preceding_year_by_default():
    assert rated_well_recently({2025: T}, 2026)
    assert rated_well_recently({2025: X, 2026: K}, 2026)  # the rotation year itself does not count
    assert not rated_well_recently({2025: H}, 2026)
    assert not rated_well_recently({2024: X}, 2026)  # no rating for 2025


def test_the_look_back_period_is_a_policy_parameter():
    five_years = Policy(
        {
            "rotation_rating_requirement": {
                "values": [
                    {
                        "from": dt.date(2025, 7, 1),
                        "value": {"min_level": "HTTNV", "lookback_years": 5},
                        "source": "test",
                    }
                ]
            }
        }
    )
    good = {y: T for y in range(2021, 2026)}
    assert rated_well_recently(good, 2026, five_years)
    assert not rated_well_recently({**good, 2022: H}, 2026, five_years)
    assert rated_well_recently({**good, 2022: H}, 2026)  # the shipped default looks at 2025 only
    assert national_policy().entry("rotation_rating_requirement", dt.date(2026, 1, 1)).unverified


@pytest.mark.parametrize(
    "score, level",
    [(100, X), (90, X), (89.9, T), (70, T), (69.5, H), (50, H), (49.99, K), (0, K)],
)
def test_score_bands_from_2026(score, level):
    assert band_for_score(score, 2026, disciplined=False) is level


def test_discipline_means_did_not_complete_and_scores_do_not_apply_before_2026():
    assert band_for_score(95, 2026, disciplined=True) is K
    assert band_for_score(95, 2025, disciplined=False) is None
    with pytest.raises(ValueError, match="100"):
        band_for_score(101, 2026, disciplined=False)


def test_due_for_rotation_heads_after_more_than_eight_years_deputies_at_ten():
    assert not due_for_rotation(96, is_head=True)
    assert due_for_rotation(97, is_head=True)
    assert not due_for_rotation(119, is_head=False)
    assert due_for_rotation(120, is_head=False)
