"""Tasks with how they stand on a day, computed by the database: the boards sort and filter on it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, IntegerField, Q, Value, When

from cadre.accounts.permissions import RestrictedQuerySet
from cadre.core.rules import task_month


def status_conditions(today: dt.date) -> dict[str, Q]:
    """Each status of core.rules.task_month.task_status, as a filter on the task's columns on `today`."""
    open_ = Q(done_on__isnull=True) | Q(done_on__gt=today)
    return {
        task_month.OVERDUE: open_ & Q(deadline__lt=today),
        task_month.IN_PROGRESS: open_ & Q(deadline__gte=today, start__lte=today),
        task_month.NOT_STARTED: open_ & Q(start__gt=today),
        task_month.DONE_LATE: Q(done_on__lte=today, done_on__gt=F("deadline")),
        task_month.DONE: Q(done_on__lte=today) & Q(done_on__lte=F("deadline")),
    }


class TaskQuerySet(RestrictedQuerySet):
    def with_status(self, today: dt.date):
        """Annotate `status` (a key of task_month.STATUSES) and `status_rank` (0 for overdue, the worst, up)."""
        conditions = status_conditions(today)
        return self.annotate(
            status=Case(
                *(When(condition, then=Value(key)) for key, condition in conditions.items()),
                output_field=CharField(),
            ),
            status_rank=Case(
                *(When(conditions[key], then=Value(rank)) for rank, key in enumerate(task_month.STATUSES)),
                output_field=IntegerField(),
            ),
        )

    def in_status(self, status: str, today: dt.date):
        return self.filter(status_conditions(today)[status])
