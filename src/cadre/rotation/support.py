"""Kinh phí hỗ trợ: the support a stored rotation plan's moves cost, per person and per calendar year.

Each person the plan moves to a commune post (kind "moves" or "new" in the explanation) is paid what the
province's support policy in force on the rotation date gives, plus the Decree 178 Art. 12 items
(`cadre.core.rules.support`). The facts come from the stored plan, not from today's registry: the sex from the
people snapshot, the km (home to the new post) from the explanation's burden (else the problem's pairs). The
level of the previous post is "commune" for a person who held another of the plan's posts ("moves"); for one
who came from outside the plan ("new") it is read from the registry, in one query for everyone: the posting
they held on the day before the rotation date (the highest level if several), so it still answers after the
plan's approval has moved them.

A move lasts the Decree 178 Art. 12 period (`grassroots_support_178.months`, 36 months): a monthly rule is paid
for that long, or for its own cap when shorter, month by month from the rotation date's month. Official
housing is a fact of the post the registry does not hold: a run parameter (`params["official_housing"]`),
"not provided" unless set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cadre.core.policy import Policy, PolicyError, national_policy
from cadre.core.rules.support import GRASSROOTS, Move, Support, support_for_move
from cadre.core.rules.support_policy import (
    ProvincePolicy,
    SupportPolicies,
    read_support_policies,
    shipped_support_policies,
)
from cadre.people.models import Posting

from .models import PlanRun
from .post_types import CHAIR_POST, SECRETARY_POST

# The support policies' post kind of each post type a plan places (`post_types`).
POST_KIND = {SECRETARY_POST: "secretary", CHAIR_POST: "committee_chair"}
MOVED = ("moves", "new")
_RANK = {None: -1, "commune": 0, "district": 1, "province": 2}


@dataclass(frozen=True)
class PersonSupport:
    candidate: str
    label: str
    post: str
    post_label: str
    kind: str  # "moves" or "new"
    origin: str | None  # the level of the previous post
    support: Support


@dataclass(frozen=True)
class PlanSupport:
    people: tuple[PersonSupport, ...]
    policy: ProvincePolicy | None  # the province's policy in force on the rotation date
    duration_months: int
    official_housing: bool
    years: tuple[tuple[int, int], ...]  # (calendar year, amount), in order

    @property
    def monthly(self) -> int:
        return sum(p.support.monthly for p in self.people)

    @property
    def one_time(self) -> int:
        return sum(p.support.one_time for p in self.people)

    @property
    def total(self) -> int:
        return sum(amount for _year, amount in self.years)

    @property
    def unverified(self) -> bool:
        return bool(self.policy and self.policy.unverified) or any(p.support.unverified for p in self.people)

    @property
    def demo(self) -> bool:
        return bool(self.policy and self.policy.demo)


def support_policies() -> SupportPolicies:
    """The shipped provincial policies, or those of the file the setting `CADRE_SUPPORT_POLICY_FILE` names
    (a province's own file, or a test's), which replaces them."""
    path = getattr(settings, "CADRE_SUPPORT_POLICY_FILE", None)
    if not path:
        return shipped_support_policies()
    return read_support_policies(Path(path).read_text(encoding="utf-8"), str(path))


def plan_support(
    run: PlanRun,
    *,
    official_housing: bool | None = None,
    policies: SupportPolicies | None = None,
    policy: Policy | None = None,
) -> PlanSupport:
    """The plan's support budget: each moved person's support and the total of each calendar year. At most
    one query (the previous posts of the people who came from outside the plan), whatever the plan's size."""
    policy = policy or national_policy()
    policies = policies or support_policies()
    housing = (
        bool(run.params.get("official_housing", False)) if official_housing is None else official_housing
    )
    duration = _duration(run.rotation_date, policy)
    plan = run.plan or {}
    snapshot = plan.get("people") or {}
    moved = [a for a in (plan.get("explanation") or {}).get("assignments", []) if a.get("kind") in MOVED]
    origins = _origins(moved, run.rotation_date)
    km = _km(run, moved)
    kinds = {post["id"]: post.get("type", SECRETARY_POST) for post in (run.problem or {}).get("posts", [])}
    people, years = [], {}
    for assignment in moved:
        candidate = str(assignment["candidate"])
        person = snapshot.get(candidate, {})
        move = Move(
            province=run.province_id,
            km=km[candidate, assignment["post"]],
            sex=person.get("sex") or None,
            origin=origins.get(candidate),
            post=POST_KIND[kinds.get(assignment["post"], SECRETARY_POST)],
            start=run.rotation_date,
            duration_months=duration,
            official_housing=housing,
        )
        support = support_for_move(move, policies=policies, policy=policy)
        for year, amount in support.by_year().items():
            years[year] = years.get(year, 0) + amount
        people.append(
            PersonSupport(
                candidate=candidate,
                label=person.get("label") or assignment.get("label") or candidate,
                post=assignment["post"],
                post_label=assignment.get("post_label") or assignment["post"],
                kind=assignment["kind"],
                origin=move.origin,
                support=support,
            )
        )
    return PlanSupport(
        people=tuple(people),
        policy=policies.in_force(run.province_id, run.rotation_date),
        duration_months=duration,
        official_housing=housing,
        years=tuple(sorted(years.items())),
    )


def _duration(on: dt.date, policy: Policy) -> int:
    """How long a move lasts: the Decree 178 Art. 12 period, or the least rotation (Quy định 65) before it."""
    try:
        return int(policy.value(GRASSROOTS, on)["months"])
    except PolicyError:
        return int(policy.value("rotation_min_tenure_months", on))


def _origins(moved: Iterable[dict], on: dt.date) -> dict[str, str | None]:
    origins: dict[str, str | None] = {}
    outsiders = []
    for assignment in moved:
        candidate = str(assignment["candidate"])
        if assignment["kind"] == "moves":
            origins[candidate] = "commune"  # they held another of the plan's commune posts
        elif candidate.isdigit():
            outsiders.append(int(candidate))
    if not outsiders:
        return origins
    eve = on - dt.timedelta(days=1)
    held = Posting.objects.held_on(eve).filter(official_id__in=outsiders)
    for official, commune, district in held.values_list("official_id", "commune_id", "district_id"):
        level = "commune" if commune else "district" if district else "province"
        if _RANK[level] > _RANK[origins.get(str(official))]:
            origins[str(official)] = level
    return origins


def _km(run: PlanRun, moved: list[dict]) -> dict[tuple[str, str], float]:
    """km from home to the new post: the explanation's burden, else the problem's pair."""
    km = {}
    missing = set()
    for assignment in moved:
        key = (str(assignment["candidate"]), assignment["post"])
        value = (assignment.get("burden") or {}).get("km")
        if value is None:
            missing.add(key)
        else:
            km[key] = float(value)
    if missing:
        pairs = (run.problem or {}).get("pairs") or {}
        for candidate, post, distance in zip(
            pairs.get("candidate", ()), pairs.get("post", ()), pairs.get("km", ()), strict=False
        ):
            if (str(candidate), post) in missing:
                km[str(candidate), post] = float(distance)
    for key in missing:
        km.setdefault(key, 0.0)  # no distance known: no distance band applies
    return km
