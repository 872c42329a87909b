from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The home page. It reads every app and no app reads it (an import contract), so it is its own package."""

    name = "cadre.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")
