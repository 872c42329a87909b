"""Importing the registry workbook: every error found in one pass, and nothing written unless there is none.

The import reads every sheet, checks every cell, resolves every place and post, checks the movement history
against what is recorded, and only then writes, in one transaction. Re-importing a file updates the same
people (the citizen ID is the key) instead of duplicating them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from . import workbook as wb
from .resolve import Resolver
from .writer import RegistryWriter

CHUNK = 5000


@dataclass(frozen=True)
class ImportIssue:
    sheet: str
    row: int
    column: str
    message_vi: str
    message_en: str

    def render(self, language: str = "vi") -> str:
        if language == "en":
            return f"{self.sheet}, row {self.row}, column {self.column}: {self.message_en}"
        return f"{self.sheet}, dòng {self.row}, cột {self.column}: {self.message_vi}"


@dataclass
class ImportReport:
    issues: list[ImportIssue] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues


class WorkbookError(ValueError):
    """The file cannot be read as a registry workbook at all."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi, self.message_en = message_vi, message_en


@dataclass
class Row:
    number: int
    cells: dict[str, Any]
    letters: dict[str, str]


@dataclass
class SheetRows:
    spec: wb.SheetSpec
    title: str
    rows: list[Row]


class Issues:
    """Collects issues, each against a sheet, a row and a column (shown as 'D (Ngày sinh)')."""

    def __init__(self):
        self.items: list[ImportIssue] = []

    def add(self, sheet: SheetRows, row: Row | int, column: str | None, message_vi: str, message_en: str):
        number = row.number if isinstance(row, Row) else row
        if column is None:
            label = "—"
        else:
            header = sheet.spec.column(column).label
            letter = row.letters.get(column, "") if isinstance(row, Row) else ""
            label = f"{letter} ({header})" if letter else header
        self.items.append(ImportIssue(sheet.title, number, label, message_vi, message_en))


def read_workbook(
    source, issues: Issues, progress: Callable[[str], None]
) -> tuple[dict[str, SheetRows], list]:
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise WorkbookError(
            "Tệp không phải là sổ Excel .xlsx đọc được.",
            f"The file is not a readable Excel .xlsx workbook ({type(error).__name__}).",
        ) from None
    sheets: dict[str, SheetRows] = {}
    warnings = []
    try:
        for worksheet in book.worksheets:
            spec = wb.sheet_for(worksheet.title)
            if spec is None:
                if worksheet.title not in (wb.GUIDE_TITLE, wb.POSITIONS_TITLE):
                    warnings.append(
                        (
                            f"Bỏ qua sheet «{worksheet.title}»: không phải sheet của sổ đăng ký.",
                            f"Sheet '{worksheet.title}' was skipped: it is not a registry sheet.",
                        )
                    )
                continue
            progress(f"{worksheet.title}…")
            sheets[spec.key] = _read_sheet(spec, worksheet, issues)
    finally:
        book.close()
    if not sheets:
        raise WorkbookError(
            "Sổ không có sheet nào của sổ đăng ký (Cán bộ, Quá trình công tác, Đánh giá, Quy hoạch, "
            "Quan hệ gia đình).",
            "The workbook has none of the registry sheets (officials, postings, evaluations, succession_plans, "
            "relations).",
        )
    return sheets, warnings


def _read_sheet(spec: wb.SheetSpec, worksheet, issues: Issues) -> SheetRows:
    result = SheetRows(spec, worksheet.title, [])
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        if title is None or not str(title).strip():
            continue
        column = wb.column_for(spec, str(title))
        letter = get_column_letter(index + 1)
        if column is None:
            issues.add(
                result,
                1,
                None,
                f"Cột {letter} «{title}» không có trong mẫu.",
                f"Column {letter} '{title}' is not in the template.",
            )
        elif column.key in positions:
            issues.add(
                result,
                1,
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
                1,
                column.key,
                "Thiếu cột bắt buộc.",
                f"The required column '{column.key}' is missing.",
            )
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}
    for number, values in enumerate(rows, start=2):
        if not values or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        cells = {key: values[index] if index < len(values) else None for key, index in positions.items()}
        result.rows.append(Row(number, cells, letters))
    return result


def import_workbook(
    source,
    *,
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportReport:
    """Check a whole workbook and, when it has no error and this is not a dry run, write it in one transaction.

    Raises WorkbookError when the file is not a workbook at all; every other problem is an ImportIssue."""
    issues = Issues()
    sheets, warnings = read_workbook(source, issues, progress)
    report = ImportReport(warnings=warnings, dry_run=dry_run)
    resolver = Resolver()
    checked = _check(sheets, issues, resolver, progress)
    report.issues = issues.items
    if issues.items:
        return report
    writer = RegistryWriter(checked, resolver)
    with transaction.atomic():
        report.counts = writer.write(progress)
        if dry_run:
            transaction.set_rollback(True)
    report.written = not dry_run
    return report


def _check(sheets: dict[str, SheetRows], issues: Issues, resolver: Resolver, progress) -> dict[str, list]:
    """Parse and check every row; returns, per sheet, the rows that passed as plain dicts."""
    from .checks import check_sheets

    return check_sheets(sheets, issues, resolver, progress)


def render_issues(issues: Iterable[ImportIssue], language: str = "vi") -> list[str]:
    return [issue.render(language) for issue in issues]
