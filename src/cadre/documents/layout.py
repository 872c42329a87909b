"""The layout of an official document, whoever issues it and whatever it says: the page, the font and sizes,
the head with the issuing bodies, the number and the place and date, the title, body paragraphs, ruled tables,
and the closing with Nơi nhận and the signature block; and the pieces of a form a clerk fills in (a label
followed by the value, or by a dotted line when the value is not known).

Two formats, chosen by who issues the document (`Format`):

- **State documents** (văn bản hành chính: the People's Committee, the Department of Home Affairs): Decree
  30/2020/NĐ-CP on clerical work, Appendix I. The head carries the Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
  NAM" and the tiêu ngữ "Độc lập - Tự do - Hạnh phúc"; the number reads "Số: 12/QĐ-SNV".
- **Party documents** (văn bản của Đảng: a Party committee, its Standing Committee, its Organisation Board):
  Hướng dẫn 36-HD/VPTW of the Central Party Office, 03/4/2018, on the format and presentation of Party
  documents. The head carries the title "ĐẢNG CỘNG SẢN VIỆT NAM" (top right, with a line as long as it
  beneath) and, top left, the issuing body (the committee above it upright, the body itself bold, a "*"
  beneath: "TỈNH ỦY LAI CHÂU / BAN TỔ CHỨC / *"); the number reads "Số 15-TTr/BTCTU", the kind of document
  and the issuer's abbreviation (TU: Tỉnh ủy or Thành ủy; BTCTU: its Ban Tổ chức); "Nơi nhận:" is underlined and each recipient ends with a comma; a committee's decision is signed
  "T/M BAN THƯỜNG VỤ".

It knows no app: an app writes its own content with these pieces (`rotation.documents`: the Tờ trình and the
Quyết định of a rotation plan; `people.resume`: the Sơ yếu lý lịch) and gets DOCX bytes back.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import math
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

# Layout of administrative documents, Decree 30/2020/NĐ-CP on clerical work, Appendix I (Part I, sections I, II
# and V): A4 portrait; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm; Times New Roman; the size
# in points of each element; a first-line indent of 1–1.27 cm, at least 6 pt between paragraphs and single to
# 1.5 line spacing; page numbers centred in the top margin, none on the first page. TABLE_SIZE is ours.
PAGE_MM, MARGINS_MM = (210, 297), {"top": 20, "bottom": 20, "left": 30, "right": 15}
FONT = "Times New Roman"
SIZE = {
    "national_title": 12,  # Quốc hiệu: upper case, bold (12–13)
    "motto": 13,  # Tiêu ngữ: bold, one point above the Quốc hiệu (13–14), a rule as long as it underneath
    "issuer": 12,  # tên cơ quan: the parent upright, the issuing body bold, upper case (12–13), a short rule
    "number": 13,  # số, ký hiệu
    "place_date": 14,  # địa danh, ngày tháng: italic (13–14)
    "kind": 14,  # tên loại: upper case, bold; the trích yếu under it bold (13–14), a short rule
    "body": 14,  # nội dung (13–14), justified; căn cứ in italics
    "recipients_heading": 12,  # "Nơi nhận:", bold italic
    "recipients": 11,
    "signature": 14,  # quyền hạn and chức vụ upper case bold, the name bold (13–14)
    "page_number": 13,
}
FIRST_LINE_MM, PARAGRAPH_AFTER_PT, LINE_SPACING, TABLE_SIZE = 12.7, 6, 1.15, 12
TEXT_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
HEADER_COLUMNS_MM = (62, TEXT_MM - 62)
NATIONAL_TITLE, MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
BLANK_NUMBER, BLANK_NAME = "……", "……………………"
# Party documents, Hướng dẫn 36-HD/VPTW (2018), the appendix on letter forms: the same A4 page and margins and
# Times New Roman; the Party title upper case bold 15 with a line as long as it; the issuing body upper case 14
# (the committee above it upright, the body bold) with a "*" beneath; the number 14 upright; the place and date
# 14 italic; the kind 16 bold and the trích yếu 14 bold; the body 14; "Nơi nhận:" 14 underlined and the
# recipients 12; the signature 14 bold. Unverified: only the guide's opening (scope, the Party title) could be
# read when this was written; the sizes are those Party offices apply, not yet checked against its appendix.
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
PARTY_SIZE = {
    "party_title": 15,
    "issuer": 14,
    "number": 14,
    "place_date": 14,
    "kind": 16,
    "subject": 14,
    "recipients_heading": 14,
    "recipients": 12,
    "signature": 14,
}
PARTY_HEADER_COLUMNS_MM = (75, TEXT_MM - 75)
DOTS = "…………………"  # what a clerk leaves for a field nobody knows


class Format(enum.Enum):
    """Whose format a document follows: the State's (Decree 30/2020) or the Party's (Hướng dẫn 36-HD/VPTW)."""

    STATE = "state"
    PARTY = "party"


ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
# Elements that must follow w:pBdr in a paragraph's properties, and w:tblBorders in a table's (the XML schema).
AFTER_PBDR = ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblPrChange")


def line(container, *parts, size=SIZE["body"], bold=False, italic=False, align="center"):
    """A paragraph with no indent and no spacing (heads, tables, signatures). A part is text, or (text, True)
    for a bold piece inside regular text."""
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    form = paragraph.paragraph_format
    form.first_line_indent, form.space_before, form.space_after, form.line_spacing = Mm(0), Pt(0), Pt(0), 1.0
    for part in parts:
        text, strong = part if isinstance(part, tuple) else (part, bold)
        run = paragraph.add_run(text)
        run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), strong, italic
    return paragraph


def para(container, *parts, bold=False, italic=False):
    """A body paragraph: justified, first line indented, spaced."""
    paragraph = line(container, *parts, bold=bold, italic=italic, align="justify")
    form = paragraph.paragraph_format
    form.first_line_indent, form.space_after, form.line_spacing = (
        Mm(FIRST_LINE_MM),
        Pt(PARAGRAPH_AFTER_PT),
        LINE_SPACING,
    )
    return paragraph


def preamble(container, bases: list[str], *, last: str) -> None:
    """The "Căn cứ …" lines before a decision's articles, in italics: each ends with ";", the last with `last`
    ("," in a Party decision, "." in a State one)."""
    for n, basis in enumerate(bases, 1):
        para(container, basis + (last if n == len(bases) else ";"), italic=True)


def _rule(container, length_mm: float, width_mm: float) -> None:
    """A solid rule `length_mm` long, centred in `width_mm`: an empty paragraph's bottom border."""
    paragraph = line(container, "", size=2)
    margin = Mm(max(width_mm - length_mm, 0) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = margin
    borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_PBDR)


