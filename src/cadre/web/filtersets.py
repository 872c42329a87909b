"""The base of every list's filters: empty choices read "All" ("Tất cả"), not django-filter's "---------", and a
province to choose from is one of the user's own (`accounts.permissions.visible_communes`)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import visible_communes
from cadre.geo.models import Province

DJANGO_FILTER_EMPTY = "---------"


class CadreFilterSet(django_filters.FilterSet):
    """A FilterSet whose choice fields say "All" when nothing is chosen. With a request (the pages and the API),
    each `ModelChoiceFilter` over provinces offers only the provinces where the user may see someone, so a
    province officer is offered their province alone and another province's code is refused as a choice."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        if user is None or getattr(user, "is_superuser", False):
            return
        for chosen in self.filters.values():
            if isinstance(chosen, django_filters.ModelChoiceFilter) and chosen.queryset.model is Province:
                chosen.queryset = chosen.queryset.filter(
                    code__in=visible_communes(user).values("province_id")
                )

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for field in form.fields.values():
                if getattr(field, "empty_label", None) == DJANGO_FILTER_EMPTY:
                    field.empty_label = _("All")
        return self._form
