"""The one way a workbook writer stores people's text (`cadre.spreadsheet`), in both kinds of openpyxl sheet:
what looks like a formula or an error stays text, and numbers and dates keep their types."""

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from cadre.spreadsheet import REPLACEMENT, Column, Table, in_language, technical_sheet, text_row


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


@pytest.mark.parametrize("write_only", [False, True])
def test_a_table_is_a_sheet_people_read(write_only):
    """Bold frozen header with filters over every row, dates shown dd/mm/yyyy, shares as %, money with
    separators, yes/no in words, columns as wide as their content, the sheet's name with its diacritics."""
    book = Workbook(write_only=write_only)
    columns = [
        Column("Họ và tên", "Full name"),
        Column("Ngày sinh", "Birth date", "date"),
        Column("Tỷ lệ", "Share", "percent"),
        Column("Tổng (đồng)", "Total (VND)", "money"),
        Column("Đạt", "Met", "yes_no"),
        Column("Số định danh", "Citizen ID", "code"),
    ]
    table = Table(book, "Cán bộ: danh sách/2026", columns, sample=2)
    rows = [
        ["Nguyễn Thị Minh Khai", dt.date(1975, 6, 5), 0.305, 12_500_000, True, "001075000123"],
        ["Lê Văn Tám", "1980-12-05", 0.0, 0, False, "002080000001"],
        ["=cmd()", "1975", None, None, None, ""],  # a year-only date stays text; a formula stays text
    ]
    for row in rows:
        table.append(row)
    table.close()
    saved = io.BytesIO()
    book.save(saved)
    sheet = load_workbook(saved)["Cán bộ- danh sách-2026"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F4"
    assert [c.value for c in sheet[1]] == [c.vi for c in columns] and sheet["A1"].font.b
    assert sheet["B2"].is_date and sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["B3"].value.date() == dt.date(1980, 12, 5) and sheet["B4"].value == "1975"
    assert sheet["C2"].value == 0.305 and sheet["C2"].number_format == "0.0%"
    assert sheet["D2"].number_format == "#,##0"
    assert [sheet["E2"].value, sheet["E3"].value] == ["Có", "Không"]
    assert sheet["F2"].value == "001075000123" and sheet["F2"].number_format == "@"
    assert sheet["A4"].value == "=cmd()" and sheet["A4"].data_type == "s"
    assert sheet.column_dimensions["A"].width >= len("Nguyễn Thị Minh Khai")
    assert sheet.column_dimensions["B"].width < sheet.column_dimensions["A"].width


def test_a_table_speaks_english_in_the_english_ui():
    book = Workbook(write_only=True)
    with translation.override("en"):
        table = Table(book, in_language("Phương án", "Plan"), [Column("Đạt", "Met", "yes_no")])
        table.append([True])
        table.close()
        technical_sheet(book, [("Mã phương án", "Plan id", 7)])
    saved = io.BytesIO()
    book.save(saved)
    loaded = load_workbook(saved)
    assert loaded.sheetnames == ["Plan", "Technical details"]
    assert [c.value for c in loaded["Plan"]["A"]] == ["Met", "Yes"]
    assert [c.value for c in loaded["Technical details"][2]] == ["Plan id", 7]


def test_a_row_of_the_wrong_length_is_refused():
    table = Table(Workbook(write_only=True), "Trang", [Column("Họ và tên")])
    with pytest.raises(ValueError):
        table.append(["a", "b"])
