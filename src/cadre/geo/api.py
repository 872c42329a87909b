"""Read-only endpoints over the administrative units in force since 1 July 2025."""

from rest_framework import serializers, viewsets

from cadre.geo.filtersets import CommuneFilterSet, ProvinceFilterSet
from cadre.geo.models import Commune, Province


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name", "kind", "latitude", "longitude", "area_km2"]


class CommuneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commune
        fields = ["code", "name", "kind", "province", "latitude", "longitude", "area_km2"]


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """The 34 provinces and centrally governed cities (tỉnh, thành phố)."""

    queryset = Province.objects.order_by("code")
    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilterSet
    lookup_field = "code"


class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """The communes, wards and special zones (xã, phường, đặc khu)."""

    queryset = Commune.objects.order_by("code")
    serializer_class = CommuneSerializer
    filterset_class = CommuneFilterSet
    lookup_field = "code"
