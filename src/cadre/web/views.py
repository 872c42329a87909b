"""The generic views every app's pages are built from (the home page is the dashboard app's)."""

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cadre.accounts.permissions import VIEW


class ObjectListView(SingleTableMixin, FilterView):
    """A filtered, sorted, paginated table. With htmx, only the table is re-rendered as the user types.

    A subclass names `model` (or `queryset`), `filterset_class`, `table_class` and `title`. The rows are those
    the user may see (the model's `objects.restrict(user, action)`).
    """

    action = VIEW

    template_name = "web/object_list.html"
    partial_template_name = "web/object_list_table.html"
    table_pagination = {"per_page": 50}
    title = ""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, self.action)

    def get_paginate_by(self, queryset):
        # The table paginates itself; ListView's own paginator would COUNT the rows a second time.
        return None

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context
