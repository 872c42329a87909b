"""The officials list's filter selects are written in Python (`QuickSelect`): the same markup as Django's."""

import re

import pytest
from django import forms

from cadre.web.widgets import QuickSelect


def _markup(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize(
    ("choices", "value", "attrs"),
    [
        (
            [("", "---------"), ("31", "Thành phố Hải Phòng"), ("01", "Thủ đô Hà Nội")],
            "31",
            {"id": "id_province"},
        ),
        ([("yes", "Có"), ("no", "Không")], None, {"id": "id_local", "required": True, "disabled": False}),
        ([("a", '<b>&"quoted"'), ("b", "ordinary")], "a", {"data-x": '"><script>'}),
        ([("Tỉnh", [("31", "Hải Phòng"), ("01", "Hà Nội")]), ("99", "Khác")], "01", {}),
    ],
)
def test_a_quick_select_writes_what_djangos_select_writes(choices, value, attrs):
    quick = QuickSelect(choices=choices).render("field", value, attrs)
    django = forms.Select(choices=choices).render("field", value, attrs)
    assert _markup(quick) == _markup(django)
    assert "<script>" not in quick  # escaped like Django's


def test_the_officials_list_filters_use_it(client, db):
    from cadre.people.filtersets import OfficialFilterSet

    form = OfficialFilterSet().form
    for name in ("province", "position", "age_band", "evaluation", "local", "sex"):
        assert isinstance(form.fields[name].widget, QuickSelect), name
