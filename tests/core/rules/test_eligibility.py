"""The rotation rules over plain facts, without a database: who is kept out of a commune secretary post and
why, where each rule's boundary falls, and what an eligible pair costs. tests/rotation/test_compile.py checks
the same rules once more through the registry and the compiler."""

import dataclasses
import datetime as dt

import pytest

from cadre.core.policy import PolicyError, national_policy
from cadre.core.rules.eligibility import (
    Person,
    Post,
    Rules,
    discipline_waits,
    is_rotation_decision,
    move_reasons,
    pair_cost,
    pair_reasons,
    person_facts,
    serving_rotation,
)
from cadre.core.rules.evaluation import Level

ON = dt.date(2026, 7, 1)  # the rotation date
SECRETARY_LEVEL = 5  # the level of a commune secretary post in these tests; a smaller number is higher
X, T, H, K = Level.HTXSNV, Level.HTTNV, Level.HTNV, Level.KHTNV
HOME, ELSEWHERE = "10001", "10002"


@pytest.fixture(scope="module")
def rules():
    return Rules.on_date(ON)


def person(**facts) -> Person:
    """A province official at the post's level, planned in the province's pool, with years of service and
    good ratings ahead: no rule keeps them out unless a test changes a fact."""
    values = {
        "id": "1",
        "label": "Nguyễn Văn Một",
        "age_years": 45,
        "months_left": 180,
        "retirement_date": dt.date(2041, 7, 1),
        "health_concern": False,
        "young_child": False,
        "ratings": {2023: T, 2024: T, 2025: T},
        "current_level": SECRETARY_LEVEL,
        "current_is_head": False,
        "current_commune": None,
        "current_since": dt.date(2022, 1, 1),
        "pools": {None},
    }
    return Person(**{**values, **facts})


def commune(code=ELSEWHERE, level=SECRETARY_LEVEL, districts=("D1",)) -> Post:
    return Post(code, f"Xã {code}", level, frozenset(districts))


def rules_of(reasons) -> set[str]:
    return {r["rule"] for r in reasons}


def refused(someone, rules, post=None, local=False) -> set[str]:
    """The rules that keep `someone` out of `post` (a commune they are not from, at their own level)."""
    post = post or commune()
    return rules_of(pair_reasons(someone, post, local, move_reasons(someone, post.level, rules), rules))


def test_the_reference_person_may_be_moved(rules):
    assert refused(person(), rules) == set()


# ---- what keeps a person out of every move -----------------------------------------------------------------


def test_a_person_needs_ten_years_of_service_left_at_the_rotation_date(rules):
    assert "service_left" not in refused(person(months_left=120), rules)
    assert refused(person(months_left=119), rules) == {"service_left"}
    (reason,) = move_reasons(person(months_left=119), SECRETARY_LEVEL, rules)
    assert "119 months of service left; at least 120" in reason["en"] and "119 tháng" in reason["vi"]


def test_a_health_concern_keeps_a_person_out_of_every_move(rules):
    assert refused(person(health_concern=True), rules) == {"health"}
    # A province whose rule lets a person with a health concern move: only the cost then says it.
    lenient = dataclasses.replace(rules, health_blocks_move=False)
    assert refused(person(health_concern=True), lenient) == set()


@pytest.mark.parametrize(
    ("rotated_since", "kept_out"),
    [
        (dt.date(2023, 7, 1), False),  # a rotation of three whole years by 1/7/2026 has run its length
        (dt.date(2023, 7, 2), True),  # one day short of them
        (dt.date(2026, 6, 5), True),  # moved 26 days ago
    ],
)
def test_a_person_serving_a_rotation_is_not_moved_again_before_it_has_run_36_months(
    rules, rotated_since, kept_out
):
    someone = person(current_since=rotated_since, rotated_since=rotated_since)
    assert ("serving_rotation" in refused(someone, rules)) is kept_out
    assert serving_rotation(rotated_since, ON, rules.rotation_months) is kept_out


