"""Importing the registry workbook: every error found in one pass, and nothing written unless there is none.

The import reads every sheet, checks every cell, resolves every place and post, checks the movement history
against what is recorded, and only then writes, in one transaction. Re-importing a file updates the same
people (the citizen ID is the key) instead of duplicating them. Each row written is kept in the row history with
the reason "Nhập từ tệp <name>" unless the caller gave one (`row_history.change_reason`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from openpyxl.utils import column_index_from_string, get_column_letter

from cadre.confined import ConfinedFailure, run_confined
from cadre.core.text import Text

from ..models import Official
from ..row_history import default_reason
from ..services import registry_lock
from . import cells, schema
from .cells import blank
from .checks import check_sheets
from .guard import WorkbookError, WorkbookTooLarge
from .resolve import Resolver
from .write import RegistryWriter


@dataclass(frozen=True)
class ImportIssue:
    sheet: str
    row: int
    column: str
    message_vi: str
    message_en: str

    @property
    def message(self) -> Text:
        return Text(self.message_vi, self.message_en)

    def render(self, language: str = "vi") -> str:
        """ "sheet, row N, column X: message" in `language` (Vietnamese unless "en")."""
        return Text(
            f"{self.sheet}, dòng {self.row}, cột {self.column}: {self.message_vi}",
            f"{self.sheet}, row {self.row}, column {self.column}: {self.message_en}",
        ).in_language(language)


@dataclass
class ImportReport:
    issues: list[ImportIssue] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues


class Row:
    """One data row: its number in Excel and its raw values, in the order of its sheet's `columns`."""

    __slots__ = ("number", "values")

    def __init__(self, number: int, values: tuple):
        self.number, self.values = number, values


@dataclass
class SheetRows:
    spec: schema.SheetSpec
    title: str
    rows: list[Row]
    columns: dict[str, int] = field(default_factory=dict)  # column key -> index in Row.values
    letters: dict[str, str] = field(default_factory=dict)  # column key -> its letter in Excel

    def cell(self, row: Row, key: str) -> Any:
        index = self.columns.get(key)
        return None if index is None else row.values[index]


class Issues:
    """Collects issues, each against a sheet, a row and a column (shown as 'D (Ngày sinh)'); `items` lists
    them in reading order: sheet by sheet (in the order of `sheets`), row by row, left to right."""

    def __init__(self, sheets: tuple[schema.SheetSpec, ...] = schema.SHEETS):
        self.sheets = sheets
        self._found: list[tuple[tuple, ImportIssue]] = []

    def add(self, sheet: SheetRows, row: Row | int, column: str | None, message_vi: str, message_en: str):
        number = row.number if isinstance(row, Row) else row
        letter = sheet.letters.get(column, "") if column is not None else ""
        if column is None:
            label = "—"
        else:
            header = sheet.spec.column(column).label
            label = f"{letter} ({header})" if letter and isinstance(row, Row) else header
        order = (self.sheets.index(sheet.spec), number, column_index_from_string(letter) if letter else 0)
        self._found.append((order, ImportIssue(sheet.title, number, label, message_vi, message_en)))

    @property
    def items(self) -> list[ImportIssue]:
        return [issue for _order, issue in sorted(self._found, key=lambda found: found[0])]


def read_workbook(
    source, issues: Issues, progress: Callable[[str], None]
) -> tuple[dict[str, SheetRows], list[Text]]:
    titles, found = read_confined(source)
    sheets: dict[str, SheetRows] = {}
    warnings = []
    for title in titles:
        spec = schema.sheet_for(title)
        if spec is None:
            if title not in (schema.GUIDE_TITLE, schema.POSITIONS_TITLE):
                warnings.append(
                    Text(
                        f"Bỏ qua sheet «{title}»: không phải sheet của sổ đăng ký.",
                        f"Sheet '{title}' was skipped: it is not a registry sheet.",
                    )
                )
            continue
        progress(f"{title}…")
        first_column, rows = found[title]
        sheets[spec.key] = sheet_rows(spec, title, first_column, rows, issues)
    if not sheets:
        raise WorkbookError(
            "Sổ không có sheet nào của sổ đăng ký (Cán bộ, Quá trình công tác, Đánh giá, Quy hoạch, "
            "Quan hệ gia đình, Kỷ luật).",
            "The workbook has none of the registry sheets (officials, postings, evaluations, succession_plans, "
            "relations, disciplines).",
        )
    return sheets, warnings


