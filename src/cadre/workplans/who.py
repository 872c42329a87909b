"""Who acts on a task, and at which level: the scope check every service makes first, the registry person a
user is, the level at which a user decides on a task; and the task read again under a row lock, so that what is
checked and written is what is stored now."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from cadre.accounts.permissions import WORKPLAN, grants_for
from cadre.core.rules.workplan import COMMUNE_LEVEL, PROVINCE_LEVEL
from cadre.people.models import Official, OfficialLogin

from .models import Task, WorkPlan


def may(user, action: str, row) -> bool:
    return type(row).objects.restrict(user, action).filter(pk=row.pk).exists()


def require(user, action: str, row) -> None:
    """Refuse (403) a user who may not take `action` on `row`."""
    if not may(user, action, row):
        raise PermissionDenied


def user_official(user) -> Official | None:
    """The registry person the signed-in user is (None when the account is linked to no one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    login = OfficialLogin.objects.select_related("official").filter(user=user).first()
    return login.official if login else None


def deciding_level(user, task: Task | WorkPlan) -> str | None:
    """The level at which `user` decides on `task` (or a plan's tasks): the commune's, through a grant over the
    task's commune; the province's, through a grant over its province or the country; None when no grant lets
    them decide on it."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return PROVINCE_LEVEL
    level = None
    for grant in grants_for(user, WORKPLAN):
        if grant.commune_id:
            if grant.commune_id == task.commune_id:
                return COMMUNE_LEVEL
        elif grant.province_id in (None, task.province_id):
            level = PROVINCE_LEVEL
    return level


def is_lead(user, task: Task) -> bool:
    official = user_official(user)
    return official is not None and official.pk == task.lead_person_id


def locked(task: Task) -> Task:
    """`task` read again under a row lock (inside the caller's transaction): what is checked and written is
    what is stored now, not what a page loaded a while ago."""
    return Task.objects.select_for_update().select_related("plan").get(pk=task.pk)


def refresh(task: Task, fresh: Task) -> None:
    """Give the caller's `task` what was stored (a view reads it again for its redirect, a test for its asserts)."""
    for field in Task._meta.concrete_fields:
        setattr(task, field.attname, getattr(fresh, field.attname))
