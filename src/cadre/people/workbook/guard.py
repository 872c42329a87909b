"""Bounding a workbook before anything parses it: no upload may make the reader exhaust the server.

An .xlsx file is a zip of XML parts, and its size says little about what reading it costs. The reader (calamine)
lays each sheet out as a dense grid from the top-left to the bottom-right cell it finds, or that the sheet
declares: one cell at XFD1048576 in a 7 KB file asks for 17 billion cells, and a 300 KB file can hold a 300 MB
string. So before the reader sees the file, this module streams every part once, in chunks, through byte
patterns (no XML tree is built), and refuses, naming the sheet and the cell:
- a file that is not an .xlsx zip, or whose parts unpack to more than `MAX_UNPACKED_BYTES` (a zip bomb);
- a sheet whose grid (declared or actual) spans more than `MAX_SHEET_CELLS` cells or `MAX_COLUMNS` columns;
- a run of text (a cell's) of more than `MAX_TEXT_BYTES` (Excel itself stops a cell at 32,767 characters; the
  import's own checks hold each column to its length).

The limits are far above any real registry (the national demo's 190,000 officials and their postings fit) and far
below what would hurt the server.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter

from cadre.core.errors import BilingualError

MAX_UNPACKED_BYTES = 1 << 30  # 1 GiB of XML: a 50 MB upload of real data unpacks to a few hundred MB
MAX_PARTS = 10_000
MAX_SHEET_CELLS = 20_000_000  # the grid the reader lays out, empty cells included
MAX_COLUMNS = 1_000  # the registry's sheets have a few dozen
MAX_TEXT_BYTES = 2 << 20  # 2 MiB in one cell: sixty times what Excel lets a cell hold
_CHUNK = 1 << 20

_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"'
)
# A cell's reference, wherever the attribute stands in its tag (the plain pattern is five times faster than one
# anchored on the tag; an attribute of another tag that ends in r and looks like a cell only makes it stricter).
_CELL_COLUMN = re.compile(rb'r="([A-Z]{1,3})\d')
_CELL_ROW = re.compile(rb'r="[A-Z]{1,3}(\d{1,7})"')
# XML lets the same reference be written so that the patterns above miss it (in single quotes, with spaces
# round '=', as character references, in UTF-16); Excel writes none of these, so a sheet that does is refused.
# The search is slow, so it runs only on a chunk whose cell tags outnumber the references found in it.
_EVASIVE = re.compile(rb"""\b(?:r|ref)\s+=|\b(?:r|ref)=\s|\b(?:r|ref)='|\b(?:r|ref)="[^"A-Z0-9]""")
_CELL_TAGS = tuple(b"<c" + space for space in (b" ", b"\t", b"\n", b"\r"))
_PREFIXED_CELL = re.compile(rb"<\w+:c[\s/>]")


def _vi(number: int) -> str:
    """A whole number as Vietnamese writes it: 20.000.000."""
    return f"{number:,}".replace(",", ".")


class WorkbookError(BilingualError):
    """The file cannot be read as a registry workbook at all."""


class WorkbookTooLarge(WorkbookError):
    """The workbook would cost more to read than any registry needs: refused before it is parsed."""


@dataclass
class _Grid:
    """What one sheet's XML says of its extent: the corners of its cells and of its declared dimension."""

    columns: set[bytes]
    rows: set[bytes]
    cells: int = 0
    declared: tuple[int, int, int, int] | None = None  # first column, first row, last column, last row

    def extent(self) -> tuple[int, int, int, int] | None:
        corners = []
        if self.columns and self.rows:
            columns = [column_index_from_string(c.decode()) for c in self.columns]
            rows = [int(r) for r in self.rows]
            corners.append((min(columns), min(rows), max(columns), max(rows)))
        if self.declared:
            corners.append(self.declared)
        if not corners:
            return None
        return (
            min(c[0] for c in corners),
            min(c[1] for c in corners),
            max(c[2] for c in corners),
            max(c[3] for c in corners),
        )


