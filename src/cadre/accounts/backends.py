"""Sign-in with a limit on failed attempts, for the login page, the admin and the API's HTTP Basic alike.

After `CADRE_LOGIN_MAX_FAILURES` failures for one user name within `CADRE_LOGIN_LOCK_MINUTES`, that name is
locked for the rest of the window: even the right password is refused, so guessing gains nothing. A successful
sign-in clears the count. Failures are kept in the database, so every server process sees the same count.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import FailedLogin


def locked_until(username: str) -> dt.datetime | None:
    """When the name's lock ends, or None if it is not locked."""
    window = dt.timedelta(minutes=settings.CADRE_LOGIN_LOCK_MINUTES)
    recent = FailedLogin.objects.filter(username=username, at__gte=timezone.now() - window).order_by("-at")
    times = list(recent.values_list("at", flat=True)[: settings.CADRE_LOGIN_MAX_FAILURES])
    if len(times) < settings.CADRE_LOGIN_MAX_FAILURES:
        return None
    return times[0] + window


def impossible_username(username: str) -> bool:
    """A name no account can have (a NUL, or longer than the field): answered as a wrong password, without
    asking the database, which would refuse the text itself (PostgreSQL has no NUL in text)."""
    model = get_user_model()
    return "\x00" in username or len(username) > model._meta.get_field(model.USERNAME_FIELD).max_length


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if username and impossible_username(username):
            return None
        if username and locked_until(username):
            raise PermissionDenied("too many failed sign-ins")  # stops every backend: no password is tried
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if username:
            if user is None:
                FailedLogin.objects.create(username=username)
            else:
                FailedLogin.objects.filter(username=username).delete()
        return user
