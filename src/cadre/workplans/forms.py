"""The work plans' forms. They parse and bound what is typed; the rules (the six clears, the two nos) are the
core's, applied by the services, and a refusal is shown next to the field it names (`show_refusal`)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import WORKPLAN, provinces_for, visible_communes
from cadre.core.place_names import fold
from cadre.core.policy import national_policy
from cadre.core.rules.workplan import HANDBACK_DIRECTIONS, WorkplanError, missing_clears
from cadre.geo.models import Commune
from cadre.people.models import Official
from cadre.web.dates import DayMonthYearField
from cadre.web.widgets import QuickSelect

from .models import Level, ResultKind, SourceKind, WorkPlan
from .services import EVIDENCE_MAX_BYTES, PLAUSIBLE_YEARS_AHEAD, TaskInput, people_of

MILESTONE_ROWS = 3
# A unit with more people than this (a province's bodies) offers its people through a search by name, not all
# in one list: the choices are still checked against all of them.
PEOPLE_LISTED = 300
PEOPLE_FOUND = 50
TEXT = {"max_length": 500, "required": False}
# A source document (a directive, a resolution) dated before this year is taken for a typing mistake.
EARLIEST_SOURCE_YEAR = 1945
NOT_A_CHOICE = _("This is not one of the choices offered; choose again from the list.")


class WorkDateField(DayMonthYearField):
    """A date of a plan's period or a task: not before the two-tier system began (policy `two_tier_in_force`),
    nor more than PLAUSIBLE_YEARS_AHEAD years ahead. A year typed wrong (0001, 2002, 9999) is said on the field, before
    the month's figures are asked about a month no closing day covers."""

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        first = national_policy().value("two_tier_in_force")
        last = dt.date(
            timezone.localdate().year + PLAUSIBLE_YEARS_AHEAD, 12, 31
        )  # as services read it (year by year)
        if value < first:
            raise forms.ValidationError(
                _("%(value)s is before the two-tier local government began (%(first)s); check the year.")
                % {"value": f"{value:%d/%m/%Y}", "first": f"{first:%d/%m/%Y}"},
                code="too_early",
            )
        if value > last:
            raise forms.ValidationError(
                _("%(value)s is more than %(years)s years ahead; check the year.")
                % {"value": f"{value:%d/%m/%Y}", "years": PLAUSIBLE_YEARS_AHEAD},
                code="too_late",
            )


class SourceDateField(DayMonthYearField):
    """The date a source document was issued: not in the future, nor before EARLIEST_SOURCE_YEAR."""

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("%(value)s is in the future; a document is dated the day it was issued.")
                % {"value": f"{value:%d/%m/%Y}"},
                code="future",
            )
        if value < dt.date(EARLIEST_SOURCE_YEAR, 1, 1):
            raise forms.ValidationError(
                _("%(value)s is too long ago for a source document; check the year.")
                % {"value": f"{value:%d/%m/%Y}"},
                code="too_early",
            )


def show_refusal(form: forms.Form, error: WorkplanError, language: str, aliases: dict | None = None) -> None:
    """Put a service's refusal on the form, each problem next to the field it names (or above the form). An
    error listing several problems (`problems`: (field, Text) pairs) puts each on its own field."""
    problems = getattr(error, "problems", None) or ((error.field, None),)
    for field, text in problems:
        name = (aliases or {}).get(field, field)
        message = (
            text.in_language(language) if text is not None and len(problems) > 1 else error.message(language)
        )
        form.add_error(name if name in form.fields else None, message)


class OfficialChoiceField(forms.ModelChoiceField):
    """A registry person, named as people know them: the name and the year of birth (names repeat)."""

    widget = QuickSelect
    default_error_messages = {"invalid_choice": NOT_A_CHOICE}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "—")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.birth_date:%Y})"


class OfficialsField(forms.ModelMultipleChoiceField):
    default_error_messages = {"invalid_choice": NOT_A_CHOICE, "invalid_pk_value": NOT_A_CHOICE}

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.birth_date:%Y})"


def find_people(plan: WorkPlan, typed: str):
    """The plan's people whose name contains what was typed (any case or diacritics), at most PEOPLE_FOUND."""
    wanted = fold(typed[:100])
    return people_of(plan).filter(search_key__contains=wanted)[:PEOPLE_FOUND] if wanted else []


