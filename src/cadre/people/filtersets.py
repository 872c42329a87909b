"""One filterset per list: the page's filter form, the API's query parameters and the export all use it."""

import datetime as dt

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadre.core.dates import add_months
from cadre.core.place_names import fold
from cadre.core.rules.evaluation import Level
from cadre.geo.filtersets import PlaceFilter
from cadre.geo.models import Province
from cadre.web.dates import DayMonthYearField
from cadre.web.filtersets import CadreFilterSet
from cadre.web.widgets import PlaceInput, QuickSelect

from .exits.estimates import Assumptions
from .exits.listing import CONSEQUENCE_FLAGS, FLAGS
from .models import Evaluation, EvaluationLevel, Official, Position, Posting, Sex

AGE_BANDS = (
    ("under_35", _("Under 35"), 0, 35),
    ("35_44", _("35–44"), 35, 45),
    ("45_54", _("45–54"), 45, 55),
    ("55_plus", _("55 and over"), 55, 200),
)


class OfficialSearchFilter(django_filters.CharFilter):
    """A citizen ID, or part of a name without case or diacritics ("nguyen van an")."""

    def filter(self, qs, value):
        text = (value or "").strip()
        if not text:
            return qs
        if text.isdigit():
            return qs.filter(citizen_id__startswith=text)
        return qs.filter(search_key__contains=fold(text))


