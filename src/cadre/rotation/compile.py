"""Registry rows → the rotation problem document (cadre.core.planning.problem, version 1).

The problem covers the commune Party secretary posts of one province. Its candidates are the incumbents and
everyone in a current-term succession plan (quy hoạch) for a post of the same level in the province's pool or a
former district's pool, who may hold at least one post under the rules of `eligibility`. The people considered
who may hold none are listed in `Compiled.excluded`, with the reasons.

About ten queries whatever the province's size: the rules run over plain `Person` facts in memory.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

import numpy as np

from cadre.core.errors import BilingualError
from cadre.core.geo import haversine_km
from cadre.core.policy import national_policy
from cadre.core.rules.eligibility import (
    Post,
    Rules,
    fact,
    move_reasons,
    pair_cost,
    pair_reasons,
    person_facts,
)
from cadre.core.text import Text
from cadre.geo.models import Commune, LegacyCommuneLink, LegacyDistrict, Province
from cadre.people.models import (
    Position,
)
from cadre.people.positions import SECRETARY

from .candidates import is_local_at, person_snapshot, place_keys, places_and_homes, read_people
from .kept_out import KeptOut
from .targets import target_in_force

SPECIAL_ZONE = "dac_khu"
# The summary of a post-specific reason, for someone no post is open to: {n} is how many posts it closed.
_EXCLUDED_SUMMARY = {
    "not_planned": Text(
        "Không trong quy hoạch bao gồm {n} xã.",
        "Not in a succession plan covering {n} of the communes.",
    ),
    "local": Text("Là người địa phương tại {n} xã.", "A local person of {n} of the communes."),
    "relative": Text(
        "Có người thân giữ chức danh chủ chốt tại {n} xã.",
        "A relative holds a key post in {n} of the communes.",
    ),
}


@dataclass
class Compiled:
    document: dict
    excluded: list[dict]  # [{"candidate", "label", "reasons": [{"rule", "vi", "en"}]}]
    before: dict  # {"posts", "vacant", "non_local", "share", "target", "groups": {group: {...}}}
    people: dict[str, dict] = field(default_factory=dict)  # candidate id -> what `plan show` prints
    params: dict = field(default_factory=dict)


class CompileError(BilingualError):
    """The registry cannot be compiled as asked (e.g. a province with no commune posts)."""


def default_target(on: dt.date, province_code: str | None = None, post_type: str = "secretary") -> float:
    """The non-local target of `post_type` in force in the province on `on` (`targets.target_in_force`; no
    province: the national reference)."""
    return target_in_force(province_code, post_type, on).share


# The cost weights a run may set for itself (the rest stay as the policy file has them on the rotation date).
TUNABLE_WEIGHTS = ("per_km", "per_rating_step")


def compile_problem(
    province_code: str,
    target: float | None = None,
    on: dt.date | None = None,
    district_floors: bool = False,
    weights: dict | None = None,
    locks: list[dict] | None = None,
    when_infeasible: str = "closest",
) -> Compiled:
    """`weights` overrides some of the policy's cost weights for this run (`TUNABLE_WEIGHTS`); `locks` are the
    problem document's locks ({"candidate", "post", "kind": "must" | "must_not", "reason"}): a move the user
    kept or forbade, and why. Both are recorded in the run's parameters. A kept move lifts the rotation-length
    rule for its person (`eligibility.serving_rotation`): the reason is on the plan's record. `when_infeasible` goes into the
    problem's options: the registry's planner asks for the closest plan when no plan meets every rule ("strict"
    asks for the diagnosis alone)."""
    on = on or dt.date.today()
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        raise CompileError(
            f"Không có tỉnh/thành mã «{province_code}».", f"No province has the code '{province_code}'."
        )
    in_force = target_in_force(province.code, "secretary", on) if target is None else None
    target = in_force.share if in_force else float(target)
    rules = Rules.on_date(on)
    weights = _check_weights(weights or {})
    if weights:
        rules = replace(rules, weights={**rules.weights, **weights})
    secretary = Position.objects.get(code=SECRETARY)
    posts, main_district, hard = _posts(province, secretary.level, rules)
    people, officials = read_people(province, posts, secretary, on, rules)
    kept = {str(lock["candidate"]) for lock in locks or () if lock.get("kind") == "must"}
    for person in people:
        # A move kept with a recorded reason is the Standing Committee's to decide: a rotation being served
        # does not hold that person back (Quy định 65-QĐ/TW Art. 8, "trừ trường hợp ... quyết định khác").
        person.rotation_lifted = person.id in kept

    province_of, home = places_and_homes(officials.values(), posts, province)
    post_index = {p.id: i for i, p in enumerate(posts)}
    post_lat = np.array([home["posts"][p.id][0] for p in posts])
    post_lon = np.array([home["posts"][p.id][1] for p in posts])
    columns = {"candidate": [], "post": [], "cost": [], "non_local": [], "km": []}
    candidates, excluded, incumbent_non_local = [], [], {}
    labels = {post.id: post.label for post in posts}
    kept = KeptOut()  # who the rules kept out of each post, for diagnoses and open posts
    for person in people:
        official = officials[person.id]
        lat, lon = home["people"][person.id]
        km = haversine_km(lat, lon, post_lat, post_lon)
        general = move_reasons(person, secretary.level, rules)
        keys = place_keys(official, province_of)
        found: dict[str, list] = {}  # rule -> [first reason, how many posts it closed]
        paired = 0
        for post in posts:
            local = is_local_at(official, province.code, post.id, province_of, on, keys=keys)
            if person.incumbent_of == post.id:
                incumbent_non_local[post.id] = not local
            reasons = pair_reasons(person, post, local, general, rules)
            if reasons:
                kept.add(post.id, person.id, official.full_name, reasons)
                for reason in reasons:
                    found.setdefault(reason["rule"], [reason, 0])[1] += 1
                continue
            stay = person.incumbent_of == post.id
            distance = 0.0 if stay else float(km[post_index[post.id]])
            cost, _burden = pair_cost(person, distance, rules)
            columns["candidate"].append(person.id)
            columns["post"].append(post.id)
            columns["cost"].append(cost)
            columns["non_local"].append(not local)
            columns["km"].append(round(distance, 3))
            paired += 1
        if paired:
            candidates.append(
                {
                    "id": person.id,
                    "label": official.full_name,
                    "score": person.score(rules),
                    "facts": person_facts(person, rules, labels),
                }
            )
        else:
            excluded.append({"candidate": person.id, "label": official.full_name, "reasons": _summary(found)})

    incumbents = {p.incumbent_of: p.id for p in people if p.incumbent_of}
    document = {
        "version": 1,
        "posts": [
            {
                "id": post.id,
                "group": province.code,
                **(
                    {"groups": [main_district[post.id]]}
                    if district_floors and post.id in main_district
                    else {}
                ),
                "incumbent": incumbents.get(post.id),
                **(
                    {"incumbent_label": officials[incumbents[post.id]].full_name}
                    if post.id in incumbents
                    else {}
                ),
                "incumbent_non_local": incumbent_non_local.get(post.id),
                "label": post.label,
                "hard": hard[post.id],
                "kept_out": kept.document(post.id),
            }
            for post in posts
        ],
        "candidates": candidates,
        "pairs": columns,
        "floors": _floors(province.code, posts, main_district, target, district_floors),
        **({"locks": list(locks)} if locks else {}),
        "group_labels": _group_labels(province, main_district, district_floors),
        "options": {"when_infeasible": when_infeasible},
    }
    before = before_figures(document["posts"], target, province.code)
    snapshot = {p.id: person_snapshot(p, officials[p.id]) for p in people}
    params = {
        "province": province.code,
        "target": target,
        # Where the target comes from (None: the run's own, given by the user).
        "target_source": in_force.to_params() if in_force else None,
        "date": on.isoformat(),
        "district_floors": district_floors,
        "weights": weights,
        "locks": list(locks or []),
        "policy": {
            name: national_policy().value(name, on)
            for name in (
                "rotation_min_service_left_months",
                "rotation_min_tenure_months",
                "rotation_higher_post_rule",
                "rotation_health_rule",
                "rotation_cost_weights",
                "rotation_due_tenure",
                "rotation_rating_requirement",
                "hard_post_rule",
                "local_person_rule",
            )
        },
    }
    return Compiled(document, excluded, before, snapshot, params)


def _check_weights(weights: dict) -> dict:
    checked = {}
    for name, value in weights.items():
        if name not in TUNABLE_WEIGHTS:
            raise CompileError(
                f"Không có trọng số «{name}» (chỉ có: {', '.join(TUNABLE_WEIGHTS)}).",
                f"There is no weight '{name}' (only: {', '.join(TUNABLE_WEIGHTS)}).",
            )
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise CompileError(
                f"Trọng số «{name}» phải là một số không âm, không phải {value!r}.",
                f"The weight '{name}' must be a number of zero or more, not {value!r}.",
            )
        checked[name] = float(value)
    return checked


def _posts(province: Province, level: int, rules: Rules):
    """The province's communes as secretary posts, each commune's main former district and whether it is hard."""
    communes = list(Commune.objects.filter(province=province).order_by("code"))
    spread: dict[str, Counter] = defaultdict(Counter)
    links = LegacyCommuneLink.objects.filter(commune__province=province)
    for commune, district in links.values_list("commune_id", "legacy_commune__district_id"):
        spread[commune][district] += 1
    main = {c: min(d, key=lambda k: (-d[k], k)) for c, d in spread.items()}
    rule = rules.policy.value("hard_post_rule", rules.on)
    centre_km = haversine_km(
        province.latitude,
        province.longitude,
        np.array([c.latitude for c in communes]),
        np.array([c.longitude for c in communes]),
    )
    hard = {
        c.code: bool(
            (rule["special_zone"] and c.kind == SPECIAL_ZONE) or far >= rule["min_km_from_province_centre"]
        )
        for c, far in zip(communes, np.atleast_1d(centre_km), strict=True)
    }
    posts = [Post(c.code, c.name, level, frozenset(spread.get(c.code, ()))) for c in communes]
    return posts, main, hard


def _summary(found: dict[str, list]) -> list[dict]:
    return [
        fact(rule, *(said.format(n=count) for said in _EXCLUDED_SUMMARY[rule]))
        if rule in _EXCLUDED_SUMMARY
        else reason
        for rule, (reason, count) in found.items()
    ]


def _group_labels(province: Province, main_district: dict, district_floors: bool) -> dict[str, str]:
    """The names messages use for the problem's groups: the province, and the former districts with floors."""
    labels = {province.code: province.name}
    if district_floors:
        codes = set(main_district.values())
        labels.update(LegacyDistrict.objects.filter(code__in=codes).values_list("code", "name"))
    return labels


def _floors(province_code, posts, main_district, target, district_floors) -> list[dict]:
    floors = [{"group": province_code, "min_non_local_share": target}]
    if district_floors:
        districts = sorted({main_district[p.id] for p in posts if p.id in main_district})
        floors += [{"group": d, "min_non_local_share": target} for d in districts]
    return floors


def before_figures(posts: list[dict], target: float, province_code: str) -> dict:
    groups: dict[str, dict] = {}
    for post in posts:
        for group in (post["group"], *post.get("groups", ())):
            entry = groups.setdefault(group, {"posts": 0, "vacant": 0, "non_local": 0})
            entry["posts"] += 1
            entry["vacant"] += post["incumbent"] is None
            entry["non_local"] += bool(post["incumbent_non_local"])
    for entry in groups.values():
        entry["share"] = round(entry["non_local"] / entry["posts"], 6) if entry["posts"] else None
    return {**groups.get(province_code, {}), "target": target, "groups": groups}