def check_workbook(source) -> None:
    """Refuse `source` (a path or a seekable file) with `WorkbookTooLarge` unless every bound above holds; a file
    object is left at its start for the reader."""
    try:
        with zipfile.ZipFile(source) as archive:
            _check_archive(archive)
    except zipfile.BadZipFile:
        raise WorkbookTooLarge(
            "Tệp không phải là sổ Excel (.xlsx): hãy mở tệp trong Excel và lưu lại dưới dạng .xlsx.",
            "The file is not an Excel workbook (.xlsx): open it in Excel and save it as .xlsx.",
        ) from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def _check_archive(archive: zipfile.ZipFile) -> None:
    parts = archive.infolist()
    if len(parts) > MAX_PARTS or not any(p.filename == "xl/workbook.xml" for p in parts):
        raise WorkbookTooLarge(
            "Tệp không phải là sổ Excel (.xlsx): hãy mở tệp trong Excel và lưu lại dưới dạng .xlsx.",
            "The file is not an Excel workbook (.xlsx): open it in Excel and save it as .xlsx.",
        )
    titles = _sheet_titles(archive)
    budget = MAX_UNPACKED_BYTES
    for part in parts:
        # A sheet is whatever part the workbook's index points at, whatever its name ends in.
        is_sheet = part.filename in titles or part.filename.startswith("xl/worksheets/")
        if not (is_sheet or part.filename.endswith((".xml", ".rels"))):
            continue  # pictures and the like: the reader never opens them
        grid = _Grid(set(), set()) if is_sheet else None
        for number, chunk in enumerate(_text_chunks(archive, part, titles)):
            budget -= len(chunk)
            if budget < 0:
                raise WorkbookTooLarge(
                    f"Sổ giải nén ra hơn {_vi(MAX_UNPACKED_BYTES >> 20)} MB dữ liệu: không phải một sổ đăng ký "
                    "bình thường. Hãy chia thành nhiều sổ nhỏ hơn.",
                    f"The workbook unpacks to more than {MAX_UNPACKED_BYTES >> 20:,} MB: that is no ordinary "
                    "registry. Split it into smaller workbooks.",
                )
            if grid is not None:
                _scan(chunk, grid, first=number == 0, sheet=titles.get(part.filename, part.filename))
        if grid is not None:
            _check_grid(titles.get(part.filename, part.filename), grid)


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's title as the user sees it on its tab ("xl/worksheets/sheet1.xml" -> "Cán bộ"), read
    from the workbook's small index parts (a part that is not small is no index a user made: no titles)."""
    try:
        book = _small_part(archive, "xl/workbook.xml")
        links = _small_part(archive, "xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for element in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", links):
        identifier, target = _attribute(element, b"Id"), _attribute(element, b"Target")
        if identifier and target:
            target = target.lstrip("/")
            targets[identifier] = target if target.startswith("xl/") else f"xl/{target}"
    titles = {}
    for element in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        name, identifier = _attribute(element, b"name"), _attribute(element, b"r:id")
        if name and identifier in targets:
            titles[targets[identifier]] = name
    return titles


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as stream:
        data = stream.read(_CHUNK + 1)
    return b"" if len(data) > _CHUNK else data


def _attribute(element: bytes, name: bytes) -> str | None:
    found = re.search(rb"\s" + re.escape(name) + rb'="([^"]*)"', element)
    return html.unescape(found.group(1).decode("utf-8", "replace")) if found else None


def _text_chunks(archive: zipfile.ZipFile, part: zipfile.ZipInfo, titles: dict[str, str]) -> Iterator[bytes]:
    """The part's bytes in chunks, each ending just before a '<' so that no tag or text is cut in two (the rest
    goes with the next chunk). A run with no '<' in it longer than `MAX_TEXT_BYTES` is refused here, before it
    can fill memory: a run longer than a chunk is always the one a buffer starts with, so that one is measured."""
    carry = b""
    with archive.open(part) as stream:
        while True:
            data = stream.read(_CHUNK)
            buffer = carry + data
            end = buffer.find(b"<", 1)
            if (end if end >= 0 else len(buffer)) > MAX_TEXT_BYTES:
                _too_long(part.filename, titles)
            if not data:
                if buffer:
                    yield buffer
                return
            cut = buffer.rfind(b"<")
            if cut <= 0:
                carry = buffer
            else:
                carry = buffer[cut:]
                yield buffer[:cut]


