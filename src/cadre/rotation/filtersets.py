"""The plans list's filters (the page and its query parameters, e.g. the dashboard's links)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cadre.geo.models import Province
from cadre.web.filtersets import CadreFilterSet
from cadre.workflow.states import State

from .models import PlanRun, PlanStatus


class PlanRunFilterSet(CadreFilterSet):
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.order_by("name"), label=_("Province or city"), empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("Workflow state"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Result"))
    archived = django_filters.ChoiceFilter(
        choices=[("yes", _("Archived drafts only")), ("all", _("Current and archived"))],
        label=_("Archived drafts"),
        empty_label=_("Hidden (default)"),
        method="filter_archived",
    )

    class Meta:
        model = PlanRun
        fields = ["province", "state", "status", "archived"]

    @property
    def qs(self):
        # Archived drafts are hidden unless the filter asks for them (a blank choice applies no method).
        rows = super().qs
        if self.form.is_valid() and self.form.cleaned_data.get("archived") in ("yes", "all"):
            return rows
        return rows.filter(archived_at__isnull=True)

    def filter_archived(self, queryset, name, value):
        return queryset.filter(archived_at__isnull=False) if value == "yes" else queryset
