"""The demo registry lets a user try the chairs: its province has a People's Committee chair in every commune
and people planned for the chair's post, so a plan of secretaries and chairs meets both floors."""

import pytest
from django.db import transaction

from cadre.core.planning.problem import parse_problem
from cadre.core.planning.solver import solve
from cadre.geo.services import geography_counts, load_geography
from cadre.people.demo import AS_OF, demo_province_codes, generate_registry
from cadre.rotation.compile import CompileError, compile_problem


@pytest.fixture(scope="module")
def demo_province(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        if geography_counts()["communes"] == 0:
            load_geography()
        (code,) = demo_province_codes()
        generate_registry([code])
        yield code
        transaction.set_rollback(True)


def test_before_any_chair_target_applies_the_plan_asks_for_one(demo_province, geography):
    # The demo's date (1/10/2025) is before Kết luận 210-KL/TW, the national reference for the chairs: the
    # province has set none, so the planner asks for a target instead of planning chairs against nothing.
    with pytest.raises(CompileError) as caught:
        compile_problem(demo_province, on=AS_OF, post_types=("secretary", "chair"))
    assert "01/10/2025" in caught.value.message_vi and "Chủ tịch UBND" in caught.value.message_vi
    assert "give this plan its own target" in caught.value.message_en


def test_the_demo_province_plans_secretaries_and_chairs_together(demo_province, geography):
    compiled = compile_problem(demo_province, on=AS_OF, post_types=("secretary", "chair"), chair_target=0.3)
    chairs = [p for p in compiled.document["posts"] if p.get("type") == "chair"]
    assert chairs and all(p["incumbent"] for p in chairs)  # every commune has its chair
    incumbents = {p["incumbent"] for p in chairs}
    chair_pairs = [
        c
        for c, p in zip(
            compiled.document["pairs"]["candidate"], compiled.document["pairs"]["post"], strict=True
        )
        if p.endswith(":chair") and c not in incumbents
    ]
    assert chair_pairs  # people planned for the chair's post (or an equivalent) may move in
    problem = parse_problem(compiled.document)
    plan = solve(problem)
    assert plan.status == "optimal"
    groups = {g["group"]: g for g in plan.metrics["groups"]}
    assert groups[demo_province]["met"] and groups[f"{demo_province}:chair"]["met"]
    holders = [c for c in plan.holder.tolist() if c >= 0]
    assert len(holders) == len(set(holders)) == len(compiled.document["posts"])
