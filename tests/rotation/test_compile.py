"""Each rotation rule keeps exactly the pairs it should out of the problem (one small registry per rule)."""

import datetime as dt

import numpy as np
import pytest

from cadre.core.geo import haversine_km
from cadre.core.planning.problem import parse_problem
from cadre.core.policy import national_policy
from cadre.geo.models import Commune
from cadre.people.models import Relation
from cadre.rotation.compile import compile_problem
from tests.people.factories import discipline, make_official, post

from .registry import ON, communes, main_district, planned, secretary

HAI_PHONG = "31"


def pairs(compiled) -> dict[tuple[str, str], dict]:
    columns = compiled.document["pairs"]
    return {
        (c, p): {"cost": cost, "non_local": nl, "km": km}
        for c, p, cost, nl, km in zip(
            columns["candidate"],
            columns["post"],
            columns["cost"],
            columns["non_local"],
            columns["km"],
            strict=True,
        )
    }


def reasons(compiled, official) -> set[str]:
    entry = next(e for e in compiled.excluded if e["candidate"] == str(official.pk))
    return {r["rule"] for r in entry["reasons"]}


def assert_only_moves_closed_by(compiled, official, rule):
    """The person has no pair, and the rule is the only person-wide reason (the others name single
    communes: the one they are local to, and those no plan of theirs covers)."""
    assert not any(key[0] == str(official.pk) for key in pairs(compiled))
    assert reasons(compiled, official) - {"local", "not_planned", "relative"} == {rule}


@pytest.fixture
def place(geography):
    """Three communes of Hải Phòng: A and B (in two former districts) to plan, C where the planned people
    come from. Every commune of the province is a post; A and B are the only ones with an incumbent."""
    first = communes(HAI_PHONG, 30)
    a = first[0]
    b = next(code for code in first if main_district(code) != main_district(a))
    c = next(code for code in first if code not in (a, b))
    secretary(a, name="Bí Thư A")
    secretary(b, name="Bí Thư B")
    return a, b, c


def test_an_eligible_province_leader_may_take_either_post_as_a_non_local(place):
    a, b, c = place
    leader = planned(HAI_PHONG, home=c)
    found = pairs(compile_problem(HAI_PHONG, on=ON))
    assert found[(str(leader.pk), a)]["non_local"] and found[(str(leader.pk), b)]["non_local"]
    parse_problem(compile_problem(HAI_PHONG, on=ON).document)  # a valid version-1 document


def test_incumbents_stay_at_no_distance(place):
    a, _b, _c = place
    compiled = compile_problem(HAI_PHONG, on=ON)
    incumbent = next(p["incumbent"] for p in compiled.document["posts"] if p["id"] == a)
    stay = pairs(compiled)[(incumbent, a)]
    assert stay["km"] == 0 and stay["non_local"] is False


def test_an_incumbents_facts_name_the_commune_they_lead_wherever_the_plan_puts_them(place):
    a, _b, _c = place
    compiled = compile_problem(HAI_PHONG, on=ON)
    post = next(p for p in compiled.document["posts"] if p["id"] == a)
    person = next(c for c in compiled.document["candidates"] if c["id"] == post["incumbent"])
    (fact,) = [f for f in person["facts"] if f["rule"] == "incumbent"]
    assert fact["en"] == f"The incumbent secretary of {post['label']}."
    assert post["label"] in fact["vi"]


def test_a_district_pool_covers_only_that_former_districts_communes(place):
    a, b, c = place
    district = main_district(b)
    leader = planned(HAI_PHONG, home=c, district=district)
    found = pairs(compile_problem(HAI_PHONG, on=ON))
    assert (str(leader.pk), b) in found and (str(leader.pk), a) not in found


def test_too_little_service_left_excludes_every_move(place):
    _a, _b, c = place
    old = planned(HAI_PHONG, home=c, born=dt.date(1968, 1, 1))  # 58 in 2026: under 120 months left
    compiled = compile_problem(HAI_PHONG, on=ON)
    assert not any(k[0] == str(old.pk) for k in pairs(compiled))
    assert "service_left" in reasons(compiled, old)