def offer_people(form: forms.Form, names: tuple[str, ...], people) -> bool:
    """Give the fields `names` all of `people` to choose from; when they are too many to list, list only those
    already chosen (the page's search by name fills the rest in). True when the list is cut."""
    many = people.count() > PEOPLE_LISTED
    for name in names:
        field = form.fields[name]
        field.queryset = people
        if many:
            chosen = form.data.getlist(form.add_prefix(name)) if form.is_bound else []
            picked = people.filter(pk__in=[value for value in chosen if str(value).isdigit()][:PEOPLE_FOUND])
            field.widget.choices = [("", "—")] * (not isinstance(field, OfficialsField)) + [
                (person.pk, field.label_from_instance(person)) for person in picked
            ]
        if many:
            field.widget.attrs["data-search"] = ""
    return many


class PlanForm(forms.Form):
    """A new work plan: the unit (a commune the user assigns work in, or a province body), period, source."""

    commune = forms.ModelChoiceField(
        queryset=Commune.objects.none(),
        required=False,
        label=_("Commune"),
        widget=QuickSelect,
        empty_label="—",
    )
    province = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Province (for a province body)"), empty_label="—"
    )
    body = forms.CharField(label=_("Province body"), max_length=150, required=False)
    title = forms.CharField(label=_("Title of the plan"), max_length=300)
    period_start = WorkDateField(label=_("Period from"))
    period_end = WorkDateField(label=_("Period until"))
    source_kind = forms.ChoiceField(label=_("Kind of source"), choices=SourceKind.choices)
    source_number = forms.CharField(label=_("Source number"), max_length=100)
    source_date = SourceDateField(label=_("Source date"))
    source_body = forms.CharField(label=_("Issued by"), max_length=200)
    source_title = forms.CharField(label=_("Source title (summary)"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = visible_communes(user, WORKPLAN).order_by("name")
        provinces = provinces_for(user, WORKPLAN, WorkPlan).order_by("name")
        self.fields["province"].queryset = provinces
        if not provinces.exists():
            for name in ("province", "body"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("commune") and (data.get("body") or "").strip():
            raise forms.ValidationError(_("Choose a commune or a province body, not both."))
        if not data.get("commune"):
            if not (data.get("body") or "").strip() or not data.get("province"):
                raise forms.ValidationError(
                    _("Choose the commune, or the province and the name of the province body.")
                )
        return data

    def plan_fields(self) -> dict:
        data = dict(self.cleaned_data)
        commune, province = data.pop("commune"), data.pop("province", None)
        if commune:
            data["body"] = ""
            return {"commune": commune, **data}
        return {"province": province, **data}


class TaskForm(forms.Form):
    """A task laid out by the six clears (FIELDSETS). Every clear's field is optional here, so that a task that
    misses several is refused with all of them named, each next to its field, in the rules' own words."""

    lead_official = OfficialChoiceField(
        queryset=Official.objects.none(), required=False, label=_("Lead person")
    )
    lead_unit = forms.CharField(label=_("or a lead unit"), max_length=150, required=False)
    lead_unit_head = OfficialChoiceField(
        queryset=Official.objects.none(), required=False, label=_("Head of the lead unit")
    )
    coworkers = OfficialsField(
        queryset=Official.objects.none(),
        required=False,
        label=_("Co-workers"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    coworker_units = forms.CharField(label=_("Co-working units"), max_length=300, required=False)
    title = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 2}), **TEXT)
    result_kind = forms.ChoiceField(label=_("Kind of result"), choices=ResultKind.choices)
    expected_result = forms.CharField(label=_("Expected result"), **TEXT)
    completion_criterion = forms.CharField(label=_("How completion is judged"), **TEXT)
    start = WorkDateField(label=_("Start"), required=False)
    deadline = WorkDateField(label=_("Deadline"), required=False)
    accountable = forms.CharField(label=_("Answers if late"), max_length=200, required=False)
    report_to = forms.CharField(label=_("Reported to"), max_length=200, required=False)
    authority_level = forms.ChoiceField(
        label=_("Deciding level"), choices=[("", "—"), *Level.choices], required=False
    )
    authority_body = forms.CharField(label=_("Decided by"), max_length=200, required=False)

    FIELDSETS = (
        (_("Clear person"), ("lead_official", "lead_unit", "lead_unit_head", "coworkers", "coworker_units")),
        (_("Clear task"), ("title",)),
        (_("Clear result"), ("result_kind", "expected_result", "completion_criterion")),
        (_("Clear time"), ("start", "deadline")),
        (_("Clear responsibility"), ("accountable", "report_to")),
        (_("Clear authority"), ("authority_level", "authority_body")),
    )
    ALIASES = {"lead": "lead_official", "milestones": "milestone_1_text"}

    def __init__(self, *args, plan: WorkPlan, language: str = "vi", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.search = offer_people(self, ("lead_official", "lead_unit_head", "coworkers"), people_of(plan))
        for row in range(1, MILESTONE_ROWS + 1):
            self.fields[f"milestone_{row}_due"] = WorkDateField(label=_("Milestone date"), required=False)
            self.fields[f"milestone_{row}_text"] = forms.CharField(
                label=_("Milestone"), max_length=300, required=False
            )
        if plan.commune_id is None:
            self.fields["authority_level"].initial = Level.PROVINCE
        else:
            self.fields["authority_level"].initial = Level.COMMUNE

    def fieldsets(self):
        return [(title, [self[name] for name in names]) for title, names in self.FIELDSETS]

    def milestone_rows(self):
        return [
            (self[f"milestone_{row}_due"], self[f"milestone_{row}_text"])
            for row in range(1, MILESTONE_ROWS + 1)
        ]

    def task_input(self) -> TaskInput:
        data = self.cleaned_data
        milestones = []
        for row in range(1, MILESTONE_ROWS + 1):
            due, text = data.get(f"milestone_{row}_due"), data.get(f"milestone_{row}_text", "")
            if due or text.strip():
                if due is None:
                    self.add_error(f"milestone_{row}_due", _("A milestone needs its date."))
                    continue
                milestones.append((due, text))
        return TaskInput(
            title=data["title"],
            lead_official=data["lead_official"],
            lead_unit=data["lead_unit"],
            lead_unit_head=data["lead_unit_head"],
            coworkers=tuple(data["coworkers"]),
            coworker_units=data["coworker_units"],
            result_kind=data["result_kind"],
            expected_result=data["expected_result"],
            completion_criterion=data["completion_criterion"],
            start=data["start"],
            deadline=data["deadline"],
            milestones=tuple(milestones),
            accountable=data["accountable"],
            report_to=data["report_to"],
            authority_level=data["authority_level"],
            authority_body=data["authority_body"],
        )

    def clean(self):
        """Every clear the task misses, each next to its field, before the service is asked."""
        data = super().clean()
        if self.errors:
            return data
        draft = self.task_input().draft()
        for problem in missing_clears(draft):
            name = self.ALIASES.get(problem.field, problem.field)
            self.add_error(name if name in self.fields else None, problem.text.in_language(self.language))
        return data


class ChangeForm(forms.Form):
    """Điều chỉnh theo quyết định: a new lead, deadline or expected result, with the reason and who decided."""

    lead_official = OfficialChoiceField(queryset=Official.objects.none(), required=False, label=_("New lead"))
    deadline = WorkDateField(label=_("New deadline"), required=False)
    expected_result = forms.CharField(label=_("New expected result"), max_length=500, required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_by = forms.CharField(label=_("Decided by (person)"), max_length=200, required=False)
    ALIASES = {"lead": "lead_official"}

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, prefix="change", **kwargs)
        self.search = offer_people(self, ("lead_official",), people_of(plan))


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    reported_on = DayMonthYearField(label=_("Report date"), required=False)
    note = forms.CharField(
        label=_("What was done"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Evidence file (at most 5 MB)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="report", **kwargs)

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("The evidence file is too large (%(size).1f MB); at most %(limit)s MB.")
                % {"size": upload.size / 1048576, "limit": EVIDENCE_MAX_BYTES // 1048576}
            )
        return upload


class HandbackForm(forms.Form):
    # Each direction in the user's language (a `Text` reads the active language when shown); a direction that
    # is not one of them is refused without repeating what was sent.
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=list(HANDBACK_DIRECTIONS.items()),
        error_messages={"invalid_choice": NOT_A_CHOICE},
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="handback", **kwargs)


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Accept")), ("no", _("Refuse"))],
        coerce=lambda value: value == "yes",
    )
    lead_official = OfficialChoiceField(
        queryset=Official.objects.none(), required=False, label=_("New lead (when accepted)")
    )
    decided_by = forms.CharField(label=_("Decided by (person)"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Decision note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ALIASES = {"lead": "lead_official"}

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, prefix="decide", **kwargs)
        self.search = offer_people(self, ("lead_official",), people_of(plan))


class WordingForm(forms.Form):
    """Sửa nội dung: wording corrections (not the lead, deadline or result, which change only by decision
    `ChangeForm`). What a task makes clear is not rewritten silently: the reason and the person who decided are
    required, and the form is offered only at the task's deciding level."""

    title = forms.CharField(label=_("Task"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    completion_criterion = forms.CharField(label=_("How completion is judged"), max_length=500)
    accountable = forms.CharField(label=_("Answers if late"), max_length=200)
    report_to = forms.CharField(label=_("Reported to"), max_length=200)
    coworker_units = forms.CharField(label=_("Co-working units"), max_length=300, required=False)
    reason = forms.CharField(label=_("Why it is corrected"), max_length=2000)
    decided_by = forms.CharField(label=_("Decided by (person)"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="wording", **kwargs)
