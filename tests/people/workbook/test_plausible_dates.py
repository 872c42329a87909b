"""Dates a registry cannot mean are refused at the cell: a birth before 1940 (Excel's non-existent 29/02/1900
arrives as 28/02/1900), and a posting taken up before the age of 18, from the workbook's birth date or the
registry's."""

import datetime as dt

import pytest

from cadre.people.models import Official
from cadre.people.workbook.importer import import_workbook
from tests.people.factories import make_official
from tests.people.workbooks import AN, POSTING_HEADERS, good_sheets, write

pytestmark = pytest.mark.usefixtures("geography")


def _issues(tmp_path, sheets):
    report = import_workbook(write(tmp_path / "dates.xlsx", sheets))
    return {(issue.sheet, issue.row, issue.column[0]): issue for issue in report.issues}


@pytest.mark.parametrize("born", [dt.datetime(1900, 2, 28), "1939", "31/12/1939"])
def test_a_birth_before_1940_is_refused_at_its_cell(tmp_path, born):
    sheets = good_sheets()
    sheets["Cán bộ"][1][3] = born
    issue = _issues(tmp_path, sheets)[("Cán bộ", 2, "D")]
    assert "không thể đúng với một cán bộ đang công tác" in issue.message_vi
    assert "Excel may have changed the date" in issue.message_en
    assert Official.objects.count() == 0


def test_a_birth_in_1940_is_accepted(tmp_path):
    sheets = good_sheets()
    sheets["Cán bộ"][1][3] = "01/01/1940"
    assert not [i for i in _issues(tmp_path, sheets).values() if i.row == 2 and i.sheet == "Cán bộ"]


@pytest.mark.parametrize(("start", "refused"), [("04/06/1993", True), ("05/06/1993", False)])
def test_a_posting_before_the_eighteenth_birthday_is_refused_at_its_start(tmp_path, start, refused):
    sheets = good_sheets()  # An was born on 05/06/1975
    sheets["Quá trình công tác"][1][4] = start
    issue = _issues(tmp_path, sheets).get(("Quá trình công tác", 2, "E"))
    assert (issue is not None) == refused
    if refused:
        assert "khi cán bộ mới 17 tuổi (sinh 05/06/1975): chưa đủ 18 tuổi" in issue.message_vi
        assert "under the age of 18" in issue.message_en


def test_the_registrys_birth_date_counts_for_a_person_not_on_the_sheet(tmp_path):
    make_official("Đã Có Trong Sổ", citizen_id=AN, born=dt.date(1990, 3, 1))
    sheets = {
        "Quá trình công tác": [
            POSTING_HEADERS,
            [AN, "Chủ tịch UBND", "P. Thanh Binh, TP Hai Duong", "", "01/07/2000", "", ""],
        ]
    }
    issue = _issues(tmp_path, sheets)[("Quá trình công tác", 2, "E")]
    assert "mới 10 tuổi" in issue.message_vi


def test_a_birth_known_only_to_its_year_is_given_the_benefit_of_the_doubt(tmp_path):
    sheets = good_sheets()  # Bình was born in 1980 (year only) and holds a post from 01/07/2025
    sheets["Quá trình công tác"][2][4] = "31/12/1998"  # 18 if born on 1 January 1980, 17 if later that year
    assert ("Quá trình công tác", 3, "E") not in _issues(tmp_path, sheets)
