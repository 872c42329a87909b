import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.web.tables import CadreTable

from .models import PlanRun


class PlanRunTable(CadreTable):
    pick = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "input": {"name": "run", "form": "compare", "aria-label": _("Compare")},
            "th__input": {"hidden": True},
        },
        orderable=False,
        verbose_name=_("Compare"),
    )
    id = tables.Column(
        verbose_name=_("Plan"), linkify=lambda record: reverse("rotation:plan_detail", args=[record.pk])
    )
    province = tables.Column(verbose_name=_("Province or city"), order_by=("province__name",))
    rotation_date = tables.DateColumn(verbose_name=_("Rotation date"), format="d/m/Y")
    target = tables.Column(verbose_name=_("Target"), attrs={"td": {"class": "num"}})
    status = tables.Column(verbose_name=_("Result"))
    state = tables.Column(verbose_name=_("Workflow state"))
    objective = tables.Column(verbose_name=_("Total burden (points)"), attrs={"td": {"class": "num"}})
    created_at = tables.DateTimeColumn(verbose_name=_("Created at"), format="d/m/Y H:i")
    created_by = tables.Column(verbose_name=_("Created by"))

    class Meta(CadreTable.Meta):
        model = PlanRun
        fields = [
            "pick",
            "id",
            "province",
            "rotation_date",
            "target",
            "status",
            "state",
            "objective",
            "created_at",
            "created_by",
        ]

    def render_id(self, value):
        return f"#{value}"

    def render_target(self, value):
        return f"{value * 100:g}%"

    def render_objective(self, value):
        return f"{value:,.3f}"
