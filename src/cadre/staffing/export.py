"""The staffing tables as workbooks: the rows the page shows (its search and sort), every page of them."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cadre.spreadsheet import Column, Table, in_language, text_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(sheet_title: str, headers: list[str], rows: list[list], filename: str) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append(text_row(sheet, headers))
    for row in rows:
        sheet.append(text_row(sheet, row))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return _download(book, filename)


def _download(book, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def transfer_moves(plan, rows: list[dict]) -> HttpResponse:
    headers = [
        _("Person"),
        _("Job position"),
        _("From commune"),
        _("To commune"),
        _("Distance (km)"),
        _("Why this move"),
    ]
    values = [
        [
            r["name"],
            r["position"],
            r["from"],
            r["to"],
            round(r["km"], 1) if r["km"] is not None else None,
            str(r["why"]),
        ]
        for r in rows
    ]
    stamp = timezone.localdate().isoformat()
    return _workbook(_("Transfers"), headers, values, f"dieu-dong-{plan.pk}-{stamp}.xlsx")


def commune_rows(rows, province_name: str) -> HttpResponse:
    headers = [
        _("Commune"),
        _("Population"),
        _("Quota"),
        _("Staff"),
        _("Balance"),
        _("Job positions short"),
        _("Job positions in surplus"),
    ]
    values = [
        [
            r.name,
            r.population,
            r.quota,
            r.staff,
            r.balance,
            "; ".join(f"{name} (−{n})" for name, n in r.short_named),
            "; ".join(f"{name} (+{n})" for name, n in r.surplus_named),
        ]
        for r in rows
    ]
    stamp = timezone.localdate().isoformat()
    return _workbook(_("Staffing"), headers, values, f"bien-che-{stamp}.xlsx")


CENTRE_COLUMNS = (
    Column("Tỉnh/thành", "Province or city"),
    Column("Xã, phường, đặc khu", "Commune"),
    Column("Giám đốc Trung tâm (số người)", "Centre directors (people)", kind="integer"),
    Column("Giám đốc", "Director"),
    Column("Phó Giám đốc (số người)", "Deputy directors (people)", kind="integer"),
    Column("Phó Giám đốc", "Deputy directors"),
    Column("Còn thiếu", "Missing"),
)


def centre_rows(rows) -> HttpResponse:
    """The communes whose public administration service centre lacks its director or a deputy director."""
    book = Workbook(write_only=True)
    table = Table(book, in_language("Trung tâm PVHCC", "Service centres"), CENTRE_COLUMNS)
    for r in rows:
        missing = [
            in_language("Giám đốc", "director") if not r.directors else "",
            in_language("Phó Giám đốc", "deputy director") if not r.deputies else "",
        ]
        table.append(
            [
                r.province,
                r.name,
                len(r.directors),
                ", ".join(r.directors),
                len(r.deputies),
                ", ".join(r.deputies),
                "; ".join(m for m in missing if m),
            ]
        )
    table.close()
    return _download(book, f"trung-tam-hcc-{timezone.localdate().isoformat()}.xlsx")
