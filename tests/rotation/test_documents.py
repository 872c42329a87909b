"""The proposal (tờ trình) and the draft decision (quyết định) of an approved plan, opened with python-docx and
read as a reader would: the page and the font, the head, the title, every move and where it goes, the number."""

import io

import pytest
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from cadre.core.errors import BilingualError
from cadre.geo.models import Commune
from cadre.people.models import Official
from cadre.rotation.documents import DocumentError, decision_docx, proposal_docx
from cadre.rotation.services import run_plan
from tests.rotation.plans import carried, texts
from tests.rotation.registry import (
    HAI_PHONG,
    LAI_CHAU,
    ON,
    communes,
    fixture_lai_chau,  # noqa: F401  (the lai_chau fixture)
    planned,
    secretary,
)


def opened(data: bytes):
    return Document(io.BytesIO(data))


def paragraph(doc, start: str):
    every = [*doc.paragraphs]
    for table in doc.tables:
        every += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return next(p for p in every if p.text.startswith(start))


def listed(doc, column: str) -> list[dict]:
    """The rows of the table that has `column`, by column name."""
    table = next(t for t in doc.tables if column in [c.text for c in t.rows[0].cells])
    head = [c.text for c in table.rows[0].cells]
    return [dict(zip(head, [c.text for c in row.cells], strict=True)) for row in table.rows[1:]]


def moves_of(run) -> dict[str, str]:
    """Full name -> destination commune of everyone the stored plan gives a post they do not hold."""
    incumbents = {post["id"]: post["incumbent"] for post in run.problem["posts"]}
    moved = {
        a["candidate"]: a["post"] for a in run.plan["assignments"] if incumbents[a["post"]] != a["candidate"]
    }
    names = dict(Official.objects.filter(pk__in=[int(c) for c in moved]).values_list("pk", "full_name"))
    places = dict(Commune.objects.filter(code__in=moved.values()).values_list("code", "name"))
    return {names[int(candidate)]: places[post] for candidate, post in moved.items()}


def test_the_proposal_is_an_a4_administrative_document_listing_every_move(lai_chau, db):
    run = carried(run_plan(LAI_CHAU, target=0.05, on=ON))
    doc = opened(proposal_docx(run))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"
    runs = [r for p in doc.paragraphs for r in p.runs] + [
        r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    assert {r.font.name for r in runs} <= {None, "Times New Roman"}

    head = doc.tables[0]
    nil = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert nil is not None and {edge.get(qn("w:val")) for edge in nil} == {"nil"}  # a head without borders
    assert [p.text for p in head.cell(0, 0).paragraphs][:2] == ["TỈNH ỦY LAI CHÂU", "BAN TỔ CHỨC"]
    national, motto = paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), paragraph(doc, "Độc lập - Tự do")
    assert national.runs[0].bold and 12 <= national.runs[0].font.size.pt <= 13
    assert (
        motto.text == "Độc lập - Tự do - Hạnh phúc"
        and motto.runs[0].bold
        and 13 <= motto.runs[0].font.size.pt <= 14
    )
    assert head.cell(1, 0).text == "Số: ……/TTr-BTC"
    proposed = timezone.localdate()
    dated = paragraph(doc, "Lai Châu, ngày")
    assert dated.runs[0].italic and f"ngày {proposed.day:02d}" in dated.text

    kind = paragraph(doc, "TỜ TRÌNH")
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER and kind.runs[0].bold
    body = paragraph(doc, "Thực hiện Quy định 65-QĐ/TW")  # the rule's title, from the policy file
    assert (
        body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        and 10 <= body.paragraph_format.first_line_indent.mm <= 12.7
    )
    assert 13 <= body.runs[0].font.size.pt <= 14
    text = "\n".join(texts(doc))
    assert "trước luân chuyển 0,0% (0/38), sau luân chuyển 5,3% (2/38); chỉ tiêu tối thiểu 5%" in text
    assert "2 đồng chí" in text and "tối ưu, đã chứng minh" in text and run.problem_sha256 in text

    rows = listed(doc, "Đơn vị đến")
    assert len(rows) == 2
    assert {row["Họ và tên"]: row["Đơn vị đến"] for row in rows} == moves_of(run)
    assert all(row["Chức vụ, đơn vị hiện tại"].startswith("Giám đốc Sở") for row in rows)
    assert all("không là người địa phương" in row["Lý do, giải trình"] for row in rows)
    to = paragraph(doc, "Nơi nhận:")
    assert to.runs[0].bold and to.runs[0].italic and to.runs[0].font.size.pt == 12
    assert paragraph(doc, "- Như trên").runs[0].font.size.pt == 11
    assert paragraph(doc, "TRƯỞNG BAN").runs[0].bold


