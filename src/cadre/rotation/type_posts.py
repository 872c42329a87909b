"""One post type's part of the rotation problem (`compile.compile_problem` puts the types together): the
eligible pairs of its posts, in the problem's post ids, and its post documents; who the rules kept out of each
post; and the candidates' facts as that type's posts name them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cadre.core.geo import haversine_km
from cadre.core.rules.eligibility import move_reasons, pair_cost, pair_reasons

from .candidates import is_local_at, place_keys, places_and_homes
from .kept_out import KeptOut
from .post_types import CHAIR_POST, SECRETARY_POST, post_id, post_name
from .post_types import group as type_group

_FACT_WORDS = {CHAIR_POST: (("Bí thư", "Chủ tịch UBND"), ("secretary", "People's Committee chair"))}


def type_facts(kind: str, facts: list[dict]) -> list[dict]:
    """The eligibility facts as a post type's candidates read them: the incumbent and succession-plan facts
    name the type's post (the rules say "Bí thư")."""
    if kind not in _FACT_WORDS:
        return facts
    (vi_from, vi_to), (en_from, en_to) = _FACT_WORDS[kind]
    return [
        {**item, "vi": item["vi"].replace(vi_from, vi_to), "en": item["en"].replace(en_from, en_to)}
        if item["rule"] in ("incumbent", "succession_plan")
        else item
        for item in facts
    ]


class Found(dict):
    """Per person: None when some post of the type is open to them, else {rule: [first reason, posts closed]}.
    Also who the rules kept out of each post and whether each incumbent is non-local at their post."""

    def __init__(self):
        super().__init__()
        self.kept = KeptOut()
        self.incumbent_non_local: dict[str, bool] = {}


def type_pairs(kind, province, posts, people, officials, position, rules, on, columns) -> Found:
    """Append the eligible pairs of one post type's posts to `columns` (post ids of that type)."""
    province_of, home = places_and_homes(officials.values(), posts, province)
    post_index = {p.id: i for i, p in enumerate(posts)}
    post_lat = np.array([home["posts"][p.id][0] for p in posts])
    post_lon = np.array([home["posts"][p.id][1] for p in posts])
    result = Found()
    for person in people:
        official = officials[person.id]
        lat, lon = home["people"][person.id]
        km = haversine_km(lat, lon, post_lat, post_lon)
        general = move_reasons(person, position.level, rules)
        keys = place_keys(official, province_of)
        found: dict[str, list] = {}  # rule -> [first reason, how many posts it closed]
        paired = 0
        for post in posts:
            local = is_local_at(official, province.code, post.id, province_of, on, keys=keys)
            if person.incumbent_of == post.id:
                result.incumbent_non_local[post.id] = not local
            reasons = pair_reasons(person, post, local, general, rules)
            if reasons:
                result.kept.add(post.id, person.id, official.full_name, reasons)
                for reason in reasons:
                    found.setdefault(reason["rule"], [reason, 0])[1] += 1
                continue
            stay = person.incumbent_of == post.id
            distance = 0.0 if stay else float(km[post_index[post.id]])
            cost, _burden = pair_cost(person, distance, rules)
            columns["candidate"].append(person.id)
            columns["post"].append(post_id(kind, post.id))
            columns["cost"].append(cost)
            columns["non_local"].append(not local)
            columns["km"].append(round(distance, 3))
            paired += 1
        result[person.id] = None if paired else found
    return result


@dataclass
class TypePosts:
    """One post type's posts as compiled: the eligibility posts, the people read for them and their pairs."""

    kind: str
    posts: list
    people: list
    officials: dict
    main_district: dict
    hard: dict
    found: Found


def post_documents(
    compiled: TypePosts, province, *, district_floors: bool, taken: set, several: bool
) -> list[dict]:
    """The posts of one type. A person who holds posts of two types (a registry that records a secretary who
    also chairs the People's Committee) is the incumbent of the first type's only: a problem has one
    incumbent per person; `taken` collects them."""
    kind, main_district, officials = compiled.kind, compiled.main_district, compiled.officials
    people = compiled.people
    incumbents = {p.incumbent_of: p.id for p in people if p.incumbent_of and p.id not in taken}
    # Posts whose holder is another post's incumbent: held, not vacant, in the "before" figures.
    held = {p.incumbent_of for p in people if p.incumbent_of and p.id in taken}
    taken.update(incumbents.values())
    return [
        {
            "id": post_id(kind, post.id),
            **({} if kind == SECRETARY_POST else {"type": kind}),
            "group": type_group(kind, province.code),
            **(
                {"groups": [type_group(kind, main_district[post.id])]}
                if district_floors and post.id in main_district
                else {}
            ),
            "incumbent": incumbents.get(post.id),
            **(
                {"incumbent_label": officials[incumbents[post.id]].full_name} if post.id in incumbents else {}
            ),
            "incumbent_non_local": compiled.found.incumbent_non_local.get(post.id),
            **({"held": True} if post.id in held and post.id not in incumbents else {}),
            **(
                {"label": post_name(kind, post.label), "place_label": post.label}
                if several
                else {"label": post.label}
            ),
            "hard": compiled.hard[post.id],
            "kept_out": compiled.found.kept.document(post.id),
        }
        for post in compiled.posts
    ]
