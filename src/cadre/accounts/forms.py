from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .backends import client_address, locked_until


class LoginForm(AuthenticationForm):
    """The login form, which says so when a name is locked after too many failures (instead of "wrong
    password", which would invite more guesses)."""

    locked_message = ""

    def clean(self):
        username = self.cleaned_data.get("username")
        until = locked_until(username, client_address(self.request)) if username else None
        if until:
            self.locked_message = _("Too many failed sign-ins for this name. Try again after %(time)s.") % {
                "time": formats.time_format(timezone.localtime(until), "H:i")
            }
            raise forms.ValidationError(self.locked_message, code="locked")
        return super().clean()
