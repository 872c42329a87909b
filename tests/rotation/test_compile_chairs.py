"""The commune People's Committee chairs planned with the secretaries (Kết luận 210-KL/TW): their own posts and
floor, the current chair as the incumbent, and the same person a candidate for posts of both types."""

import datetime as dt

import pytest

from cadre.core.planning.problem import ProblemError, parse_problem
from cadre.core.planning.solver import solve
from cadre.rotation.compile import compile_problem
from tests.people.factories import discipline

from .registry import ON, chair, communes, plan_for, planned, planned_chair, secretary

HAI_PHONG = "31"
BOTH = ("secretary", "chair")


@pytest.fixture
def place(geography):
    """Hải Phòng: secretaries in A and B, a chair in A; a deputy director (level of a chair) from C, rated
    excellent and planned for both posts; a deputy director planned for the chair's post only."""
    a, b, c = communes(HAI_PHONG, 3)
    secretary(a, name="Bí Thư A")
    secretary(b, name="Bí Thư B")
    incumbent = chair(a, name="Chủ Tịch A")
    both = planned(
        HAI_PHONG,
        home=c,
        position="pho_giam_doc_so",
        name="Phó Giám Đốc Hai Quy Hoạch",
        ratings={2024: "HTXSNV", 2025: "HTXSNV"},
    )
    plan_for(both, "chu_tich_ubnd", HAI_PHONG)
    only_chair = planned_chair(HAI_PHONG, home=c, name="Phó Giám Đốc Chỉ Chủ Tịch")
    return {"a": a, "b": b, "chair": incumbent, "both": both, "only_chair": only_chair}


def _pairs(compiled) -> set[tuple[str, str]]:
    columns = compiled.document["pairs"]
    return set(zip(columns["candidate"], columns["post"], strict=True))


def test_chairs_join_with_their_own_posts_floor_and_incumbent(place):
    a, b = place["a"], place["b"]
    compiled = compile_problem(HAI_PHONG, on=ON, post_types=BOTH, target=0.3, chair_target=0.5)
    posts = {p["id"]: p for p in compiled.document["posts"]}
    # Secretary posts keep the commune's code (plans already recorded use it); chairs have their own ids.
    assert posts[a].get("type", "secretary") == "secretary" and posts[a]["group"] == HAI_PHONG
    chair_post = posts[f"{a}:chair"]
    assert chair_post["type"] == "chair" and chair_post["group"] == f"{HAI_PHONG}:chair"
    assert chair_post["incumbent"] == str(place["chair"].pk) and chair_post["incumbent_label"] == "Chủ Tịch A"
    assert posts[f"{b}:chair"]["incumbent"] is None  # no chair recorded in B
    # Messages (explanations, diagnoses) name the post, not just the commune; the place is kept apart.
    town = posts[a]["place_label"]
    assert (
        chair_post["place_label"] == town
        and chair_post["label"] == f"Chủ tịch UBND {town[:1].lower()}{town[1:]}"
    )
    assert posts[a]["label"] == f"Bí thư Đảng ủy {town[:1].lower()}{town[1:]}"
    assert {f["group"]: f["min_non_local_share"] for f in compiled.document["floors"]} == {
        HAI_PHONG: 0.3,
        f"{HAI_PHONG}:chair": 0.5,
    }
    labels = compiled.document["group_labels"]
    assert labels[HAI_PHONG].startswith("Bí thư Đảng ủy cấp xã — ")
    assert labels[f"{HAI_PHONG}:chair"].startswith("Chủ tịch UBND cấp xã — ")
    found = _pairs(compiled)
    both, only_chair, incumbent = (str(place[k].pk) for k in ("both", "only_chair", "chair"))
    assert (both, a) in found and (both, f"{a}:chair") in found  # a candidate for both types
    assert (only_chair, f"{a}:chair") in found and (only_chair, a) not in found
    assert (incumbent, f"{a}:chair") in found  # the chair may stay
    assert compiled.params["targets"] == {"secretary": 0.3, "chair": 0.5} and compiled.params["target"] == 0.3
    assert compiled.params["post_types"] == ["secretary", "chair"]
    figures = compiled.before["types"]
    assert figures["chair"]["posts"] == figures["secretary"]["posts"] == len(communes(HAI_PHONG, 10_000))
    assert figures["chair"]["vacant"] == figures["chair"]["posts"] - 1 and figures["chair"]["target"] == 0.5
    # The candidate's facts name the post type they are about.
    facts = next(c for c in compiled.document["candidates"] if c["id"] == incumbent)["facts"]
    assert any(f["rule"] == "incumbent" and "Chủ tịch UBND" in f["vi"] for f in facts)

    problem = parse_problem(compiled.document)
    plan = solve(problem)
    assert plan.status in ("optimal", "feasible")
    held = [c for c in plan.holder.tolist() if c >= 0]
    assert len(held) == len(set(held))  # nobody holds two posts


