from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "cadre.people"
    label = "people"
    verbose_name = _("Registry of cadres")
    default_auto_field = "django.db.models.BigAutoField"
