"""The site's password rules (settings.AUTH_PASSWORD_VALIDATORS), with every message in the users' language."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, saying so in Vietnamese too: Django 5.2 reworded its message and its own
    Vietnamese catalogue does not have the new wording, so a too-short password was refused in English."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
