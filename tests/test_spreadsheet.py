"""The one way a workbook writer stores people's text (`cadre.spreadsheet`), in both kinds of openpyxl sheet:
what looks like a formula or an error stays text, and numbers and dates keep their types."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from cadre.spreadsheet import REPLACEMENT, text_row


@pytest.mark.parametrize("write_only", [False, True])
def test_text_stays_text_and_other_values_keep_their_type(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Trang") if write_only else book.active
    sheet.append(text_row(sheet, ["=SUM(A1:A9)", "#REF!", "Lê\x07Thị", 42, dt.date(2026, 12, 4), None]))
    saved = io.BytesIO()
    book.save(saved)
    row = next(load_workbook(saved).worksheets[-1].iter_rows())
    assert [c.value for c in row[:3]] == ["=SUM(A1:A9)", "#REF!", f"Lê{REPLACEMENT}Thị"]
    assert [c.data_type for c in row[:3]] == ["s", "s", "s"]
    assert row[3].value == 42 and row[4].value.date() == dt.date(2026, 12, 4)
