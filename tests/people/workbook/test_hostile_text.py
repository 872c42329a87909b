"""Text that would act instead of being read: a name that is a formula is exported as the name, and control
characters (which Excel writes as _x001B_) are refused at import with the cell named, or shown harmlessly if
older rows carry them."""

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from cadre.people.models import Official
from cadre.people.workbook.export import export_registry
from cadre.people.workbook.importer import import_workbook
from cadre.spreadsheet import REPLACEMENT
from tests.people.factories import make_official
from tests.people.workbook.crafted import OFFICIALS_PART, rewritten
from tests.people.workbooks import good_sheets, write

FORMULA = '=HYPERLINK("http://example.invalid/","Bấm vào đây")'


@pytest.mark.parametrize("name", [FORMULA, "#N/A", "=1+1"])
def test_a_name_that_looks_like_a_formula_is_exported_as_the_name(geography, tmp_path, name):
    make_official(name)
    export_registry(tmp_path / "export.xlsx")
    cell = load_workbook(tmp_path / "export.xlsx")["Cán bộ"]["B2"]
    assert (cell.value, cell.data_type) == (name, "s")
    read_back = (
        CalamineWorkbook.from_path(str(tmp_path / "export.xlsx")).get_sheet_by_name("Cán bộ").to_python()
    )
    assert read_back[1][1] == name


def test_an_older_row_with_a_control_character_exports_instead_of_failing(geography, tmp_path):
    make_official("Nguyễn Văn\x1bAn")
    export_registry(tmp_path / "export.xlsx")
    assert load_workbook(tmp_path / "export.xlsx")["Cán bộ"]["B2"].value == f"Nguyễn Văn{REPLACEMENT}An"


@pytest.mark.parametrize(("escaped", "code"), [(b"_x001B_", "U+001B"), (b"_x0000_", "U+0000")])
def test_a_control_character_is_refused_at_import_with_its_cell(geography, tmp_path, escaped, code):
    sheets = good_sheets()
    sheets["Cán bộ"][1][1] = "Phạm ZZZ Văn"
    path = rewritten(
        write(tmp_path / "control.xlsx", sheets), OFFICIALS_PART, lambda xml: xml.replace(b"ZZZ", escaped)
    )
    report = import_workbook(path)
    assert not report.ok and Official.objects.count() == 0
    [issue] = [i for i in report.issues if code in i.message_vi]
    assert (issue.sheet, issue.row) == ("Cán bộ", 2) and issue.column.startswith("B (")
    assert "ký tự điều khiển" in issue.message_vi and "control character" in issue.message_en
