"""Who did something, named as people know them: the registry person linked to the sign-in account
(`OfficialLogin`), else the account's full name, else its login name. One query for a whole page's users."""

from __future__ import annotations

from collections.abc import Iterable

from cadre.people.models import OfficialLogin


def account_name(user, person: str | None = None) -> str:
    """`user`'s name: `person` (the linked registry person's full name) if given, else the account's."""
    if user is None:
        return ""
    return person or user.get_full_name() or user.get_username()


def people_names(users: Iterable) -> dict[int, str]:
    """Each of `users` (None skipped) by primary key → their name, in one query."""
    users = {user.pk: user for user in users if user is not None}
    linked = dict(
        OfficialLogin.objects.filter(user_id__in=users).values_list("user_id", "official__full_name")
    )
    return {pk: account_name(user, linked.get(pk)) for pk, user in users.items()}


class NamedUser:
    """A user standing in for `user` where a history reads `get_full_name()`: it gives the person's name."""

    def __init__(self, user, name: str):
        self._user, self._name = user, name

    def __getattr__(self, attribute):
        return getattr(self._user, attribute)

    def get_full_name(self) -> str:
        return self._name