def test_the_rotation_length_does_not_hold_back_people_who_were_not_rotated(rules):
    # Appointed, elected or merged into the post a month ago, without a rotation: they may be rotated.
    appointed = person(current_since=dt.date(2026, 6, 1), rotated_since=None)
    assert "serving_rotation" not in refused(appointed, rules)
    assert refused(appointed, rules) == set()


def test_a_kept_move_with_a_reason_lifts_the_rotation_length(rules):
    someone = person(rotated_since=dt.date(2026, 1, 1))
    assert "serving_rotation" in refused(someone, rules)
    lifted = dataclasses.replace(someone, rotation_lifted=True)
    assert "serving_rotation" not in refused(lifted, rules)


def test_the_rotation_reason_says_since_when_and_how_long_a_rotation_lasts(rules):
    (reason,) = [
        r
        for r in move_reasons(person(rotated_since=dt.date(2026, 6, 5)), SECRETARY_LEVEL, rules)
        if r["rule"] == "serving_rotation"
    ]
    assert "05/06/2026" in reason["vi"] and "36 tháng" in reason["vi"]


@pytest.mark.parametrize(
    ("decision", "rotation"),
    [
        ("Luân chuyển theo Quyết định 01-QĐ/TU", True),
        ("Quyết định số 12-QĐ/TU về việc LUÂN CHUYỂN cán bộ", True),
        ("luan chuyen can bo", True),
        ("Phương án điều động #4", False),
        ("125-QĐ/TU", False),
        ("", False),
    ],
)
def test_a_posting_recorded_as_a_rotation_is_read_from_its_decision(decision, rotation):
    assert is_rotation_decision(decision) is rotation


@pytest.mark.parametrize(
    ("ratings", "kept_out"),
    [
        ({2025: T}, False),  # rated well in the year before the rotation
        ({2025: X}, False),
        ({2025: H}, True),  # completed tasks, but not well
        ({2024: X}, True),  # the year before the rotation is not rated: it does not count as rated well
        ({}, True),
    ],
)
def test_a_person_must_be_rated_well_in_the_year_before_the_rotation(rules, ratings, kept_out):
    assert ("rating" in refused(person(ratings=ratings), rules)) is kept_out


def test_a_person_holding_no_post_has_no_level_to_compare(rules):
    assert "no_post" in refused(person(current_level=None, current_since=None), rules)


# ---- the post's level against the current one --------------------------------------------------------------


def test_a_post_of_the_same_level_is_open(rules):
    assert refused(person(current_level=SECRETARY_LEVEL), rules) == set()


def test_a_lower_post_is_refused(rules):
    assert refused(person(current_level=SECRETARY_LEVEL - 1), rules) == {"lower_post"}


@pytest.mark.parametrize(
    ("ratings", "kept_out"),
    [
        ({2024: T, 2025: X}, False),  # outstanding in the latest year
        ({2024: X, 2025: T}, True),  # an earlier outstanding year is not enough
        ({2025: T}, True),
    ],
)
def test_a_higher_post_needs_an_outstanding_latest_rating(rules, ratings, kept_out):
    deputy = person(current_level=SECRETARY_LEVEL + 1, ratings=ratings)
    assert ("higher_post" in refused(deputy, rules)) is kept_out
    assert "lower_post" not in refused(deputy, rules)


def test_a_higher_post_with_no_rating_at_all_is_refused_as_higher(rules):
    unrated = person(current_level=SECRETARY_LEVEL + 1, ratings={})
    assert {"higher_post", "rating"} <= refused(unrated, rules)


# ---- what closes one commune -------------------------------------------------------------------------------


def test_a_succession_plan_must_cover_the_commune(rules):
    district_pool = person(pools={"D1"})
    assert "not_planned" not in refused(district_pool, rules, commune(districts=("D1", "D2")))
    assert "not_planned" in refused(district_pool, rules, commune(districts=("D3",)))
    assert "not_planned" in refused(person(pools=set()), rules)  # in no plan at all
    assert "not_planned" not in refused(person(pools={None}), rules, commune(districts=("D3",)))