def test_a_health_concern_excludes_moves(place):
    _a, _b, c = place
    unwell = planned(HAI_PHONG, home=c, health_concern=True)
    assert_only_moves_closed_by(compile_problem(HAI_PHONG, on=ON), unwell, "health")


def test_a_person_recently_rotated_into_their_post_is_not_moved_again(place):
    _a, _b, c = place
    rotated = planned(HAI_PHONG, home=c, since=dt.date(2020, 1, 1), name="Mới Luân Chuyển")
    post(
        rotated,
        "giam_doc_so",
        province=HAI_PHONG,
        start=dt.date(2025, 7, 1),
        decision="Quyết định 12-QĐ/TU về việc luân chuyển cán bộ",
        body="Sở Nội vụ",
    )
    assert_only_moves_closed_by(compile_problem(HAI_PHONG, on=ON), rotated, "serving_rotation")


def test_a_person_appointed_recently_without_a_rotation_may_be_rotated(place):
    # The 36 months are the length of a rotation, not a minimum time in post (Quy định 65-QĐ/TW Art. 8).
    _a, _b, c = place
    appointed = planned(HAI_PHONG, home=c, since=dt.date(2026, 5, 1), name="Mới Bổ Nhiệm")
    assert any(key[0] == str(appointed.pk) for key in pairs(compile_problem(HAI_PHONG, on=ON)))


def test_a_rotation_of_three_whole_years_has_run_its_length(place):
    # On 1/7/2026, a rotation from 1/7/2023 has lasted 36 whole months; one from 31/7/2023 only 35.
    _a, _b, c = place
    enough = planned(HAI_PHONG, home=c, since=dt.date(2023, 7, 1), name="Đủ Ba Năm")
    short = planned(HAI_PHONG, home=c, since=dt.date(2023, 7, 31), name="Thiếu Một Ngày")
    for official in (enough, short):
        official.postings.update(decision="Luân chuyển theo Quyết định 3-QĐ/TU")
    compiled = compile_problem(HAI_PHONG, on=ON)
    assert_only_moves_closed_by(compiled, short, "serving_rotation")
    assert any(key[0] == str(enough.pk) for key in pairs(compiled))


def test_time_in_post_counts_from_the_move_to_another_commune(place):
    # A secretary moved from A to B on 1/6/2026 has held B's post 1 month, not since they first led A.
    a, b, _c = place
    moved = secretary(a, name="Bí Thư Chuyển Xã", since=dt.date(2016, 4, 29), home=b)
    post(moved, "bi_thu", commune=b, start=dt.date(2026, 6, 1), decision="Điều động 5-QĐ/TU")
    compiled = compile_problem(HAI_PHONG, on=ON)
    person = next(c for c in compiled.document["candidates"] if c["id"] == str(moved.pk))
    (fact,) = [f for f in person["facts"] if f["rule"] == "tenure"]
    assert "1 tháng (từ 01/06/2026)" in fact["vi"]


def test_a_higher_post_needs_an_outstanding_rating(place):
    _a, _b, c = place
    deputy = planned(HAI_PHONG, home=c, position="pho_phong_tinh", name="Phó Phòng Tốt")
    outstanding = planned(
        HAI_PHONG, home=c, position="pho_phong_tinh", ratings={2024: "HTTNV", 2025: "HTXSNV"}, name="Xuất Sắc"
    )
    compiled = compile_problem(HAI_PHONG, on=ON)
    assert_only_moves_closed_by(compiled, deputy, "higher_post")
    assert any(k[0] == str(outstanding.pk) for k in pairs(compiled))


def rising(home: str, name: str):
    """A provincial deputy head of division (below the secretary's level) with an outstanding rating: eligible
    for a secretary post, a higher one, unless another rule keeps them out."""
    return planned(
        HAI_PHONG, home=home, position="pho_phong_tinh", ratings={2024: "HTXSNV", 2025: "HTXSNV"}, name=name
    )


def discipline_reasons(compiled, official) -> list[str]:
    entry = next(e for e in compiled.excluded if e["candidate"] == str(official.pk))
    return [r["vi"] for r in entry["reasons"] if r["rule"] == "discipline"]


