"""Account actions. Roles and scopes come later; for now, the demo's administrator."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model

DEMO_USERNAME = "admin"


@dataclass(frozen=True)
class Login:
    username: str
    password: str | None  # None when the stored demo password no longer works
    created: bool


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
