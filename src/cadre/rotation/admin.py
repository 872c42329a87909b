from django.contrib import admin

from .models import PlanRun


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin):
    """Plans are records for audit: they are read here, never edited."""

    list_display = ["id", "province", "rotation_date", "target", "status", "objective", "created_at"]
    list_filter = ["status", "province"]
    readonly_fields = [f.name for f in PlanRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
