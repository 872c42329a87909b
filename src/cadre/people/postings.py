"""Merging new postings into a person's movement history, without ever overwriting one.

Plain data in and out, so the import, the single-posting service and tests share one set of rules:
- a posting is identified by its post, its unit and its start date; the same posting given again changes nothing.
  The unit is the commune when there is one: the former district recorded beside it only says which of the
  communes merged into it in 2025 the posting was in, and a workbook naming the new commune cannot say that, so
  it names the same posting, whose recorded district is kept;
- an open posting (no end date) is closed the day before the next posting of the same track starts: that is a
  movement, and the only change ever made to a recorded posting (which only a new open posting closes);
- any other overlap in one track, or a recorded end date given differently, is an error to report.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from cadre.core.text import Text


@dataclass(frozen=True)
class PostingFact:
    official: str  # citizen ID
    position: str  # position code
    track: str
    province: str
    district: str | None
    commune: str | None
    start: dt.date
    end: dt.date | None = None
    body: str = ""
    decision: str = ""
    id: int | None = None  # set for a posting already recorded
    origin: object = None  # where an incoming posting came from (a sheet row), to report errors against
    post: Text | None = field(default=None, compare=False)  # the post's name, for messages (else its code)

    @property
    def identity(self) -> tuple:
        unit = ("commune", self.commune) if self.commune else ("district", self.district)
        return (self.official, self.position, self.province, unit, self.start)

    def describe(self) -> Text:
        """ "<post name> <from>–<until>" in both languages, as an official reads it."""
        until = self.end.strftime("%d/%m/%Y") if self.end else "…"
        dates = f"{self.start.strftime('%d/%m/%Y')}–{until}"
        vi, en = self.post or (self.position, self.position)
        return Text(f"«{vi}» {dates}", f"'{en}' {dates}")


@dataclass
class HistoryProblem:
    origin: object
    message_vi: str
    message_en: str


@dataclass
class HistoryChanges:
    create: list[PostingFact] = field(default_factory=list)
    close: dict[int, dt.date] = field(default_factory=dict)  # recorded posting id -> its new end date
    problems: list[HistoryProblem] = field(default_factory=list)


def merge_postings(recorded: list[PostingFact], incoming: list[PostingFact]) -> HistoryChanges:
    changes = HistoryChanges()
    by_track: dict[tuple[str, str], dict[tuple, PostingFact]] = defaultdict(dict)
    for fact in recorded:
        by_track[(fact.official, fact.track)][fact.identity] = fact
    for fact in incoming:
        known = by_track[(fact.official, fact.track)]
        same = known.get(fact.identity)
        if same is None:
            known[fact.identity] = fact
            continue
        if fact.body and same.body and fact.body != same.body:
            changes.problems.append(_overlap(fact, same))
        elif same.end is not None and fact.end is not None and same.end != fact.end:
            changes.problems.append(_rewritten(fact, same))
        elif same.id is None:  # the same posting given twice in the file: take what each one adds
            known[fact.identity] = replace(
                same,
                district=same.district or fact.district,
                end=same.end or fact.end,
                body=same.body or fact.body,
                decision=same.decision or fact.decision,
            )
        elif same.end is None and fact.end is not None:
            known[fact.identity] = replace(same, end=fact.end, origin=fact.origin)
    ends = {f.id: f.end for f in recorded if f.id is not None}
    for facts in by_track.values():
        _settle_track(sorted(facts.values(), key=lambda f: (f.start, f.id is None)), ends, changes)
    return changes


def _settle_track(facts: list[PostingFact], ends: dict[int, dt.date | None], changes: HistoryChanges) -> None:
    settled: list[PostingFact] = []
    for fact in facts:
        if settled:
            before = settled[-1]
            # A recorded open post is closed only by a new open one (a movement); a closed posting inside
            # it is an overlap. Open postings in the file itself are read as a history list.
            if before.end is None and before.start < fact.start and (before.id is None or fact.end is None):
                settled[-1] = before = replace(before, end=fact.start - dt.timedelta(days=1))
            if before.end is None or before.end >= fact.start:
                changes.problems.append(_overlap(fact, before))
                continue
        settled.append(fact)
    for fact in settled:
        if fact.id is None:
            changes.create.append(fact)
        elif fact.end != ends.get(fact.id):
            changes.close[fact.id] = fact.end


def _rewritten(fact: PostingFact, same: PostingFact) -> HistoryProblem:
    return HistoryProblem(
        fact.origin,
        f"Quá trình công tác {same.describe().vi} đã ghi nhận với ngày kết thúc khác; "
        "không sửa đè quá trình đã ghi, hãy ghi một quyết định điều chỉnh.",
        f"The posting {same.describe().en} is recorded with another end date; a recorded posting is never "
        "overwritten: record a correcting decision instead.",
    )


def _overlap(fact: PostingFact, before: PostingFact) -> HistoryProblem:
    origin = fact.origin if fact.id is None else before.origin
    return HistoryProblem(
        origin,
        f"Quá trình {fact.describe().vi} trùng thời gian với {before.describe().vi} cùng loại chức vụ.",
        f"The posting {fact.describe().en} overlaps {before.describe().en} in the same kind of post.",
    )
