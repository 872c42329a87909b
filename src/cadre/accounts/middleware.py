"""A user whose password is still a one-time one (`OneTimePassword`) may only change it: every page sends them to
the change page, with the reason there, and the API refuses them with a 403 that says what to do (its
documentation page is a page: it redirects).

Left open: the change page itself, signing out, the language switch and static files. The API's views answer
for themselves (`cadre.accounts.api.PasswordChanged`), so a script gets a JSON refusal, never a login page.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .services import must_change_password

API_PREFIX = "/api/"


def password_change_first() -> str:
    """The API's refusal, in both languages (a script's caller reads it; there is no language switch there)."""
    return (
        "Mật khẩu của bạn là mật khẩu dùng một lần: hãy đăng nhập vào trang web và đổi mật khẩu trước. / "
        "Your password is a one-time password: sign in to the web site and change it first."
    )


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if must_change_password(request.user) and not self._open(request.path_info):
            if request.path_info.startswith(API_PREFIX) and request.path_info != reverse("api:docs"):
                return JsonResponse({"detail": password_change_first()}, status=403)
            return redirect("accounts:password_change")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        return path in (
            reverse("accounts:password_change"),
            reverse("logout"),
            reverse("set_language"),
        ) or path.startswith(settings.STATIC_URL)
