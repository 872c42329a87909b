"""`{% load permissions %}`: `{% if user|may:"import" %}` shows a menu item or a button only to a user whose
roles allow the action somewhere (accounts.permissions.allows); the page itself still refuses the others."""

from django import template

from cadre.accounts.permissions import ACTIONS, allows

register = template.Library()


@register.filter
def may(user, action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return allows(user, action)