def test_the_decision_of_a_decided_plan_carries_its_number_and_lists_every_move(lai_chau, db):
    run = carried(run_plan(LAI_CHAU, target=0.05, on=ON), to="decided")
    doc = opened(decision_docx(run))
    head = doc.tables[0]
    assert [p.text for p in head.cell(0, 0).paragraphs][:2] == ["TỈNH ỦY LAI CHÂU", "BAN THƯỜNG VỤ"]
    assert head.cell(1, 0).text == "Số: 15-QĐ/TU"
    text = "\n".join(texts(doc))
    for expected in (
        "QUYẾT ĐỊNH\n",
        "Về việc luân chuyển, điều động cán bộ",
        "BAN THƯỜNG VỤ TỈNH ỦY LAI CHÂU",
        "Căn cứ Quy định 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị về luân chuyển cán bộ;",
        "Điều 1. Luân chuyển, điều động 2 đồng chí",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày 01/07/2026.",
        "Điều 3.",
        "TM. BAN THƯỜNG VỤ",
        f"(Kèm theo Quyết định số 15-QĐ/TU ngày {timezone.localdate():%d/%m/%Y}",
    ):
        assert expected in text
    assert paragraph(doc, "Căn cứ Điều lệ Đảng").runs[0].italic
    rows = listed(doc, "Đơn vị đến")
    assert len(rows) == 2
    assert {row["Họ và tên"]: row["Đơn vị đến"] for row in rows} == moves_of(run)
    # Approval has recorded the new posts; the list still shows the posts people leave.
    assert all(row["Chức vụ, đơn vị hiện tại"].startswith("Giám đốc Sở") for row in rows)


def test_an_approved_plan_has_a_draft_decision_with_the_number_left_blank(lai_chau, db):
    run = carried(run_plan(LAI_CHAU, target=0.05, on=ON))
    doc = opened(decision_docx(run))
    assert doc.tables[0].cell(1, 0).text == "Số: ……/QĐ-TU"
    assert paragraph(doc, "Lai Châu, ngày").text == "Lai Châu, ngày …… tháng …… năm ……"


@pytest.mark.parametrize("build", [proposal_docx, decision_docx])
def test_a_draft_or_proposed_plan_has_no_documents(lai_chau, db, build):
    run = run_plan(LAI_CHAU, target=0.05, on=ON)
    with pytest.raises(DocumentError) as refused:
        build(run)
    assert "Dự thảo" in refused.value.message_vi and "approved or decided" in refused.value.message_en
    with pytest.raises(DocumentError, match="is 'Proposed"):
        build(carried(run, to="proposed"))


def test_a_plan_without_a_solution_has_no_documents(lai_chau, db):
    run = run_plan(LAI_CHAU, target=0.5, on=ON, when_infeasible="strict")
    assert run.status == "infeasible"
    with pytest.raises(DocumentError) as refused:
        proposal_docx(run)
    assert "không có lời giải" in refused.value.message_vi and "no solution" in refused.value.message_en


def test_a_city_plan_is_issued_by_the_city_party_committee(geography):
    for number, commune in enumerate(communes(HAI_PHONG, 200)):
        secretary(commune, name=f"Bí Thư {number:03d}")
    for number, home in enumerate(communes(LAI_CHAU, 2)):
        planned(HAI_PHONG, home=home, name=f"Giám Đốc {number}")
    run = carried(run_plan(HAI_PHONG, target=0.01, on=ON), scope=HAI_PHONG)
    proposal, decision = opened(proposal_docx(run)), opened(decision_docx(run))
    assert [p.text for p in proposal.tables[0].cell(0, 0).paragraphs][:2] == [
        "THÀNH ỦY HẢI PHÒNG",
        "BAN TỔ CHỨC",
    ]
    assert paragraph(proposal, "Hải Phòng, ngày").runs[0].italic
    assert "Kính gửi: Ban Thường vụ Thành ủy." in texts(proposal)
    text = "\n".join(texts(decision))
    assert "BAN THƯỜNG VỤ THÀNH ỦY HẢI PHÒNG" in text and "Ban Chấp hành Đảng bộ thành phố" in text
    assert "TỈNH" not in text
    rows = listed(decision, "Đơn vị đến")
    assert len(rows) == 2
    assert {row["Họ và tên"]: row["Đơn vị đến"] for row in rows} == moves_of(run)


@pytest.mark.parametrize("build", [proposal_docx, decision_docx], ids=["proposal", "decision"])
def test_each_document_prints_the_log_position_it_was_drawn_up_at_which_verify_accepts(
    lai_chau, db, build, capsys
):
    from cadre.cli import main
    from cadre.workflow.models import ChainHead, DecisionEvent

    run = carried(run_plan(LAI_CHAU, target=0.05, on=ON), to="decided")
    newest = DecisionEvent.objects.order_by("sequence").last()
    assert newest.sequence == 3
    line = paragraph(opened(build(run)), "Mã đối chiếu nhật ký")
    assert line.text.startswith(f"Mã đối chiếu nhật ký quyết định: sự kiện số 3, mã {newest.hash[:12]} (")
    assert main(["audit", "verify", "--anchor", f"3:{newest.hash[:12]}"]) == 0
    assert "Anchors: 1/1" in capsys.readouterr().out
    ChainHead.objects.all().delete()  # the log's head removed: no document is anchored to what is left
    with pytest.raises(BilingualError, match="head row is missing"):
        build(run)
