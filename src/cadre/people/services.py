"""Business actions on the registry. Views, the API, the CLI and the import all call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import connection, transaction

from cadre.bulk import filter_ids, update_rows
from cadre.geo.models import Commune

from .compile import local_verdict, unit_key
from .history import PostingFact, merge_postings
from .models import Evaluation, Official, Position, Posting
from .positions import POSITIONS, upsert_positions

TRACK_ORDER = {"party": 0, "council": 1, "government": 2}
REFRESHED_FIELDS = (
    "current_position_id",
    "current_province_id",
    "current_commune_id",
    "current_since",
    "latest_evaluation",
    "is_local",
)
# What the local-person rule reads of a person (see compile.person_places).
PLACE_FIELDS = (
    "birthplace_id",
    "birthplace_district_id",
    "hometown_id",
    "hometown_district_id",
    "raised_id",
    "raised_district_id",
    "years_by_unit",
)


class RegistryError(ValueError):
    def __init__(self, message_vi: str, message_en: str):
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi, self.message_en = message_vi, message_en


# Any number, the same for every process: pg_advisory_xact_lock takes one bigint.
REGISTRY_LOCK = 7_306_115_001


def registry_lock() -> None:
    """Serialise writers to the movement history until the current transaction ends. SQLite needs nothing:
    its transactions here begin IMMEDIATE, which already lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRY_LOCK])


def ensure_positions() -> None:
    """The reference posts exist (a migration loads them; a flushed test database needs them again)."""
    if Position.objects.count() < len(POSITIONS):
        upsert_positions(Position)


def posting_fact(posting: Posting, citizen_id: str, position_code: str) -> PostingFact:
    return PostingFact(
        citizen_id,
        position_code,
        posting.track,
        posting.province_id,
        posting.district_id,
        posting.commune_id,
        posting.start,
        posting.end,
        posting.body,
        posting.decision,
        id=posting.id,
    )


@transaction.atomic
def record_posting(
    official: Official,
    position: Position,
    *,
    province: str,
    start: dt.date,
    district: str | None = None,
    commune: str | None = None,
    end: dt.date | None = None,
    body: str = "",
    decision: str = "",
) -> Posting | None:
    """Add a posting to a person's history. An open posting of the same track is closed the day before;
    an overlap with anything else is refused. Returns the new posting (None if it was already recorded)."""
    registry_lock()
    recorded = [
        posting_fact(p, official.citizen_id, p.position.code)
        for p in official.postings.select_related("position").select_for_update()
    ]
    incoming = PostingFact(
        official.citizen_id,
        position.code,
        position.track,
        province,
        district,
        commune,
        start,
        end,
        body,
        decision,
    )
    changes = merge_postings(recorded, [incoming])
    if changes.problems:
        problem = changes.problems[0]
        raise RegistryError(problem.message_vi, problem.message_en)
    for posting_id, new_end in changes.close.items():
        Posting.objects.filter(pk=posting_id).update(end=new_end)
    created = None
    for fact in changes.create:
        created = Posting.objects.create(
            official=official,
            position=position,
            track=position.track,
            province_id=fact.province,
            district_id=fact.district,
            commune_id=fact.commune,
            start=fact.start,
            end=fact.end,
            body=fact.body,
            decision=fact.decision,
        )
    refresh_officials([official.pk])
    return created


def refresh_officials(official_ids: Iterable[int], *, on: dt.date | None = None, chunk: int = 5000) -> int:
    """Recompute each person's current post, latest evaluation and whether they are local to their post.
    Returns how many people changed.

    Their main post is the highest-ranked open posting (party before council before government on a tie)."""
    ids = list(official_ids)
    level = dict(Position.objects.values_list("pk", "level"))
    province_of = dict(Commune.objects.values_list("code", "province_id"))
    changed = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        main: dict[int, tuple] = {}
        wanted = set(part)
        open_postings = filter_ids(Posting.objects.filter(end__isnull=True), "official_id", part).values_list(
            "official_id", "position_id", "track", "province_id", "district_id", "commune_id", "start"
        )
        for official_id, position_id, track, *unit_and_start in open_postings:
            if official_id not in wanted:
                continue
            rank = (level[position_id], TRACK_ORDER[track])
            if official_id not in main or rank < main[official_id][0]:
                main[official_id] = (rank, position_id, *unit_and_start)
        latest = dict(
            Evaluation.objects.filter(official_id__in=part)
            .order_by("year")
            .values_list("official_id", "level")
        )
        updates = []
        rows = filter_ids(Official.objects, "pk", part).values_list("pk", *REFRESHED_FIELDS, *PLACE_FIELDS)
        for pk, *values in rows:
            if pk not in wanted:
                continue
            places = SimpleNamespace(**dict(zip(PLACE_FIELDS, values[len(REFRESHED_FIELDS) :], strict=True)))
            refreshed = (None, None, None, None, latest.get(pk, ""), None)
            if pk in main:
                _rank, position_id, province, district, commune, since = main[pk]
                key = unit_key(province, district, commune)
                local = local_verdict(places, key, province_of, on=on).local
                refreshed = (position_id, province, commune, since, latest.get(pk, ""), local)
            if refreshed != tuple(values[: len(REFRESHED_FIELDS)]):
                updates.append((*refreshed, pk))
        changed += update_rows(Official, REFRESHED_FIELDS, updates)
    return changed