def _too_long(part: str, titles: dict[str, str]) -> None:
    title = titles.get(part)
    where = f"trang tính «{title}»" if title else "bảng chuỗi dùng chung của sổ"
    where_en = f"sheet '{title}'" if title else "the workbook's shared strings"
    raise WorkbookTooLarge(
        f"Một ô trong sổ ({where}) có hơn {MAX_TEXT_BYTES >> 20} MB chữ, trong khi chính Excel chỉ cho một ô "
        f"{_vi(32_767)} ký tự. Hãy xóa hoặc rút ngắn nội dung đó.",
        f"A cell of the workbook ({where_en}) holds more than {MAX_TEXT_BYTES >> 20} MB of text, where Excel itself "
        "allows 32,767 characters. Delete or shorten it.",
    )


def _scan(chunk: bytes, grid: _Grid, first: bool, sheet: str) -> None:
    columns = _CELL_COLUMN.findall(chunk)
    tags = sum(chunk.count(tag) for tag in _CELL_TAGS)
    dimension = _DIMENSION.search(chunk) if first else None
    unread_dimension = first and dimension is None and b"dimension" in chunk
    if b"\x00" in chunk or unread_dimension or (tags != len(columns) and _EVASIVE.search(chunk)):
        raise WorkbookTooLarge(
            f"Trang tính «{sheet}» không được ghi theo cách Excel ghi một sổ: hãy mở tệp trong Excel và lưu lại.",
            f"Sheet '{sheet}' is not written the way Excel writes a workbook: open it in Excel and save it again.",
        )
    # The dimension stands before the sheet's data, in the first chunk.
    if dimension:
        first_column, first_row, last_column, last_row = dimension.groups()
        last_column, last_row = last_column or first_column, last_row or first_row
        grid.declared = (
            column_index_from_string(first_column.decode()),
            int(first_row),
            column_index_from_string(last_column.decode()),
            int(last_row),
        )
    grid.columns.update(columns)
    grid.rows.update(_CELL_ROW.findall(chunk))
    grid.cells += chunk.count(b"<c")  # every cell tag, and a few others (<col>): never fewer
    if b":c" in chunk:  # cells written with a namespace prefix (<x:c>) count too
        grid.cells += len(_PREFIXED_CELL.findall(chunk))


def _check_grid(sheet: str, grid: _Grid) -> None:
    extent = grid.extent()
    if extent is not None:
        first_column, first_row, last_column, last_row = extent
        columns, rows = last_column - first_column + 1, last_row - first_row + 1
        corner = f"{get_column_letter(last_column)}{last_row}"
        if columns > MAX_COLUMNS or columns * rows > MAX_SHEET_CELLS:
            raise WorkbookTooLarge(
                f"Trang tính «{sheet}» trải tới ô {corner} ({_vi(rows)} dòng × {_vi(columns)} cột), vượt giới "
                f"hạn {_vi(MAX_SHEET_CELLS)} ô ({_vi(MAX_COLUMNS)} cột) của một trang. Hãy xóa các dòng và cột "
                "trống ở sau dữ liệu rồi lưu lại.",
                f"Sheet '{sheet}' reaches cell {corner} ({rows:,} rows × {columns:,} columns), over the limit "
                f"of {MAX_SHEET_CELLS:,} cells ({MAX_COLUMNS:,} columns) a sheet. Delete the empty rows and "
                "columns after the data and save it again.",
            )
    if grid.cells > MAX_SHEET_CELLS:
        raise WorkbookTooLarge(
            f"Trang tính «{sheet}» có hơn {_vi(MAX_SHEET_CELLS)} ô. Hãy chia thành nhiều sổ nhỏ hơn.",
            f"Sheet '{sheet}' has more than {MAX_SHEET_CELLS:,} cells. Split it into smaller workbooks.",
        )
