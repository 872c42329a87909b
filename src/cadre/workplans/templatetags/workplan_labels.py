"""The work plans' words in templates: a task's status, a level, a handback's direction, in the user's
language (the core's `Text` labels)."""

from django import template

from cadre.accounts.permissions import grants_for
from cadre.core.rules import task_month, workplan

register = template.Library()


@register.filter
def status_label(key: str) -> str:
    label = task_month.STATUS_LABELS.get(key)
    return str(label) if label else ""


@register.filter
def level_label(key: str) -> str:
    label = workplan.LEVEL_LABELS.get(key)
    return str(label) if label else ""


@register.filter
def direction_label(key: str) -> str:
    label = workplan.HANDBACK_DIRECTIONS.get(key)
    return str(label) if label else ""


@register.filter
def province_wide(user, action: str) -> bool:
    """May `user` take `action` over a whole province (the ranking, the monthly close)? A commune's own users
    may not, so their links are not offered. Read from the grants the request already holds: no query."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(not grant.commune_id for grant in grants_for(user, action))
