"""No workbook can make the reader exhaust the server: the bounds are checked on the file's parts before the
reader sees it, and what exceeds them is refused whole, naming the sheet and the cell, in both languages."""

import io
import re

import pytest

from cadre.people.models import Official
from cadre.people.workbook import guard
from cadre.people.workbook.guard import WorkbookTooLarge, check_workbook
from cadre.people.workbook.importer import WorkbookError, import_workbook
from tests.people.workbook.crafted import OFFICIALS_PART, far_cell, hidden_sheet, long_cell, rewritten
from tests.people.workbooks import good_sheets, write


def test_a_sheet_that_reaches_the_last_cell_of_excel_is_refused_by_its_tab_name_and_cell(tmp_path):
    with pytest.raises(WorkbookTooLarge) as refused:
        check_workbook(far_cell(tmp_path))
    assert (
        "Trang tính «Cán bộ» trải tới ô XFD1048576 (1.048.576 dòng × 16.384 cột)" in refused.value.message_vi
    )
    assert "Delete the empty rows and columns after the data" in refused.value.message_en


def test_a_sheet_stored_under_another_name_is_still_bounded(tmp_path):
    with pytest.raises(WorkbookTooLarge, match="Trang tính «Cán bộ» trải tới ô XFD1048576"):
        check_workbook(hidden_sheet(far_cell(tmp_path)))


@pytest.mark.parametrize(
    "disguise",
    [
        lambda xml: xml.replace(b'r="XFD1048576"', b"r='XFD1048576'"),
        lambda xml: xml.replace(b'r="XFD1048576"', b'r = "XFD1048576"'),
        lambda xml: xml.replace(b'r="XFD1048576"', b'r="&#88;FD1048576"'),
        lambda xml: xml.decode().encode("utf-16"),
    ],
    ids=["single quotes", "spaces", "character reference", "UTF-16"],
)
def test_a_far_cell_written_so_the_patterns_miss_it_is_refused(tmp_path, disguise):
    def without_dimension(xml: bytes) -> bytes:
        return disguise(re.sub(rb"<dimension [^>]*/>", b"", xml))

    crafted = rewritten(far_cell(tmp_path), OFFICIALS_PART, without_dimension)
    with pytest.raises(WorkbookTooLarge, match="Cán bộ"):
        check_workbook(crafted)


def test_a_far_dimension_written_so_the_pattern_misses_it_is_refused(tmp_path):
    def disguised(xml: bytes) -> bytes:
        return xml.replace(b'<dimension ref="A1:XFD1048576"/>', b"<dimension ref='A1:XFD1048576'/>")

    path = far_cell(tmp_path)
    rewritten(path, OFFICIALS_PART, lambda xml: re.sub(rb'<row r="1048576">.*?</row>', b"", xml))
    with pytest.raises(WorkbookTooLarge, match="Cán bộ"):
        check_workbook(rewritten(path, OFFICIALS_PART, disguised))


def test_a_cell_of_megabytes_is_refused_by_its_sheet(tmp_path):
    with pytest.raises(WorkbookTooLarge) as refused:
        check_workbook(long_cell(tmp_path, characters=3_000_000))
    assert "trang tính «Cán bộ»" in refused.value.message_vi and "hơn 2 MB chữ" in refused.value.message_vi
    assert "more than 2 MB of text" in refused.value.message_en


@pytest.mark.parametrize("characters", [40_000, 2_000_000])
def test_a_long_cell_within_the_bound_is_left_to_the_imports_own_checks(tmp_path, characters):
    check_workbook(long_cell(tmp_path, characters=characters))


def test_the_bound_holds_whatever_chunk_the_text_falls_in(tmp_path):
    with pytest.raises(WorkbookTooLarge):
        check_workbook(long_cell(tmp_path, characters=2_200_000))


def test_a_workbook_that_unpacks_to_more_than_the_budget_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path / "good.xlsx", good_sheets())
    check_workbook(path)
    monkeypatch.setattr(guard, "MAX_UNPACKED_BYTES", 2_000)
    with pytest.raises(WorkbookTooLarge, match="unpacks to more than"):
        check_workbook(path)


@pytest.mark.parametrize("content", [b"", b"not a workbook at all", b"\xd0\xcf\x11\xe0" + bytes(508)])
def test_a_file_that_is_no_xlsx_is_refused_with_what_to_do(content):
    with pytest.raises(WorkbookTooLarge, match="save it as .xlsx"):
        check_workbook(io.BytesIO(content))


def test_an_uploaded_file_is_left_at_its_start_for_the_reader(tmp_path):
    upload = io.BytesIO(write(tmp_path / "good.xlsx", good_sheets()).read_bytes())
    upload.seek(100)
    check_workbook(upload)
    assert upload.tell() == 0


@pytest.mark.django_db
def test_the_import_refuses_a_crafted_workbook_whole_and_writes_nothing(tmp_path, geography):
    for crafted in (far_cell(tmp_path), long_cell(tmp_path, characters=3_000_000)):
        with pytest.raises(WorkbookError):
            import_workbook(crafted, dry_run=False)
    assert Official.objects.count() == 0
