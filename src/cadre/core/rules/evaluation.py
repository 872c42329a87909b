"""Evaluation and classification (đánh giá, xếp loại chất lượng) and what follows from it.

- The four levels, best first: HTXSNV, HTTNV, HTNV, KHTNV.
- `consequences`: what a year rated KHTNV leads to, given the earlier years (relief of office, dismissal,
  reassignment), with dismissal deferred for a protected person.
- `rated_well_recently`: the rating a civil servant needs to be rotated (Decree 170/2025).
- `band_for_score`: the level a score on the 100-point scale gives (Decree 335/2025, from 2026).
- `due_for_rotation`: tenure in one post after which a cadre is due for rotation.

A year's rules are those in force at the end of that year, when its rating is made.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from cadre.core.policy import DatedValue, Policy, PolicyError, national_policy

Kind = Literal["elected", "civil_servant"]


class Level(enum.Enum):
    """A rating level. Levels compare by quality: `Level.HTXSNV > Level.KHTNV`."""

    HTXSNV = (4, "Hoàn thành xuất sắc nhiệm vụ", "Completed tasks excellently")
    HTTNV = (3, "Hoàn thành tốt nhiệm vụ", "Completed tasks well")
    HTNV = (2, "Hoàn thành nhiệm vụ", "Completed tasks")
    KHTNV = (1, "Không hoàn thành nhiệm vụ", "Did not complete tasks")

    def __init__(self, rank: int, label_vi: str, label_en: str):
        self.rank, self.label_vi, self.label_en = rank, label_vi, label_en

    @property
    def code(self) -> str:
        return self.name

    def __lt__(self, other: Level) -> bool:
        return self.rank < other.rank if isinstance(other, Level) else NotImplemented

    def __le__(self, other: Level) -> bool:
        return self.rank <= other.rank if isinstance(other, Level) else NotImplemented

    def __gt__(self, other: Level) -> bool:
        return self.rank > other.rank if isinstance(other, Level) else NotImplemented

    def __ge__(self, other: Level) -> bool:
        return self.rank >= other.rank if isinstance(other, Level) else NotImplemented


@dataclass(frozen=True)
class Consequence:
    code: str  # "relieved_of_office", "dismissal", "dismissal_deferred" or "reassignment"
    message_vi: str
    message_en: str
    years: tuple[int, ...]  # the years rated KHTNV that lead to it
    source: str
    unverified: bool = False


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _years_text(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years)


def consequences(
    ratings: Mapping[int, Level],
    kind: Kind,
    *,
    is_leader: bool,
    term_years: range | None,
    protected: bool,
    on_year: int,
    policy: Policy | None = None,
) -> list[Consequence]:
    """What the rating of `on_year` leads to, given the ratings of earlier years (year → level).

    Nothing follows unless `on_year` is rated KHTNV. `term_years` is the leader's current term, e.g.
    range(2021, 2026); `protected` is true while the person is under disciplinary review or prosecution, or is
    a woman who is pregnant or raising a young child: dismissal is then reported as deferred, not applied.
    """
    if kind not in ("elected", "civil_servant"):
        raise ValueError(f"kind must be 'elected' or 'civil_servant', not {kind!r}")
    if ratings.get(on_year) is not Level.KHTNV:
        return []
    policy = policy or national_policy()
    on = _year_end(on_year)

    streak_entry = policy.entry("poor_rating_consecutive_years", on)
    streak = tuple(range(on_year - streak_entry.value + 1, on_year + 1))
    if all(ratings.get(y) is Level.KHTNV for y in streak):
        if kind == "elected":
            return [
                Consequence(
                    "relieved_of_office",
                    f"{len(streak)} năm liên tiếp ({_years_text(streak)}) không hoàn thành nhiệm vụ: "
                    "miễn nhiệm, cho thôi làm nhiệm vụ.",
                    f"Did not complete tasks in {len(streak)} consecutive years ({_years_text(streak)}): "
                    "relieved of office.",
                    streak,
                    streak_entry.source,
                    streak_entry.unverified,
                )
            ]
        return [_dismissal(streak, streak_entry, protected, policy, on)]

    if kind == "civil_servant":
        reassignment = _reassignment(ratings, is_leader, term_years, on_year, policy)
        return [reassignment] if reassignment else []
    return []


def _dismissal(
    streak: tuple[int, ...], streak_entry: DatedValue, protected: bool, policy: Policy, on: dt.date
) -> Consequence:
    years, count = _years_text(streak), len(streak)
    if not protected:
        return Consequence(
            "dismissal",
            f"{count} năm liên tiếp ({years}) không hoàn thành nhiệm vụ: giải quyết thôi việc.",
            f"Did not complete tasks in {count} consecutive years ({years}): dismissed.",
            streak,
            streak_entry.source,
            streak_entry.unverified,
        )
    protection = policy.entry("dismissal_protection", on)
    child = protection.value["child_under_months"]
    return Consequence(
        "dismissal_deferred",
        f"{count} năm liên tiếp ({years}) không hoàn thành nhiệm vụ, nhưng chưa giải quyết thôi việc: "
        "người này đang bị xem xét kỷ luật hoặc truy cứu trách nhiệm hình sự, hoặc đang mang thai, "
        f"nuôi con dưới {child} tháng tuổi.",
        f"Did not complete tasks in {count} consecutive years ({years}), but dismissal is deferred: the "
        "person is under disciplinary review or criminal prosecution, or is pregnant or raising a child "
        f"under {child} months.",
        streak,
        f"{streak_entry.source}; {protection.source}",
        streak_entry.unverified or protection.unverified,
    )


def _reassignment(
    ratings: Mapping[int, Level], is_leader: bool, term_years: range | None, on_year: int, policy: Policy
) -> Consequence | None:
    entry = policy.entry("poor_rating_nonconsecutive_rule", _year_end(on_year))
    count, window_years = entry.value["count"], entry.value["window_years"]
    if is_leader:
        if term_years is None:
            raise ValueError("a leader's term_years is needed to judge ratings within the term")
        window = [y for y in term_years if y <= on_year]
        within_vi, within_en = "trong nhiệm kỳ", "within the term"
    else:
        window = list(range(on_year - window_years + 1, on_year + 1))
        within_vi, within_en = f"trong {window_years} năm", f"within {window_years} years"
    failed = tuple(y for y in window if ratings.get(y) is Level.KHTNV)
    if on_year not in failed or len(failed) < count:
        return None
    years = _years_text(failed)
    return Consequence(
        "reassignment",
        f"{len(failed)} năm không liên tiếp ({years}) không hoàn thành nhiệm vụ {within_vi}: "
        "bố trí công tác khác hoặc vị trí việc làm thấp hơn.",
        f"Did not complete tasks in {len(failed)} non-consecutive years ({years}) {within_en}: "
        "reassigned or moved to a lower post.",
        failed,
        entry.source,
        entry.unverified,
    )


def rated_well_recently(ratings: Mapping[int, Level], on_year: int, policy: Policy | None = None) -> bool:
    """Whether each of the look-back years before `on_year` is rated at least the level rotation requires
    (policy `rotation_rating_requirement`). A year without a rating does not count as rated well."""
    rule = (policy or national_policy()).value("rotation_rating_requirement", _year_end(on_year))
    minimum = Level[rule["min_level"]]
    years = range(on_year - rule["lookback_years"], on_year)
    return all(y in ratings and ratings[y] >= minimum for y in years)


def band_for_score(score: float, year: int, disciplined: bool, policy: Policy | None = None) -> Level | None:
    """The level a civil servant's score for `year` gives on the 100-point scale; None for a year before the
    scale applies. Discipline (reprimand or more) in the year means KHTNV whatever the points."""
    policy = policy or national_policy()
    policy.entry("evaluation_score_bands", dt.date.max)  # an unknown parameter stays an error
    try:
        bands = policy.value("evaluation_score_bands", _year_end(year))
    except PolicyError:
        return None  # the scale is not yet in force in that year
    if not 0 <= score <= bands["max_points"]:
        raise ValueError(f"a score is from 0 to {bands['max_points']}, not {score}")
    if disciplined:
        return Level.KHTNV
    for level, floor in ((Level.HTXSNV, "excellent"), (Level.HTTNV, "good"), (Level.HTNV, "completed")):
        if score >= bands[floor]:
            return level
    return Level.KHTNV


def due_for_rotation(
    months_in_post: int, is_head: bool, policy: Policy | None = None, on: dt.date | None = None
) -> bool:
    """Whether a head (more than two terms) or a deputy (ten years) has held one post long enough to be due
    for rotation (policy `rotation_due_tenure`, in force on `on`)."""
    tenure = (policy or national_policy()).value("rotation_due_tenure", on)
    if is_head:
        return months_in_post > tenure["head_more_than_months"]
    return months_in_post >= tenure["deputy_at_least_months"]
