"""The provinces' support policies (`policy/support.toml`): reading the file, refusing what cannot be used, and
picking the policy in force on a day.

Each policy is a province's dated rules, each a fixed VND amount or a coefficient × the base salary, monthly or
one-time, for some moves (the level of the previous post, the new commune post, the person's sex), in distance
bands (km from home to the new post, lower bound inclusive, upper exclusive), for at most some months, unless an
exclusion holds (official housing provided). The whole file is checked before any of it is used, and every
problem is reported at once with where it is, so a province fixes its file in one pass. `support.py` prices a
move with what this returns.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from cadre.core.policy import PolicyError

ORIGINS = ("province", "district", "commune")
POST_KINDS = ("secretary", "deputy_secretary", "council_chair", "committee_chair", "vice_chair", "staff")
PAYS = ("monthly", "one_time")
EXCLUSIONS = ("official_housing",)
SEXES = ("male", "female")


_POLICY_KEYS = {"province", "province_name", "from", "until", "title", "source", "unverified", "demo", "rule"}
_RULE_KEYS = {"id", "label_vi", "label_en", "pay", "amount_vnd", "base_salary_multiple", "bands", "origins"}
_RULE_KEYS |= {"posts", "months", "unless", "sex", "extra", "unverified"}
_AMOUNT_KEYS = ("amount_vnd", "base_salary_multiple")


class SupportPolicyError(PolicyError):
    """The support policy file cannot be used. `problems` lists every one found, each saying where."""

    def __init__(self, name: str, problems: list[str]):
        super().__init__(
            f"{name} is not a valid support policy file:\n" + "\n".join(f"- {p}" for p in problems)
        )
        self.problems = problems


@dataclass(frozen=True)
class Band:
    """An amount for from_km ≤ km < below_km (no upper bound when `below_km` is None)."""

    from_km: float
    below_km: float | None
    amount_vnd: int | None = None
    base_salary_multiple: Decimal | None = None

    def holds(self, km: float) -> bool:
        return self.from_km <= km and (self.below_km is None or km < self.below_km)

    @property
    def label(self) -> str:
        low = f"{self.from_km:g}"
        return f"≥ {low} km" if self.below_km is None else f"{low}–<{self.below_km:g} km"


@dataclass(frozen=True)
class SupportRule:
    id: str
    label_vi: str
    label_en: str
    pay: str  # "monthly" or "one_time"
    bands: tuple[Band, ...]  # a rule without distance bands has one band from 0 km
    banded: bool
    origins: frozenset[str] | None = None  # None: any previous post, even an unknown one
    posts: frozenset[str] | None = None  # None: any commune post
    months: int | None = None  # the cap of a monthly rule
    unless: frozenset[str] = frozenset()
    sex: str | None = None
    extra: bool = False
    unverified: bool = False


@dataclass(frozen=True)
class ProvincePolicy:
    province: str
    province_name: str
    effective_from: dt.date
    until: dt.date | None
    title: str
    source: str
    unverified: bool
    demo: bool
    rules: tuple[SupportRule, ...]

    @property
    def key(self) -> str:
        return f"{self.province}/{self.effective_from.isoformat()}"


class SupportPolicies:
    """The provinces' policies; `in_force(province, on)` picks one, or None (no policy is not an error)."""

    def __init__(self, policies: Iterable[ProvincePolicy]):
        self._by_province: dict[str, list[ProvincePolicy]] = {}
        for item in sorted(policies, key=lambda p: p.effective_from):
            self._by_province.setdefault(item.province, []).append(item)

    @property
    def provinces(self) -> list[str]:
        return sorted(self._by_province)

    def in_force(self, province: str, on: dt.date) -> ProvincePolicy | None:
        started = [p for p in self._by_province.get(province, ()) if p.effective_from <= on]
        if not started or (started[-1].until is not None and started[-1].until < on):
            return None
        return started[-1]


def read_support_policies(text: str, name: str = "support.toml") -> SupportPolicies:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SupportPolicyError(name, [f"not valid TOML: {error}"]) from error
    return load_support_policies(document, name)


