"""Biên chế: quotas, surplus and shortage, and transfer plans from the registry.

- `commune_table(communes, on)`: per commune, its quota (the dated rule on its population, or the province's
  override), its government staff now, and the surplus or shortage; per job position the province's quota
  against the holders.
- `compile_transfers(province, on)` (in `compile.py`): the rebalancing problem document for a province.
- `run_transfers(...)` solves it and stores a `TransferPlan`; the workflow (`workflow.services`) carries it to a
  decision; recording the decision (not the approval) calls `record.record_transfers` (through
  `TransferPlan.record_decision`), which writes the moves into the registry from the transfer date.

About ten queries whatever the province's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from cadre.core.job_positions import CENTRE_DEPUTY, CENTRE_DIRECTOR, CentreRule
from cadre.core.rebalancing.problem import parse_problem
from cadre.core.rebalancing.solver import solve
from cadre.core.rules.staffing_quota import staffing_quota
from cadre.geo.models import Commune, UnitKind
from cadre.people.models import Position, PositionKind, Posting, Track
from cadre.people.row_history import change_reason

from .compile import compile_transfers
from .models import CommuneStaffing, PositionQuota, TransferPlan

QUOTA_KIND = {UnitKind.COMMUNE: "commune", UnitKind.WARD: "ward", UnitKind.SPECIAL_ZONE: "special_zone"}


@dataclass
class CommuneRow:
    code: str
    name: str
    province: str
    population: int | None
    quota: int | None  # None: no population recorded and no override
    overridden: bool
    override_reason: str
    staff: int
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # job position -> (quota, holders)

    @property
    def balance(self) -> int | None:
        """Staff minus quota: positive a surplus, negative a shortage; None without a quota."""
        return None if self.quota is None else self.staff - self.quota

    @property
    def short_positions(self) -> list[tuple[str, int]]:
        return sorted((code, q - h) for code, (q, h) in self.positions.items() if h < q)

    @property
    def surplus_positions(self) -> list[tuple[str, int]]:
        return sorted((code, h - q) for code, (q, h) in self.positions.items() if h > q)


@dataclass
class CentreRow:
    """A commune whose public administration service centre lacks its director or a deputy director: the
    names of who holds each post on the day (a commune may have several deputies)."""

    code: str
    name: str
    province: str
    directors: list[str]
    deputies: list[str]


def centre_gaps(communes, on: dt.date, rule: CentreRule | None = None) -> tuple[list[CentreRow], dict]:
    """The communes of `communes` (a queryset, already in the user's scope) whose service centre has no
    director or no deputy director held on `on`, by province then name, and the counts: communes looked at,
    without a director, without a deputy. Two queries.

    Under a rule (`rule`, the one in force on `on`) that makes the director one of the People's Committee's
    vice-chairs concurrently (Decree 118/2025, until 14/10/2025), no director is looked for: the registry records
    one open post per person and track, so the vice-chair's concurrent directorship cannot be recorded. The
    count of communes without a director is then None."""
    director_required = not (rule and rule.director_is_vice_chair)
    holders: dict[str, dict[str, list[str]]] = defaultdict(lambda: {CENTRE_DIRECTOR: [], CENTRE_DEPUTY: []})
    held = (
        Posting.objects.held_on(on)
        .filter(commune__in=communes, position__code__in=(CENTRE_DIRECTOR, CENTRE_DEPUTY))
        .order_by("official__full_name")
        .values_list("commune_id", "position__code", "official__full_name")
    )
    for commune, code, name in held:
        holders[commune][code].append(name)
    rows, looked_at = [], 0
    for code, name, province in communes.order_by("province__name", "name").values_list(
        "code", "name", "province__name"
    ):
        looked_at += 1
        found = holders.get(code) or {CENTRE_DIRECTOR: [], CENTRE_DEPUTY: []}
        if (director_required and not found[CENTRE_DIRECTOR]) or not found[CENTRE_DEPUTY]:
            rows.append(CentreRow(code, name, province, found[CENTRE_DIRECTOR], found[CENTRE_DEPUTY]))
    counts = {
        "communes": looked_at,
        "no_director": sum(1 for r in rows if not r.directors) if director_required else None,
        "no_deputy": sum(1 for r in rows if not r.deputies),
        "lacking": len(rows),
    }
    return rows, counts


def staffing_summary(rows: list[CommuneRow]) -> dict:
    """How many communes are short, in surplus, at the quota or without one, by how much, and the job
    positions short in the most communes (for the staffing page and the dashboard)."""
    known = [r for r in rows if r.balance is not None]
    short_positions = defaultdict(int)
    for row in rows:
        for code, _n in row.short_positions:
            short_positions[code] += 1
    return {
        "communes_short_in_a_position": sum(1 for r in rows if r.short_positions),
        "positions_missing": sum(n for r in rows for _code, n in r.short_positions),
        "short": sum(1 for r in known if r.balance < 0),
        "surplus": sum(1 for r in known if r.balance > 0),
        "even": sum(1 for r in known if r.balance == 0),
        "unknown": len(rows) - len(known),
        "short_by": -sum(r.balance for r in known if r.balance < 0),
        "surplus_by": sum(r.balance for r in known if r.balance > 0),
        "most_short": sorted(short_positions.items(), key=lambda item: (-item[1], item[0]))[:5],
    }


@dataclass
class ProvinceRow:
    """A province's communes summed up (the staffing page of a scope of several provinces): every figure of a
    commune's row, added over its communes, and the counts of `staffing_summary`."""

    code: str
    name: str
    communes: int
    population: int | None  # of the communes with a population recorded (None: none has one)
    quota: int | None  # of the communes with a quota (None: none has one)
    staff: int
    balance: int | None  # staff minus quota, over the communes with a quota
    overridden: int  # communes whose quota the province set
    summary: dict  # `staffing_summary` of its communes
    short_positions: list[tuple[str, int]]  # job position -> places missing, over its communes
    surplus_positions: list[tuple[str, int]]


def province_rows(rows: list[CommuneRow], names: dict[str, str]) -> list[ProvinceRow]:
    """One row per province of the commune rows, by province code; `names`: province code -> name."""
    by_province: dict[str, list[CommuneRow]] = defaultdict(list)
    for row in rows:
        by_province[row.province].append(row)
    result = []
    for code, own in by_province.items():
        known = [r for r in own if r.balance is not None]
        short, surplus = defaultdict(int), defaultdict(int)
        for row in own:
            for position, n in row.short_positions:
                short[position] += n
            for position, n in row.surplus_positions:
                surplus[position] += n
        result.append(
            ProvinceRow(
                code=code,
                name=names.get(code, code),
                communes=len(own),
                population=(
                    sum(r.population for r in own if r.population is not None)
                    if any(r.population is not None for r in own)
                    else None
                ),
                quota=sum(r.quota for r in known) if known else None,
                staff=sum(r.staff for r in own),
                balance=sum(r.balance for r in known) if known else None,
                overridden=sum(1 for r in own if r.overridden),
                summary=staffing_summary(own),
                short_positions=sorted(short.items()),
                surplus_positions=sorted(surplus.items()),
            )
        )
    return sorted(result, key=lambda r: r.code)


def commune_quota(commune: Commune, staffing: CommuneStaffing | None, on: dt.date) -> int | None:
    if staffing is not None and staffing.quota_override is not None:
        return staffing.quota_override
    if staffing is None or staffing.population is None or commune.kind not in QUOTA_KIND:
        return None
    return staffing_quota(
        staffing.population, QUOTA_KIND[commune.kind], mountain=staffing.mountain, on=on
    ).quota


def commune_table(communes, on: dt.date | None = None) -> list[CommuneRow]:
    """`communes`: a queryset. Government staff are the open government-track postings in the commune."""
    on = on or dt.date.today()
    communes = list(communes.select_related("staffing").order_by("province_id", "name"))
    codes = [c.code for c in communes]
    staff = defaultdict(int)
    holders = defaultdict(int)
    # Counted in the database: a row per commune and post, not per person (the whole country holds 100,000s).
    open_postings = (
        Posting.objects.held_on(on)
        .filter(commune_id__in=codes, position__track=Track.GOVERNMENT)
        .order_by()
        .values_list("commune_id", "position__code", "position__kind")
        .annotate(count=Count("pk"))
    )
    for commune, position, kind, count in open_postings:
        staff[commune] += count
        if kind == PositionKind.JOB:
            holders[(commune, position)] += count
    quotas = defaultdict(dict)
    for commune, position, quota in PositionQuota.objects.filter(
        commune_id__in=codes, position__in=Position.objects.taking_quota()
    ).values_list("commune_id", "position_id", "quota"):
        quotas[commune][position] = quota
    rows = []
    for commune in communes:
        staffing = getattr(commune, "staffing", None)
        positions = {p: (q, holders.get((commune.code, p), 0)) for p, q in quotas[commune.code].items()}
        rows.append(
            CommuneRow(
                code=commune.code,
                name=commune.name,
                province=commune.province_id,
                population=staffing.population if staffing else None,
                quota=commune_quota(commune, staffing, on),
                overridden=bool(staffing and staffing.quota_override is not None),
                override_reason=staffing.override_reason if staffing else "",
                staff=staff[commune.code],
                positions=positions,
            )
        )
    return rows


def save_commune_staffing(
    staffing: CommuneStaffing, quotas: dict[str, int | None], *, reason: str, user
) -> None:
    """The Department's form for a commune: its population, quota override and job-position quotas, saved
    together or not at all, every row's history naming `user` and `reason`."""
    with transaction.atomic(), change_reason(reason, user=user):
        staffing.save()
        set_position_quotas(staffing.commune, quotas, reason)


def set_position_quotas(commune: Commune, values: dict[str, int | None], reason: str) -> None:
    """The commune's quota per job position: a number sets it (with `reason`), None removes it. Each row is
    saved or deleted one by one so its history records the change (and the caller's `change_reason`)."""
    current = {q.position_id: q for q in PositionQuota.objects.filter(commune=commune)}
    for code, value in values.items():
        quota = current.get(code)
        if value is None:
            if quota is not None:
                quota.delete()
        elif quota is None:
            PositionQuota.objects.create(commune=commune, position_id=code, quota=value, reason=reason)
        elif quota.quota != value:
            quota.quota, quota.reason = value, reason
            quota.save()


def run_transfers(province_code: str, on: dt.date | None = None, user=None) -> TransferPlan:
    """Compile, solve to the decreasingly minimal deficits at least cost, and store the plan (a draft)."""
    on = on or dt.date.today()
    document, params = compile_transfers(province_code, on)
    problem = parse_problem(document)
    plan = solve(problem)
    result = plan.to_document(problem)
    with transaction.atomic():
        return TransferPlan.objects.create(
            province_id=params["province"],
            transfer_date=on,
            params=params,
            problem_sha256=result["problem_sha256"],
            problem=document,
            plan=result,
            status=result["status"],
            total_cost=result["total_cost"],
            solve_seconds=result["solve_seconds"],
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
