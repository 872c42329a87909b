"""The service centre's monthly figures: recorded (entered on a page, imported, or by the demo) and read.

A commune's public administration service centre (Trung tâm phục vụ hành chính công) reports each month the
dossiers it received, settled on time, settled late and returned, and the citizens' satisfaction where it was
measured. One row per commune and month (`ServiceCentreMonth`); a correction overwrites it, and the row's history
keeps what it said before, who changed it and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language

from cadre.accounts.permissions import VIEW, WORKPLAN, allows, visible_communes
from cadre.core.dates import add_months
from cadre.core.policy import national_policy
from cadre.core.rules.service_centre import FIGURES, SATISFACTION, CentreMonth, check_month, check_period
from cadre.core.text import Text
from cadre.geo.models import Commune
from cadre.people.change_log import EMPTY, ChangeEntry, FieldChange
from cadre.people.row_history import CHANGED, CREATED, change_reason

from .models import CentreSource, ServiceCentreMonth

FIGURE_FIELDS = ("received", "settled_on_time", "settled_late", "returned", "satisfaction")


def first_month() -> dt.date:
    """The first month a centre of today's communes can report: the two-tier system's start (policy)."""
    return national_policy().value("two_tier_in_force").replace(day=1)


def check_month_period(month: dt.date, today: dt.date | None = None) -> dt.date:
    """`month`'s first day, or `CentreFigureError` (field "month") for a future month or one before the two-tier
    system."""
    return check_period(month, today=today or timezone.localdate(), first=first_month())


def latest_month(today: dt.date) -> dt.date:
    """The month whose figures centres are reporting now: the last one ended (never before the first)."""
    return max(add_months(today.replace(day=1), -1), first_month())


def record_month(
    commune: Commune,
    month: dt.date,
    *,
    user,
    source: str = CentreSource.ENTERED,
    reason: str = "",
    today: dt.date | None = None,
    **figures,
) -> ServiceCentreMonth:
    """Record (or correct) the centre's figures of `commune` for `month` (any day of it), checked whole; the
    row's history keeps what it said before, with `user` and `reason`. `figures`: received, settled_on_time,
    settled_late, returned and optionally satisfaction. Refused (PermissionDenied) outside the user's WORKPLAN
    scope, and (CentreFigureError) for a future month or one before the two-tier system."""
    if not visible_communes(user, WORKPLAN).filter(code=commune.code).exists():
        raise PermissionDenied
    month = check_month_period(month, today)
    checked = check_month(**figures)
    recorded = ServiceCentreMonth.objects.select_for_update().filter(commune=commune, month=month)
    with transaction.atomic(), change_reason(reason, user=user if getattr(user, "pk", None) else None):
        row = recorded.first()
        if row is None:
            row = ServiceCentreMonth(commune=commune, province_id=commune.province_id, month=month)
            write_figures(row, checked, user=user, source=source)
            try:
                with transaction.atomic():  # a savepoint: someone may record the same month at this moment
                    row.save()
                return row
            except IntegrityError:
                row = recorded.get()  # theirs came first: this one corrects it
        write_figures(row, checked, user=user, source=source)
        row.save()
    return row


def write_figures(row: ServiceCentreMonth, checked: CentreMonth, *, user, source: str) -> None:
    """Set the row's figures, source and author (not saved): the one place both the page and the import do."""
    for field in FIGURE_FIELDS:
        setattr(row, field, getattr(checked, field))
    row.source, row.updated_by = source, user if getattr(user, "pk", None) else None


def as_figures(row: ServiceCentreMonth) -> CentreMonth:
    return CentreMonth(row.received, row.settled_on_time, row.settled_late, row.returned, row.satisfaction)


@dataclass(frozen=True)
class CentreRow:
    """One commune's line in the month's list: its figures, or None when the centre has not reported."""

    code: str
    name: str
    province: str
    figures: CentreMonth | None

    def _figure(self, name):
        return None if self.figures is None else getattr(self.figures, name)

    @property
    def received(self):
        return self._figure("received")

    @property
    def settled_on_time(self):
        return self._figure("settled_on_time")

    @property
    def settled_late(self):
        return self._figure("settled_late")

    @property
    def returned(self):
        return self._figure("returned")

    @property
    def satisfaction(self):
        value = self._figure("satisfaction")
        return None if value is None else float(value)

    @property
    def on_time_percent(self) -> float | None:
        """The share of the settled dossiers settled on time, in percent (None: not reported, or none settled)."""
        share = self._figure("on_time_share")
        return None if share is None else round(100 * share, 1)