class OfficialFilterSet(CadreFilterSet):
    q = OfficialSearchFilter(label=_("Name or citizen ID"))
    province = django_filters.ModelChoiceFilter(
        field_name="current_province",
        queryset=Province.objects.order_by("name"),
        label=_("Province or city"),
        widget=QuickSelect,
    )
    commune = PlaceFilter(
        field_name="current_commune", label=_("Commune or former district"), widget=PlaceInput
    )
    position = django_filters.ModelChoiceFilter(
        field_name="current_position",
        queryset=Position.objects.all(),
        to_field_name="code",
        label=_("Current post"),
        widget=QuickSelect,
    )
    age_band = django_filters.ChoiceFilter(
        choices=[(key, label) for key, label, _low, _high in AGE_BANDS],
        method="filter_age_band",
        label=_("Age"),
        widget=QuickSelect,
    )
    evaluation = django_filters.ChoiceFilter(
        field_name="latest_evaluation",
        choices=EvaluationLevel.choices,
        label=_("Latest evaluation"),
        widget=QuickSelect,
    )
    local = django_filters.ChoiceFilter(
        choices=[
            ("yes", pgettext_lazy("answer to: local person?", "Local")),
            ("no", pgettext_lazy("answer to: local person?", "Not local")),
            ("unknown", _("Unknown")),
        ],
        method="filter_local",
        label=_("Local person"),
        widget=QuickSelect,
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"), widget=QuickSelect)

    class Meta:
        model = Official
        fields = ["q", "province", "commune", "position", "age_band", "evaluation", "local", "sex"]

    def filter_age_band(self, qs, name, value):
        """Age in whole years today: born after (today − high years) and on or before (today − low years)."""
        for key, _label, low, high in AGE_BANDS:
            if key == value:
                today = dt.date.today()
                return qs.filter(
                    birth_date__gt=add_months(today, -12 * high), birth_date__lte=add_months(today, -12 * low)
                )
        return qs

    def filter_local(self, qs, name, value):
        if value == "unknown":
            return qs.filter(is_local__isnull=True)
        return qs.filter(is_local=(value == "yes"))


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number within bounds: an id or a year too large for the database is a form error, not a crash."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value=1, max_value=2**63 - 1, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class PostingFilterSet(CadreFilterSet):
    official = WholeNumberFilter(field_name="official_id", label=_("Official (id)"))
    citizen_id = django_filters.CharFilter(field_name="official__citizen_id", label=_("Citizen ID"))
    province = django_filters.ModelChoiceFilter(queryset=Province.objects.all(), label=_("Province or city"))
    commune = PlaceFilter(field_name="commune", label=_("Commune or former district"))
    position = django_filters.ModelChoiceFilter(
        queryset=Position.objects.all(), to_field_name="code", label=_("Post")
    )
    open = django_filters.BooleanFilter(field_name="end", lookup_expr="isnull", label=_("Still held"))

    class Meta:
        model = Posting
        fields = ["official", "citizen_id", "province", "commune", "position", "open"]


class EvaluationFilterSet(CadreFilterSet):
    official = WholeNumberFilter(field_name="official_id", label=_("Official (id)"))
    year = WholeNumberFilter(min_value=1900, max_value=2100, label=_("Year"))
    citizen_id = django_filters.CharFilter(field_name="official__citizen_id", label=_("Citizen ID"))
    level = django_filters.ChoiceFilter(choices=EvaluationLevel.choices, label=_("Level"))

    class Meta:
        model = Evaluation
        fields = ["official", "citizen_id", "year", "level"]


ALL_FLAGS = "all"  # the exit list's flag filter: everyone with an exit option, not only the evaluation rules'

# Dates a person could plausibly leave or a decision be taken: a guard against typing mistakes, not a law.
_EXIT_DATES = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


class DayMonthYearFilter(django_filters.DateFilter):
    """A date typed dd/mm/yyyy whatever the browser's language (`cadre.web.dates`)."""

    field_class = DayMonthYearField


def _exit_date(label) -> django_filters.DateFilter:
    """A date the exit benefits assume rather than a filter on rows (`exits.estimates.Assumptions`)."""
    return DayMonthYearFilter(
        method="assume",
        label=label,
        validators=[MinValueValidator(_EXIT_DATES[0]), MaxValueValidator(_EXIT_DATES[1])],
    )


class ExitAssumptionFilterSet(CadreFilterSet):
    """The dates of a person's exit options: when they would leave, the restructuring decision, and the day
    the exit decision would be issued (optional: Decree 178 closed for later decisions)."""

    leave_date = _exit_date(_("Leave date"))
    decision_date = _exit_date(_("Restructuring decision date"))
    exit_decision_date = _exit_date(_("Exit decision date"))

    class Meta:
        model = Official
        fields = ["leave_date", "decision_date", "exit_decision_date"]

    def assume(self, qs, name, value):
        return qs

    @property
    def usable(self) -> bool:
        """No parameters (the defaults), or parameters that read well."""
        if not self.is_bound:
            return True
        if not self.is_valid():
            return False
        # Against the leave date assumed, the default one too (the core refuses the facts otherwise).
        decided = self.form.cleaned_data.get("exit_decision_date")
        if decided and decided > self.assumptions().leave_date:
            self.form.add_error(
                "exit_decision_date", _("The exit decision must be issued on or before the leave date.")
            )
            return False
        return True

    def assumptions(self) -> Assumptions:
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return Assumptions.of(
            leave_date=data.get("leave_date"),
            decision_date=data.get("decision_date"),
            exit_decision_date=data.get("exit_decision_date"),
        )


class ExitFilterSet(ExitAssumptionFilterSet):
    """The exit list's filters, and the dates its benefits assume."""

    province = django_filters.ModelChoiceFilter(
        field_name="current_province", queryset=Province.objects.order_by("name"), label=_("Province or city")
    )
    commune = PlaceFilter(
        field_name="current_commune", label=_("Commune or former district"), widget=PlaceInput
    )
    flag = django_filters.ChoiceFilter(
        choices=[(ALL_FLAGS, _("Everyone with an exit option")), *FLAGS.items()],
        method="filter_flag",
        empty_label=_("Flagged by the evaluation rules"),
        label=_("Flag"),
    )
    protected = django_filters.ChoiceFilter(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        method="filter_protected",
        label=_("Dismissal protection"),
        empty_label=_("All"),
    )

    class Meta:
        model = Official
        fields = [
            "province",
            "commune",
            "flag",
            "protected",
            "leave_date",
            "decision_date",
            "exit_decision_date",
        ]

    @property
    def chosen_flags(self) -> tuple[str, ...] | None:
        """The flags asked for, which `exits.listing.exit_rows` keeps: by default those of the evaluation rules
        (relief of office, dismissal, reassignment); every flag (None) only when "all" is asked for."""
        value = (self.form.cleaned_data.get("flag") or "") if self.is_bound and self.is_valid() else ""
        if value == ALL_FLAGS:
            return None
        return (value,) if value else CONSEQUENCE_FLAGS

    @property
    def qs(self):
        # The rules decide each flag; the database can only leave out who cannot have an evaluation one. Here,
        # not in `filter_flag`, because the default (the page opened with no filter at all) narrows too.
        if not hasattr(self, "_narrowed"):
            queryset, flags = super().qs, self.chosen_flags
            if flags is not None and set(flags) <= set(CONSEQUENCE_FLAGS):
                queryset = queryset.filter(latest_evaluation=Level.KHTNV.code)
            self._narrowed = queryset
        return self._narrowed

    def filter_flag(self, qs, name, value):
        return qs  # `filter_queryset` and `chosen_flags` apply it

    def filter_protected(self, qs, name, value):
        return qs.exclude(protection="") if value == "yes" else qs.filter(protection="")
