"""Reading a registry workbook's cells: the part of an import that touches the file, run in a confined child.

`read_cells` is what the child runs (`cadre.confined`): it bounds the file (`guard`), opens it with calamine and
hands back each registry sheet's non-empty rows as plain values, a sheet at a time, with nothing of Django, so
that a file that makes the reader exhaust its memory or never end costs only the child. Checking and writing,
which need the database, stay with the caller. calamine reads .xlsx about ten times faster than openpyxl, which matters for a
100,000-row registry.
"""

from __future__ import annotations

from collections.abc import Iterator

from python_calamine import CalamineError, CalamineWorkbook

from . import schema
from .guard import WorkbookError, WorkbookTooLarge, check_workbook

# What the child sends, in order: ("titles", [every sheet's title, in order]), then for each registry sheet
# ("sheet", title, its first column's index, [(Excel row number, [values…]), …] for its non-empty rows); or, as
# soon as the guard or the reader refuses the file, ("refused", too_large, message_vi, message_en) and no more.


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_cells(path: str, sheets: tuple[schema.SheetSpec, ...] = schema.SHEETS) -> Iterator[tuple]:
    """The sheets of the workbook at `path` (an .xlsx only) that are among `sheets` (by default the
    registry's; the work plans' import passes its own), one at a time, or why it cannot be read."""
    try:
        check_workbook(path)  # bounded before the reader lays out a single sheet
        book = _open(path)
        try:
            yield ("titles", list(book.sheet_names))
            for title in book.sheet_names:
                if schema.sheet_for(title, sheets) is not None:
                    yield ("sheet", title, *_read_sheet(book, title))
        finally:
            book.close()
    except WorkbookError as error:
        yield ("refused", isinstance(error, WorkbookTooLarge), error.message_vi, error.message_en)


def _open(path: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(path)
    except (CalamineError, OSError, ValueError) as error:
        raise WorkbookError(
            "Tệp không phải là sổ Excel (.xlsx) đọc được.",
            f"The file is not a readable Excel workbook (.xlsx): {error}.",
        ) from None


def _read_sheet(book: CalamineWorkbook, title: str) -> tuple[int, list[tuple[int, list]]]:
    try:
        worksheet = book.get_sheet_by_name(title)
        # calamine's rows begin at Excel row 1 but leave out empty leading columns: `start` says which comes
        # first.
        first_column = (worksheet.start or (0, 0))[1]
        rows = [
            (number, values)
            for number, values in enumerate(worksheet.iter_rows(), start=1)
            if not all(blank(v) for v in values)
        ]
    except CalamineError as error:
        raise WorkbookError(
            f"Không đọc được sheet «{title}»: {error}.", f"Sheet '{title}' cannot be read: {error}."
        ) from None
    return first_column, rows
