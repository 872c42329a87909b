"""Account actions: the demo's administrator, users and the roles they hold over a scope, and their passwords."""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model

from cadre.core.errors import BilingualError

DEMO_USERNAME = "admin"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Login:
    username: str
    password: str | None  # None when the stored demo password no longer works
    created: bool


DEMO_ROLES = (  # (username, role) of the demo's province officials, beside the administrator
    ("bantochuc", "board_officer"),
    ("thuongvu", "standing_member"),
    ("sonoivu", "home_affairs"),  # the Department of Home Affairs: staffing and transfer plans
)


def ensure_demo_officials(data_dir: Path, province: str) -> list[Login]:
    """The demo's Organisation Board officer, Standing Committee member and Home Affairs officer for its
    province, each with a random
    password kept in the data directory (created once; a changed password is never reset)."""
    User = get_user_model()
    logins = []
    for username, role in DEMO_ROLES:
        path = Path(data_dir) / f"demo-login-{username}.json"
        stored = json.loads(path.read_text()) if path.exists() else None
        user = User.objects.filter(username=username).first()
        if user is None:
            password = stored["password"] if stored else secrets.token_urlsafe(9)
            user, _ = create_user(username, role, province, password)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"username": username, "password": password}))
            path.chmod(0o600)
            logins.append(Login(username, password, created=True))
        else:
            works = stored is not None and user.check_password(stored["password"])
            logins.append(Login(username, stored["password"] if works else None, created=False))
    return logins


def ensure_demo_admin(data_dir: Path) -> Login:
    """Create the demo administrator once, with a random password kept in the data directory.

    Running the demo again prints the same login and never resets a password someone has changed.
    """
    path = Path(data_dir) / "demo-login.json"
    User = get_user_model()
    stored = json.loads(path.read_text()) if path.exists() else None
    user = User.objects.filter(username=DEMO_USERNAME).first()
    if user is not None and stored is not None:
        # Never print a password that no longer works: someone may have changed it since.
        password = stored["password"] if user.check_password(stored["password"]) else None
        return Login(DEMO_USERNAME, password, created=False)
    password = stored["password"] if stored else secrets.token_urlsafe(9)
    if user is None:
        User.objects.create_superuser(DEMO_USERNAME, email="", password=password)
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"username": DEMO_USERNAME, "password": password}))
    path.chmod(0o600)
    return Login(DEMO_USERNAME, password, created=True)


class GrantError(BilingualError):
    """An unknown role or scope, or a user name already taken."""


def scope_of(code: str):
    """(province, commune) for a scope code: "VN" for the whole country, a province code or a commune code."""
    from cadre.geo.models import Commune, Province

    if code.upper() == "VN":
        return None, None
    province = Province.objects.filter(code=code).first()
    if province is not None:
        return province, None
    commune = Commune.objects.select_related("province").filter(code=code).first()
    if commune is not None:
        return commune.province, commune
    raise GrantError(
        f"Không có phạm vi «{code}»: dùng VN (cả nước), mã tỉnh hoặc mã xã.",
        f"No scope '{code}': use VN (the whole country), a province code or a commune code.",
    )


def grant_role(user, role: str, scope_code: str):
    """Give `user` the role over the scope (idempotent)."""
    from .models import Role, RoleGrant

    if role not in Role.values:
        raise GrantError(
            f"Không có vai trò «{role}» (có: {', '.join(Role.values)}).",
            f"No role '{role}' (choose from: {', '.join(Role.values)}).",
        )
    province, commune = scope_of(scope_code)
    grant, _ = RoleGrant.objects.get_or_create(user=user, role=role, province=province, commune=commune)
    return grant


def create_user(username: str, role: str, scope_code: str, password: str | None = None) -> tuple:
    """A new user with one role over one scope, all or nothing; returns (user, password).

    Without `password`, a random one is made for the operator to hand over: it is a one-time password, which
    the user must replace at their first sign-in. A password the caller chose (the demo's, a test's) is not."""
    from django.db import transaction

    from .models import OneTimePassword

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise GrantError(f"Đã có người dùng «{username}».", f"The user '{username}' already exists.")
    one_time = password is None
    password = password or secrets.token_urlsafe(9)
    with transaction.atomic():
        user = User.objects.create_user(username, password=password)
        grant_role(user, role, scope_code)
        if one_time:
            OneTimePassword.objects.create(user=user)
    log.info("user %s created with a role over %s", username, scope_code)
    return user, password


def reset_password(username: str) -> tuple:
    """Give an active user a new random one-time password (a forgotten password): every session and HTTP Basic
    login with the old one stops working, and the user must choose their own at the next sign-in. Returns
    (user, password)."""
    from django.db import transaction

    from .models import FailedLogin, OneTimePassword

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise GrantError(f"Không có người dùng «{username}» đang hoạt động.", f"No active user '{username}'.")
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        OneTimePassword.objects.update_or_create(user=user)
        FailedLogin.objects.filter(username=username).delete()  # a locked-out user gets back in at once
    log.info("password of user %s reset to a one-time password", username)
    return user, password


def must_change_password(user) -> bool:
    """Whether the signed-in `user` still has a one-time password (the backend fetches the flag with the user,
    so asking costs no query on a page)."""
    return bool(getattr(user, "is_authenticated", False)) and hasattr(user, "one_time_password")


def change_own_password(user, new_password: str) -> None:
    """The user's own new password (already checked by the form): the one-time flag goes with the old one."""
    from django.db import transaction

    from .models import OneTimePassword

    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        OneTimePassword.objects.filter(user=user).delete()
    flag = get_user_model().one_time_password.related
    if flag.is_cached(user):
        flag.delete_cached_value(user)  # so the rest of this request sees the flag cleared too
    log.info("user %s changed their password", user.get_username())
