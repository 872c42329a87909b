"""Registry rows → the staff transfer problem document (`cadre.core.rebalancing`, version 1).

The problem covers one province: its communes with the quota the province set for each job position, and every
holder of a job position there with the communes they may be sent to: within the dated commute distance of
where they work now (`staffing_transfer_max_km`), and only when rated well enough over the look-back years, if
the policy asks it (`staffing_transfer_rating`). Only the cells the province set a quota for take part. The
policy values used travel in the params, so a stored plan says which rules made it.

About five queries whatever the province's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from cadre.core.errors import BilingualError
from cadre.core.geo import haversine_km
from cadre.core.policy import PolicyError, national_policy
from cadre.core.rules.evaluation import Level
from cadre.geo.models import Commune, Province
from cadre.people.models import Evaluation, Position, Posting

from .models import PositionQuota


class StaffingError(BilingualError):
    """A staffing question cannot be answered as asked (an unknown province, no position quotas)."""


def compile_transfers(province_code: str, on: dt.date | None = None) -> tuple[dict, dict]:
    """(problem document, params) for the province's job positions."""
    on = on or dt.date.today()
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        raise StaffingError(
            f"Không có tỉnh/thành mã «{province_code}».", f"No province has the code '{province_code}'."
        )
    policy = national_policy()
    try:
        max_km = float(policy.value("staffing_transfer_max_km", on))
        rating_rule = policy.value("staffing_transfer_rating", on)
    except PolicyError as error:
        raise StaffingError(
            f"Chưa có quy định điều động công chức có hiệu lực vào ngày {on:%d/%m/%Y}.",
            f"No transfer rules are in force on {on:%d/%m/%Y}.",
        ) from error
    quotas = defaultdict(dict)
    for commune, position, quota in PositionQuota.objects.filter(
        commune__province=province, position__in=Position.objects.taking_quota()
    ).values_list("commune_id", "position_id", "quota"):
        quotas[commune][position] = quota
    if not quotas:
        raise StaffingError(
            f"{province.name} chưa có định mức vị trí việc làm của xã nào: hãy nhập định mức trước.",
            f"{province.name} has no position quotas for any commune yet: set the quotas first.",
        )
    coordinates = {
        code: (lat, lon)
        for code, lat, lon in Commune.objects.filter(code__in=list(quotas)).values_list(
            "code", "latitude", "longitude"
        )
    }
    unit_ids = sorted(coordinates)
    index = {code: i for i, code in enumerate(unit_ids)}
    lat = np.array([coordinates[c][0] for c in unit_ids])
    lon = np.array([coordinates[c][1] for c in unit_ids])
    positions = {p for q in quotas.values() for p in q}
    # Only the cells the province set a quota for take part: a holder of a position the commune has no quota
    # for is neither surplus nor short there.
    postings = Posting.objects.held_on(on).filter(commune_id__in=unit_ids, position__code__in=positions)
    held = [
        (official, commune, position)
        for official, commune, position in postings.values_list("official_id", "commune_id", "position__code")
        if position in quotas[commune]
    ]
    ratings = _recent_ratings([official for official, _c, _p in held], on, rating_rule)
    staff, seen = [], set()
    for official, commune, position in sorted(held):
        if official in seen:
            continue  # one job per person: the first by commune and position (two would be a data error)
        seen.add(official)
        i = index[commune]
        km = haversine_km(lat[i], lon[i], lat, lon)
        may_move = not rating_rule or ratings.get(official, False)
        destinations = (
            [
                {"unit": unit_ids[j], "cost": round(float(km[j]), 3)}
                for j in np.flatnonzero(km <= max_km).tolist()
                if j != i and position in quotas[unit_ids[j]]
            ]
            if may_move
            else []
        )
        staff.append(
            {"id": str(official), "unit": commune, "position": position, "destinations": destinations}
        )
    document = {
        "version": 1,
        "units": [{"id": code, "quota": quotas[code]} for code in unit_ids],
        "staff": staff,
    }
    params = {
        "province": province.code,
        "date": on.isoformat(),
        "policy": {"staffing_transfer_max_km": max_km, "staffing_transfer_rating": rating_rule},
    }
    return document, params


def _recent_ratings(officials: list[int], on: dt.date, rule: dict | None) -> dict[int, bool]:
    """Whether each official's ratings over the rule's look-back years all reach its level."""
    if not rule:
        return {}
    minimum = Level[rule["min_level"]]
    years = set(range(on.year - rule["lookback_years"], on.year))
    found = defaultdict(dict)
    for official, year, level in Evaluation.objects.filter(
        official_id__in=officials, year__in=years
    ).values_list("official_id", "year", "level"):
        found[official][year] = Level[level]
    return {o: all(y in found[o] and found[o][y] >= minimum for y in years) for o in officials}
