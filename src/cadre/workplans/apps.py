from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplansConfig(AppConfig):
    name = "cadre.workplans"
    label = "workplans"
    verbose_name = _("Work plans (kế hoạch công tác)")
    default_auto_field = "django.db.models.BigAutoField"
