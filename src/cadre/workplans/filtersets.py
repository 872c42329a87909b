"""The task board's filters, shared by the board pages, the board's workbook export and the API's task list."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.core.rules import task_month
from cadre.geo.models import Province
from cadre.web.dates import DayMonthYearField
from cadre.web.filtersets import CadreFilterSet

from .models import SourceKind, Task, WorkPlan

ID_MAX = 2**63 - 1  # the largest row id (a 64-bit integer)
# Each status in the user's language: a `Text` reads the active language when the choice is shown.
STATUS_CHOICES = list(task_month.STATUS_LABELS.items())


class TaskFilterSet(CadreFilterSet):
    """Tasks by place (province, commune, province body), lead, source, period and how they stand today."""

    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.order_by("name"), label=_("Province"), field_name="province"
    )
    commune = django_filters.CharFilter(label=_("Commune"), method="filter_commune")
    body = django_filters.CharFilter(
        label=_("Province body"), field_name="plan__body", lookup_expr="icontains"
    )
    # Bounded to an id the database can hold: a huge number is a 400, not an overflow in the driver (a 500).
    plan = django_filters.NumberFilter(
        label=_("Work plan"), field_name="plan_id", min_value=1, max_value=ID_MAX, decimal_places=0
    )
    lead = django_filters.CharFilter(label=_("Lead"), method="filter_lead")
    source = django_filters.CharFilter(label=_("Source (number or issuing body)"), method="filter_source")
    source_kind = django_filters.ChoiceFilter(
        label=_("Kind of source"), field_name="plan__source_kind", choices=SourceKind.choices
    )
    period_from = django_filters.DateFilter(label=_("Due from"), field_name="deadline", lookup_expr="gte")
    period_until = django_filters.DateFilter(label=_("Starts by"), field_name="start", lookup_expr="lte")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="filter_status")

    class Meta:
        model = Task
        fields = []

    def filter_commune(self, queryset, name, value):
        """The commune by its name as officials write it (part of it is enough), or by its code, as links and
        the API carry it."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(commune_id=value) | Q(commune__name__icontains=value))

    def filter_lead(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(lead_person__full_name__icontains=value) | Q(lead_unit__icontains=value))

    def filter_source(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(plan__source_number__icontains=value)
            | Q(plan__source_body__icontains=value)
            | Q(plan__source_title__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        return queryset.in_status(value, timezone.localdate()) if value else queryset


class _DayFilter(django_filters.DateFilter):
    field_class = DayMonthYearField


class WorkPlanFilterSet(CadreFilterSet):
    """Work plans by unit (a commune's or a province body's name), the day their period covers, and source."""

    unit = django_filters.CharFilter(label=_("Unit"), method="filter_unit")
    on = _DayFilter(label=_("Period covers"), method="filter_on")
    source = django_filters.CharFilter(label=_("Source (number or issuing body)"), method="filter_source")
    source_kind = django_filters.ChoiceFilter(
        label=_("Kind of source"), field_name="source_kind", choices=SourceKind.choices
    )

    class Meta:
        model = WorkPlan
        fields = []

    def filter_unit(self, queryset, name, value):
        value = value.strip()[:150]
        if not value:
            return queryset
        return queryset.filter(Q(commune__name__icontains=value) | Q(body__icontains=value))

    def filter_on(self, queryset, name, value):
        return queryset.filter(period_start__lte=value, period_end__gte=value) if value else queryset

    def filter_source(self, queryset, name, value):
        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(
            Q(source_number__icontains=value)
            | Q(source_body__icontains=value)
            | Q(source_title__icontains=value)
        )
