"""The work plans' words in templates: a task's status, a level, a handback's direction, in the user's
language (the core's `Text` labels)."""

from django import template

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
