"""The plans list's filters (the page and its query parameters, e.g. the dashboard's links)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cadre.geo.models import Province
from cadre.workflow.states import State

from .models import PlanRun, PlanStatus


class PlanRunFilterSet(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.order_by("name"), label=_("Province or city"), empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("Workflow state"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Result"))

    class Meta:
        model = PlanRun
        fields = ["province", "state", "status"]