def test_by_default_only_the_secretaries_are_planned_as_before(place):
    compiled = compile_problem(HAI_PHONG, on=ON)
    assert all("type" not in p and ":" not in p["id"] for p in compiled.document["posts"])
    assert all(
        "place_label" not in p and not p["label"].startswith("Bí thư") for p in compiled.document["posts"]
    )
    assert [f["group"] for f in compiled.document["floors"]] == [HAI_PHONG]
    assert "post_types" not in compiled.params and "types" not in compiled.before
    only_chair = str(place["only_chair"].pk)
    # Planned for a chair's post only: not considered for the secretaries'.
    assert only_chair not in {c["id"] for c in compiled.document["candidates"]}
    assert only_chair not in {e["candidate"] for e in compiled.excluded}


def test_an_unknown_post_type_is_refused_in_both_languages(place):
    with pytest.raises(Exception) as refused:
        compile_problem(HAI_PHONG, on=ON, post_types=("secretary", "mayor"))
    assert "mayor" in str(refused.value) and "Loại chức danh" in str(refused.value)
    assert not isinstance(refused.value, ProblemError)


def test_district_floors_per_type(place):
    compiled = compile_problem(HAI_PHONG, on=ON, post_types=BOTH, district_floors=True)
    groups = {f["group"] for f in compiled.document["floors"]}
    chair_groups = {g for g in groups if g.endswith(":chair")}
    assert len(chair_groups) == len(groups) / 2 and f"{HAI_PHONG}:chair" in chair_groups
    parse_problem(compiled.document)


def test_a_discipline_bars_each_post_type_above_the_persons_own_level(place):
    """Quy định 377-QĐ/TW asks each post type for its own level: a warning bars the posts above the person's,
    whichever type. A warned deputy division head (level 4) planned for the chair's post is kept out of chair
    posts; a warned deputy director (level 2, a chair's level) may still take a chair post (equivalent) but no
    secretary post (level 1, higher)."""
    a, c = place["a"], communes(HAI_PHONG, 3)[2]
    low = planned(
        HAI_PHONG, home=c, position="pho_phong_tinh", name="Phó Phòng Bị Cảnh Cáo", ratings={2025: "HTXSNV"}
    )
    plan_for(low, "chu_tich_ubnd", HAI_PHONG)
    warned_on = dt.date(2025, 7, 1)  # 12 months before the rotation date: 36 months have not passed
    discipline(low, "warning", warned_on)
    discipline(place["both"], "warning", warned_on)
    compiled = compile_problem(HAI_PHONG, on=ON, post_types=BOTH, target=0.3, chair_target=0.5)
    found = _pairs(compiled)
    low_id, both = str(low.pk), str(place["both"].pk)
    assert not any(candidate == low_id for candidate, _post in found)
    excluded = next(e for e in compiled.excluded if e["candidate"] == low_id)
    assert any(
        r["rule"] == "discipline" and r["vi"].startswith("Bị cảnh cáo ngày 01/07/2025")
        for r in excluded["reasons"]
    )
    assert (both, f"{a}:chair") in found and (both, a) not in found
    assert not any(candidate == both and ":" not in post for candidate, post in found)
