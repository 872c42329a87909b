"""The registry's people as the rotation rules see them: the incumbents and the planned of a province as
`Person` facts, where each comes from (the local-person rule and the distance from home), and the snapshot of
each that a plan keeps. `compile.py` puts them together with the posts into the problem document.

A fixed handful of queries whatever the province's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from cadre.core.dates import PartialDate, months_between
from cadre.core.rules.eligibility import Person, Rules, is_rotation_decision
from cadre.core.rules.evaluation import Level
from cadre.core.rules.retirement import months_of_service_left, retirement
from cadre.geo.models import Commune
from cadre.people.locality import local_verdict, unit_key
from cadre.people.models import (
    Discipline,
    Evaluation,
    Official,
    Posting,
    Protection,
    Relation,
    SuccessionPlan,
)
from cadre.workflow.states import State

from .models import PlanRun


def read_people(province, posts, secretary, on, rules: Rules):
    """The incumbents and the planned, as Person facts (and their Official rows, by candidate id). `secretary` is
    the position of the posts (the commune secretary, or the People's Committee chair): its holders are the
    incumbents. The planned are those in a plan of the province, in force in the rotation's year, for a post the
    policy's `succession_plan_levels` lets count for that position's (`Rules.plan_opens`)."""
    codes = [p.id for p in posts]
    held = Posting.objects.current().holding(secretary.code).filter(commune_id__in=codes)
    incumbent = dict(held.values_list("official_id", "commune_id"))
    pools: dict[int, set] = defaultdict(set)
    plans = SuccessionPlan.objects.filter(
        province=province,
        position__level__lte=secretary.level,
        term_start__lte=on.year,
        term_end__gte=on.year,
    )
    for official_id, district, level in plans.values_list("official_id", "district_id", "position__level"):
        if rules.plan_opens(level, secretary.level):
            pools[official_id].add(district)
    ids = sorted(set(incumbent) | set(pools))
    officials = {
        str(o.pk): o
        for o in Official.objects.filter(pk__in=ids).select_related("current_position").order_by("pk")
    }
    ratings: dict[int, dict[int, Level]] = defaultdict(dict)
    for official_id, year, level in Evaluation.objects.filter(official_id__in=ids).values_list(
        "official_id", "year", "level"
    ):
        ratings[official_id][year] = Level[level]
    disciplines: dict[int, list] = defaultdict(list)
    for official_id, measure, decided in Discipline.objects.filter(
        official_id__in=ids, decided_on__lte=on, annulled=""
    ).values_list("official_id", "measure", "decided_on"):
        disciplines[official_id].append((measure, decided))
    relatives = _relative_key_communes(ids)
    since = _tenure_start(officials.values())
    rotated = _serving_rotation(province, officials.values())
    people = []
    for key, official in officials.items():
        birth = _birth(official)
        retired = retirement(official.sex, birth, official.early_retirement)
        position = official.current_position
        people.append(
            Person(
                id=key,
                label=official.full_name,
                age_years=months_between(birth.anchor(), on) // 12,
                months_left=months_of_service_left(retired, on),
                retirement_date=retired.retirement_date,
                health_concern=official.health_concern,
                young_child=official.protection == Protection.MATERNITY,
                ratings=ratings.get(official.pk, {}),
                current_level=position.level if position else None,
                current_is_head=bool(position and position.is_head),
                current_commune=official.current_commune_id,
                current_since=since.get(official.pk),
                incumbent_of=incumbent.get(official.pk),
                pools=pools.get(official.pk, set()),
                relative_key_posts=relatives.get(official.pk, set()),
                rotated_since=rotated.get(official.pk),
                disciplines=disciplines.get(official.pk, []),
            )
        )
    return people, officials


def _tenure_start(officials) -> dict[int, dt.date]:
    """When each person took up their current post: the start of their main posting, or of an unbroken run of
    postings in the same position and the same commune (or, above the communes, the same unit) that ends in it.
    The move of a former commune's post into the merged commune on 1 July 2025 keeps the commune's code, so it
    does not restart the count; a move to another commune does (as the person's page counts it)."""
    current = {o.pk: (o.current_position_id, o.current_since) for o in officials if o.current_since}
    rows = Posting.objects.filter(
        official_id__in=list(current), position_id__in={p for p, _ in current.values()}
    ).values_list("official_id", "position_id", "province_id", "district_id", "commune_id", "start", "end")
    by_person: dict[int, list[tuple]] = defaultdict(list)
    for official_id, position_id, province, district, commune, start, end in rows:
        if position_id == current[official_id][0]:
            place = ("commune", commune) if commune else ("unit", province, district)
            by_person[official_id].append((place, start, end))
    result = {}
    for pk, (_position, start) in current.items():
        postings = by_person.get(pk, ())
        here = next((place for place, begin, end in postings if begin == start and end is None), None)
        ends = {end: begin for place, begin, end in postings if end is not None and place == here}
        while (earlier := ends.pop(start - dt.timedelta(days=1), None)) is not None:
            start = earlier
        result[pk] = start
    return result


def _serving_rotation(province, officials) -> dict[int, dt.date]:
    """The people whose current post came from a rotation, with its start: a move of a decided rotation plan of
    the province into the commune they hold now from its rotation date, or a posting recorded as a rotation
    (its decision says luân chuyển)."""
    current = {o.pk: o for o in officials if o.current_since}
    moved: set[tuple[str, str, dt.date]] = set()
    decided = PlanRun.objects.filter(province=province, state=State.DECIDED).only(
        "rotation_date", "plan", "problem"
    )
    for run in decided:
        incumbents = {post["id"]: post.get("incumbent") for post in run.problem.get("posts", [])}
        for move in run.plan.get("assignments", []):
            if incumbents.get(move["post"]) != move["candidate"]:
                moved.add((str(move["candidate"]), move["post"], run.rotation_date))
    result = {}
    postings = Posting.objects.filter(official_id__in=list(current), end__isnull=True)
    for official_id, position_id, commune, start, decision in postings.values_list(
        "official_id", "position_id", "commune_id", "start", "decision"
    ):
        official = current[official_id]
        if (position_id, start) != (official.current_position_id, official.current_since):
            continue
        if (str(official_id), commune, start) in moved or is_rotation_decision(decision):
            result[official_id] = start
    return result


def _relative_key_communes(ids: list[int]) -> dict[int, set[str]]:
    """Per person, the communes where one of their relatives holds a key post now."""
    related: dict[int, set[int]] = defaultdict(set)
    wanted = set(ids)
    pairs = Relation.objects.filter(official_id__in=ids) | Relation.objects.filter(relative_id__in=ids)
    for a, b in pairs.values_list("official_id", "relative_id"):
        if a in wanted:
            related[b].add(a)
        if b in wanted:
            related[a].add(b)
    held = Posting.objects.current().key_in_communes().filter(official_id__in=list(related))
    result: dict[int, set[str]] = defaultdict(set)
    for relative, commune in held.values_list("official_id", "commune_id"):
        for person in related[relative]:
            result[person].add(commune)
    return result


def _birth(official: Official) -> PartialDate:
    born = official.birth_date
    if official.birth_precision == "year":
        return PartialDate(born.year)
    if official.birth_precision == "month":
        return PartialDate(born.year, born.month)
    return PartialDate.of(born)


def places_and_homes(officials, posts, province):
    """The province of each commune people come from (for the local-person rule), and coordinates: each
    post's, and each person's home (where they grew up, else hometown, else birthplace, else their current
    commune, else the province's reference point)."""
    wanted = {p.id for p in posts}
    for o in officials:
        wanted |= {c for c in (o.raised_id, o.hometown_id, o.birthplace_id, o.current_commune_id) if c}
    rows = Commune.objects.filter(code__in=wanted).values_list("code", "province_id", "latitude", "longitude")
    province_of, where = {}, {}
    for code, province_id, lat, lon in rows:
        province_of[code], where[code] = province_id, (lat, lon)
    centre = (province.latitude, province.longitude)
    homes = {}
    for o in officials:
        origin = next(
            (c for c in (o.raised_id, o.hometown_id, o.birthplace_id, o.current_commune_id) if c), None
        )
        homes[str(o.pk)] = where.get(origin, centre)
    return province_of, {"posts": {p.id: where[p.id] for p in posts}, "people": homes}


def is_local_at(official, province: str, commune: str, province_of, on: dt.date, keys=None) -> bool:
    """Is the official a local person of the commune on `on` (the local-person rule, as the planner and the
    dashboard both judge it)? `keys` are the official's place keys when the caller already has them."""
    key = unit_key(province, None, commune)
    keys = place_keys(official, province_of) if keys is None else keys
    return key in keys and local_verdict(official, key, province_of, on=on).local


def place_keys(official, province_of) -> set[str]:
    """Every unit key the person's origins and stints touch: a commune outside it cannot be local to them."""
    keys = {f"commune:{c}" for c in (official.birthplace_id, official.hometown_id, official.raised_id) if c}
    for item in official.years_by_unit or ():
        keys |= set(item.get("keys", ()))
    return keys


def person_snapshot(person: Person, official: Official) -> dict:
    return {
        "label": official.full_name,
        "birth_date": official.birth_date.isoformat(),
        "birth_precision": official.birth_precision,
        "sex": official.sex,
        "hometown": official.hometown_id,
        "retirement_date": person.retirement_date.isoformat(),
        "succession_plan": (
            "province" if None in person.pools else "district" if person.pools else "incumbent"
        ),
        "months_of_service_left": person.months_left,
    }
