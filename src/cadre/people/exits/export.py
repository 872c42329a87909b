"""The exit list as an XLSX workbook: the page's rows in the page's order, each scheme's total, the estimated
inputs and the sources, and a second sheet with the dates assumed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from cadre.core.rules.exit_benefits import OPTIONS
from cadre.spreadsheet import Column, Table

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


NOTE_COLUMNS = (
    Column("Giả định", "Assumption", width=50),
    Column("Giá trị", "Value"),
    Column("Loại", "Kind"),
    Column("Căn cứ", "Basis", width=60),
)


def write_workbook(file, rows: list[ExitRow], assumptions: Assumptions) -> None:
    """The rows on one sheet (`cadre.spreadsheet.Table`: the citizen ID kept as text, sums of money with
    separators), and the assumptions on a second one. Headers are the page's, in the UI's language."""
    book = Workbook(write_only=True)
    names = [str(OPTION_NAMES[key]) for key in OPTIONS]
    kinds = ["code", *["text"] * (len(HEADERS) - 2), "money", *["money"] * len(names), "text", "text"]
    header = [*map(str, HEADERS), *names, str(_("Estimated inputs")), str(_("Source:")).rstrip(":")]
    table = Table(
        book, str(_("Exit list")), [Column(text, kind=kind) for text, kind in zip(header, kinds, strict=True)]
    )
    for row in rows:
        table.append(export_values(row))
    table.close()
    notes = Table(book, str(_("Assumptions")), NOTE_COLUMNS)
    for item in assumptions.inputs():
        notes.append([str(item.label), str(item.value), str(item.kind), str(item.basis)])
    notes.append([str(NOTE), None, None, None])
    notes.close()
    book.save(file)
