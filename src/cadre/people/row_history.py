"""Row history of the registry (lịch sử thay đổi): who changed a row, when, what it held before and after, and why.

Each registry model keeps its history with django-simple-history (`RegistryHistory`): one historical row per
created, changed or deleted row, a full copy of the tracked fields with the time, the user and the reason. Saves
and deletes through the ORM record it themselves; the registry's bulk writes (the import, closing a posting)
call `snapshot`, which copies the rows they wrote straight into the history table in one statement.

Callers say why with one context manager, and every registry write inside it records that reason and user:

    with change_reason("Phương án luân chuyển #12 đã phê duyệt: đủ điều kiện", user=request.user):
        record_posting(...)

Without a user, the signed-in user of the current request is recorded (HistoryRequestMiddleware), and none
from the command line. The import and the services give a reason of their own (`default_reason`) that applies
only when the caller gave none.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cadre.bulk import copy_rows

CREATED, CHANGED, DELETED = "+", "~", "-"


@dataclass(frozen=True)
class Change:
    reason: str
    user: object | None  # a User, or None for the request's user


_change: contextvars.ContextVar[Change | None] = contextvars.ContextVar("registry_change", default=None)


@contextmanager
def change_reason(reason: str, user=None) -> Iterator[None]:
    """Every registry write in the block records `reason` and `user` (by default the user of an enclosing
    block, else the request's). Blocks nest: the innermost reason is recorded."""
    outer = _change.get()
    if user is None and outer is not None:
        user = outer.user
    token = _change.set(Change(reason, user))
    try:
        yield
    finally:
        _change.reset(token)


@contextmanager
def default_reason(reason: str) -> Iterator[None]:
    """The registry's own write paths: `reason` applies unless a caller is already inside `change_reason`."""
    if _change.get() is not None:
        yield
        return
    with change_reason(reason):
        yield


def current_change() -> Change:
    """The reason in force and the acting user: the one given to `change_reason`, else the request's."""
    change = _change.get() or Change("", None)
    user = change.user
    if user is None:
        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        user = None
    return Change(change.reason, user)


class RegistryHistory(HistoricalRecords):
    """HistoricalRecords that take the reason and the user from `change_reason` (or the request), with a reason
    of any length and a 64-bit history id."""

    def __init__(self, **options):
        options.setdefault("history_change_reason_field", models.TextField(null=True))
        options.setdefault("history_id_field", models.BigAutoField(primary_key=True))
        super().__init__(**options)

    def get_history_user(self, instance):
        if hasattr(instance, "_history_user"):
            return instance._history_user
        return current_change().user

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or current_change().reason


def snapshot(model, kind: str, ids: Iterable[int], *, at=None, change: Change | None = None) -> None:
    """Record rows of `model` written in bulk (by primary key): copy them, as they are now, into the model's
    history table, with the time `at` (default now) and the reason and user in force."""
    change = change or current_change()
    history = model.history.model
    copy_rows(
        model,
        history,
        [f.attname for f in history.tracked_fields],
        {
            "history_date": at or timezone.now(),
            "history_type": kind,
            "history_user_id": getattr(change.user, "pk", None),
            "history_change_reason": change.reason,
        },
        ids,
    )
