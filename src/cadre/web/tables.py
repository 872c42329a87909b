import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class CadreTable(tables.Table):
    """The base of every table: django-tables2 has no Vietnamese, so its few words are ours."""

    class Meta:
        empty_text = _("Nothing matches these filters.")