def test_a_local_person_is_not_rotated_into_their_own_commune_but_may_be_appointed_there(rules):
    from_elsewhere = person(current_commune=HOME)
    assert refused(from_elsewhere, rules, commune(ELSEWHERE), local=True) == {"local"}
    # A deputy of the commune promoted in place is an appointment, not a rotation.
    assert "local" not in refused(from_elsewhere, rules, commune(HOME), local=True)
    assert "local" not in refused(from_elsewhere, rules, commune(ELSEWHERE), local=False)


def test_a_relative_in_a_key_post_closes_only_that_commune(rules):
    someone = person(relative_key_posts={ELSEWHERE})
    reasons = pair_reasons(someone, commune(ELSEWHERE), False, [], rules)
    assert rules_of(reasons) == {"relative"} and "Xã 10002" in reasons[0]["en"]
    assert refused(someone, rules, commune("10003")) == set()


# ---- staying in the post -----------------------------------------------------------------------------------


def incumbent(since: dt.date, **facts) -> Person:
    return person(incumbent_of=HOME, current_commune=HOME, current_is_head=True, current_since=since, **facts)


def test_an_incumbent_stays_whatever_would_keep_them_from_a_move(rules):
    # Near retirement, unwell and poorly rated: none of it is a reason to refuse the stay.
    tired = incumbent(dt.date(2021, 7, 1), months_left=10, health_concern=True, ratings={2025: H})
    assert refused(tired, rules, commune(HOME), local=True) == set()
    assert {"service_left", "health", "rating"} <= refused(tired, rules)


def test_a_head_is_due_for_rotation_after_more_than_two_terms_and_may_not_stay(rules):
    stays = incumbent(dt.date(2018, 7, 1))  # 96 months by the rotation date
    assert stays.months_in_post(ON) == 96 and not stays.due(rules)
    assert refused(stays, rules, commune(HOME)) == set()
    due = incumbent(dt.date(2018, 6, 1))  # 97 months
    assert due.due(rules)
    assert refused(due, rules, commune(HOME)) == {"due_for_rotation"}
    assert "due_for_rotation" not in refused(due, rules)  # a move elsewhere is still open


def test_a_relative_in_a_key_post_refuses_even_the_stay(rules):
    stays = incumbent(dt.date(2022, 7, 1), relative_key_posts={HOME})
    assert refused(stays, rules, commune(HOME)) == {"relative"}


# ---- the cost of an eligible pair --------------------------------------------------------------------------


def test_the_burden_grows_with_distance_and_a_stay_costs_the_fit_alone(rules):
    someone = person()
    near, near_burden = pair_cost(someone, 10.0, rules)
    far, far_burden = pair_cost(someone, 30.0, rules)
    stay, stay_burden = pair_cost(someone, 0.0, rules)
    assert stay_burden == 0 and far_burden == pytest.approx(3 * near_burden)
    # The fit does not depend on the distance.
    assert near - near_burden == pytest.approx(far - far_burden) == pytest.approx(stay)


@pytest.mark.parametrize(
    ("facts", "factor"),
    [({"age_years": 55}, "older_factor"), ({"health_concern": True}, "health_factor")]
    + [({"young_child": True}, "young_child_factor")],
)
def test_age_health_and_a_young_child_make_the_same_distance_weigh_more(rules, facts, factor):
    _cost, base = pair_cost(person(), 20.0, rules)
    _cost, heavier = pair_cost(person(**facts), 20.0, rules)
    assert heavier > base and heavier == pytest.approx(base * rules.weights[factor])


def test_the_age_factor_starts_at_the_policy_age(rules):
    start = rules.weights["older_from_age"]
    _cost, base = pair_cost(person(age_years=40), 20.0, rules)
    assert pair_cost(person(age_years=start - 1), 20.0, rules)[1] == base
    assert pair_cost(person(age_years=start), 20.0, rules)[1] > base


def test_the_factors_multiply(rules):
    _cost, base = pair_cost(person(), 20.0, rules)
    _cost, both = pair_cost(person(age_years=60, young_child=True), 20.0, rules)
    _cost, older = pair_cost(person(age_years=60), 20.0, rules)
    _cost, parent = pair_cost(person(young_child=True), 20.0, rules)
    assert both == pytest.approx(older * parent / base)


