from django.contrib import admin

from .models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province


@admin.register(Province, LegacyProvince)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["code", "name", "search_key"]


@admin.register(Commune, LegacyDistrict, LegacyCommune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_key"]
