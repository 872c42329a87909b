"""Who is a local person (người địa phương) of a unit: the configurable predicate of policy `local_person_rule`.

The exact wording of Quy định 65-QĐ/TW is unverified, so the policy says which origins count (birthplace, hometown
(quê quán), where the person was raised), whether all or any of them must lie in the unit, and how many years of
study or work there also make a person local.

Places arrive from the adapter as frozensets of unit keys, one for each unit the place lies in, new and former:
{"province:31", "commune:10507", "district:288", ...}. The same predicate therefore serves a new commune, a
province or a former district: the unit is local to a person when its key is in the place's set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from cadre.core.policy import Policy, PolicyError, national_policy
from cadre.core.text import Text, duration_text

PARAMETER = "local_person_rule"
ORIGINS = ("birthplace", "hometown", "raised")
_ORIGIN_MESSAGES = {  # origin -> finding -> what it says
    "birthplace": {
        "here": Text("Sinh ra tại địa phương.", "Born here."),
        "elsewhere": Text("Sinh ra ở nơi khác.", "Born elsewhere."),
        "unknown": Text("Chưa rõ nơi sinh.", "The birthplace is unknown."),
    },
    "hometown": {
        "here": Text("Có quê quán tại địa phương.", "Hometown (quê quán) here."),
        "elsewhere": Text("Quê quán ở nơi khác.", "Hometown (quê quán) elsewhere."),
        "unknown": Text("Chưa rõ quê quán.", "The hometown (quê quán) is unknown."),
    },
    "raised": {
        "here": Text("Lớn lên tại địa phương.", "Raised here."),
        "elsewhere": Text("Lớn lên ở nơi khác.", "Raised elsewhere."),
        "unknown": Text("Chưa rõ nơi lớn lên.", "Where the person was raised is unknown."),
    },
}


@dataclass(frozen=True)
class Stint:
    """A period of study or work: the unit keys of where it was and its length in years. Stints must not
    overlap in time, or the years are counted twice."""

    places: frozenset[str]
    years: float


@dataclass(frozen=True)
class PersonPlaces:
    """Where a person comes from. An empty set means unknown."""

    birthplace: frozenset[str] = frozenset()
    hometown: frozenset[str] = frozenset()
    raised: frozenset[str] = frozenset()
    stints: Sequence[Stint] = ()

    def years_in(self, unit_key: str) -> float:
        return sum(s.years for s in self.stints if unit_key in s.places)


@dataclass(frozen=True)
class Reason:
    code: str
    message_vi: str
    message_en: str


@dataclass(frozen=True)
class LocalVerdict:
    """`reasons` are the facts that decided: what made the person local, or everything that was checked."""

    local: bool
    reasons: list[Reason] = field(default_factory=list)
    source: str = ""
    unverified: bool = False


def is_local(
    person: PersonPlaces, unit_key: str, policy: Policy | None = None, on: dt.date | None = None
) -> LocalVerdict:
    """Whether `person` is a local person of the unit `unit_key` under the rule in force on `on`."""
    entry = (policy or national_policy()).entry(PARAMETER, on)
    rule = entry.value
    origins, match = rule["origins"], rule["origins_match"]
    if unknown := [o for o in origins if o not in ORIGINS]:
        raise PolicyError(f"{PARAMETER}: unknown origins {unknown}; use {list(ORIGINS)}")
    if match not in ("all", "any"):
        raise PolicyError(f"{PARAMETER}: origins_match must be 'all' or 'any', not {match!r}")

    origin_facts = [_origin_fact(name, getattr(person, name), unit_key) for name in origins]
    matched = [fact for fact, inside in origin_facts if inside]
    # Registries often leave a place blank (where someone grew up, above all): an origin nobody recorded is
    # not held against the person, but at least one recorded origin must lie in the unit.
    recorded = [name for name in origins if getattr(person, name)]
    by_origin = bool(matched) and (len(matched) == len(recorded) if match == "all" else True)

    years, needed = person.years_in(unit_key), rule["min_years_studied_or_worked"]
    by_years = years >= needed
    years_fact = _years_fact(years, needed, by_years)

    deciding = (matched if by_origin else []) + ([years_fact] if by_years else [])
    local = by_origin or by_years
    reasons = deciding if local else [*(fact for fact, _ in origin_facts), years_fact]
    if not local:
        reasons.append(
            Reason(
                "not_local",
                "Không là người địa phương: không đáp ứng tiêu chí nào.",
                "Not a local person: no criterion is met.",
            )
        )
    return LocalVerdict(local, reasons, entry.source, entry.unverified)


def _origin_fact(name: str, places: frozenset[str], unit_key: str) -> tuple[Reason, bool]:
    """One origin's finding, and whether it lies in the unit."""
    finding = "unknown" if not places else "here" if unit_key in places else "elsewhere"
    message = _ORIGIN_MESSAGES[name][finding]
    return Reason(f"{name}_{finding}", message.vi, message.en), finding == "here"


def _years_fact(years: float, needed: float, enough: bool) -> Reason:
    shown = duration_text(int(years * 12 + 1e-6))  # whole months, down: never "20 năm" for 19.99 years
    if enough:
        return Reason(
            "years_here",
            f"Học tập, công tác tại địa phương {shown.vi} (từ {needed:g} năm trở lên).",
            f"Studied or worked here for {shown.en} ({needed:g} years or more count).",
        )
    return Reason(
        "years_short",
        f"Học tập, công tác tại địa phương {shown.vi}, chưa đủ {needed:g} năm.",
        f"Studied or worked here for {shown.en}, fewer than {needed:g} years.",
    )
