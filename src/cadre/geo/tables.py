import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cadre.web.tables import CadreTable

from .models import Commune, Province


class ProvinceTable(CadreTable):
    name = tables.Column(linkify=lambda record: reverse("geo:commune_list") + f"?province={record.code}")
    commune_count = tables.Column(verbose_name=_("Number of communes"), attrs={"td": {"class": "num"}})
    area_km2 = tables.Column(attrs={"td": {"class": "num"}})

    class Meta(CadreTable.Meta):
        model = Province
        fields = ["code", "name", "kind", "commune_count", "area_km2", "latitude", "longitude"]

    def render_area_km2(self, value):
        return number_format(round(value), 0, force_grouping=True)  # number_format truncates; we round


class CommuneTable(CadreTable):
    area_km2 = tables.Column(attrs={"td": {"class": "num"}}, default="—")
    legacy_count = tables.Column(verbose_name=_("Former communes merged in"), attrs={"td": {"class": "num"}})

    class Meta(CadreTable.Meta):
        model = Commune
        fields = ["code", "name", "kind", "province", "area_km2", "legacy_count", "latitude", "longitude"]

    def render_area_km2(self, value):
        return number_format(round(value, 2), 2)
