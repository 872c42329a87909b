"""The official-document layout on its own, with no app and no database: a document any app builds from these
pieces is A4 with the Decree 30 margins, opens with the national head and closes with Nơi nhận and the signer."""

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from cadre.documents.layout import closing, heading, list_table, new_document, para, title, to_bytes


def built() -> Document:
    doc = new_document()
    heading(doc, "UBND TỈNH MẪU", "SỞ NỘI VỤ", "12/QĐ-SNV", "Mẫu", dt.date(2026, 2, 5))
    title(doc, "QUYẾT ĐỊNH", "Về việc thử bố cục")
    para(doc, "Nội dung.")
    list_table(doc, [("STT", 10), ("Họ và tên", 40)], [["1", "Nguyễn Văn A"]])
    closing(doc, ["Như trên", "Lưu: VT"], ["GIÁM ĐỐC"])
    return Document(io.BytesIO(to_bytes(doc)))


def test_the_page_and_the_head_follow_decree_30():
    doc = built()
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    head = doc.tables[0]
    assert {edge.get(qn("w:val")) for edge in head._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}
    assert [p.text for p in head.cell(0, 1).paragraphs][:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert head.cell(1, 0).text == "Số: 12/QĐ-SNV"
    assert head.cell(1, 1).text == "Mẫu, ngày 05 tháng 02 năm 2026"  # day and months 1–2 take a zero


def test_the_body_the_list_and_the_closing():
    doc = built()
    body = next(p for p in doc.paragraphs if p.text == "Nội dung.")
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and body.paragraph_format.first_line_indent.mm > 10
    listing = doc.tables[1]
    assert [c.text for c in listing.rows[0].cells] == ["STT", "Họ và tên"]
    assert listing.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    recipients, signer = doc.tables[2].cell(0, 0), doc.tables[2].cell(0, 1)
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert signer.paragraphs[0].text == "GIÁM ĐỐC" and signer.paragraphs[0].runs[0].bold
