"""Cells that hold what people typed: written as text, never as a formula or an error code.

A workbook writer turns a string that starts with '=' into a live formula, and '#N/A' into an error value: a name
imported as '=HYPERLINK(…)' would run in the office's Excel, and read back empty. Every writer of a workbook
that carries registry text builds its cells here. Characters no workbook can hold (control characters, which
the import refuses but older rows may carry) are shown as '�' rather than failing the whole export.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

REPLACEMENT = "\ufffd"


def text_cell(sheet, value) -> Cell:
    """A cell of `sheet` (write-only or not) holding `value`; a string is stored as a string, whatever it says."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def text_row(sheet, values: Iterable) -> list[Cell]:
    """A row for `sheet.append`: each value as `text_cell`, a cell already made (a styled header) as it is."""
    return [value if isinstance(value, Cell) else text_cell(sheet, value) for value in values]
