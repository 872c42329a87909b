"""Writing the registry workbook: the empty template with its guide, and the full export.

The export writes what the import reads, so exporting and importing into an empty database gives the same
registry. Citizen IDs are written as text, so Excel keeps their leading zeros.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook

from cadre.geo.models import Commune, LegacyDistrict, Province
from cadre.spreadsheet import Column, Table

from ..models import Discipline, Evaluation, Official, Position, Posting, Relation, SuccessionPlan
from ..services import ensure_positions
from . import schema

TEXT_COLUMNS = {"citizen_id", "relative_citizen_id"}
DATE_COLUMNS = {"birth_date", "party_joined", "position_since", "start_date", "end_date"}
FLAG_COLUMNS = {"health_concern", "early_retirement"}


def _kind(key: str) -> str:
    if key in TEXT_COLUMNS:
        return "code"
    return "date" if key in DATE_COLUMNS else "yes_no" if key in FLAG_COLUMNS else "text"


POSITION_COLUMNS = (
    Column("Mã / Code"),
    Column("Tên chức vụ"),
    Column("Name"),
    Column("Cấp / Level"),
    Column("Bậc tương đương / Rank"),
    Column("Nhóm vị trí việc làm / Group"),
    Column("Căn cứ / Source"),
)


def _sheet(book: Workbook, spec: schema.SheetSpec) -> Table:
    """A registry sheet (`cadre.spreadsheet.Table`): the import's own headers, dates as date cells."""
    columns = [Column(c.label + (" *" if c.required else ""), kind=_kind(c.key)) for c in spec.columns]
    return Table(book, spec.title, columns)


def _book() -> Workbook:
    return Workbook(write_only=True)


def _guide(book: Workbook) -> None:
    sheet = book.create_sheet(schema.GUIDE_TITLE)
    sheet.append(["Sổ đăng ký cán bộ Cadre / Cadre registry workbook"])
    sheet.append(
        [
            "Mỗi sheet một loại dữ liệu; dòng 1 là tiêu đề (nhãn tiếng Việt hoặc khóa tiếng Anh). Cột có dấu * là "
            "bắt buộc. Ngày ghi dd/mm/yyyy (05/06/1975 là ngày 5 tháng 6), mm/yyyy hoặc yyyy. Nếu có bất kỳ lỗi "
            "nào, không dữ liệu nào được ghi; mọi lỗi được liệt kê theo sheet, dòng, cột."
        ]
    )
    sheet.append(
        [
            "One sheet per kind of record; row 1 holds the headers (the Vietnamese labels or the English keys). "
            "Columns marked * are required. Dates read dd/mm/yyyy (05/06/1975 is 5 June), mm/yyyy or yyyy. If "
            "there is any error nothing is written, and every error is listed by sheet, row and column."
        ]
    )
    sheet.append([])
    sheet.append(
        ["Sheet", "Cột / Column", "Khóa / Key", "Bắt buộc / Required", "Cách ghi", "How to write it"]
    )
    for spec in schema.SHEETS:
        for column in spec.columns:
            sheet.append(
                [
                    spec.title,
                    column.label,
                    column.key,
                    "x" if column.required else "",
                    column.help_vi,
                    column.help_en,
                ]
            )


def _positions(book: Workbook) -> None:
    ensure_positions()
    # The posts a workbook may name, by name or by code: the codes are what the import also reads.
    table = Table(book, schema.POSITIONS_TITLE, POSITION_COLUMNS)
    for p in Position.objects.order_by("unit_level", "order"):
        group = p.get_group_display() if p.group else ""
        table.append([p.code, p.name, p.name_en, p.get_unit_level_display(), p.level, group, p.source])
    table.close()


def write_template(path) -> None:
    book = _book()
    for spec in schema.SHEETS:
        _sheet(book, spec).close()
    _guide(book)
    _positions(book)
    book.save(path)


