from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotationConfig(AppConfig):
    name = "cadre.rotation"
    label = "rotation"
    verbose_name = _("Rotation plans (phương án luân chuyển)")
    default_auto_field = "django.db.models.BigAutoField"
