"""The service centre workbook (sổ số liệu trung tâm phục vụ hành chính công): its template, and its import.

One row per commune and month: the commune (its name or code), the month (mm/yyyy), the four counts of dossiers
and the satisfaction where measured. The import is all or nothing, like the registry's: the file is bounded and
read in a confined child (`centre_cells`), every cell is checked with the core's checks, every error is listed
as "sheet, row N, column X: message", and nothing is written unless there is none. Rows naming a commune and a
month but no figure are the template's blank lines, skipped and counted. Written rows have the source
"imported" and enter the row history with the file's name as the reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cadre.accounts.permissions import WORKPLAN, visible_communes
from cadre.confined import ConfinedFailure, run_confined
from cadre.core.place_names import NAME_PREFIXES, fold
from cadre.core.rules.service_centre import (
    FIGURES,
    SATISFACTION,
    CentreFigureError,
    CentreMonth,
    check_count,
    check_satisfaction,
)
from cadre.people.row_history import CHANGED, CREATED, change_reason, snapshot
from cadre.people.workbook import schema
from cadre.people.workbook.cells import blank
from cadre.people.workbook.guard import WorkbookError, WorkbookTooLarge
from cadre.people.workbook.importer import (  # the registry import's pieces, shared rather than copied
    ImportIssue,
    ImportReport,
    _as_path,
    _beyond_limits,
    import_reason,
)

from . import centre_cells
from .centre import FIGURE_FIELDS, check_month_period, latest_month, write_figures
from .centre_cells import GUIDE_TITLE, SHEET_TITLE, SHEET_TITLE_EN
from .models import CentreSource, ServiceCentreMonth

C = schema.Column
SHEET = schema.SheetSpec(
    "centre_months",
    SHEET_TITLE,
    SHEET_TITLE_EN,
    (
        C("commune", "Xã/phường", "Tên hoặc mã xã, phường, đặc khu", "Name or code of the commune", True),
        C("month", "Tháng", "mm/yyyy", "mm/yyyy", True),
        *(C(key, label.vi, "Số hồ sơ", "Number of dossiers", True) for key, label in FIGURES.items()),
        C("satisfaction", SATISFACTION.vi, "0–100; để trống nếu chưa đo", "0–100; blank if not measured"),
    ),
)
MAX_ROWS = 100_000  # 3,321 communes × 24 months, with room: the guard bounds the file before this


# ---- The template -----------------------------------------------------------------------------------------


def write_template(file, user, today: dt.date) -> None:
    """The workbook to fill in: one line per commune the user may enter figures for, with the month being
    reported (`centre.latest_month`) written in, and a guide sheet explaining each column."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    widths = (32, 10, 16, 18, 18, 22, 18)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_bold(sheet, [column.label for column in SHEET.columns]))
    communes = list(visible_communes(user, WORKPLAN).order_by("name", "code").values_list("code", "name"))
    names = defaultdict(int)
    for _code, name in communes:
        names[fold(name)] += 1
    month = f"{latest_month(today):%m/%Y}"
    for code, name in communes:
        sheet.append([name if names[fold(name)] == 1 else code, month])  # a name two communes share: the code
    guide = book.create_sheet(GUIDE_TITLE)
    guide.append(_bold(guide, ["Cột", "Ghi gì", "Column", "What to write"]))
    for column in SHEET.columns:
        guide.append([column.label, column.help_vi, column.key, column.help_en])
    guide.append([])
    guide.append(
        [
            "Mỗi dòng là một xã/phường trong một tháng. Dòng không ghi số liệu nào được bỏ qua. Nếu có lỗi, "
            "không dòng nào được ghi và mọi lỗi được liệt kê theo ô.",
        ]
    )
    book.save(file)


def _bold(sheet, values: list) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


# ---- The import -------------------------------------------------------------------------------------------


