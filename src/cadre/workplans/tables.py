"""The work plans' tables: the plans list and the task board (the board's rows read in a fixed number of
queries: each row's plan, unit and lead come with it, its status is computed by the database)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cadre.core.rules import task_month
from cadre.web.tables import CadreTable

from .models import Task, WorkPlan


class WorkPlanTable(CadreTable):
    title = tables.Column(
        verbose_name=_("Work plan"), linkify=lambda record: reverse("workplans:plan", args=[record.pk])
    )
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit_name", order_by=("commune__name", "body"))
    period = tables.Column(verbose_name=_("Period"), accessor="period_start", order_by=("period_start",))
    source = tables.Column(verbose_name=_("Source"), accessor="source_number", order_by=("source_date",))

    class Meta(CadreTable.Meta):
        model = WorkPlan
        fields = ["title", "unit", "period", "source"]

    def render_period(self, record):
        return f"{record.period_start:%d/%m/%Y} – {record.period_end:%d/%m/%Y}"

    def render_source(self, record):
        return f"{record.get_source_kind_display()} {record.source_number} ({record.source_date:%d/%m/%Y}), {record.source_body}"


class TaskTable(CadreTable):
    status = tables.Column(verbose_name=_("Status"), order_by=("status_rank", "deadline"))
    title = tables.Column(
        verbose_name=_("Task"), linkify=lambda record: reverse("workplans:task", args=[record.pk])
    )
    unit = tables.Column(
        verbose_name=_("Unit"), accessor="plan__unit_name", order_by=("commune__name", "plan__body")
    )
    lead = tables.Column(
        verbose_name=_("Lead"), accessor="lead_person__full_name", order_by=("lead_person__full_name",)
    )
    deadline = tables.DateColumn(verbose_name=_("Deadline"), format="d/m/Y")
    percent = tables.Column(verbose_name=_("Progress"), attrs={"td": {"class": "num"}})
    source = tables.Column(
        verbose_name=_("Source"), accessor="plan__source_number", order_by=("plan__source_number",)
    )

    class Meta(CadreTable.Meta):
        model = Task
        fields = ["status", "title", "unit", "lead", "deadline", "percent", "source"]

    def row_cells(self, record) -> dict[str, object]:
        # As the render_* methods below write them, in one pass (CadreTable): a 200-row page is read often.
        if not hasattr(self, "_task_url"):
            self._task_url = reverse("workplans:task", args=[0])[: -len("0/")]
        return {
            "status": self.render_status(record),
            "title": format_html(
                '<a href="{}{}/">{}</a>', self._task_url, record.pk, self.render_title(record)
            ),
            "unit": record.plan.unit_name,
            "lead": record.lead_name,
            "deadline": f"{record.deadline:%d/%m/%Y}",
            "percent": self.render_percent(record),
            "source": record.plan.source_number,
        }

    def render_status(self, record):
        return str(task_month.STATUS_LABELS[record.status])

    def render_title(self, record):
        return f"{record.number}. {record.title}"

    def render_lead(self, record):
        return record.lead_name

    def render_percent(self, record):
        return f"{record.percent}%"
