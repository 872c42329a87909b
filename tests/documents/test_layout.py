"""The official-document layout on its own, with no app and no database: a document any app builds from these
pieces is A4 with the Decree 30 margins, opens with the national head and closes with Nơi nhận and the signer."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from cadre.documents.layout import (
    DOTS,
    Format,
    closing,
    field,
    heading,
    list_table,
    new_document,
    para,
    title,
    to_bytes,
)


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


def built_party() -> Document:
    doc = new_document()
    heading(doc, "TỈNH ỦY MẪU", "BAN TỔ CHỨC", "15-TTr/BTCTU", "Mẫu", dt.date(2026, 3, 5), form=Format.PARTY)
    title(doc, "TỜ TRÌNH", "về việc thử bố cục", form=Format.PARTY)
    para(doc, "Nội dung.")
    closing(doc, ["Như trên", "Lưu Ban Tổ chức"], ["T/M BAN TỔ CHỨC", "TRƯỞNG BAN"], form=Format.PARTY)
    return Document(io.BytesIO(to_bytes(doc)))


def test_a_party_document_has_the_party_title_the_issuing_body_with_a_star_and_a_party_number():
    doc = built_party()
    head = doc.tables[0]
    assert [p.text for p in head.cell(0, 0).paragraphs] == ["TỈNH ỦY MẪU", "BAN TỔ CHỨC", "*"]
    parent, body = head.cell(0, 0).paragraphs[:2]
    assert not parent.runs[0].bold and body.runs[0].bold and body.runs[0].font.size.pt == 14
    party = head.cell(0, 1).paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.runs[0].bold and party.runs[0].underline and party.runs[0].font.size.pt == 15
    assert head.cell(1, 0).text == "Số 15-TTr/BTCTU"  # no colon; number-kind/issuer
    dated = head.cell(1, 1).paragraphs[0]
    assert (
        dated.text == "Mẫu, ngày 05 tháng 3 năm 2026" and dated.runs[0].italic
    )  # as Hướng dẫn 36 dates itself
    every = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert not any("CỘNG HÒA" in text or "Độc lập" in text for text in every)
    recipients, signer = doc.tables[1].cell(0, 0), doc.tables[1].cell(0, 1)
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Như trên,", "- Lưu Ban Tổ chức."]
    assert recipients.paragraphs[0].runs[0].underline
    assert [p.text for p in signer.paragraphs][:2] == ["T/M BAN TỔ CHỨC", "TRƯỞNG BAN"]


def test_a_state_document_keeps_decree_30_for_the_same_date():
    doc = new_document()
    heading(doc, "UBND TỈNH MẪU", "SỞ NỘI VỤ", "12/QĐ-SNV", "Mẫu", dt.date(2026, 3, 5), form=Format.STATE)
    head = Document(io.BytesIO(to_bytes(doc))).tables[0]
    assert head.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert (
        head.cell(1, 1).text == "Mẫu, ngày 05 tháng 3 năm 2026"
    )  # Decree 30: only months 1 and 2 take a zero


def test_a_form_leaves_what_is_not_known_dotted():
    doc = new_document()
    field(doc, ("Dân tộc", "Kinh"), ("Tôn giáo", None))
    field(doc, ("Tên gọi khác", ""), ("Ghi chú", "  "))
    lines = [p.text for p in Document(io.BytesIO(to_bytes(doc))).paragraphs if p.text]
    assert lines == [f"Dân tộc: Kinh, Tôn giáo: {DOTS}", f"Tên gọi khác: {DOTS}, Ghi chú: {DOTS}"]


@pytest.mark.parametrize("typed", ["15-QĐ/TU", "Số 15-QĐ/TU", "số: 15-QĐ/TU", "  Số:15-QĐ/TU "])
def test_a_number_typed_with_its_so_is_printed_once(typed):
    doc = new_document()
    heading(doc, "", "TỈNH ỦY MẪU", typed, "Mẫu", None, form=Format.PARTY)
    head = Document(io.BytesIO(to_bytes(doc))).tables[0]
    assert head.cell(1, 0).text == "Số 15-QĐ/TU"
    assert head.cell(1, 1).text == "Mẫu, ngày …… tháng …… năm ……"
