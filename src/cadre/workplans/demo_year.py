"""What happens to the demo's tasks over 2026 (reports around the 20th of each month, some tasks done on time,
some late, some overdue and no longer reported), and the service centres' monthly figures: all through the
services, nothing dated after the day the caller passes (`timezone.localdate()` in the demo). The reports are
written after their months closed, so they pass `past=True` (the one caller that does)."""

from __future__ import annotations

import datetime as dt
import random

from cadre.geo.models import Commune, Province

from . import centre, services
from .models import Task

CENTRE_MONTHS = 6
SEED = 2026  # the demo's (demo.SEED): the same figures every run


def _report_days(start: dt.date, until: dt.date, rng: random.Random) -> list[dt.date]:
    """A report around the 20th of each month from the start until `until`."""
    days, month = [], start.replace(day=1)
    while month <= until:
        day = month.replace(day=rng.randint(15, 24))
        if start <= day <= until:
            days.append(day)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return days


def progress_over_year(task: Task, rng: random.Random, today: dt.date, user) -> None:
    """Reports on the task up to today: done on time (half), late, overdue and no longer reported, or going."""
    if task.start > today:
        return
    fate = rng.choices(("on_time", "late", "silent", "going"), weights=(55, 17, 8, 20))[0]
    if fate == "going" and task.deadline < today:  # a task past its deadline was finished, mostly on time
        fate = rng.choices(("on_time", "late", "silent"), weights=(60, 30, 10))[0]
    span = (task.deadline - task.start).days
    if fate == "on_time":
        done = task.deadline - dt.timedelta(days=rng.randint(0, min(12, span)))
    elif fate == "late":
        done = task.deadline + dt.timedelta(days=rng.randint(4, 40))
    else:
        done = None
    until = min(today, done - dt.timedelta(days=1) if done else task.deadline)
    if fate == "silent":
        until = min(until, task.start + dt.timedelta(days=span * rng.randint(3, 7) // 10))
    days = _report_days(task.start, until, rng)
    last = task.deadline if done is None else done
    for day in days:
        share = (day - task.start).days / max(1, (last - task.start).days)
        percent = max(task.percent, min(95, int(share * 100) // 5 * 5 + 5))
        services.report_progress(
            task, user=user, percent=percent, reported_on=day, note="Đang triển khai theo kế hoạch", past=True
        )
    if (
        done is not None
        and done <= today
        and (task.last_reported_on is None or done >= task.last_reported_on)
    ):
        services.report_progress(
            task, user=user, percent=100, reported_on=done, note="Đã hoàn thành", past=True
        )


def centre_figures(province: Province, officer, today: dt.date) -> None:
    """The service centres' figures for the last months before this one; about one commune in ten did not
    report a month."""
    this_month = today.replace(day=1)
    months = []
    month = this_month
    for _ in range(CENTRE_MONTHS):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        months.append(month)
    for commune in Commune.objects.filter(province=province).order_by("code"):
        rng = random.Random(f"{SEED}-centre-{commune.code}")
        size = rng.randint(250, 900) * (2 if commune.kind == "phuong" else 1)
        for month in sorted(months):
            if rng.random() < 0.1:
                continue
            received = int(size * rng.uniform(0.85, 1.15))
            late = int(received * rng.uniform(0.0, 0.06))
            returned = int(received * rng.uniform(0.01, 0.05))
            centre.record_month(
                commune,
                month,
                user=officer,
                received=received,
                settled_on_time=received - late - returned,
                settled_late=late,
                returned=returned,
                satisfaction=None if rng.random() < 0.2 else round(rng.uniform(88, 99.5), 1),
            )
