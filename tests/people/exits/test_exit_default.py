"""The exit list as it opens: the people the evaluation rules flag (relief of office, dismissal, reassignment),
not every official who could retire early or quit; a filter shows everyone with an exit option."""

import pytest
from django.urls import reverse

from tests.users import make_user

from .test_exits import DATES, civil_servant, early_retiree

pytestmark = pytest.mark.usefixtures("geography")


@pytest.fixture
def signed_in(client):
    client.force_login(make_user())
    return client


def names(client, **params) -> list[str]:
    response = client.get(reverse("people:exit_list"), {**DATES, **params})
    assert response.status_code == 200
    return [row.person.full_name for row in response.context["table"].data]


def test_the_exit_list_shows_by_default_the_people_the_evaluation_rules_flag(signed_in):
    dung, hung = civil_servant(), early_retiree()
    assert names(signed_in) == [dung.full_name]  # Hưng could retire early, but no rule flags him
    assert sorted(names(signed_in, flag="all")) == sorted([dung.full_name, hung.full_name])
    assert names(signed_in, flag="early_retirement") == [hung.full_name]
    page = signed_in.get(reverse("people:exit_list")).content.decode()
    assert "Do quy định xếp loại nêu tên" in page and "Mọi người có phương án nghỉ việc" in page
    assert "---------" not in page


def test_the_export_of_the_default_list_has_the_same_people(signed_in):
    import io

    from openpyxl import load_workbook

    dung, _hung = civil_servant(), early_retiree()
    response = signed_in.get(reverse("people:exit_export"), DATES)
    sheet = load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert dung.full_name in cells and "Đỗ Văn Hưng" not in cells