def read_confined(
    source, sheets: tuple[schema.SheetSpec, ...] = schema.SHEETS
) -> tuple[list[str], dict[str, tuple[int, list]]]:
    """The workbook's sheet titles and the cells of those among `sheets` (`cells.read_cells`; by default the
    registry's, the work plans' import passes its own), read in a child process
    within the memory and time the settings allow (CADRE_PARSE_MEMORY_MB, CADRE_PARSE_SECONDS). A file that
    takes the reader past them is refused like any unreadable file: the server goes on."""
    with _as_path(source) as path:
        try:
            messages = run_confined(
                cells.read_cells,
                path,
                sheets,
                memory_mb=settings.CADRE_PARSE_MEMORY_MB,
                seconds=settings.CADRE_PARSE_SECONDS,
                preload=(cells.__name__,),
            )
        except ConfinedFailure as failure:
            raise _beyond_limits(failure) from None
    titles, sheets = [], {}
    for kind, *content in messages:
        if kind == "refused":
            too_large, message_vi, message_en = content
            raise (WorkbookTooLarge if too_large else WorkbookError)(message_vi, message_en)
        if kind == "titles":
            titles = content[0]
        else:
            title, first_column, rows = content
            sheets[title] = (first_column, rows)
    return titles, sheets


@contextmanager
def _as_path(source) -> Iterator[str]:
    """A path the child can open: the file's own, Django's temporary copy of a large upload, or else a
    temporary copy made here (an upload held in memory, a few MB at most) that is removed afterwards."""
    if isinstance(source, str | Path):
        yield str(source)
        return
    if hasattr(source, "temporary_file_path"):
        yield source.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        source.seek(0)
        shutil.copyfileobj(source, copy)
        copy.flush()
        source.seek(0)
        yield copy.name


def _beyond_limits(failure: ConfinedFailure) -> WorkbookError:
    if failure.reason == "busy":
        return WorkbookError(
            "Máy chủ đang đọc nhiều tệp khác cùng lúc nên chưa đọc được tệp này. Không có gì được ghi. Hãy thử "
            "lại sau ít phút.",
            "The server is busy reading other files, so this one was not read. Nothing was written. Try again "
            "in a few minutes.",
        )
    if failure.reason == "time":
        seconds = settings.CADRE_PARSE_SECONDS
        return WorkbookTooLarge(
            f"Tệp quá lớn hoặc hỏng: đọc tệp quá {seconds} giây nên đã bị dừng. Không có gì được ghi. Hãy mở "
            "tệp trong Excel, lưu lại, hoặc chia thành nhiều sổ nhỏ hơn.",
            f"The file is too large or damaged: reading it took more than {seconds} s and was stopped. "
            "Nothing was written. Open it in Excel and save it again, or split it into smaller workbooks.",
        )
    memory = f"{settings.CADRE_PARSE_MEMORY_MB:,}"
    return WorkbookTooLarge(
        f"Tệp quá lớn hoặc hỏng: đọc tệp cần hơn {memory.replace(',', '.')} MB bộ nhớ hoặc làm trình đọc "
        "ngừng, nên đã bị dừng. Không có gì được ghi. Hãy mở tệp trong Excel, lưu lại, hoặc chia thành nhiều "
        "sổ nhỏ hơn.",
        f"The file is too large or damaged: reading it needed more than {memory} MB of memory or stopped the "
        "reader, and was stopped. Nothing was written. Open it in Excel and save it again, or split it into "
        "smaller workbooks.",
    )


def sheet_rows(
    spec: schema.SheetSpec, title: str, first_column: int, rows: list[tuple[int, list]], issues: Issues
) -> SheetRows:
    """The sheet's rows (its non-empty ones, numbered as in Excel) as records of the template's columns; the
    header is the first of them."""
    result = SheetRows(spec, title, [])
    header_row, header = rows[0] if rows else (1, ())
    positions: dict[str, int] = {}
    for index, title_cell in enumerate(header or ()):
        if blank(title_cell):
            continue
        column = schema.column_for(spec, str(title_cell))
        letter = get_column_letter(first_column + index + 1)
        if column is None:
            issues.add(
                result,
                header_row,
                None,
                f"Cột {letter} «{title_cell}» không có trong mẫu.",
                f"Column {letter} '{title_cell}' is not in the template.",
            )
        elif column.key in positions:
            issues.add(
                result,
                header_row,
                column.key,
                f"Cột {letter} lặp lại cột «{column.label}».",
                f"Column {letter} repeats '{column.label}'.",
            )
        else:
            positions[column.key] = index
    for column in spec.columns:
        if column.required and column.key not in positions:
            issues.add(
                result,
                header_row,
                column.key,
                "Thiếu cột bắt buộc.",
                f"The required column '{column.key}' is missing.",
            )
    result.letters = {key: get_column_letter(first_column + index + 1) for key, index in positions.items()}
    result.columns = {key: order for order, key in enumerate(positions)}
    wanted = list(positions.values())
    for number, values in rows[1:]:
        picked = tuple(values[index] if index < len(values) else None for index in wanted)
        result.rows.append(Row(number, picked))
    return result