def month_rows(communes, month: dt.date) -> list[CentreRow]:
    """Each of `communes` (a queryset) with its centre's figures of `month`: two queries whatever their number."""
    rows = {
        row.commune_id: as_figures(row)
        for row in ServiceCentreMonth.objects.filter(month=month.replace(day=1), commune__in=communes).only(
            "commune_id", *FIGURE_FIELDS
        )
    }
    listed = communes.order_by("name", "code").values_list("code", "name", "province__name")
    return [CentreRow(code, name, province, rows.get(code)) for code, name, province in listed]


SHOWN_FIELDS = (*FIGURE_FIELDS, "source")
LABELS = {
    **FIGURES,
    "satisfaction": SATISFACTION,
    "source": Text("Nguồn số liệu", "Where the figures came from"),
}


def month_history(row: ServiceCentreMonth | None) -> list[ChangeEntry]:
    """Every recorded version of the row, newest first: when, who, what changed (before → after), why."""
    if row is None or row.pk is None:
        return []
    history = ServiceCentreMonth.history.model
    fields = [history._meta.get_field(name) for name in SHOWN_FIELDS]
    records = list(
        history.objects.filter(id=row.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries, before = [], None
    for record in records:
        if record.history_type == CREATED or before is None:
            changed = [f for f in fields if getattr(record, f.attname) is not None]
        elif record.history_type == CHANGED:
            changed = [f for f in fields if getattr(before, f.attname) != getattr(record, f.attname)]
        else:
            changed = []
        language = get_language()
        changes = tuple(
            FieldChange(
                LABELS[f.name].in_language(language),
                EMPTY if before is None else _shown(before, f),
                _shown(record, f),
            )
            for f in changed
        )
        if changes or record.history_type not in (CREATED, CHANGED):
            entries.append(
                ChangeEntry(
                    record.history_date,
                    record.history_user,
                    record.get_history_type_display(),
                    f"{row.month:%m/%Y}",
                    changes,
                    record.history_change_reason or "",
                )
            )
        before = record
    return entries[::-1]


def _shown(record, field) -> str:
    value = getattr(record, field.attname)
    if value is None:
        return EMPTY
    if field.name == "source":
        return str(CentreSource(value).label)
    if field.name == "satisfaction":
        return f"{formats.number_format(value, decimal_pos=2 if value % 1 else 0)} %"
    return formats.number_format(value, force_grouping=True)


def board_context(commune: Commune, user, today: dt.date) -> dict:
    """What a commune's board shows of its centre (`workplans/_centre_month.html`): this month's and last month's
    figures, and the links to enter them for a user with the WORKPLAN right over the commune. Merge it into the
    board's context: `context.update(centre.board_context(commune, request.user, today))`. Two or three queries;
    nothing for a user who may not see the commune."""
    if not visible_communes(user, VIEW).filter(code=commune.code).exists():
        return {"centre_months": []}
    may_enter = allows(user, WORKPLAN) and visible_communes(user, WORKPLAN).filter(code=commune.code).exists()
    this_month = today.replace(day=1)
    months = [this_month, add_months(this_month, -1)]
    recorded = {
        row.month: as_figures(row)
        for row in ServiceCentreMonth.objects.filter(commune=commune, month__in=months)
    }
    shown = []
    for month in months:
        if month < first_month():
            continue
        figures = recorded.get(month)
        shown.append(
            {
                "month": month,
                "figures": figures,
                "on_time_percent": CentreRow("", "", "", figures).on_time_percent,
                "edit_url": reverse("workplans:centre-edit", args=[commune.code, f"{month:%Y-%m}"])
                if may_enter
                else "",
            }
        )
    return {"centre_months": shown, "centre_commune": commune}
