"""Business actions on the registry. Views, the API, the CLI and the import all call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from cadre.geo.models import Commune

from .compile import local_verdict, locality_key
from .history import PostingFact, merge_postings
from .models import Evaluation, Official, Position, Posting
from .positions import POSITIONS, upsert_positions

TRACK_ORDER = {"party": 0, "council": 1, "government": 2}


class RegistryError(ValueError):
    def __init__(self, message_vi: str, message_en: str):
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi, self.message_en = message_vi, message_en


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


def refresh_officials(official_ids: Iterable[int], *, on: dt.date | None = None, chunk: int = 2000) -> int:
    """Recompute each person's current post, latest evaluation and whether they are local to their post.

    Their main post is the highest-ranked open posting (party before council before government on a tie)."""
    ids = list(official_ids)
    positions = {p.pk: p for p in Position.objects.all()}
    province_of = dict(Commune.objects.values_list("code", "province_id"))
    changed = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        main: dict[int, Posting] = {}
        for posting in Posting.objects.filter(official_id__in=part, end__isnull=True):
            position = positions[posting.position_id]
            best = main.get(posting.official_id)
            rank = (position.level, TRACK_ORDER[posting.track])
            if best is None or rank < (positions[best.position_id].level, TRACK_ORDER[best.track]):
                main[posting.official_id] = posting
        latest: dict[int, str] = {}
        for official_id, level in (
            Evaluation.objects.filter(official_id__in=part)
            .order_by("year")
            .values_list("official_id", "level")
        ):
            latest[official_id] = level
        officials = list(Official.objects.filter(pk__in=part))
        for official in officials:
            posting = main.get(official.pk)
            official.current_position_id = posting.position_id if posting else None
            official.current_province_id = posting.province_id if posting else None
            official.current_commune_id = posting.commune_id if posting else None
            official.current_since = posting.start if posting else None
            official.latest_evaluation = latest.get(official.pk, "")
            key = locality_key(posting) if posting else None
            official.is_local = local_verdict(official, key, province_of, on=on).local if key else None
        changed += Official.objects.bulk_update(
            officials,
            [
                "current_position",
                "current_province",
                "current_commune",
                "current_since",
                "latest_evaluation",
                "is_local",
            ],
        ) or len(officials)
    return changed
