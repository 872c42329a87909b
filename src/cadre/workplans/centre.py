"""The service centre's monthly figures: recorded (entered on a page, imported, or by the demo) and read."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cadre.accounts.permissions import WORKPLAN, visible_communes
from cadre.core.rules.service_centre import CentreMonth, check_month
from cadre.geo.models import Commune

from .models import CentreSource, ServiceCentreMonth


def record_month(
    commune: Commune, month: dt.date, *, user, source: str = CentreSource.ENTERED, **figures
) -> ServiceCentreMonth:
    """Record (or correct) the centre's figures of `commune` for `month` (any day of it), checked whole; the
    row's history keeps what it said before. `figures`: received, settled_on_time, settled_late, returned and
    optionally satisfaction."""
    if not visible_communes(user, WORKPLAN).filter(code=commune.code).exists():
        raise PermissionDenied
    checked = check_month(**figures)
    row = ServiceCentreMonth.objects.filter(commune=commune, month=month.replace(day=1)).first()
    row = row or ServiceCentreMonth(
        commune=commune, province_id=commune.province_id, month=month.replace(day=1)
    )
    for field in ("received", "settled_on_time", "settled_late", "returned", "satisfaction"):
        setattr(row, field, getattr(checked, field))
    row.source, row.updated_by = source, user if getattr(user, "pk", None) else None
    with transaction.atomic():
        row.save()
    return row


def as_figures(row: ServiceCentreMonth) -> CentreMonth:
    return CentreMonth(row.received, row.settled_on_time, row.settled_late, row.returned, row.satisfaction)
