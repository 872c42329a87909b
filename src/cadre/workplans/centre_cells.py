"""Reading a service centre workbook's cells, in the confined child (`cadre.confined`), with nothing of Django.

The registry import's pieces do the work: `guard.check_workbook` bounds the file before the reader sees it, and
the registry's cell reader opens it with calamine and hands back a sheet's non-empty rows. Only which sheet to
read is the centre's: the one named like `SHEET_TITLE`, else the first.
"""

from __future__ import annotations

from collections.abc import Iterator

from cadre.core.place_names import fold
from cadre.people.workbook import cells
from cadre.people.workbook.guard import WorkbookError, WorkbookTooLarge, check_workbook

SHEET_TITLE = "Trung tâm PVHCC"
SHEET_TITLE_EN = "Service centre"
GUIDE_TITLE = "Hướng dẫn"


def read_centre_sheet(path: str) -> Iterator[tuple]:
    """("sheet", title, its first column's index, [(Excel row number, [values…]), …]) for the centre's sheet, or
    ("refused", too_large, message_vi, message_en) when the guard or the reader refuses the file."""
    try:
        check_workbook(path)
        # The registry reader's own opening and sheet reading: one reader of untrusted workbooks, not two.
        book = cells._open(path)
        try:
            titles = list(book.sheet_names)
            wanted = {fold(SHEET_TITLE), fold(SHEET_TITLE_EN)}
            data = [t for t in titles if fold(t) != fold(GUIDE_TITLE)]
            title = next((t for t in titles if fold(t) in wanted), data[0] if data else None)
            if title is None:
                raise WorkbookError(
                    f"Sổ không có sheet «{SHEET_TITLE}».", f"The workbook has no '{SHEET_TITLE}' sheet."
                )
            yield ("sheet", title, *cells._read_sheet(book, title))
        finally:
            book.close()
    except WorkbookError as error:
        yield ("refused", isinstance(error, WorkbookTooLarge), error.message_vi, error.message_en)
