"""The signed-in user's own account: changing their password (required first when it was a one-time one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import OwnPasswordChangeForm
from .services import must_change_password


class PasswordChangeView(auth_views.PasswordChangeView):
    """Đổi mật khẩu: the current password, the new one twice. The user stays signed in on this browser (the
    session is moved to the new password) and lands on the dashboard."""

    form_class = OwnPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard:home")
    title = gettext_lazy("Change password")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_context_data(self, **kwargs):
        return super().get_context_data(required=must_change_password(self.request.user), **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)  # saves, and keeps this session signed in
        messages.success(self.request, _("Your password was changed."))
        return response
