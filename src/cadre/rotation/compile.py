"""Registry rows → the rotation problem document (cadre.core.planning.problem, version 1).

The problem covers the commune Party secretary posts of one province, and with `post_types` its People's
Committee chair posts too (`post_types.py`: ids, groups, names), planned together since the same people are
candidates for both. Its candidates are the incumbents and
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
from cadre.core.policy import PolicyError, national_policy
from cadre.core.rules.eligibility import (
    Post,
    Rules,
    fact,
    person_facts,
)
from cadre.core.text import Text
from cadre.geo.models import Commune, LegacyCommuneLink, LegacyDistrict, Province
from cadre.people.models import (
    Position,
)

from .candidates import person_snapshot, read_people
from .post_types import (
    CHAIR_POST,
    POSITION,
    SECRETARY_POST,
    group_label,
    parse_post_types,
    title,
)
from .post_types import group as type_group
from .targets import target_in_force
from .type_posts import TypePosts, post_documents, type_facts, type_pairs

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
    post_types: tuple[str, ...] = (SECRETARY_POST,),
    chair_target: float | None = None,
) -> Compiled:
    """`weights` overrides some of the policy's cost weights for this run (`TUNABLE_WEIGHTS`); `locks` are the
    problem document's locks ({"candidate", "post", "kind": "must" | "must_not", "reason"}): a move the user
    kept or forbade, and why. Both are recorded in the run's parameters. A kept move lifts the rotation-length
    rule for its person (`eligibility.serving_rotation`): the reason is on the plan's record. `when_infeasible` goes into the
    problem's options: the registry's planner asks for the closest plan when no plan meets every rule ("strict"
    asks for the diagnosis alone).

    `post_types` are the posts planned together (`post_types.POST_TYPES`: the secretaries, and the People's
    Committee chairs): each type has its own floor, its share the province's target in force on the date unless `target` (secretaries)
    or `chair_target` (chairs) overrides it. A person may be a candidate for posts of both types."""
    on = on or dt.date.today()
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        raise CompileError(
            f"Không có tỉnh/thành mã «{province_code}».", f"No province has the code '{province_code}'."
        )
    post_types = parse_post_types(post_types)
    overrides = {SECRETARY_POST: target, CHAIR_POST: chair_target}
    # Each type's target: the province's in force on the date (`targets.target_in_force`), unless the run sets it.
    in_force = {}
    for kind in post_types:
        if overrides[kind] is None:
            try:
                in_force[kind] = target_in_force(province.code, kind, on)
            except PolicyError as error:
                day = on.strftime("%d/%m/%Y")
                raise CompileError(
                    f"Chưa có chỉ tiêu {title(kind)} không là người địa phương nào áp dụng vào ngày {day}: "
                    f"{province.name} chưa đặt và chưa có mức tham chiếu chung. Hãy đặt chỉ tiêu của tỉnh/thành "
                    "(trang Chỉ tiêu) hoặc nhập chỉ tiêu cho phương án này.",
                    f"No non-local target for the {title(kind, 'en')} posts applies on {day}: {province.name} has "
                    "set none and no national reference is in force yet. Set the province's target (the Targets "
                    "page) or give this plan its own target.",
                ) from error
    targets = {
        kind: in_force[kind].share if kind in in_force else float(overrides[kind]) for kind in post_types
    }
    rules = Rules.on_date(on)
    weights = _check_weights(weights or {})
    if weights:
        rules = replace(rules, weights={**rules.weights, **weights})
    kept_ids = {str(lock["candidate"]) for lock in locks or () if lock.get("kind") == "must"}
    columns = {"candidate": [], "post": [], "cost": [], "non_local": [], "km": []}
    candidates: dict[str, dict] = {}
    refused: dict[str, tuple[str, dict[str, list]]] = {}  # person -> (label, {type: found})
    snapshot: dict[str, dict] = {}
    documents, floors, taken = [], [], set()
    several = len(post_types) > 1
    group_labels: dict[str, str] = {}
    group_labels_en: dict[str, str] = {}  # where the English name differs (a type's title in it)
    for kind in post_types:
        position = Position.objects.get(code=POSITION[kind])
        posts, main_district, hard = _posts(province, position.level, rules)
        people, officials = read_people(province, posts, position, on, rules)
        for person in people:
            # A move kept with a recorded reason is the Standing Committee's to decide: a rotation being served
            # does not hold that person back (Quy định 65-QĐ/TW Art. 8, "trừ trường hợp ... quyết định khác").
            person.rotation_lifted = person.id in kept_ids
        found = type_pairs(kind, province, posts, people, officials, position, rules, on, columns)
        labels = {post.id: post.label for post in posts}
        for person in people:
            label = officials[person.id].full_name
            snapshot.setdefault(person.id, person_snapshot(person, officials[person.id]))
            if found[person.id] is None:
                refused.pop(person.id, None)
                candidate = candidates.setdefault(
                    person.id, {"id": person.id, "label": label, "score": person.score(rules), "facts": []}
                )
                for item in type_facts(kind, person_facts(person, rules, labels)):
                    if item not in candidate["facts"]:
                        candidate["facts"].append(item)
            elif person.id not in candidates:
                refused.setdefault(person.id, (label, {}))[1][kind] = found[person.id]
        documents += post_documents(
            TypePosts(kind, posts, people, officials, main_district, hard, found),
            province,
            district_floors=district_floors,
            taken=taken,
            several=several,
        )
        floors += _floors(kind, province.code, posts, main_district, targets[kind], district_floors)
        group_labels.update(_group_labels(kind, province, main_district, district_floors, several))
        english = _group_labels(kind, province, main_district, district_floors, several, "en")
        group_labels_en.update({g: name for g, name in english.items() if name != group_labels[g]})
    excluded = [
        {"candidate": person, "label": label, "reasons": _summary(by_type, several)}
        for person, (label, by_type) in refused.items()
    ]
    document = {
        "version": 1,
        "posts": documents,
        "candidates": list(candidates.values()),
        "pairs": columns,
        "floors": floors,
        **({"locks": list(locks)} if locks else {}),
        "group_labels": group_labels,
        **({"group_labels_en": group_labels_en} if group_labels_en else {}),
        "options": {"when_infeasible": when_infeasible},
    }
    before = before_figures(document["posts"], targets, province.code)
    main_type = SECRETARY_POST if SECRETARY_POST in targets else post_types[0]
    main_target = targets[main_type]
    params = {
        "province": province.code,
        "target": main_target,
        # Where the target comes from (None: the run's own, given by the user).
        "target_source": in_force[main_type].to_params() if main_type in in_force else None,
        **(
            {
                "post_types": list(post_types),
                "targets": targets,
                "target_sources": {k: in_force[k].to_params() if k in in_force else None for k in post_types},
            }
            if post_types != (SECRETARY_POST,)
            else {}
        ),
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


def _summary(by_type: dict[str, dict[str, list]], several: bool) -> list[dict]:
    """The reasons no post was open to a person; with several post types planned, each type's reasons say
    which post type they are about (a rule of the person, e.g. service left, is said once)."""
    reasons: list[dict] = []
    for kind, found in by_type.items():
        for rule, (reason, count) in found.items():
            if rule in _EXCLUDED_SUMMARY:
                vi, en = (said.format(n=count) for said in _EXCLUDED_SUMMARY[rule])
                if several:
                    vi, en = f"{title(kind, 'vi')}: {vi}", f"{title(kind, 'en')}: {en}"
                reasons.append(fact(rule, vi, en))
            elif reason not in reasons:
                reasons.append(reason)
    return reasons


def _group_labels(
    kind: str, province: Province, main_district: dict, district_floors: bool, several: bool, language="vi"
) -> dict[str, str]:
    """The names messages use for the problem's groups: the province, and the former districts with floors;
    with several post types, each name says the type ("Chủ tịch UBND cấp xã — Tỉnh X")."""
    labels = {province.code: province.name}
    if district_floors:
        codes = set(main_district.values())
        labels.update(LegacyDistrict.objects.filter(code__in=codes).values_list("code", "name"))
    return {
        type_group(kind, code): group_label(kind, name, several, language) for code, name in labels.items()
    }


def _floors(kind, province_code, posts, main_district, target, district_floors) -> list[dict]:
    floors = [{"group": type_group(kind, province_code), "min_non_local_share": target}]
    if district_floors:
        districts = sorted({main_district[p.id] for p in posts if p.id in main_district})
        floors += [{"group": type_group(kind, d), "min_non_local_share": target} for d in districts]
    return floors


def before_figures(posts: list[dict], target, province_code: str) -> dict:
    """The non-local share before the plan, per group; the top level is the province's secretaries (as
    before chairs were planned). `target` is one share, or a share per post type: then "types" gives each
    type's province figures and target."""
    targets = target if isinstance(target, dict) else {SECRETARY_POST: target}
    groups: dict[str, dict] = {}
    for post in posts:
        for group in (post["group"], *post.get("groups", ())):
            entry = groups.setdefault(group, {"posts": 0, "vacant": 0, "non_local": 0})
            entry["posts"] += 1
            entry["vacant"] += post["incumbent"] is None and not post.get("held")
            entry["non_local"] += bool(post["incumbent_non_local"])
    for entry in groups.values():
        entry["share"] = round(entry["non_local"] / entry["posts"], 6) if entry["posts"] else None
    main = targets.get(SECRETARY_POST, next(iter(targets.values()), None))
    figures = {**groups.get(province_code, {}), "target": main, "groups": groups}
    if set(targets) != {SECRETARY_POST}:
        figures["types"] = {
            kind: {**groups.get(type_group(kind, province_code), {}), "target": share}
            for kind, share in targets.items()
        }
    return figures