def test_better_recent_ratings_cost_less_and_only_the_last_years_count(rules):
    years = rules.weights["fit_years"]
    recent = range(ON.year - years, ON.year)
    excellent = pair_cost(person(ratings=dict.fromkeys(recent, X)), 0.0, rules)[0]
    good = pair_cost(person(ratings=dict.fromkeys(recent, T)), 0.0, rules)[0]
    assert excellent < good
    # A poor year before the last `fit_years` rated years does not change the cost.
    older = {ON.year - years - 1: K, **dict.fromkeys(recent, X)}
    assert pair_cost(person(ratings=older), 0.0, rules)[0] == excellent


def test_an_unrated_person_is_priced_at_the_policy_rank(rules):
    unrated = pair_cost(person(ratings={}), 0.0, rules)[0]
    same_rank = next(level for level in Level if level.rank == rules.weights["unrated_rank"])
    rated = pair_cost(person(ratings={ON.year - 1: same_rank}), 0.0, rules)[0]
    assert unrated == rated


# ---- the facts an explanation cites ------------------------------------------------------------------------


def test_an_incumbents_facts_name_the_commune_they_lead(rules):
    facts = {f["rule"]: f for f in person_facts(incumbent(dt.date(2022, 7, 1)), rules, {HOME: "Xã Một"})}
    assert facts["incumbent"]["en"] == "The incumbent secretary of Xã Một."
    assert facts["tenure"]["en"] == "In the current post for 48 months (since 2022-07-01)."
    assert facts["health"]["en"] == "Fit for work."


def test_the_facts_say_which_pool_plans_the_person_and_when_they_retire(rules):
    province = {f["rule"]: f for f in person_facts(person(), rules, {})}
    district = {f["rule"]: f for f in person_facts(person(pools={"D1"}), rules, {})}
    assert "the province's succession plan" in province["succession_plan"]["en"]
    assert "a former district's succession plan" in district["succession_plan"]["en"]
    assert province["service_left"]["en"] == "180 months of service left (retires 2041-07-01)."
    assert province["rating"]["en"] == "Rated in 2025: Completed tasks well."
    assert "incumbent" not in province


def test_a_person_with_no_post_and_no_plan_has_no_tenure_or_plan_fact(rules):
    facts = {f["rule"] for f in person_facts(person(current_since=None, pools=set(), ratings={}), rules, {})}
    assert facts == {"service_left", "health"}


# ---- the rules in force ------------------------------------------------------------------------------------


def test_there_are_no_rotation_rules_before_the_regulation_took_effect():
    start = national_policy().entry("rotation_min_tenure_months", ON).effective_from
    assert Rules.on_date(start).on == start
    with pytest.raises(PolicyError):
        Rules.on_date(start - dt.timedelta(days=1))


def test_the_explanation_says_a_person_is_serving_a_rotation_and_since_when(rules):
    serving = person(current_since=dt.date(2026, 6, 5), rotated_since=dt.date(2026, 6, 5))
    facts = {f["rule"]: f for f in person_facts(serving, rules, {})}
    assert facts["serving_rotation"]["vi"].startswith("Đang luân chuyển từ 05/06/2026 (0 tháng")
    assert facts["tenure"]["vi"] == "Giữ chức vụ hiện tại 0 tháng (từ 05/06/2026)."
    done = person(rotated_since=dt.date(2022, 1, 1))
    assert {f["rule"]: f for f in person_facts(done, rules, {})}["serving_rotation"]["vi"] == (
        "Luân chuyển từ 01/01/2022 (54 tháng)."
    )
    assert "serving_rotation" not in {f["rule"] for f in person_facts(person(), rules, {})}