def _text_mm(text: str, size: float) -> float:
    """Roughly how long a line prints (capitals are wider), to size the rule under it."""
    return min(len(text) * (0.68 if text.isupper() else 0.5) * size * 25.4 / 72, TEXT_MM)


def _table(doc, widths_mm, rows, *, grid: bool):
    """A table of fixed column widths; each cell is filled by a function of the cell."""
    table = doc.add_table(rows=len(rows), cols=len(widths_mm), style="Table Grid" if grid else None)
    table.autofit = False
    if not grid:
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(OxmlElement(f"w:{edge}", {qn("w:val"): "nil"}))
        table._tbl.tblPr.insert_element_before(borders, *AFTER_TBLBORDERS)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid, which some editors follow rather than the cells' widths
    for row, fills in zip(table.rows, rows, strict=True):
        for cell, width, fill in zip(row.cells, widths_mm, fills, strict=True):
            cell.width = Mm(width)
            cell._tc.remove(cell.paragraphs[0]._p)  # the fill adds the cell's paragraphs
            fill(cell)
    return table


def new_document():
    """An empty A4 document with the margins, the font and page numbers from the second page."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, mm in MARGINS_MM.items():  # rounded up to whole twips, so 15 mm does not become 14.99
        setattr(section, f"{side}_margin", Twips(math.ceil(mm * 1440 / 25.4)))
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(SIZE["body"])
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty head on page 1
    number = section.header.paragraphs[0]
    number.alignment = ALIGN["center"]
    field = OxmlElement("w:fldSimple", {qn("w:instr"): "PAGE"})
    run = number.add_run()
    run.font.name, run.font.size = FONT, Pt(SIZE["page_number"])
    field.append(run._r)
    number._p.append(field)
    return doc


def _issue_date(day: dt.date | None) -> str:
    """'ngày 05 tháng 3 năm 2026': a day below 10 and the months 1 and 2 take a leading zero (Decree 30; the
    Party's documents write it the same way: Hướng dẫn 36-HD/VPTW itself is dated "ngày 03 tháng 4 năm 2018")."""
    if day is None:
        return "ngày …… tháng …… năm ……"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _bare_number(number: str) -> str:
    """The number as typed, without a "Số" or "Số:" the clerk may have typed in front (the head writes it)."""
    return re.sub(r"^\s*s[ốo](\s*:\s*|\s+)", "", number, flags=re.IGNORECASE).strip() or BLANK_NUMBER


def heading(
    doc,
    parent: str,
    issuer: str,
    number: str,
    place: str,
    day: dt.date | None,
    *,
    form: Format = Format.STATE,
) -> None:
    """The head, a table without borders: the parent and issuing bodies and the number on the left; the Quốc
    hiệu and tiêu ngữ (a state document) or the Party's title (a Party document), then the place and the date,
    on the right. `parent` may be empty (a Party committee's own documents name only the committee)."""
    number = _bare_number(number)
    if form is Format.PARTY:
        _party_heading(doc, parent, issuer, number, place, day)
        return
    left, right = HEADER_COLUMNS_MM

    def bodies(cell):
        line(cell, parent, size=SIZE["issuer"])
        line(cell, issuer, size=SIZE["issuer"], bold=True)
        _rule(cell, 0.4 * _text_mm(issuer, SIZE["issuer"]), left)

    def nation(cell):
        line(cell, NATIONAL_TITLE, size=SIZE["national_title"], bold=True)
        line(cell, MOTTO, size=SIZE["motto"], bold=True)
        _rule(cell, _text_mm(MOTTO, SIZE["motto"]), right)

    rows = [
        (bodies, nation),
        (
            lambda cell: line(cell, f"Số: {number}", size=SIZE["number"]),
            lambda cell: line(cell, f"{place}, {_issue_date(day)}", size=SIZE["place_date"], italic=True),
        ),
    ]
    _table(doc, HEADER_COLUMNS_MM, rows, grid=False)


def _party_heading(doc, parent: str, issuer: str, number: str, place: str, day: dt.date | None) -> None:
    def bodies(cell):
        if parent:
            line(cell, parent, size=PARTY_SIZE["issuer"])
        line(cell, issuer, size=PARTY_SIZE["issuer"], bold=True)
        line(cell, "*", size=PARTY_SIZE["issuer"])

    def party(cell):
        title_line = line(cell, PARTY_TITLE, size=PARTY_SIZE["party_title"], bold=True)
        title_line.runs[0].underline = True  # the line as long as the title, beneath it

    rows = [
        (bodies, party),
        (
            lambda cell: line(cell, f"Số {number}", size=PARTY_SIZE["number"]),
            lambda cell: line(
                cell,
                f"{place}, {_issue_date(day)}",
                size=PARTY_SIZE["place_date"],
                italic=True,
                align="right",
            ),
        ),
    ]
    _table(doc, PARTY_HEADER_COLUMNS_MM, rows, grid=False)


def title(doc, kind: str, subject: str, *, form: Format = Format.STATE) -> None:
    """The kind of document (upper case, bold) and its trích yếu (bold), centred, with a short rule."""
    party = form is Format.PARTY
    line(doc, "")
    line(doc, kind, size=PARTY_SIZE["kind"] if party else SIZE["kind"], bold=True)
    size = PARTY_SIZE["subject"] if party else SIZE["kind"]
    line(doc, subject, size=size, bold=True)
    _rule(doc, 0.4 * _text_mm(subject, size), TEXT_MM)
    line(doc, "")


def closing(doc, recipients: list[str], signature: list[str], *, form: Format = Format.STATE) -> None:
    """Nơi nhận bottom left; the quyền hạn and chức vụ ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), room to sign and the
    signer's name bottom right."""
    party = form is Format.PARTY
    sizes = PARTY_SIZE if party else SIZE

    def to(cell):
        if party:
            heading_line = line(cell, "Nơi nhận:", size=sizes["recipients_heading"], align="left")
            heading_line.runs[0].underline = True
        else:
            line(cell, "Nơi nhận:", size=sizes["recipients_heading"], bold=True, italic=True, align="left")
        between = "," if party else ";"
        for n, entry in enumerate(recipients, 1):
            line(
                cell,
                f"- {entry}{'.' if n == len(recipients) else between}",
                size=sizes["recipients"],
                align="left",
            )

    def signer(cell):
        for text in [*signature, "", "", "", "", BLANK_NAME]:
            line(cell, text, size=sizes["signature"], bold=True)

    line(doc, "")
    _table(doc, (TEXT_MM / 2, TEXT_MM / 2), [(to, signer)], grid=False)


def log_anchor(doc, sequence: int, short_hash: str) -> None:
    """Under the Nơi nhận, small, where Decree 30 puts the drafter's mark and the number of copies: the decision
    log's position and its newest event's short hash when the document was drawn up. An auditor checks it with
    `cadre audit verify --anchor N:HASH`: it proves the log still holds every event up to that one."""
    line(
        doc,
        f"Mã đối chiếu nhật ký quyết định: sự kiện số {sequence}, mã {short_hash} (ghi khi lập văn bản, để kiểm "
        "tra nhật ký không bị xóa, sửa).",
        size=SIZE["recipients"],
        italic=True,
        align="left",
    )


def list_table(
    doc,
    columns: list[tuple[str, float]],
    rows: list[list[str]],
    *,
    centred: tuple[int, ...] = (0,),
    amounts: tuple[int, ...] = (),
) -> None:
    """A ruled table with the column names repeated on every page and no row split across two pages; the
    `centred` columns (by default the number, STT) are centred, the `amounts` (sums of money, km) right-aligned,
    the others left-aligned."""

    def text(value, bold=False, align="left"):
        return lambda cell: line(cell, value, size=TABLE_SIZE, bold=bold, align=align)

    def align(index: int) -> str:
        return "center" if index in centred else "right" if index in amounts else "left"

    head = [text(name, bold=True, align="center") for name, _width in columns]
    body = [[text(v, align=align(i)) for i, v in enumerate(row)] for row in rows]
    table = _table(doc, [width for _name, width in columns], [head, *body], grid=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def side_by_side(doc, widths_mm, *fills, framed: tuple[int, ...] = ()):
    """One row of blocks side by side with no ruling (a form's head, its two signatures); the `framed` blocks
    get a thin frame (the place of a photograph)."""
    table = _table(doc, widths_mm, [fills], grid=False)
    for index in framed:
        borders = OxmlElement("w:tcBorders")
        for edge in ("top", "left", "bottom", "right"):
            borders.append(OxmlElement(f"w:{edge}", {qn("w:val"): "single", qn("w:sz"): "4"}))
        table.cell(0, index)._tc.get_or_add_tcPr().append(borders)
    return table


def known(value) -> str:
    """A form's value as a clerk writes it: the value, or a dotted line when the registry does not know it."""
    if value is None:
        return DOTS
    text = str(value).strip()
    return text or DOTS


def field(container, *pairs: tuple[str, object], size: float = SIZE["body"]) -> None:
    """One line of a form: "label: value, label: value", each unknown value a dotted line."""
    parts: list = []
    for n, (label, value) in enumerate(pairs):
        parts.append(("" if n == 0 else ", ") + f"{label}: ")
        parts.append((known(value), True))
    line(container, *parts, size=size, align="left").paragraph_format.space_after = Pt(3)


def form_table(doc, columns: list[tuple[str, float]], rows: list[list[str]], *, blank_rows: int = 0) -> None:
    """A form's ruled table: the column names, the known rows (an unknown cell dotted), then `blank_rows` empty
    rows for the clerk to fill in."""
    filled = [[known(v) for v in row] for row in rows]
    empty = [["" for _ in columns] for _ in range(blank_rows)]
    list_table(doc, columns, filled + empty, centred=())


def page_break(doc) -> None:
    """What follows starts a new page (an attached list after the signature)."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
