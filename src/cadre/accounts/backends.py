"""Sign-in with a limit on failed attempts, for the login page, the admin and the API's HTTP Basic alike.

After `CADRE_LOGIN_MAX_FAILURES` failures for one user name from one client address within
`CADRE_LOGIN_LOCK_MINUTES`, that name is locked from that address for the rest of the window: even the right
password is refused, so guessing gains nothing, while the person keeps signing in from their own office (an
outsider cannot lock them out from elsewhere). Each attempt is written down before its password is tried and
counted with every other attempt written by then, so attempts made at the same moment cannot each slip under
the limit. A successful sign-in clears the count; attempts older than the window are pruned. Attempts are kept
in the database, so every server process sees the same count.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import FailedLogin


def client_address(request) -> str:
    """The address the request came from. Behind a reverse proxy listed in CADRE_TRUSTED_PROXIES, the client's
    own address as that proxy wrote it last in X-Forwarded-For (the entries before it are the client's to
    write, so they count for nothing); from anywhere else the header is ignored, as anyone can send it."""
    meta = getattr(request, "META", None) or {}
    address = meta.get("REMOTE_ADDR", "")[:45]
    proxies = _networks(tuple(settings.CADRE_TRUSTED_PROXIES))
    if not proxies or not _within(address, proxies):
        return address
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "")[:2000].split(",")):
        hop = hop.strip()
        if not _within(hop, proxies):
            return hop if _parsed(hop) is not None else address
    return address


@functools.lru_cache(maxsize=4)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parsed(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _within(text: str, networks) -> bool:
    address = _parsed(text)
    return address is not None and any(address in network for network in networks)


def _recent(username: str, address: str):
    window = dt.timedelta(minutes=settings.CADRE_LOGIN_LOCK_MINUTES)
    return FailedLogin.objects.filter(username=username, address=address, at__gte=timezone.now() - window)


def locked_until(username: str, address: str) -> dt.datetime | None:
    """When the lock of the name from this address ends, or None if it is not locked."""
    recent = _recent(username, address).order_by("-at")
    times = list(recent.values_list("at", flat=True)[: settings.CADRE_LOGIN_MAX_FAILURES])
    if len(times) < settings.CADRE_LOGIN_MAX_FAILURES:
        return None
    return times[0] + dt.timedelta(minutes=settings.CADRE_LOGIN_LOCK_MINUTES)


def impossible_username(username: str) -> bool:
    """A name no account can have (a NUL, or longer than the field): answered as a wrong password, without
    asking the database, which would refuse the text itself (PostgreSQL has no NUL in text)."""
    model = get_user_model()
    return "\x00" in username or len(username) > model._meta.get_field(model.USERNAME_FIELD).max_length


class ThrottledModelBackend(ModelBackend):
    def get_user(self, user_id):
        """The signed-in user of a session, fetched with their one-time-password flag in the same query (the
        middleware that sends them to the change page asks it on every page)."""
        model = get_user_model()
        user = model._default_manager.select_related("one_time_password").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if not username:
            return super().authenticate(request, username=username, password=password, **kwargs)
        if impossible_username(username):
            return None
        address = client_address(request)
        if locked_until(username, address):
            raise PermissionDenied("too many failed sign-ins")  # stops every backend: no password is tried
        attempt = FailedLogin.objects.create(username=username, address=address)
        if _recent(username, address).count() > settings.CADRE_LOGIN_MAX_FAILURES:
            raise PermissionDenied("too many failed sign-ins")  # others got in first, at the same moment
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            window = dt.timedelta(minutes=settings.CADRE_LOGIN_LOCK_MINUTES)
            FailedLogin.objects.filter(at__lt=attempt.at - window).delete()
        else:
            FailedLogin.objects.filter(username=username, address=address).delete()
        return user