def test_a_warning_bars_a_higher_post_through_the_same_day_36_months_later(rules):
    # Quy định 377-QĐ/TW: a higher post 36 months after a warning, counted as the Civil Code counts a period
    # (Art. 147-148): the period ends at the end of the matching day. Warned 01/07/2023: still barred on the
    # rotation date 01/07/2026, free from 02/07/2026; warned 30/06/2023: free on 01/07/2026.
    higher = SECRETARY_LEVEL - 1
    free = person(
        current_level=SECRETARY_LEVEL + 1, ratings={2025: X}, disciplines=[("warning", dt.date(2023, 6, 30))]
    )
    held = dataclasses.replace(free, disciplines=[("warning", dt.date(2023, 7, 1))])
    assert move_reasons(free, higher + 1, rules) == []
    (reason,) = move_reasons(held, higher + 1, rules)
    assert reason["rule"] == "discipline"
    assert reason["vi"] == (
        "Bị cảnh cáo ngày 01/07/2023, chưa đủ 36 tháng (từ ngày 02/07/2026 mới được bố trí chức vụ cao hơn)."
    )
    assert reason["en"] == (
        "Warned on 01/07/2023, 36 months have not passed (a higher post only from 02/07/2026)."
    )
    # The candidate's fact says the same sentence.
    facts = [f for f in person_facts(held, rules, {}) if f["rule"] == "discipline"]
    assert facts == [reason]
    # An equivalent post is not barred.
    assert move_reasons(dataclasses.replace(held, current_level=higher + 1), higher + 1, rules) == []


def test_the_last_barred_day_is_the_matching_day_or_the_months_last_day():
    waiting = {"warning": 36, "reprimand": 24}
    # 29/02/2024 + 36 months: February 2027 has no 29th, so the period ends with 28/02/2027.
    leap = [("warning", dt.date(2024, 2, 29))]
    assert discipline_waits(leap, dt.date(2027, 2, 28), waiting) == [
        ("warning", dt.date(2024, 2, 29), 36, dt.date(2027, 3, 1))
    ]
    assert discipline_waits(leap, dt.date(2027, 3, 1), waiting) == []
    # 31/01/2025 + 24 months ends with 31/01/2027; free on 01/02/2027.
    january = [("reprimand", dt.date(2025, 1, 31))]
    assert discipline_waits(january, dt.date(2027, 1, 31), waiting)[0][3] == dt.date(2027, 2, 1)
    assert discipline_waits(january, dt.date(2027, 2, 1), waiting) == []
    # The decision day itself is not counted: decided today, barred today.
    assert discipline_waits(january, dt.date(2025, 1, 31), waiting) != []


def test_a_measure_without_a_waiting_time_bars_nothing(rules):
    recalled = person(current_level=SECRETARY_LEVEL + 1, ratings={2025: X}, disciplines=[("recall", ON)])
    assert move_reasons(recalled, SECRETARY_LEVEL, rules) == []


def test_the_waiting_times_follow_the_rules_in_force_on_the_rotation_date():
    # Before Quy định 377 (8/10/2025) only the State's 12 months applied to a warning; from then the longer of
    # the Party's and the State's, so a demotion (no Party waiting time) keeps the State's 24 months.
    before, after = Rules.on_date(dt.date(2025, 10, 7)), Rules.on_date(dt.date(2025, 10, 8))
    assert before.discipline_months["warning"] == 12 and after.discipline_months["warning"] == 36
    assert after.discipline_months == {
        "reprimand": 24,
        "warning": 36,
        "step_down": 12,
        "demotion": 24,
        "removal": 60,
    }
    demoted = person(
        current_level=SECRETARY_LEVEL + 1, ratings={2025: X}, disciplines=[("demotion", dt.date(2025, 1, 6))]
    )
    (reason,) = move_reasons(demoted, SECRETARY_LEVEL, dataclasses.replace(after, on=dt.date(2026, 1, 6)))
    assert reason["en"].startswith("Demoted on 06/01/2025, 24 months have not passed")


def test_from_quy_dinh_377_a_plan_for_a_higher_post_counts_for_an_equivalent_one():
    before, after = Rules.on_date(dt.date(2025, 10, 7)), Rules.on_date(dt.date(2025, 10, 8))
    assert before.plan_opens(2, 2) and not before.plan_opens(1, 2)
    assert after.plan_opens(2, 2) and after.plan_opens(1, 2)
    assert not after.plan_opens(3, 2)  # a plan for a lower post never counts
