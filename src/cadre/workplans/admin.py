"""The work plans in /admin/: shown, never added, changed or deleted here. A plan and its tasks change only on the
work-plan pages, the import and the API, through the services that check the user's scope, apply the six clears
and the two nos, and write the task's history; a closed month is final; a centre month's corrections keep their
history."""

from django.contrib import admin

from cadre.web.admin import ReadOnlyAdminMixin

from .models import (
    ClosingDay,
    Handback,
    Milestone,
    MonthClose,
    ProgressReport,
    ServiceCentreMonth,
    Task,
    TaskEvent,
    TaskMonthResult,
    WorkPlan,
)


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    hidden: tuple[str, ...] = ()  # fields not shown at all

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.hidden]

    def get_exclude(self, request, obj=None):
        return self.hidden


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["due", "description"]


class EventInline(ReadOnlyInline):
    model = TaskEvent
    fields = [
        "at",
        "kind",
        "user",
        "decided_by",
        "decided_level",
        "reason",
        "before",
        "after",
        "previous_lead",
    ]


@admin.register(WorkPlan)
class WorkPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "province", "commune", "body", "period_start", "period_end", "source_number"]
    list_filter = ["source_kind", "province"]
    list_select_related = ["province", "commune"]
    search_fields = ["title", "source_number", "commune__name", "body"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "plan", "commune", "lead_person", "deadline", "percent", "done_on"]
    list_filter = ["authority_level", "result_kind", "province"]
    list_select_related = ["plan", "commune", "lead_person"]
    search_fields = ["title", "lead_person__full_name", "commune__name"]
    inlines = [MilestoneInline, EventInline]


@admin.register(TaskEvent)
class TaskEventAdmin(ReadOnlyAdmin):
    list_display = ["task", "kind", "at", "user", "decided_by", "decided_level"]
    list_filter = ["kind", "decided_level", "province"]
    list_select_related = ["task", "user"]


@admin.register(Handback)
class HandbackAdmin(ReadOnlyAdmin):
    list_display = ["task", "direction", "status", "requested_by", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status", "direction", "province"]
    list_select_related = ["task", "requested_by"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "reported_on", "percent", "evidence_name", "reported_by"]
    list_filter = ["province"]
    list_select_related = ["task", "reported_by"]
    hidden = ("evidence",)  # the file itself is downloaded from the task's page, within the user's scope


@admin.register(ClosingDay)
class ClosingDayAdmin(ReadOnlyAdmin):
    list_display = ["province", "day", "valid_from", "reason", "set_by"]
    list_select_related = ["province", "set_by"]


@admin.register(MonthClose)
class MonthCloseAdmin(ReadOnlyAdmin):
    list_display = ["province", "month", "first_day", "last_day", "closed_at", "closed_by"]
    list_filter = ["province"]
    list_select_related = ["province", "closed_by"]


@admin.register(TaskMonthResult)
class TaskMonthResultAdmin(ReadOnlyAdmin):
    list_display = ["task", "month", "person", "commune", "outcome", "percent"]
    list_filter = ["outcome", "month", "province"]
    list_select_related = ["task", "person", "commune"]


@admin.register(ServiceCentreMonth)
class ServiceCentreMonthAdmin(ReadOnlyAdmin):
    list_display = [
        "commune",
        "month",
        "received",
        "settled_on_time",
        "settled_late",
        "returned",
        "satisfaction",
    ]
    list_filter = ["source", "month", "province"]
    list_select_related = ["commune"]
    search_fields = ["commune__name", "commune__code"]