class _Units:
    """The text written for a unit: one the address reader places back on the same unit."""

    def __init__(self):
        self.province = dict(Province.objects.values_list("code", "name"))
        self.commune = {
            code: f"{name}, {self.province[province]}"
            for code, name, province in Commune.objects.values_list("code", "name", "province_id")
        }
        self.district = {
            code: f"{name}, {province}"
            for code, name, province in LegacyDistrict.objects.values_list("code", "name", "province__name")
        }

    def text(self, province: str, district: str | None, commune: str | None) -> str:
        if commune:
            return self.commune[commune]
        return self.district[district] if district else self.province[province]


def export_registry(
    path, officials=None, progress: Callable[[str], None] = lambda message: None, chunk: int = 5000
) -> dict[str, int]:
    """Write every sheet for `officials` (default: the whole registry). Returns the rows written per sheet."""
    officials = (officials if officials is not None else Official.objects.all()).order_by("pk")
    ids = list(officials.values_list("pk", flat=True))
    units, positions = _Units(), {p.pk: p for p in Position.objects.all()}
    book = _book()
    sheets = {spec.key: _sheet(book, spec) for spec in schema.SHEETS}
    counts = dict.fromkeys(sheets, 0)
    citizen = {}
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        progress(f"{start + len(part)}/{len(ids)}")
        main = {}
        for o in Official.objects.filter(pk__in=part).order_by("pk"):
            citizen[o.pk] = o.citizen_id
            main[o.pk] = o
        postings = list(Posting.objects.filter(official_id__in=part).order_by("official_id", "start", "pk"))
        current = {p.official_id: p for p in postings if main[p.official_id].holds_as_main(p)}
        for o in main.values():
            sheets["officials"].append(_official_row(o, current.get(o.pk), units, positions))
        for p in postings:
            sheets["postings"].append(
                [
                    citizen[p.official_id],
                    positions[p.position_id].name,
                    units.text(p.province_id, p.district_id, p.commune_id),
                    p.body,
                    p.start,
                    p.end,
                    p.decision,
                ]
            )
        for e in Evaluation.objects.filter(official_id__in=part).order_by("official_id", "year"):
            sheets["evaluations"].append([citizen[e.official_id], e.year, e.level, e.score])
            counts["evaluations"] += 1
        for s in SuccessionPlan.objects.filter(official_id__in=part).order_by(
            "official_id", "term_start", "pk"
        ):
            pool = units.text(s.province_id, s.district_id, None)
            sheets["succession_plans"].append(
                [citizen[s.official_id], positions[s.position_id].name, pool, s.term_start, s.term_end]
            )
            counts["succession_plans"] += 1
        for d in Discipline.objects.filter(official_id__in=part).order_by(
            "official_id", "decided_on", "deciding_body"
        ):
            sheets["disciplines"].append(
                [
                    citizen[d.official_id],
                    schema.MEASURE_LABELS[d.measure],
                    d.decided_on,
                    d.deciding_body,
                    d.decision,
                    d.note,
                    d.annulled,
                ]
            )
            counts["disciplines"] += 1
        counts["officials"] += len(main)
        counts["postings"] += len(postings)
    relations = Relation.objects.filter(official_id__in=ids, relative_id__in=ids).values_list(
        "official__citizen_id", "relative__citizen_id", "kind"
    )
    for first, second, kind in relations.order_by("official_id", "relative_id"):
        sheets["relations"].append([first, second, schema.RELATION_LABELS[kind]])
        counts["relations"] += 1
    for sheet in sheets.values():
        sheet.close()
    _guide(book)
    _positions(book)
    book.save(path)
    return counts


def _official_row(o: Official, main: Posting | None, units: _Units, positions) -> list:
    years = "; ".join(f"{item['text']}: {item['years']:g}" for item in o.years_by_unit or ())
    return [
        o.citizen_id,
        o.full_name,
        schema.SEX_LABELS[o.sex],
        o.birth_date if o.birth_precision == "day" else schema.format_date(o.birth_date, o.birth_precision),
        o.birthplace_text,
        o.hometown_text,
        o.raised_text,
        years,
        o.ethnicity,
        o.education,
        schema.THEORY_LABELS[o.political_theory],
        o.party_joined,
        o.health_concern,
        o.early_retirement,
        schema.PROTECTION_LABELS[o.protection],
        units.text(main.province_id, main.district_id, main.commune_id) if main else "",
        positions[main.position_id].name if main else "",
        main.start if main else "",
    ]
