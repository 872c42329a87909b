"""What the exit rules read of an official, taken from the registry in three queries whatever the number of
people (the officials with the start of their first posting, the ratings of those whose latest rating is KHTNV,
the list of posts), or from what a person's page already loaded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, OuterRef, Subquery

from cadre.core.rules.evaluation import Level
from cadre.core.text import Text

from ..models import Evaluation, Position, Posting


@dataclass(frozen=True)
class Person:
    """What the exit rules read of an official, from one row of the registry."""

    pk: int
    full_name: str
    citizen_id: str
    sex: str
    birth_date: dt.date
    birth_precision: str
    early_retirement: bool
    protection: str
    position: Position | None
    since: dt.date | None  # the start of the current main post
    province: str | None
    province_name: str
    commune_name: str
    first_posting: dt.date | None

    @property
    def position_name(self) -> Text | str:
        return self.position.label if self.position else ""


_COLUMNS = ("pk", "full_name", "citizen_id", "sex", "birth_date", "birth_precision", "early_retirement")
_RENAMED = {
    "position_id": F("current_position_id"),
    "since": F("current_since"),
    "province": F("current_province_id"),
    "province_name": F("current_province__name"),
    "commune_name": F("current_commune__name"),
}


class TooManyPeople(Exception):
    """More officials than the limit (`listing.MAX_PEOPLE`) are selected: their options are computed on the spot."""


def load_people(officials, limit: int | None = None) -> list[Person]:
    """`officials` as `Person`s, by name, with the start of their first posting. Raises TooManyPeople when
    there are more than `limit`."""
    positions = Position.objects.in_bulk()
    first = Posting.objects.filter(official=OuterRef("pk")).order_by("start").values("start")[:1]
    rows = officials.annotate(first_posting=Subquery(first)).order_by("search_key", "citizen_id")
    rows = rows.values(*_COLUMNS, "protection", "first_posting", **_RENAMED)
    people = []
    for row in (rows if limit is None else rows[: limit + 1]).iterator(chunk_size=5000):
        row["position"] = positions.get(row.pop("position_id"))
        row["province_name"], row["commune_name"] = row["province_name"] or "", row["commune_name"] or ""
        people.append(Person(**row))
    if limit is not None and len(people) > limit:
        raise TooManyPeople(limit)
    return people


def load_ratings(officials) -> dict[int, dict[int, Level]]:
    """The ratings of those whose latest rating is KHTNV: nothing follows for anyone else."""
    poor = officials.filter(latest_evaluation=Level.KHTNV.code).values("pk")
    ratings: dict[int, dict[int, Level]] = {}
    rows = Evaluation.objects.filter(official__in=poor).order_by().values_list("official_id", "year", "level")
    for pk, year, level in rows.iterator(chunk_size=5000):
        ratings.setdefault(pk, {})[year] = Level[level]
    return ratings


def person_of(official, postings) -> Person:
    """`official` (loaded with its current post, province and commune) and its postings, as a `Person`."""
    province, commune = official.current_province, official.current_commune
    return Person(
        **{name: getattr(official, name) for name in (*_COLUMNS, "protection")},
        position=official.current_position,
        since=official.current_since,
        province=official.current_province_id,
        province_name=province.name if province else "",
        commune_name=commune.name if commune else "",
        first_posting=min((p.start for p in postings), default=None),
    )