@cache
def shipped_support_policies() -> SupportPolicies:
    text = resources.files("cadre").joinpath("policy/support.toml").read_text(encoding="utf-8")
    return read_support_policies(text, "policy/support.toml")


def load_support_policies(document: Mapping, name: str = "support.toml") -> SupportPolicies:
    """Check the whole document and build the policies; every problem is reported at once."""
    problems: list[str] = []
    extra = sorted(set(document) - {"policy"})
    if extra:
        problems.append(f"unknown top-level key(s) {', '.join(map(repr, extra))}: only [[policy]] tables")
    items = document.get("policy", [])
    if not isinstance(items, list):
        problems.append("'policy' must be an array of tables, [[policy]]")
        items = []
    policies, seen = [], set()
    for number, item in enumerate(items, 1):
        where = f"policy {number}" + (f" (province {item.get('province')})" if isinstance(item, dict) else "")
        built = _policy(item, where, problems)
        if built is None:
            continue
        if built.key in seen:
            problems.append(
                f"{where}: a second policy of province {built.province} from {built.effective_from}"
            )
        seen.add(built.key)
        policies.append(built)
    if problems:
        raise SupportPolicyError(name, problems)
    return SupportPolicies(policies)


def _policy(item, where: str, problems: list[str]) -> ProvincePolicy | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: must be a table")
        return None
    count = len(problems)
    _unknown(item, _POLICY_KEYS, where, problems)
    province = item.get("province")
    if not (isinstance(province, str) and province.isdigit()):
        problems.append(
            f"{where}: 'province' must be the province code as a string, e.g. \"51\", not {province!r}"
        )
    start, until = item.get("from"), item.get("until")
    if not _is_date(start):
        problems.append(f"{where}: 'from' must be a date, YYYY-MM-DD without quotes, not {start!r}")
    if until is not None and not (_is_date(until) and _is_date(start) and until >= start):
        problems.append(f"{where}: 'until' must be a date on or after 'from', not {until!r}")
    if not (isinstance(item.get("source"), str) and item["source"].strip()):
        problems.append(f"{where}: 'source' is required: the resolution and article the amounts come from")
    for flag in ("unverified", "demo"):
        if not isinstance(item.get(flag, False), bool):
            problems.append(f"{where}: '{flag}' must be true or false")
    rules_in = item.get("rule")
    if not isinstance(rules_in, list) or not rules_in:
        problems.append(f"{where}: needs at least one [[policy.rule]]")
        rules_in = []
    rules, ids = [], set()
    for number, entry in enumerate(rules_in, 1):
        label = entry.get("id") if isinstance(entry, dict) else None
        rule = _rule(entry, f"{where}, rule {label or number!r}", problems)
        if rule is not None:
            if rule.id in ids:
                problems.append(f"{where}: two rules have the id {rule.id!r}")
            ids.add(rule.id)
            rules.append(rule)
    if len(problems) > count:
        return None
    return ProvincePolicy(
        province=province,
        province_name=str(item.get("province_name", province)),
        effective_from=start,
        until=until,
        title=str(item.get("title", "")),
        source=item["source"],
        unverified=item.get("unverified", False),
        demo=item.get("demo", False),
        rules=tuple(rules),
    )


