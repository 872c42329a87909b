"""The exit list as an XLSX workbook: the page's rows in the page's order, each scheme's total, the estimated
inputs and the sources, and a second sheet with the dates assumed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font

from cadre.core.rules.exit_benefits import OPTIONS
from cadre.spreadsheet import text_cell, text_row

from .estimates import NOTE, UNVERIFIED, Assumptions
from .listing import ExitRow
from .options import OPTION_NAMES

HEADERS = (
    _("Citizen ID"),
    _("Full name"),
    _("Current post"),
    _("Commune or ward"),
    _("Province or city"),
    _("Flag"),
    _("Reason"),
    _("Dismissal protection"),
    _("Best option"),
    _("Best total (VND, estimate)"),
)


def export_values(row: ExitRow) -> list:
    """The row as the export writes it: the page's columns, then each option's total and the inputs used."""
    person, best = row.person, row.best
    return [
        person.citizen_id,
        person.full_name,
        str(person.position_name),
        person.commune_name,
        person.province_name,
        str(row.flag_label),
        str(row.reason),
        str(row.protection or ""),
        str(row.best_name),
        best.total if best else None,
        *(row.total(scheme, kind) for scheme, kind in OPTIONS),
        str(row.estimated),
        f"{row.source} ({UNVERIFIED})" if row.unverified else row.source,
    ]


def write_workbook(file, rows: list[ExitRow], assumptions: Assumptions) -> None:
    """The rows on one sheet (the citizen ID kept as text), and the assumptions on a second one."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("Exit list")))
    sheet.freeze_panes = "A2"
    names = [str(OPTION_NAMES[key]) for key in OPTIONS]
    header = [*map(str, HEADERS), *names, str(_("Estimated inputs")), str(_("Source:")).rstrip(":")]
    sheet.append([_cell(sheet, text, bold=True) for text in header])
    for row in rows:
        values = export_values(row)
        sheet.append(text_row(sheet, [_cell(sheet, values[0], text=True), *values[1:]]))
    notes = book.create_sheet(str(_("Assumptions")))
    notes.append([str(NOTE)])
    for item in assumptions.inputs():
        notes.append(text_row(notes, [str(item.label), str(item.value), str(item.kind), str(item.basis)]))
    book.save(file)


def _cell(sheet, value, bold: bool = False, text: bool = False) -> Cell:
    cell = text_cell(sheet, value)
    if bold:
        cell.font = Font(bold=True)
    if text:
        cell.number_format = "@"
    return cell
