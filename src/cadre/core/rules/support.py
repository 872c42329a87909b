"""Support for a cadre moved to a commune (hỗ trợ cán bộ luân chuyển, điều động về cơ sở).

Two sources add up. The province's own policy (`policy/support.toml`): dated rules, each a fixed VND amount or
a coefficient × the base salary, monthly or one-time, for some moves (the level of the previous post, the new
commune post, the person's sex), in distance bands (km from home to the new post, lower bound inclusive, upper
exclusive), for at most some months, unless an exclusion holds (official housing provided). And the national
items of Decree 178/2024 Art. 12 (`vn.toml`: `grassroots_support_178` and its reading): a one-time allowance
of 10 × the base salary for a cadre sent to a commune for 3 years, and the early salary step on good
completion, which has no amount.

A monthly amount with a coefficient follows the base salary month by month (`base_salary_vnd`, in force on the
first day of each month; the first month uses the start date), so a move that spans 1/7/2026 is paid the
announced rise from then on, flagged unverified. Amounts are rounded to the đồng, half up.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources

from cadre.core.dates import first_of_month_index, month_index
from cadre.core.policy import Policy, PolicyError, national_policy

ORIGINS = ("province", "district", "commune")
POST_KINDS = ("secretary", "deputy_secretary", "council_chair", "committee_chair", "vice_chair", "staff")
PAYS = ("monthly", "one_time")
EXCLUSIONS = ("official_housing",)
SEXES = ("male", "female")
NATIONAL = "decree-178-art-12"
GRASSROOTS, GRASSROOTS_READING = "grassroots_support_178", "grassroots_support_178_reading"

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


# ---- the policies ------------------------------------------------------------------------------------------


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
    if months is not None and (pay != "monthly" or not _is_int(months) or months <= 0):
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
    if not _is_number(low) or low < 0:
        problems.append(f"{where}: 'from_km' must be a number of km, 0 or more, not {low!r}")
    elif high is not None and (not _is_number(high) or high <= low):
        problems.append(f"{where}: 'below_km' must be a number above 'from_km', not {high!r}")
    amounts = [k for k in _AMOUNT_KEYS if k in item]
    amount, multiple = item.get("amount_vnd"), item.get("base_salary_multiple")
    if len(amounts) != 1:
        problems.append(f"{where}: give exactly one of amount_vnd or base_salary_multiple")
    elif amount is not None and (not _is_int(amount) or amount < 0):
        problems.append(f"{where}: 'amount_vnd' must be a whole number of VND, 0 or more, not {amount!r}")
    elif multiple is not None and (not _is_number(multiple) or multiple < 0):
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


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# ---- one move ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One person's move to a commune post: `km` from home to the new post, `origin` the level of the previous
    post (`ORIGINS`), `post` the kind of the new one (`POST_KINDS`), `duration_months` how long the move lasts.
    An unknown `sex` or `origin` is None: no rule that asks for it applies. The flags are facts of the post the
    registry does not hold: official housing provided, an extremely difficult area (where Decree 76/2019
    replaces Decree 178 Art. 12)."""

    province: str
    km: float
    sex: str | None
    origin: str | None
    post: str
    start: dt.date
    duration_months: int
    official_housing: bool = False
    difficult_area: bool = False

    def __post_init__(self) -> None:
        if not _is_number(self.km) or self.km < 0:
            raise ValueError(f"km must be a distance of 0 or more, not {self.km!r}")
        if (
            self.sex not in (None, *SEXES)
            or self.origin not in (None, *ORIGINS)
            or self.post not in POST_KINDS
        ):
            raise ValueError(
                f"unknown sex, origin or post kind: {self.sex!r}, {self.origin!r}, {self.post!r}"
            )
        if not _is_int(self.duration_months) or self.duration_months < 0:
            raise ValueError(f"duration_months must be a whole number, not {self.duration_months!r}")


@dataclass(frozen=True)
class SupportComponent:
    rule: str  # "51/2025-07-01/travel" (province/policy date/rule id) or "decree-178-art-12/one_time"
    label_vi: str
    label_en: str
    pay: str  # "monthly", "one_time" or "non_monetary" (the early salary step: no amount)
    amount: int | None  # the one-time amount, or the first month's
    months: int  # months paid (monthly rules)
    schedule: tuple[int, ...]  # a monthly rule's amount in each month from the start month
    source: str
    unverified: bool
    band: str = ""  # the distance band that applied, e.g. "15–<40 km"
    multiple: Decimal | None = None  # the coefficient of a rule in base salaries
    base_salaries: tuple[int, ...] = ()  # the base salaries it used, in order (two when a rise falls within)

    @property
    def total(self) -> int:
        return sum(self.schedule) if self.pay == "monthly" else self.amount or 0

    @property
    def formula(self) -> str:
        """How the amount was found, without thousands separators: "≥ 40 km: 1500000", "10 × 2340000",
        "1.5 × 2340000 → 2527200" (the base salary rose during the move); empty for a non-monetary item."""
        if self.amount is None:
            return ""
        if self.multiple is None:
            value = str(self.amount)
        else:
            value = f"{_num(self.multiple)} × {' → '.join(map(str, self.base_salaries))}"
        return f"{self.band}: {value}" if self.band else value


