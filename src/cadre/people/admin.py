"""The registry in the Django admin (/admin/): the posts are adjusted here, the registry's own rows are read here.

The posts (chức vụ) are reference data a province may adjust, their equivalence rank first (docs/registry.md,
"Posts"); their code, unit level and track stay as loaded, since imports match on the code and postings copy
the track. Officials, postings, evaluations, succession plans and relations change only through the import and
the services, which keep the derived columns (current post, local status, latest rating) and record why in the
row history: the admin shows them, with that history, and never edits them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cadre.web.admin import ReadOnlyAdminMixin

from .models import Discipline, Evaluation, Official, Position, Posting, Relation, SuccessionPlan


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "name_en",
        "unit_level",
        "track",
        "kind",
        "group",
        "level",
        "is_head",
        "is_elected",
    ]
    list_filter = ["unit_level", "track", "kind", "group", "level"]
    search_fields = ["code", "name", "name_en"]
    # The group and the source come from the Ministry's list (policy file), not from a province's edit.
    readonly_fields = ["code", "unit_level", "track", "group", "source"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegistryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read only, with the row history of each record (who, when, why)."""


@admin.register(Official)
class OfficialAdmin(RegistryAdmin):
    list_display = [
        "citizen_id",
        "full_name",
        "sex",
        "birth_date",
        "current_position",
        "current_commune",
        "current_province",
        "is_local",
        "latest_evaluation",
    ]
    list_filter = ["sex", "is_local", "protection", "current_province"]
    list_select_related = ["current_position", "current_commune", "current_province"]
    search_fields = ["citizen_id", "full_name"]
    show_full_result_count = False  # a national registry: the unfiltered count is a scan for nothing


@admin.register(Posting)
class PostingAdmin(RegistryAdmin):
    list_display = ["official", "position", "unit", "body", "start", "end", "decision"]
    list_filter = ["track", "province"]
    list_select_related = ["official", "position", "province", "district", "commune"]
    search_fields = ["official__citizen_id", "official__full_name", "decision"]
    show_full_result_count = False

    @admin.display(description=_("Unit"))
    def unit(self, posting):
        return posting.unit


@admin.register(Evaluation)
class EvaluationAdmin(RegistryAdmin):
    list_display = ["official", "year", "level", "score"]
    list_filter = ["level", "year"]
    list_select_related = ["official"]
    search_fields = ["official__citizen_id", "official__full_name"]
    show_full_result_count = False


@admin.register(Discipline)
class DisciplineAdmin(RegistryAdmin):
    list_display = ["official", "measure", "decided_on", "deciding_body", "decision", "annulled"]
    list_filter = ["measure"]
    list_select_related = ["official"]
    search_fields = ["official__citizen_id", "official__full_name", "decision"]
    show_full_result_count = False


@admin.register(SuccessionPlan)
class SuccessionPlanAdmin(RegistryAdmin):
    list_display = ["official", "position", "province", "district", "term_start", "term_end"]
    list_filter = ["term_start", "province"]
    list_select_related = ["official", "position", "province", "district"]
    search_fields = ["official__citizen_id", "official__full_name", "position__name"]


@admin.register(Relation)
class RelationAdmin(RegistryAdmin):
    list_display = ["official", "relative", "kind"]
    list_filter = ["kind"]
    list_select_related = ["official", "relative"]
    search_fields = [
        "official__citizen_id",
        "official__full_name",
        "relative__citizen_id",
        "relative__full_name",
    ]
