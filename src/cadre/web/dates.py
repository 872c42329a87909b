"""Dates typed and shown dd/mm/yyyy, whatever the browser's language.

A browser's own date input (`<input type=date>`) shows a date in the order of the browser's language: an
English-language office PC showed "12/05/2026" for 5 December. Cadre's date fields are text inputs instead, read
and written dd/mm/yyyy on every page, with a vendored calendar (flatpickr, Vietnamese locale, started by
`cadre/dates.js`) to pick from. The server reads the same text; a day that does not exist (31/02/2026) is named
as such, not as a wrong format.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

SHOWN = "%d/%m/%Y"
# dd/mm/yyyy first; d-m-yyyy as people also type it; yyyy-mm-dd as links and older bookmarks carry it.
INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_LONGEST = 40  # characters read of a typed date; anything longer is not a date


class DayMonthYearInput(forms.DateInput):
    """A text input for a date written dd/mm/yyyy, with the vendored calendar to pick it from."""

    input_type = "text"

    class Media:
        css = {"all": ("vendor/flatpickr/flatpickr.min.css",)}
        js = ("vendor/flatpickr/flatpickr.min.js", "vendor/flatpickr/vn.js", "cadre/dates.js")

    def __init__(self, attrs=None):
        base = {
            "data-date-picker": "",
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "size": "10",
        }
        super().__init__({**base, **(attrs or {})}, format=SHOWN)


class DayMonthYearField(forms.DateField):
    """A date read dd/mm/yyyy (or yyyy-mm-dd) whatever the UI's language, with errors that say what is wrong."""

    widget = DayMonthYearInput
    input_formats = INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Write the date as day/month/year, e.g. 05/12/2026 for 5 December 2026."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value[:_LONGEST]
            impossible = _impossible_day(value)
            if impossible:
                raise forms.ValidationError(impossible, code="invalid_day")
        return super().to_python(value)


def _impossible_day(value: str) -> str | None:
    """Why a dd/mm/yyyy text names no real day (31/02/2026: February 2026 has 28 days), or None."""
    if found := _DAY_FIRST.match(value):
        day, month, year = (int(part) for part in found.groups())
    elif found := _ISO.match(value):
        year, month, day = (int(part) for part in found.groups())
    else:
        return None
    if not 1 <= month <= 12:
        return _("%(value)s: there is no month %(month)s; a year has 12 months.") % {
            "value": value.strip(),
            "month": month,
        }
    if year < dt.MINYEAR:
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return _("%(value)s is not a real day: month %(month)s of %(year)s has %(days)s days.") % {
            "value": value.strip(),
            "month": month,
            "year": year,
            "days": days,
        }
    return None
