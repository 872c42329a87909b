import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadre.core.place_names import fold

from .models import Commune, Province, UnitKind


class UnitSearchFilter(django_filters.CharFilter):
    """Matches the code or the name, ignoring case and diacritics ("thanh binh" finds "Thanh Bình")."""

    def filter(self, qs, value):
        folded = fold(value or "")
        if not folded:
            return qs
        return qs.filter(Q(code=value.strip()) | Q(search_key__contains=folded))


class ProvinceFilterSet(django_filters.FilterSet):
    q = UnitSearchFilter(label=_("Search"))

    class Meta:
        model = Province
        fields = ["q"]


class CommuneFilterSet(django_filters.FilterSet):
    q = UnitSearchFilter(label=_("Search"))
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.order_by("name"), label=_("Province or city"), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        choices=[(k.value, k.label) for k in (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)],
        label=_("Type"),
        empty_label=_("All"),
    )

    class Meta:
        model = Commune
        fields = ["q", "province", "kind"]