def _rule(entry, where: str, problems: list[str]) -> SupportRule | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a table")
        return None
    count = len(problems)
    _unknown(entry, _RULE_KEYS, where, problems)
    for key in ("id", "label_vi", "label_en"):
        if not (isinstance(entry.get(key), str) and entry[key].strip()):
            problems.append(f"{where}: '{key}' is required (a non-empty string)")
    pay = entry.get("pay")
    if pay not in PAYS:
        problems.append(f"{where}: 'pay' must be one of {', '.join(PAYS)}, not {pay!r}")
    given = [k for k in (*_AMOUNT_KEYS, "bands") if k in entry]
    if len(given) != 1:
        problems.append(
            f"{where}: give exactly one of amount_vnd, base_salary_multiple or bands (has {given})"
        )
        bands: tuple[Band, ...] = ()
    elif given[0] == "bands":
        bands = _bands(entry["bands"], where, problems)
    else:
        bands = tuple(
            b for b in [_band({"from_km": 0, **{k: entry[k] for k in given}}, where, problems)] if b
        )
    months = entry.get("months")
    if months is not None and (pay != "monthly" or not is_whole_number(months) or months <= 0):
        problems.append(
            f"{where}: 'months' (the cap) is for monthly rules, a whole number above 0, not {months!r}"
        )
    origins = _choices(entry, "origins", ORIGINS, where, problems)
    posts = _choices(entry, "posts", POST_KINDS, where, problems)
    unless = _choices(entry, "unless", EXCLUSIONS, where, problems)
    if entry.get("sex") not in (None, *SEXES):
        problems.append(f"{where}: 'sex' must be one of {', '.join(SEXES)}, not {entry['sex']!r}")
    for flag in ("extra", "unverified"):
        if not isinstance(entry.get(flag, False), bool):
            problems.append(f"{where}: '{flag}' must be true or false")
    if len(problems) > count:
        return None
    return SupportRule(
        id=entry["id"],
        label_vi=entry["label_vi"],
        label_en=entry["label_en"],
        pay=pay,
        bands=bands,
        banded="bands" in entry,
        origins=origins,
        posts=posts,
        months=months,
        unless=unless or frozenset(),
        sex=entry.get("sex"),
        extra=entry.get("extra", False),
        unverified=entry.get("unverified", False),
    )


def _bands(items, where: str, problems: list[str]) -> tuple[Band, ...]:
    if not isinstance(items, list) or not items:
        problems.append(f"{where}: 'bands' must be a non-empty list of {{ from_km, below_km, amount }}")
        return ()
    bands = [b for n, item in enumerate(items, 1) if (b := _band(item, f"{where}, band {n}", problems))]
    bands.sort(key=lambda b: b.from_km)
    for low, high in zip(bands, bands[1:], strict=False):
        if low.below_km is None or low.below_km > high.from_km:
            problems.append(f"{where}: the bands {low.label} and {high.label} overlap")
    return tuple(bands)


def _band(item, where: str, problems: list[str]) -> Band | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: must be a table")
        return None
    count = len(problems)
    _unknown(item, {"from_km", "below_km", *_AMOUNT_KEYS}, where, problems)
    low, high = item.get("from_km"), item.get("below_km")
    if not is_finite_number(low) or low < 0:
        problems.append(f"{where}: 'from_km' must be a number of km, 0 or more, not {low!r}")
    elif high is not None and (not is_finite_number(high) or high <= low):
        problems.append(f"{where}: 'below_km' must be a number above 'from_km', not {high!r}")
    amounts = [k for k in _AMOUNT_KEYS if k in item]
    amount, multiple = item.get("amount_vnd"), item.get("base_salary_multiple")
    if len(amounts) != 1:
        problems.append(f"{where}: give exactly one of amount_vnd or base_salary_multiple")
    elif amount is not None and (not is_whole_number(amount) or amount < 0):
        problems.append(f"{where}: 'amount_vnd' must be a whole number of VND, 0 or more, not {amount!r}")
    elif multiple is not None and (not is_finite_number(multiple) or multiple < 0):
        problems.append(f"{where}: 'base_salary_multiple' must be a number, 0 or more, not {multiple!r}")
    if len(problems) > count:
        return None
    return Band(
        float(low),
        None if high is None else float(high),
        amount,
        None if multiple is None else Decimal(str(multiple)),
    )


def _choices(entry, key: str, allowed, where: str, problems: list[str]) -> frozenset[str] | None:
    if key not in entry:
        return None
    values = entry[key]
    if not isinstance(values, list) or not values or any(v not in allowed for v in values):
        problems.append(f"{where}: '{key}' must be a non-empty list of {', '.join(allowed)}, not {values!r}")
        return None
    return frozenset(values)


def _unknown(table: dict, known: set[str], where: str, problems: list[str]) -> None:
    for key in sorted(set(table) - known):
        problems.append(f"{where}: unknown key {key!r}")


def _is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def is_whole_number(value) -> bool:
    """An int that is not a bool: TOML's `true` must not pass for 1 (also used by `support.Move`)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_finite_number(value) -> bool:
    """An int or float, not a bool, neither infinite nor NaN (TOML reads `inf` and `nan`)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
