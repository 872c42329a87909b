from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .backends import client_address, locked_until
from .services import change_own_password


class LoginForm(AuthenticationForm):
    """The login form, which says so when a name is locked after too many failures (instead of "wrong
    password", which would invite more guesses)."""

    locked_message = ""

    def clean(self):
        username = self.cleaned_data.get("username")
        until = locked_until(username, client_address(self.request)) if username else None
        if until:
            self.locked_message = locked_message(until)
            raise forms.ValidationError(self.locked_message, code="locked")
        return super().clean()


def locked_message(until) -> str:
    return _("Too many failed sign-ins for this name. Try again after %(time)s.") % {
        "time": formats.time_format(timezone.localtime(until), "H:i")
    }


class OwnPasswordChangeForm(PasswordChangeForm):
    """The signed-in user's new password: the current one to prove it is them, the new one twice, checked by the
    site's password rules (AUTH_PASSWORD_VALIDATORS), and never the current one again (a one-time password
    somebody else has seen must really be replaced)."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        """The current password is tried like a sign-in, so guesses made from a session left open on a shared
        PC count towards the same lock (backends.py) and stop with it."""
        old = self.cleaned_data["old_password"]
        username = self.user.get_username()
        until = locked_until(username, client_address(self.request))
        if until:
            raise forms.ValidationError(locked_message(until), code="locked")
        if authenticate(self.request, username=username, password=old) is None:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_password"), cleaned.get("new_password2")
        if old and new and old == new and "new_password2" not in self.errors:
            self.add_error(
                "new_password2",
                forms.ValidationError(
                    _("The new password must differ from the current one."), code="password_unchanged"
                ),
            )
        return cleaned

    def save(self, commit=True):
        change_own_password(self.user, self.cleaned_data["new_password1"])
        return self.user
