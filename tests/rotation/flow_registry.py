"""The registry of the demo's first day, small: every commune of Lai Châu led by a local secretary since
29/04/2021, some of them in the province's succession pool so that a plan may rotate them between communes, and
a first plan dated `on` carried to a decision, as `cadre demo` leaves it. Shared by the flow's service test and
its browser test."""

import datetime as dt

from cadre.people.models import Position, SuccessionPlan
from cadre.people.services import ensure_positions
from cadre.rotation.services import run_plan
from cadre.workflow.services import approve, decide, propose
from tests.people.factories import make_official, post, rate

from .registry import LAI_CHAU, communes

SINCE = dt.date(2021, 4, 29)  # under two terms: not yet due for rotation


def secretaries(on: dt.date, pool: int = 14) -> list:
    """One local secretary per commune; the first `pool` of them may be rotated (province pool)."""
    ensure_positions()  # a browser test's database is emptied between tests, reference rows included
    secretary = Position.objects.get(code="bi_thu")
    people = []
    for number, code in enumerate(communes(LAI_CHAU, 100)):
        official = make_official(
            f"Bí Thư Xã {number:02d}", birthplace=code, raised=code, born=dt.date(1980, 3, 1)
        )
        post(official, "bi_thu", commune=code, start=SINCE)
        rate(official, {on.year - 2: "HTTNV", on.year - 1: "HTTNV"})
        if number < pool:
            SuccessionPlan.objects.create(
                official=official, position=secretary, province_id=LAI_CHAU, term_start=2025, term_end=2030
            )
        people.append(official)
    return people


def decided_first_plan(on: dt.date, board, standing, target: float = 0.1):
    """The demo's plan: solved for `on`, proposed, approved and decided. Returns it and the people it moved."""
    run = run_plan(LAI_CHAU, target=target, on=on)
    run = approve(propose(run, board, "Trình (dữ liệu mẫu)"), standing, "Thống nhất (dữ liệu mẫu)")
    run = decide(run, standing, "Ban hành (dữ liệu mẫu)", decision="01-QĐ/TU")
    incumbents = {p["id"]: p["incumbent"] for p in run.problem["posts"]}
    moved = {
        a["candidate"]: a["post"] for a in run.plan["assignments"] if incumbents[a["post"]] != a["candidate"]
    }
    return run, moved
