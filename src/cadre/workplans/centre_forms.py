"""The service centre's forms: a month's figures as an official types them, and the workbook upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _l

from cadre.core.rules.service_centre import (
    FIGURES,
    SATISFACTION,
    CentreFigureError,
    check_count,
    check_satisfaction,
)
from cadre.people.forms import ImportForm


class CentreMonthForm(forms.Form):
    """A month's figures as an official types them: each checked by the core's rule, its error on its field."""

    received = forms.CharField(label=FIGURES["received"].vi, required=False, max_length=20)
    settled_on_time = forms.CharField(label=FIGURES["settled_on_time"].vi, required=False, max_length=20)
    settled_late = forms.CharField(label=FIGURES["settled_late"].vi, required=False, max_length=20)
    returned = forms.CharField(label=FIGURES["returned"].vi, required=False, max_length=20)
    satisfaction = forms.CharField(label=SATISFACTION.vi, required=False, max_length=20)
    reason = forms.CharField(label=_l("Why (for a correction)"), required=False, max_length=500)

    def __init__(self, *args, language: str = "vi", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        for name in (*FIGURES, "satisfaction"):
            label = (SATISFACTION if name == "satisfaction" else FIGURES[name]).in_language(language)
            self.fields[name].label = label
            self.fields[name].widget.attrs["inputmode"] = "decimal" if name == "satisfaction" else "numeric"

    def clean(self):
        data = super().clean()
        for name in FIGURES:
            self._check(name, lambda value, name=name: check_count(name, value))
        self._check("satisfaction", check_satisfaction)
        return data

    def _check(self, name, check):
        if name in self.errors:
            return
        try:
            self.cleaned_data[name] = check(self.cleaned_data.get(name))
        except CentreFigureError as error:
            self.add_error(name, error.message(self.language))


class CentreImportForm(ImportForm):
    """The registry import's form (an .xlsx, bounded in size) with the centre workbook's label."""

    file = forms.FileField(label=_l("Service centre workbook (.xlsx)"))
