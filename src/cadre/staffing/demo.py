"""Demo staffing for a province: made-up populations and the province's position quotas, fixed by a seed.

Nothing here is real data: the populations are drawn around realistic sizes (wards larger than communes), and
each government job position's quota is the province's typical number of holders of it, one more in the four
jobs the Ministry names as short everywhere (finance, natural resources and environment, science and
digital transformation, construction). So the demo
shows communes in surplus and in shortage, as the provinces report them.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

from django.db import transaction

from cadre.geo.models import Commune, UnitKind
from cadre.people.models import PositionKind, Posting, Track

from .models import CommuneStaffing, PositionQuota

SHORT_EVERYWHERE = ("cv_tai_chinh", "cv_dia_chinh", "cv_cntt", "cv_xay_dung")
SEED = 2025


@transaction.atomic
def seed_demo_staffing(province_code: str) -> int:
    """Populations and position quotas for the province's communes, unless it has quotas already. Returns the
    number of quotas written (0 when there were some)."""
    communes = list(Commune.objects.filter(province_id=province_code).order_by("code"))
    if PositionQuota.objects.filter(commune__province_id=province_code).exists():
        return 0
    rng = random.Random(f"{SEED}-{province_code}")
    CommuneStaffing.objects.bulk_create(
        [
            CommuneStaffing(
                commune=commune,
                population=int(
                    rng.lognormvariate(math.log(30_000 if commune.kind == UnitKind.WARD else 18_000), 0.35)
                ),
                mountain=False,
            )
            for commune in communes
        ],
        ignore_conflicts=True,
    )
    held = Counter(
        Posting.objects.filter(
            commune__province_id=province_code,
            end__isnull=True,
            position__kind=PositionKind.JOB,
            position__track=Track.GOVERNMENT,
        ).values_list("commune_id", "position__code")
    )
    per_position = defaultdict(list)
    for (_commune, position), count in held.items():
        per_position[position].append(count)
    typical = {p: sorted(counts)[len(counts) // 2] for p, counts in per_position.items()}
    quotas = [
        PositionQuota(
            commune=commune,
            position_id=position,
            quota=typical[position] + (1 if position in SHORT_EVERYWHERE else 0),
            reason="Định mức mẫu (demo), không phải số liệu thật",
        )
        for commune in communes
        for position in sorted(typical)
    ]
    PositionQuota.objects.bulk_create(quotas)
    return len(quotas)


def demo_transfer_plan(province_code: str):
    """The province's latest transfer plan, made (after seeding the demo staffing) when it has none."""
    from .models import TransferPlan
    from .services import run_transfers

    seed_demo_staffing(province_code)
    plan = TransferPlan.objects.filter(province_id=province_code).first()
    return plan or run_transfers(province_code)


def summary_lines(plan) -> list[str]:
    summary = plan.plan.get("summary") or {}
    before, after = summary.get("before") or {}, summary.get("after") or {}
    return [
        f"Phương án điều động công chức / staff transfer plan #{plan.pk} ({plan.transfer_date:%d/%m/%Y}): "
        f"{plan.status}, {summary.get('moves', 0)} người / moves",
        f"  Thiếu lớn nhất / largest shortage: {before.get('max', '—')} → {after.get('max', '—')}; "
        f"tổng thiếu / total shortage: {before.get('total', '—')} → {after.get('total', '—')}",
    ]
