"""The government staffing quota (biên chế) of a commune-level unit: Công văn 09/CV-BCĐ (30/5/2025).

Every unit starts from a base; a populous one adds one post per step of inhabitants above a threshold (a
smaller step in mountain and highland areas), up to a cap that depends on the kind of unit. The numbers are in
the policy parameter `commune_staffing_quota`; how the rule is read (whether the threshold counts, whether a
started step counts, which cap a special zone takes) is the unverified parameter
`commune_staffing_quota_reading`, so a different reading is a change to the policy file, not to the code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from cadre.core.policy import Policy, national_policy

UnitKind = Literal["commune", "ward", "special_zone"]
KINDS: tuple[str, ...] = ("commune", "ward", "special_zone")
PARAMETER = "commune_staffing_quota"
READING_PARAMETER = "commune_staffing_quota_reading"


@dataclass(frozen=True)
class StaffingQuota:
    quota: int  # the posts allowed: base + added, at most the cap
    base: int
    added: int  # posts added for population, before the cap
    cap: int
    step: int  # inhabitants per added post
    sources: tuple[str, ...]
    unverified: bool


def staffing_quota(
    population: int,
    kind: UnitKind,
    *,
    mountain: bool = False,
    on: dt.date | None = None,
    policy: Policy | None = None,
) -> StaffingQuota:
    """The quota of a unit of `kind` with `population` inhabitants, under the rule in force on `on`
    (default today). `mountain` is true for a unit in a mountain or highland area."""
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise ValueError(f"population must be a whole number of inhabitants, not {population!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    policy = policy or national_policy()
    rule_entry = policy.entry(PARAMETER, on)
    reading_entry = policy.entry(READING_PARAMETER, on)
    rule, reading = rule_entry.value, reading_entry.value

    step = rule["per_mountain"] if mountain else rule["per_other"]
    added = _steps(population - rule["threshold_population"], step, reading)
    cap_kind = reading["special_zone_as"] if kind == "special_zone" else kind
    cap = rule[f"cap_{cap_kind}"]
    return StaffingQuota(
        quota=min(rule["base"] + added, cap),
        base=rule["base"],
        added=added,
        cap=cap,
        step=step,
        sources=(rule_entry.source, reading_entry.source),
        unverified=rule_entry.unverified or reading_entry.unverified,
    )


def _steps(above: int, step: int, reading: dict) -> int:
    """Posts added for `above` inhabitants beyond the threshold (negative below it)."""
    if reading["threshold"] == "at_least":
        above += 1  # the threshold-th inhabitant is the first one added
    elif reading["threshold"] != "more_than":
        raise ValueError(f"unknown threshold reading {reading['threshold']!r}")
    if above <= 0:
        return 0
    if reading["partial_step"] == "down":
        return above // step
    if reading["partial_step"] == "up":
        return -(-above // step)
    raise ValueError(f"unknown partial-step reading {reading['partial_step']!r}")