def test_a_recent_warning_keeps_a_cadre_out_of_a_higher_post_with_the_reason(place):
    # Quy định 377-QĐ/TW: a higher post only 36 months after a warning. Warned on 01/07/2025, 12 months before
    # the rotation date: otherwise eligible for the higher post (an outstanding rating), kept out by this alone.
    _a, _b, c = place
    warned = rising(c, "Bị Cảnh Cáo")
    discipline(warned, "warning", dt.date(2025, 7, 1))
    compiled = compile_problem(HAI_PHONG, on=ON)
    assert_only_moves_closed_by(compiled, warned, "discipline")
    assert discipline_reasons(compiled, warned) == [
        "Bị cảnh cáo ngày 01/07/2025, chưa đủ 36 tháng (từ ngày 02/07/2028 mới được bố trí chức vụ cao hơn)."
    ]
    entry = next(e for e in compiled.excluded if e["candidate"] == str(warned.pk))
    assert any("a higher post only from 02/07/2028" in r["en"] for r in entry["reasons"])
    kept_out = [p["kept_out"] for p in compiled.document["posts"] if p["kept_out"]["people"]]
    assert any("discipline" in str(k) for k in kept_out)


def test_a_warned_cadre_may_still_take_an_equivalent_post(place):
    # The waiting time bars a higher post only: a department director (the secretary's level) may be rotated.
    a, b, c = place
    warned = planned(HAI_PHONG, home=c, name="Giám Đốc Bị Cảnh Cáo")
    discipline(warned, "warning", dt.date(2025, 7, 1))
    compiled = compile_problem(HAI_PHONG, on=ON)
    found = pairs(compiled)
    assert (str(warned.pk), a) in found and (str(warned.pk), b) in found
    person = next(p for p in compiled.document["candidates"] if p["id"] == str(warned.pk))
    assert any(f["rule"] == "discipline" and "02/07/2028" in f["vi"] for f in person["facts"])


def test_the_waiting_time_ends_at_the_end_of_the_same_day_months_later(place):
    # Bộ luật Dân sự 2015 Art. 147-148: the decision day is not counted and 24 months end at the end of the
    # matching day. On 01/07/2026 a reprimand of 30/06/2024 has run its 24 months (a higher post again); one of
    # 01/07/2024 runs through that very day, its last barred day.
    _a, _b, c = place
    served, short = rising(c, "Đủ Hai Năm"), rising(c, "Thiếu Một Ngày")
    discipline(served, "reprimand", dt.date(2024, 6, 30))
    discipline(short, "reprimand", dt.date(2024, 7, 1))
    compiled = compile_problem(HAI_PHONG, on=ON)
    assert any(key[0] == str(served.pk) for key in pairs(compiled))
    assert_only_moves_closed_by(compiled, short, "discipline")
    assert discipline_reasons(compiled, short) == [
        "Bị khiển trách ngày 01/07/2024, chưa đủ 24 tháng (từ ngày 02/07/2026 mới được bố trí chức vụ cao hơn)."
    ]


def test_a_removal_from_office_waits_sixty_months_and_the_longest_wait_is_named(place):
    _a, _b, c = place
    removed = rising(c, "Bị Cách Chức")
    discipline(removed, "removal", dt.date(2022, 1, 10))  # 60 months: through 10/01/2027
    discipline(removed, "reprimand", dt.date(2024, 10, 10))  # 24 months: through 10/10/2026, earlier
    discipline(removed, "recall", dt.date(2026, 1, 10))  # no waiting time in either rule
    compiled = compile_problem(HAI_PHONG, on=ON)
    assert_only_moves_closed_by(compiled, removed, "discipline")
    assert discipline_reasons(compiled, removed) == [
        "Bị cách chức ngày 10/01/2022, chưa đủ 60 tháng (từ ngày 11/01/2027 mới được bố trí chức vụ cao hơn)."
    ]


def test_a_recent_poor_rating_excludes_moves(place):
    _a, _b, c = place
    weak = planned(HAI_PHONG, home=c, ratings={2024: "HTTNV", 2025: "HTNV"})
    assert_only_moves_closed_by(compile_problem(HAI_PHONG, on=ON), weak, "rating")


