import datetime as dt

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadre.web.tables import CadreTable

from .exits.estimates import ESTIMATE, UNVERIFIED
from .models import EvaluationLevel, Official, Position
from .profile import age_on, birth_of

# The answers under the column "Local person": in Vietnamese a bare "Có" / "Không", which must never answer
# another question (the plan page's "Local" is a label of its own: tests/web/test_translations.py).
LOCAL_LABELS = {
    True: pgettext_lazy("answer to: local person?", "Local"),
    False: pgettext_lazy("answer to: local person?", "Not local"),
    None: _("Unknown"),
}


def position_names(codes=None) -> dict[str, str]:
    """Code → name in the active language, of the posts `codes` names (all of them without)."""
    posts = Position.objects.all() if codes is None else Position.objects.filter(code__in=list(codes))
    return {post.code: str(post.label) for post in posts.order_by("order").only("code", "name", "name_en")}


class OfficialTable(CadreTable):
    full_name = tables.Column(
        verbose_name=_("Full name"),
        order_by=("search_key", "citizen_id"),
        linkify=lambda record: reverse("people:official_detail", args=[record.pk]),
    )
    citizen_id = tables.Column(verbose_name=_("Citizen ID"))
    sex = tables.Column(verbose_name=_("Sex"))
    birth_date = tables.Column(verbose_name=_("Birth date"), attrs={"td": {"class": "num"}})
    age = tables.Column(
        verbose_name=_("Age"),
        accessor="birth_date",
        order_by=("-birth_date",),
        attrs={"td": {"class": "num"}},
    )
    current_position = tables.Column(verbose_name=_("Current post"), order_by=("current_position__order",))
    current_commune = tables.Column(
        verbose_name=_("Commune or ward"),
        order_by=("current_commune__name",),
        linkify=lambda record: reverse("people:official_list") + f"?commune={record.current_commune_id}",
    )
    current_province = tables.Column(verbose_name=_("Province or city"), order_by=("current_province__name",))
    latest_evaluation = tables.Column(verbose_name=_("Latest evaluation"))
    is_local = tables.Column(verbose_name=_("Local person"), default=LOCAL_LABELS[None])

    class Meta(CadreTable.Meta):
        model = Official
        fields = [
            "full_name",
            "citizen_id",
            "sex",
            "birth_date",
            "age",
            "current_position",
            "current_commune",
            "current_province",
            "latest_evaluation",
            "is_local",
        ]

    def row_cells(self, record) -> dict[str, object]:
        # As the render_* methods below and django-tables2's defaults write them, in one pass (CadreTable).
        position, commune, evaluation = (
            record.current_position,
            record.current_commune,
            record.latest_evaluation,
        )
        return {
            "full_name": format_html(
                '<a href="{}">{}</a>', reverse("people:official_detail", args=[record.pk]), record.full_name
            ),
            "citizen_id": record.citizen_id,
            "sex": record.get_sex_display(),
            "birth_date": self.render_birth_date(record),
            "age": self.render_age(record),
            "current_position": position and self.render_current_position(position),
            "current_commune": commune
            and format_html(
                '<a href="{}?commune={}">{}</a>', self.list_url, record.current_commune_id, commune
            ),
            "current_province": record.current_province,
            "latest_evaluation": evaluation and self.render_latest_evaluation(evaluation),
            "is_local": self.render_is_local(record.is_local),
        }

    @cached_property
    def list_url(self) -> str:
        return reverse("people:official_list")

    def render_birth_date(self, record):
        return birth_of(record).format_vn()  # only the year, or the month and year, when that is all we know

    def render_age(self, record):
        return age_on(record, dt.date.today())

    def render_current_position(self, value):
        return value.label

    def render_latest_evaluation(self, value):
        return format_html('<abbr title="{}">{}</abbr>', EvaluationLevel(value).label, value)

    def render_is_local(self, value):
        return LOCAL_LABELS[value]


class ExitTable(CadreTable):
    """The exit list: rows from `exits.listing.exit_rows`, in its order (severity, then name)."""

    full_name = tables.Column(
        verbose_name=_("Full name"),
        accessor="person__full_name",
        linkify=lambda record: reverse("people:official_detail", args=[record.person.pk]) + "#exit-options",
    )
    citizen_id = tables.Column(verbose_name=_("Citizen ID"), accessor="person__citizen_id")
    position = tables.Column(verbose_name=_("Current post"), accessor="person__position_name")
    commune = tables.Column(verbose_name=_("Commune or ward"), accessor="person__commune_name")
    province = tables.Column(verbose_name=_("Province or city"), accessor="person__province_name")
    flag = tables.Column(verbose_name=_("Flag"), accessor="flag_label")
    reason = tables.Column(verbose_name=_("Reason"))
    protection = tables.Column(verbose_name=_("Dismissal protection"), default=_("None"))
    best = tables.Column(verbose_name=_("Best option"), attrs={"td": {"class": "num"}})
    estimated = tables.Column(verbose_name=_("Estimated inputs"))

    class Meta(CadreTable.Meta):
        orderable = False  # the order is the list's meaning: the most severe flags first
        row_attrs = {"class": lambda record: "protected" if record.protection else ""}

    def render_best(self, record):
        return format_html(
            "{}: {} đ <small>({})</small>",
            record.best_name,
            number_format(record.best.total, force_grouping=True),
            ESTIMATE,
        )

    def render_reason(self, value, record):
        if not record.unverified:
            return value
        return format_html('{} <mark title="{}">{}</mark>', value, record.source, UNVERIFIED)

    def render_estimated(self, value):
        return format_html("<small>{}</small>", value)