@dataclass(frozen=True)
class Support:
    move: Move
    policy: ProvincePolicy | None  # the provincial policy in force on the start date, if any
    components: tuple[SupportComponent, ...]
    excluded: tuple[tuple[str, str, str, str], ...]  # (rule, label_vi, label_en, exclusion) not paid

    @property
    def monthly(self) -> int:
        return sum(c.amount or 0 for c in self.components if c.pay == "monthly")

    @property
    def one_time(self) -> int:
        return sum(c.amount or 0 for c in self.components if c.pay == "one_time")

    @property
    def months(self) -> int:
        return max((c.months for c in self.components if c.pay == "monthly"), default=0)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.components)

    @property
    def unverified(self) -> bool:
        return any(c.unverified for c in self.components)

    @property
    def demo(self) -> bool:
        return bool(self.policy and self.policy.demo)

    def by_year(self) -> dict[int, int]:
        """What is paid in each calendar year: one-time amounts in the start month, monthly ones month by month."""
        years: dict[int, int] = {}
        first = month_index(self.move.start)
        for c in self.components:
            for k, amount in enumerate(c.schedule if c.pay == "monthly" else (c.amount or 0,)):
                year = first_of_month_index(first + k).year
                years[year] = years.get(year, 0) + amount
        return dict(sorted(years.items()))


def support_for_move(
    move: Move, *, policies: SupportPolicies | None = None, policy: Policy | None = None
) -> Support:
    """The monthly and one-time support of `move`: the province's policy in force on the start date (none is
    not an error) and the Decree 178 Art. 12 items."""
    policy = policy or national_policy()
    provincial = (policies or shipped_support_policies()).in_force(move.province, move.start)
    paid, extras, excluded = [], [], []
    for rule in provincial.rules if provincial else ():
        band = next((b for b in rule.bands if b.holds(move.km)), None)
        if band is None or not _concerns(rule, move):
            continue
        flags = rule.unless & ({"official_housing"} if move.official_housing else set())
        if flags:
            excluded.append((f"{provincial.key}/{rule.id}", rule.label_vi, rule.label_en, min(flags)))
            continue
        component = _component(provincial, rule, band, move, policy)
        if component is not None:
            (extras if rule.extra else paid).append(component)
    components = paid + (extras if paid else []) + _grassroots(move, policy)
    return Support(move, provincial, tuple(components), tuple(excluded))


def _concerns(rule: SupportRule, move: Move) -> bool:
    return (
        (rule.origins is None or move.origin in rule.origins)
        and (rule.posts is None or move.post in rule.posts)
        and (rule.sex is None or move.sex == rule.sex)
    )


def _component(
    provincial: ProvincePolicy, rule: SupportRule, band: Band, move: Move, policy: Policy
) -> SupportComponent | None:
    months = min(rule.months or move.duration_months, move.duration_months) if rule.pay == "monthly" else 1
    if months == 0:
        return None  # a move of no months is paid no monthly support
    first = month_index(move.start)
    days = [move.start, *(first_of_month_index(first + k) for k in range(1, months))]
    amounts, salaries = [], []
    for day in days:
        if band.amount_vnd is not None:
            amounts.append(band.amount_vnd)
            continue
        salary = policy.entry("base_salary_vnd", day)
        salaries.append(salary)
        amounts.append(_round(band.base_salary_multiple * salary.value))
    monthly = rule.pay == "monthly"
    return SupportComponent(
        rule=f"{provincial.key}/{rule.id}",
        label_vi=rule.label_vi,
        label_en=rule.label_en,
        pay=rule.pay,
        amount=amounts[0] if amounts else 0,
        months=months if monthly else 0,
        schedule=tuple(amounts) if monthly else (),
        source="; ".join(dict.fromkeys([provincial.source, *(s.source for s in salaries)])),
        unverified=provincial.unverified or rule.unverified or any(s.unverified for s in salaries),
        band=band.label if rule.banded else "",
        multiple=band.base_salary_multiple,
        base_salaries=tuple(dict.fromkeys(s.value for s in salaries)),
    )


def _grassroots(move: Move, policy: Policy) -> list[SupportComponent]:
    """Decree 178 Art. 12 for a move from a post at one of the reading's levels lasting the rule's months."""
    try:
        rule, reading = policy.entry(GRASSROOTS, move.start), policy.entry(GRASSROOTS_READING, move.start)
    except PolicyError:
        return []  # before the decree
    terms = rule.value
    if move.origin not in reading.value["origin_levels"] or move.duration_months < terms["months"]:
        return []
    source, unverified = f"{rule.source}; {reading.source}", rule.unverified or reading.unverified
    if move.difficult_area:
        return [
            _non_monetary(
                "decree-76-2019",
                "Chế độ theo Nghị định 76/2019/NĐ-CP (vùng đặc biệt khó khăn; Cadre không tính)",
                "The Decree 76/2019 regime (extremely difficult area; not computed by Cadre)",
                source,
                unverified,
            )
        ]
    salary = policy.entry("base_salary_vnd", move.start)
    multiple = Decimal(str(terms["one_time_base_salary_multiple"]))
    components = [
        SupportComponent(
            rule=f"{NATIONAL}/one_time",
            label_vi="Trợ cấp một lần tăng cường cơ sở",
            label_en="One-time allowance for strengthening the grassroots",
            pay="one_time",
            amount=_round(multiple * salary.value),
            months=0,
            schedule=(),
            source=f"{source}; {salary.source}",
            unverified=unverified or salary.unverified,
            multiple=multiple,
            base_salaries=(salary.value,),
        )
    ]
    if terms.get("early_salary_step"):
        components.append(
            _non_monetary(
                "early_salary_step",
                "Nâng bậc lương trước thời hạn (khi hoàn thành tốt nhiệm vụ)",
                "Early salary step (on good completion)",
                source,
                unverified,
            )
        )
    return components


def _non_monetary(name: str, label_vi: str, label_en: str, source: str, unverified: bool) -> SupportComponent:
    return SupportComponent(
        f"{NATIONAL}/{name}", label_vi, label_en, "non_monetary", None, 0, (), source, unverified
    )


def _num(value: Decimal) -> str:
    """10, 1.5, 0.75: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def _round(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
