import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

MAX_PER_PAGE = 500


class CadreTable(tables.Table):
    """The base of every table: django-tables2 has no Vietnamese, so its few words are ours."""

    class Meta:
        empty_text = _("Nothing matches these filters.")

    def paginate(self, *args, per_page=None, **kwargs):
        # ?per_page= comes from the URL: never let it render a national registry in one page.
        if per_page is not None:
            per_page = max(1, min(per_page, MAX_PER_PAGE))
        return super().paginate(*args, per_page=per_page, **kwargs)
