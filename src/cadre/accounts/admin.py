from django.contrib import admin

from .models import RoleGrant


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "province", "commune", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "province__name", "commune__name")
    autocomplete_fields = ()
    raw_id_fields = ("user", "province", "commune")
