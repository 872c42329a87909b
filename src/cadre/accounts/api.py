"""The API's side of the one-time password: a user who still has one is refused (403) with the reason, whether
they came with HTTP Basic or the site's session. A token is a credential of its own, issued by the operator for
a script (`cadre users token`), so it is not held back by the password it was never derived from."""

from __future__ import annotations

from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission

from .middleware import password_change_first
from .services import must_change_password


class PasswordChanged(BasePermission):
    message = password_change_first()

    def has_permission(self, request, view):
        if isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        return not must_change_password(request.user)
