"""Test settings: the main settings with a throw-away data directory and a fast password hasher."""

import os
import tempfile

os.environ.setdefault("CADRE_DATA_DIR", tempfile.mkdtemp(prefix="cadre-test-"))

from cadre.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
