from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "cadre.staffing"
    label = "staffing"
    verbose_name = _("Staffing (biên chế)")
    default_auto_field = "django.db.models.BigAutoField"
