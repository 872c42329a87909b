from django.contrib import admin

from cadre.web.admin import ReadOnlyAdminMixin

from .models import CommuneStaffing, PositionQuota, TransferPlan


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Shown, never edited here: a quota changes on the staffing pages, where each change records its reason,
    and a transfer plan is a record for audit that changes only through the workflow."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(CommuneStaffing)
class CommuneStaffingAdmin(ReadOnlyAdmin):
    list_display = ["commune", "population", "mountain", "quota_override", "updated_at"]
    list_filter = ["mountain", "commune__province"]
    list_select_related = ["commune"]
    search_fields = ["commune__code", "commune__name"]


@admin.register(PositionQuota)
class PositionQuotaAdmin(ReadOnlyAdmin):
    list_display = ["commune", "position", "quota"]
    list_filter = ["position", "commune__province"]
    list_select_related = ["commune", "position"]
    search_fields = ["commune__code", "commune__name"]


@admin.register(TransferPlan)
class TransferPlanAdmin(ReadOnlyAdmin):
    list_display = ["id", "province", "transfer_date", "status", "state", "total_cost", "created_at"]
    list_filter = ["status", "state", "province"]
    list_select_related = ["province"]
