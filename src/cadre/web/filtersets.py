"""The base of every list's filters: empty choices read "All" ("Tất cả"), not django-filter's "---------", and a
province to choose from is one of the user's own (`accounts.permissions.visible_communes`)."""

from functools import partial

import django_filters
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import visible_communes
from cadre.geo.models import LegacyDistrict, Province

from .widgets import PlaceInput

DJANGO_FILTER_EMPTY = "---------"
MAX_NAMES = (
    600  # names offered as the user types: a province's communes and former districts, not a country's
)


def place_names(user) -> list[tuple[str, str]]:
    """The names a commune box offers `user`: the communes where they may see people, then the former
    districts those communes came from (hinted as such). None for a scope of more than `MAX_NAMES` communes
    (the Ministry's): the box then filters on what is typed, without suggestions."""
    communes = visible_communes(user)
    names = list(communes.order_by("name").values_list("name", flat=True).distinct()[: MAX_NAMES + 1])
    if not names or len(names) > MAX_NAMES:
        return []
    districts = (
        LegacyDistrict.objects.filter(communes__links__commune__in=communes.values("code"))
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    hint = str(_("former district"))
    return [(name, "") for name in names] + [(name, hint) for name in districts]


class CadreFilterSet(django_filters.FilterSet):
    """A FilterSet whose choice fields say "All" when nothing is chosen. With a request (the pages and the API),
    each `ModelChoiceFilter` over provinces offers only the provinces where the user may see someone, so a
    province officer is offered their province alone and another province's code is refused as a choice."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for chosen in self.filters.values():
            if isinstance(chosen, django_filters.ChoiceFilter) and (
                chosen.extra.get("empty_label", DJANGO_FILTER_EMPTY) == DJANGO_FILTER_EMPTY
            ):
                chosen.extra["empty_label"] = _("All")
                chosen.__dict__.pop(
                    "_field", None
                )  # a field made before (e.g. by the API schema) is made again
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
            user = getattr(self.request, "user", None)
            for field in form.fields.values():
                if isinstance(field.widget, PlaceInput) and user is not None:
                    field.widget.options = partial(place_names, user)
        return self._form