def import_centre_workbook(
    source, *, user, dry_run: bool = False, today: dt.date | None = None
) -> ImportReport:
    """Check the whole workbook and, when it has no error and this is not a dry run, write it in one
    transaction. Only communes the user may enter figures for (WORKPLAN) are found. Raises WorkbookError when
    the file is not a readable workbook; every other problem is an ImportIssue with its cell."""
    today = today or timezone.localdate()
    title, first_column, rows = _read_confined(source)
    if len(rows) > MAX_ROWS + 1:
        raise WorkbookTooLarge(
            f"Trang tính «{title}» có hơn {MAX_ROWS:,} dòng. Hãy chia thành nhiều sổ nhỏ hơn.".replace(
                f"{MAX_ROWS:,}", f"{MAX_ROWS:,}".replace(",", ".")
            ),
            f"Sheet '{title}' has more than {MAX_ROWS:,} rows. Split it into smaller workbooks.",
        )
    check = _Check(title, first_column, rows, _CommuneNames(visible_communes(user, WORKPLAN)), today)
    report = ImportReport(dry_run=dry_run)
    report.issues = check.issues()
    if report.issues:
        return report
    with transaction.atomic():
        with change_reason(import_reason(source), user=user):
            report.counts = _write(check.checked, user)
        if dry_run:
            transaction.set_rollback(True)
    report.counts["skipped"] = check.skipped
    report.written = not dry_run
    return report


def _read_confined(source) -> tuple[str, int, list]:
    with _as_path(source) as path:
        try:
            messages = run_confined(
                centre_cells.read_centre_sheet,
                path,
                memory_mb=settings.CADRE_PARSE_MEMORY_MB,
                seconds=settings.CADRE_PARSE_SECONDS,
                preload=(centre_cells.__name__,),
            )
        except ConfinedFailure as failure:
            raise _beyond_limits(failure) from None
    for kind, *content in messages:
        if kind == "refused":
            too_large, message_vi, message_en = content
            raise (WorkbookTooLarge if too_large else WorkbookError)(message_vi, message_en)
        title, first_column, rows = content
        return title, first_column, rows
    raise WorkbookError("Không đọc được tệp.", "The file could not be read.")


class _CommuneNames:
    """The communes a user may import for, found by code, by name, or by name without its type word ("An Lão"
    for "Xã An Lão"). A name two of them share is ambiguous: the code must be written."""

    def __init__(self, communes):
        self.codes: dict[str, tuple[str, str]] = {}  # code -> (name, province code)
        self.names: dict[str, list[str]] = defaultdict(list)
        self.bare: dict[str, list[str]] = defaultdict(list)
        for code, name, province in communes.values_list("code", "name", "province_id"):
            self.codes[code] = (name, province)
            self.names[fold(name)].append(code)
            self.bare[_without_type(fold(name))].append(code)

    def find(self, value) -> str:
        written = _short(value)
        if not written:
            raise CentreFigureError(
                "Chưa ghi xã/phường (tên hoặc mã).", "The commune (name or code) is missing.", field="commune"
            )
        if written in self.codes:
            return written
        key = fold(written)
        found = self.names.get(key) or self.bare.get(_without_type(key)) or []
        if len(found) == 1:
            return found[0]
        if found:
            shown = ", ".join(f"{self.codes[c][0]} ({c})" for c in found[:5])
            raise CentreFigureError(
                f"«{written}» là tên của nhiều xã/phường: {shown}. Hãy ghi mã xã/phường.",
                f"'{written}' names several communes: {shown}. Write the commune's code.",
                field="commune",
            )
        raise CentreFigureError(
            f"Không tìm thấy xã/phường «{written}» trong phạm vi bạn được nhập số liệu.",
            f"No commune '{written}' within the scope you may enter figures for.",
            field="commune",
        )


def _short(value, limit: int = 80) -> str:
    """A cell's text as an error quotes it: a cell may hold pages of text, the message does not."""
    text = schema.text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _without_type(folded: str) -> str:
    for prefix in NAME_PREFIXES:
        if folded.startswith(prefix + " "):
            return folded[len(prefix) + 1 :]
    return folded


def _month(value, today: dt.date) -> dt.date:
    """A month cell: mm/yyyy, or a date (its month); a year alone is refused."""
    try:
        known = schema.partial_date(value)
    except schema.CellError as error:
        raise CentreFigureError(error.message_vi, error.message_en, field="month") from None
    if known.month is None:
        raise CentreFigureError(
            f"Tháng «{schema.text(value)}» phải ghi cả tháng và năm (mm/yyyy).",
            f"The month '{schema.text(value)}' must give the month and the year (mm/yyyy).",
            field="month",
        )
    return check_month_period(dt.date(known.year, known.month, 1), today)


