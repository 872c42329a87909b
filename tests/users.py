"""Users for tests: by default one who may do everything everywhere, as the pages' own tests need."""

from cadre.accounts.services import create_user


def make_user(username="canbo", password="mat-khau-dai-123", role="administrator", scope="VN"):
    user, _ = create_user(username, role, scope, password)
    return user
