"""Workbooks for people: every XLSX the app writes is built here.

Two things live here. First, cells that hold what people typed are written as text, never as a formula or an
error code: a workbook writer turns a string that starts with '=' into a live formula, and '#N/A' into an error
value, so a name imported as '=HYPERLINK(…)' would run in the office's Excel and read back empty. Characters no
workbook can hold (control characters, which the import refuses but older rows may carry) are shown as '�'
rather than failing the whole export.

Second, `Table`: a sheet an official opens in Excel and reads at once. A bold header row that stays in view
(frozen) and carries filters, columns wide enough for what they hold, dates as real date cells shown dd/mm/yyyy,
shares as % cells, sums of money with thousands separators, yes/no as "Có"/"Không" in the Vietnamese UI, and a
sheet name with its diacritics. Ids and hashes belong on a separate technical sheet (`technical_sheet`), never
on the main one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import get_language, gettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

REPLACEMENT = "\ufffd"
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
MONEY_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
TEXT_FORMAT = "@"
KINDS = ("text", "code", "date", "percent", "money", "integer", "decimal", "yes_no")
TECHNICAL_TITLE = ("Chi tiết kỹ thuật", "Technical details")

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_SAMPLE = 200  # rows measured to size the columns; a write-only sheet fixes its widths before its first row
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


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


def in_language(vi: str, en: str) -> str:
    """The Vietnamese or the English words, as the UI's language in force says (Vietnamese by default)."""
    return en if (get_language() or "vi").startswith("en") else vi


def sheet_title(title: str) -> str:
    """A title Excel accepts (at most 31 characters, none of []:*?/\\), diacritics kept."""
    return _BAD_TITLE.sub("-", str(title)).strip()[:31] or "Sheet"


@dataclass(frozen=True)
class Column:
    """One column of a `Table`: its header in each language, and what its cells hold (one of `KINDS`).

    text: words (stored as text whatever they look like); code: digits kept as text (a citizen ID keeps its
    leading zero); date: a date cell shown dd/mm/yyyy (a string, e.g. a date known to the year only, stays text);
    percent: a share 0–1 shown as %; money: whole đồng with separators; integer, decimal: numbers;
    yes_no: True/False shown "Có"/"Không" ("Yes"/"No")."""

    vi: str
    en: str = ""
    kind: str = "text"
    width: int | None = None  # fixed width in characters; None fits the content

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def header(self) -> str:
        return in_language(self.vi, self.en or self.vi)


class Table:
    """A sheet of rows people read (see the module's docstring). Call `close()` once the rows are in.

    Works on a write-only workbook (large exports) as well as on an ordinary one: the first rows are held back
    and measured, then the widths are fixed and the rows written."""

    def __init__(self, book, title: str, columns: Sequence[Column], sample: int = _SAMPLE, caption: str = ""):
        self.columns = tuple(columns)
        self.sheet = book.create_sheet(sheet_title(title))
        self.sample, self.rows, self.pending, self.closed = sample, 0, [], False
        self.widths = [len(c.header) for c in self.columns]
        # A report's title row above the header (what was exported, and when): the header moves down one.
        self.caption, self.header_row = caption, 2 if caption else 1

    def append(self, values: Sequence) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self.rows += 1
        if self.pending is None:
            self.sheet.append(self._cells(values))
            return
        self.pending.append(values)
        if len(self.pending) >= self.sample:
            self._flush()

    def close(self):
        """Write what is held back and mark the filter's range; returns the openpyxl sheet."""
        if not self.closed:
            self._flush()
            last = get_column_letter(len(self.columns))
            first = self.header_row
            self.sheet.auto_filter.ref = f"A{first}:{last}{self.rows + first}"
            self.closed = True
        return self.sheet

    def _flush(self) -> None:
        if self.pending is None:
            return
        for values in self.pending:
            for index, (column, value) in enumerate(zip(self.columns, values, strict=True)):
                self.widths[index] = max(self.widths[index], _shown_width(column.kind, value))
        for index, column in enumerate(self.columns):
            width = column.width or min(_MAX_WIDTH, max(_MIN_WIDTH, self.widths[index] + 2))
            self.sheet.column_dimensions[get_column_letter(index + 1)].width = width
        self.sheet.freeze_panes = f"A{self.header_row + 1}"
        if self.caption:
            caption = text_cell(self.sheet, self.caption)
            caption.font = _HEADER_FONT
            self.sheet.append([caption])
        self.sheet.append([self._header(c) for c in self.columns])
        pending, self.pending = self.pending, None
        for values in pending:
            self.sheet.append(self._cells(values))

    def _header(self, column: Column) -> Cell:
        cell = WriteOnlyCell(self.sheet, value=column.header)
        cell.data_type = "s"
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT
        return cell

    def _cells(self, values: Sequence) -> list[Cell]:
        return [
            typed_cell(self.sheet, column.kind, value)
            for column, value in zip(self.columns, values, strict=True)
        ]


def typed_cell(sheet, kind: str, value) -> Cell:
    """A cell holding `value` as a column of `kind` shows it (see `Column`)."""
    if value == "":
        value = None
    if kind == "yes_no" and isinstance(value, bool):
        value = gettext("Yes") if value else gettext("No")
    if kind == "date" and isinstance(value, str):
        value = _iso_date(value)
    cell = text_cell(sheet, value)
    if kind == "code":
        cell.number_format = TEXT_FORMAT
    elif isinstance(value, str) or value is None:
        pass
    elif kind == "date" and isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif kind == "percent":
        cell.number_format = PERCENT_FORMAT
    elif kind in ("money", "integer"):
        cell.number_format = MONEY_FORMAT
    elif kind == "decimal":
        cell.number_format = DECIMAL_FORMAT
    return cell


def technical_sheet(book, rows: Iterable[tuple[str, str, object]]):
    """The optional last sheet "Chi tiết kỹ thuật": (label vi, label en, value) rows for auditors, with the
    ids and hashes the main sheets leave out."""
    table = Table(book, in_language(*TECHNICAL_TITLE), [Column("Mục", "Item"), Column("Giá trị", "Value")])
    for vi, en, value in rows:
        table.append([in_language(vi, en), value if isinstance(value, str | int | float) else _plain(value)])
    return table.close()


def _plain(value) -> str | None:
    return None if value is None else str(value)


def _iso_date(value: str) -> dt.date | str:
    """'2026-12-05' (how plans store dates) as a date; anything else stays the text it is."""
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else value
    except ValueError:
        return value


def _shown_width(kind: str, value) -> int:
    if value is None or value == "":
        return 0
    if kind == "date" and not isinstance(value, str):
        return 10
    if kind == "percent" and isinstance(value, int | float):
        return 6
    if kind in ("money", "integer") and isinstance(value, int | float):
        return len(f"{value:,.0f}")
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)
