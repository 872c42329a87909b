"""The one guard on a page or action that a role lacks altogether: `@action_required(EXPORT)`.

A user none of whose roles allows the action anywhere is refused outright (403, "forbidden"). Which rows a user
who may take it reaches is the view's queryset's business (`Model.objects.restrict(user, action)`), and a row
outside the scope is "not found" (404), so its existence is not disclosed (docs/access.md).
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from .permissions import ACTIONS, allows


def action_required(action: str):
    """Refuse the view (403) to a user whose roles never allow `action`. On a class-based view, decorate its
    `dispatch`: `@method_decorator(action_required(IMPORT), name="dispatch")`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not allows(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator
