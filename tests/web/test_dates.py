"""Dates typed and shown dd/mm/yyyy whatever the UI's or the browser's language (`cadre.web.dates`)."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from cadre.web.dates import DayMonthYearField


class Form(forms.Form):
    on = DayMonthYearField()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("typed", ["05/12/2026", "5/12/2026", "05-12-2026", "05.12.2026", "2026-12-05"])
def test_a_date_is_read_day_first_in_either_language(language, typed):
    with translation.override(language):
        form = Form({"on": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == dt.date(2026, 12, 5)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_is_shown_day_first_in_a_text_input(language):
    with translation.override(language):
        html = str(Form(initial={"on": dt.date(2026, 12, 5)})["on"])
    assert 'type="text"' in html and 'value="05/12/2026"' in html and "data-date-picker" in html
    assert 'type="date"' not in html


@pytest.mark.parametrize(
    ("typed", "vietnamese", "english"),
    [
        (
            "31/02/2026",
            "31/02/2026 không phải là ngày có thật: tháng 2 năm 2026 có 28 ngày.",
            "31/02/2026 is not a real day: month 2 of 2026 has 28 days.",
        ),
        ("29/02/2028", None, None),  # a leap year's 29 February is a day
        ("05/13/2026", "05/13/2026: không có tháng 13; một năm có 12 tháng.", "there is no month 13"),
        ("ngày mai", "Ghi ngày theo ngày/tháng/năm, ví dụ 05/12/2026", "Write the date as day/month/year"),
        ("1" * 5000, "Ghi ngày theo ngày/tháng/năm", "Write the date as day/month/year"),
    ],
)
def test_a_date_that_does_not_exist_is_named_in_the_users_language(typed, vietnamese, english):
    for language, expected in (("vi", vietnamese), ("en", english)):
        with translation.override(language):
            form = Form({"on": typed})
            if expected is None:
                assert form.is_valid()
            else:
                assert not form.is_valid() and expected in " ".join(form.errors["on"])