def test_a_local_person_is_not_rotated_into_their_own_commune(place):
    a, b, _c = place
    native = planned(HAI_PHONG, home=a)
    found = pairs(compile_problem(HAI_PHONG, on=ON))
    assert (str(native.pk), a) not in found and found[(str(native.pk), b)]["non_local"]


def test_a_relative_in_a_key_post_closes_that_commune(place):
    a, b, c = place
    leader = planned(HAI_PHONG, home=c)
    relative = make_official("Người Thân", birthplace=a, raised=a)
    post(relative, "chu_tich_ubnd", commune=a, start=dt.date(2025, 7, 1))
    first, second = sorted((leader, relative), key=lambda o: o.pk)
    Relation.objects.create(official=first, relative=second, kind="sibling")
    found = pairs(compile_problem(HAI_PHONG, on=ON))
    assert (str(leader.pk), a) not in found and (str(leader.pk), b) in found


def test_an_incumbent_due_for_rotation_gets_no_stay(geography):
    a, b, c = communes(HAI_PHONG, 3)
    long_serving = secretary(a, since=dt.date(2016, 1, 1), home=c)  # more than 96 months by 2026
    secretary(b)
    compiled = compile_problem(HAI_PHONG, on=ON)
    assert (str(long_serving.pk), a) not in pairs(compiled)
    assert "due_for_rotation" in reasons(compiled, long_serving)


def test_costs_follow_the_policy_weights(place):
    a, _b, c = place
    leader = planned(HAI_PHONG, home=c, ratings={2023: "HTXSNV", 2024: "HTTNV", 2025: "HTTNV"})
    compiled = compile_problem(HAI_PHONG, on=ON)
    weights = national_policy().value("rotation_cost_weights", ON)
    home, target = Commune.objects.get(code=c), Commune.objects.get(code=a)
    km = float(haversine_km(home.latitude, home.longitude, target.latitude, target.longitude))
    mean_rank = np.mean([4, 3, 3])
    expected = km * weights["per_km"] + weights["per_rating_step"] * (4 - mean_rank)
    assert pairs(compiled)[(str(leader.pk), a)]["cost"] == pytest.approx(expected, abs=1e-3)


def test_changing_a_weight_in_the_policy_changes_the_cost(place, monkeypatch):
    a, _b, c = place
    leader = planned(HAI_PHONG, home=c, born=dt.date(1985, 5, 1), protection="maternity", sex="female")
    before = pairs(compile_problem(HAI_PHONG, on=ON))[(str(leader.pk), a)]
    policy = national_policy()
    original = policy.value
    weights = original("rotation_cost_weights", ON)

    def value(name, on=None):
        result = original(name, on)
        return (
            {**result, "young_child_factor": 2 * result["young_child_factor"]}
            if name == "rotation_cost_weights"
            else result
        )

    monkeypatch.setattr(policy, "value", value)
    after = pairs(compile_problem(HAI_PHONG, on=ON))[(str(leader.pk), a)]
    # Doubling the young-child factor doubles this mother's burden: the cost rises by the burden once more.
    burden = before["km"] * weights["per_km"] * weights["young_child_factor"]
    assert after["cost"] - before["cost"] == pytest.approx(burden, abs=1e-3)


def test_the_target_defaults_to_the_policy_and_can_be_overridden(place):
    floors = compile_problem(HAI_PHONG, on=ON).document["floors"]
    assert floors == [{"group": HAI_PHONG, "min_non_local_share": 0.3}]
    assert compile_problem(HAI_PHONG, target=0.5, on=ON).document["floors"][0]["min_non_local_share"] == 0.5


def test_district_floors_add_a_group_per_former_district(place):
    a, _b, _c = place
    compiled = compile_problem(HAI_PHONG, on=ON, district_floors=True)
    post_a = next(p for p in compiled.document["posts"] if p["id"] == a)
    assert post_a["groups"] == [main_district(a)]
    assert {"group": main_district(a), "min_non_local_share": 0.3} in compiled.document["floors"]
