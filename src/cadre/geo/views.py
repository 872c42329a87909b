from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cadre.web.views import ObjectListView

from .filtersets import CommuneFilterSet, ProvinceFilterSet
from .models import Commune, GeographySource, Province
from .tables import CommuneTable, ProvinceTable


class GeographyContextMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["geography_source"] = GeographySource.objects.first()
        return context


class ProvinceListView(GeographyContextMixin, ObjectListView):
    queryset = Province.objects.annotate(commune_count=Count("communes")).order_by("code")
    filterset_class = ProvinceFilterSet
    table_class = ProvinceTable
    title = _("Provinces")


class CommuneListView(GeographyContextMixin, ObjectListView):
    queryset = (
        Commune.objects.select_related("province")
        .annotate(legacy_count=Count("legacy_links"))
        .order_by("code")
    )
    filterset_class = CommuneFilterSet
    table_class = CommuneTable
    title = _("Communes, wards and special zones")