class _Check:
    """Every data row of the sheet checked, cell by cell: `checked` the good rows, `issues()` every problem."""

    def __init__(self, title: str, first_column: int, rows: list, communes: _CommuneNames, today: dt.date):
        self.title, self.communes, self.today = title, communes, today
        self._found: list[tuple[tuple, ImportIssue]] = []
        # (commune code, month) -> (province code, the checked figures)
        self.checked: dict[tuple[str, dt.date], tuple[str, dict]] = {}
        self.skipped = 0
        header_row, header = rows[0] if rows else (1, [])
        self.positions: dict[str, int] = {}
        self.letters: dict[str, str] = {}
        for index, cell in enumerate(header):
            if blank(cell):
                continue
            letter = get_column_letter(first_column + index + 1)
            column = schema.column_for(SHEET, str(cell))
            if column is None or column.key in self.positions:
                self._add(
                    header_row,
                    letter,
                    None,
                    f"Cột «{_short(cell)}» không có trong mẫu hoặc lặp lại.",
                    f"Column '{_short(cell)}' is not in the template, or repeats another.",
                )
                continue
            self.positions[column.key], self.letters[column.key] = index, letter
        missing = [c for c in SHEET.columns if c.required and c.key not in self.positions]
        for column in missing:
            self._add(header_row, "", column.key, "Thiếu cột bắt buộc.", "A required column is missing.")
        if not missing:
            firsts: dict[tuple[str, dt.date], int] = {}
            for number, values in rows[1:]:
                self._row(number, values, firsts)

    def _add(self, row: int, letter: str, key: str | None, message_vi: str, message_en: str) -> None:
        header = SHEET.column(key).label if key else ""
        label = f"{letter} ({header})" if letter and header else (letter or header or "—")
        order = (row, self.positions.get(key, -1) if key else -1)
        self._found.append((order, ImportIssue(self.title, row, label, message_vi, message_en)))

    def issues(self) -> list[ImportIssue]:
        return [issue for _order, issue in sorted(self._found, key=lambda found: found[0])]

    def _row(self, number: int, values: list, firsts: dict) -> None:
        def cell(key):
            index = self.positions.get(key)
            return values[index] if index is not None and index < len(values) else None

        if all(blank(cell(key)) for key in FIGURE_FIELDS):
            self.skipped += 1  # a template line left empty: this commune has not reported
            return
        read = {}
        for key, reader in (
            ("commune", self.communes.find),
            ("month", lambda value: _month(value, self.today)),
            *((key, lambda value, key=key: check_count(key, value)) for key in FIGURES),
            ("satisfaction", check_satisfaction),
        ):
            try:
                read[key] = reader(cell(key))
            except CentreFigureError as error:
                self._add(number, self.letters.get(key, ""), key, error.message_vi, error.message_en)
        if "commune" not in read or "month" not in read:
            return
        pair = (read["commune"], read["month"])
        if pair in firsts:
            self._add(
                number,
                self.letters["month"],
                "month",
                f"Xã/phường này đã có số liệu tháng {pair[1]:%m/%Y} ở dòng {firsts[pair]}.",
                f"This commune's figures for {pair[1]:%m/%Y} are already on row {firsts[pair]}.",
            )
            return
        firsts[pair] = number
        if len(read) == len(SHEET.columns):
            province = self.communes.codes[pair[0]][1]
            self.checked[pair] = (province, {key: read[key] for key in FIGURE_FIELDS})


def _write(checked: dict, user) -> dict[str, int]:
    """Create or update each checked row (a row that would not change is left alone), with its history: in
    bulk (both databases give back the new rows' keys), then copied into the history in one statement each."""
    existing = {}
    codes = {code for code, _month in checked}
    months = {month for _code, month in checked}
    for row in ServiceCentreMonth.objects.select_for_update().filter(commune__in=codes, month__in=months):
        existing[(row.commune_id, row.month)] = row
    created, changed = [], []
    now = timezone.now()
    for (code, month), (province, values) in checked.items():
        row = existing.get((code, month))
        if row is not None and all(getattr(row, key) == values[key] for key in FIGURE_FIELDS):
            continue
        row = row or ServiceCentreMonth(commune_id=code, province_id=province, month=month)
        write_figures(row, CentreMonth(**values), user=user, source=CentreSource.IMPORTED)
        row.updated_at = now
        (changed if row.pk else created).append(row)
    ServiceCentreMonth.objects.bulk_create(created, batch_size=1000)
    if changed:
        fields = [*FIGURE_FIELDS, "source", "updated_by", "updated_at"]
        ServiceCentreMonth.objects.bulk_update(changed, fields, batch_size=1000)
    snapshot(ServiceCentreMonth, CREATED, sorted(row.pk for row in created), at=now)
    snapshot(ServiceCentreMonth, CHANGED, sorted(row.pk for row in changed), at=now)
    unchanged = len(checked) - len(created) - len(changed)
    return {"created": len(created), "updated": len(changed), "unchanged": unchanged}