def import_workbook(
    source,
    *,
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda message: None,
    allowed=None,
) -> ImportReport:
    """Check a whole workbook and, when it has no error and this is not a dry run, write it in one transaction.

    `allowed` (a queryset, `Official.objects.restrict(user, IMPORT)`) is the user's import scope. It is judged
    twice: before the checks, on the people already recorded (a row naming someone outside it is refused, with
    the very answer a citizen ID nobody has gets, so an error never tells whether they exist or describes
    them), and after the write, on where everyone ends up (a workbook may not place anyone outside it: nothing
    is written). Raises WorkbookError when the file is not a workbook at all, or places people outside the
    scope; every other problem is an ImportIssue."""
    issues = Issues()
    sheets, warnings = read_workbook(source, issues, progress)
    report = ImportReport(warnings=warnings, dry_run=dry_run)
    # Checking and writing share one transaction under the registry lock, so what was checked is what is
    # written over, even with another import or a posting recorded at the same time.
    with transaction.atomic():
        registry_lock()
        resolver = Resolver()
        # Scope first: people outside it are answered as if they did not exist, before any check can
        # describe them (their posts, their dates) in an error.
        hidden = _outside_scope(sheets, allowed) if allowed is not None else frozenset()
        checked = check_sheets(sheets, issues, resolver, progress, hidden=hidden)
        report.warnings += resolver.warnings()
        report.issues = issues.items
        if report.issues:
            transaction.set_rollback(True)
            return report
        writer = RegistryWriter(checked, resolver)
        with default_reason(import_reason(source)):
            report.counts = writer.write(progress)
        if allowed is not None:
            _check_scope(writer.touched, allowed)
        if dry_run:
            transaction.set_rollback(True)
    report.written = not dry_run
    return report


def import_reason(source) -> str:
    """Why the rows an import writes changed, as the row history keeps it: the file they came from."""
    name = Path(source).name if isinstance(source, str | Path) else getattr(source, "name", None)
    return f"Nhập từ tệp {name}" if name else "Nhập từ tệp Excel"


ID_COLUMNS = ("citizen_id", "relative_citizen_id")


def _outside_scope(sheets: dict[str, SheetRows], allowed, chunk: int = 5000) -> frozenset[str]:
    """The citizen IDs the workbook names that belong to recorded officials outside `allowed`."""
    named = set()
    for sheet in sheets.values():
        for key in ID_COLUMNS:
            if key not in sheet.columns:
                continue
            for row in sheet.rows:
                try:
                    named.add(schema.citizen_id(sheet.cell(row, key)))
                except schema.CellError:
                    continue  # the checks report it on its row
    named = sorted(named)
    outside = set()
    for start in range(0, len(named), chunk):
        part = named[start : start + chunk]
        recorded = set(Official.objects.filter(citizen_id__in=part).values_list("citizen_id", flat=True))
        inside = set(allowed.filter(citizen_id__in=part).values_list("citizen_id", flat=True))
        outside |= recorded - inside
    return frozenset(outside)


def _check_scope(touched: list[int], allowed) -> None:
    """Refuse, and so roll back, an import that places people outside the importer's scope (judged after the
    write, on where each person now works: a workbook may not move someone out, nor create them elsewhere)."""
    inside = set(allowed.filter(pk__in=touched).values_list("pk", flat=True))
    outside = [pk for pk in touched if pk not in inside]
    if outside:
        ids = list(Official.objects.filter(pk__in=outside[:10]).values_list("citizen_id", flat=True))
        more = f" (+{len(outside) - len(ids)})" if len(outside) > len(ids) else ""
        raise WorkbookError(
            f"Tệp có {len(outside)} cán bộ ngoài phạm vi bạn được nhập: {', '.join(ids)}{more}. Không ghi gì.",
            f"The file reaches {len(outside)} official(s) outside the scope you may import: "
            f"{', '.join(ids)}{more}. Nothing was written.",
        )
