from django.contrib import admin

from cadre.web.admin import ReadOnlyAdminMixin

from .models import PlanRun, ProvinceTarget


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


@admin.register(ProvinceTarget)
class ProvinceTargetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Shown, never edited here: a target changes on its province's targets page, with its document and reason."""

    list_display = ["province", "post_type", "share", "valid_from", "valid_until", "document", "set_by"]
    list_filter = ["post_type", "province"]
    list_select_related = ["province", "set_by"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]
