"""The proposal (tờ trình) and the draft decision (quyết định) of an approved plan, opened with python-docx and
read as a reader would: Party documents (Hướng dẫn 36-HD/VPTW) with the page and the font, the Party's head and
the issuing body, the number, the title, every move, where it goes and the support, the signature; no hash and
no solver's word; the proposal's annex with each moved person's résumé."""

import io
import re

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

# Words of the solver and of the machinery an official's document must not carry (issue 14, finding 4).
SOLVER_WORDS = (
    "lời giải",
    "cận dưới",
    "tối ưu",
    "optimal",
    "cost",
    "chi phí",
    "mã băm",
    "sha-256",
    "bài toán",
)
FULL_HASH = re.compile(r"[0-9a-f]{64}", re.IGNORECASE)


def opened(data: bytes):
    return Document(io.BytesIO(data))


def assert_plain(text: str) -> None:
    """No full hash and no solver's word anywhere in the document."""
    assert not FULL_HASH.search(text)
    lowered = text.lower()
    assert [word for word in SOLVER_WORDS if word in lowered] == []


def issued(day) -> str:
    """'ngày 05 tháng 3 năm 2026': the day with a zero below 10, the month with one only for January and February."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def page_breaks(doc) -> int:
    return len(doc.element.body.findall(".//" + qn("w:br") + "[@" + qn("w:type") + "='page']"))


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


def test_the_proposal_is_a_party_document_listing_every_move_why_and_its_support(lai_chau, db):
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
    assert [p.text for p in head.cell(0, 0).paragraphs] == ["TỈNH ỦY LAI CHÂU", "BAN TỔ CHỨC", "*"]
    assert head.cell(0, 0).paragraphs[1].runs[0].bold and not head.cell(0, 0).paragraphs[0].runs[0].bold
    party = head.cell(0, 1).paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.runs[0].bold and party.runs[0].underline and party.runs[0].font.size.pt == 15
    text = "\n".join(texts(doc))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text and "Độc lập - Tự do" not in text
    assert head.cell(1, 0).text == "Số ……-TTr/BTCTU"
    proposed = timezone.localdate()
    dated = paragraph(doc, "Lai Châu, ngày")
    assert dated.runs[0].italic and dated.text == f"Lai Châu, {issued(proposed)}"

    kind = paragraph(doc, "TỜ TRÌNH")
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER and kind.runs[0].bold
    body = paragraph(doc, "Thực hiện Quy định 65-QĐ/TW")  # the rule's title, from the policy file
    assert (
        body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        and 10 <= body.paragraph_format.first_line_indent.mm <= 12.7
    )
    assert 13 <= body.runs[0].font.size.pt <= 14
    assert "trước luân chuyển 0,0% (0/38 xã, phường, đặc khu), sau luân chuyển 5,3% (2/38)" in text
    assert "chỉ tiêu tối thiểu 5%" in text and "2 đồng chí, từ ngày 01/07/2026" in text
    assert_plain(text)
    assert run.problem_sha256 not in text

    rows = listed(doc, "Chức vụ, đơn vị đến")
    assert len(rows) == 2
    assert {row["Họ và tên"]: row["Chức vụ, đơn vị đến"] for row in rows} == {
        name: f"Bí thư Đảng ủy {commune[:1].lower()}{commune[1:]}" for name, commune in moves_of(run).items()
    }
    assert all(row["Chức vụ, đơn vị hiện tại"].startswith("Giám đốc Sở") for row in rows)
    assert all("không là người địa phương" in row["Lý do, giải trình"] for row in rows)
    assert all("Trong quy hoạch" in row["Lý do, giải trình"] for row in rows)
    support = listed(doc, "Các khoản hỗ trợ được hưởng")
    assert [row["Họ và tên"] for row in support] == [row["Họ và tên"] for row in rows]
    for row in support:  # Decree 178 Art. 12: 10 base salaries once, for a province cadre sent to a commune
        assert "Trợ cấp một lần tăng cường cơ sở" in row["Các khoản hỗ trợ được hưởng"]
        assert re.fullmatch(r"\d{1,3}(\.\d{3})+", row["Cộng (đồng)"])
    assert "Nghị định 178/2024/NĐ-CP" in paragraph(doc, "Mỗi đồng chí được hưởng").text

    to = paragraph(doc, "Nơi nhận:")
    assert to.runs[0].underline and to.runs[0].font.size.pt == 14
    assert (
        paragraph(doc, "- Như trên").text == "- Như trên,"
        and paragraph(doc, "- Như trên").runs[0].font.size.pt == 12
    )
    signer = paragraph(doc, "T/M BAN TỔ CHỨC")
    assert signer.runs[0].bold and paragraph(doc, "TRƯỞNG BAN").runs[0].bold


def test_the_proposal_has_one_resume_per_moved_person_each_on_its_own_page(lai_chau, db):
    run = carried(run_plan(LAI_CHAU, target=0.05, on=ON))
    doc = opened(proposal_docx(run))
    text = texts(doc)
    assert "PHỤ LỤC" in text and "SƠ YẾU LÝ LỊCH CÁN BỘ ĐỀ NGHỊ LUÂN CHUYỂN, ĐIỀU ĐỘNG" in text
    moved = sorted(moves_of(run))
    assert text.count("SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC") == len(moved) == 2
    names = [
        t.removeprefix("1) Họ và tên khai sinh (viết chữ in hoa): ") for t in text if t.startswith("1) Họ")
    ]
    assert sorted(names) == [name.upper() for name in moved]
    assert page_breaks(doc) == 1 + len(moved) - 1  # the annex after the signature, then one between résumés
    # Each résumé shows the post the person leaves (the registry on the eve of the rotation).
    held = [t for t in text if t.startswith("12) Chức vụ (chức danh) hiện tại:")]
    assert len(held) == 2 and all("Giám đốc Sở" in t for t in held)
    assert "7) Tôn giáo: …" in "\n".join(text) and "None" not in "\n".join(text)


def test_the_decision_of_a_decided_plan_is_the_standing_committees_and_lists_every_move(lai_chau, db):
    run = carried(run_plan(LAI_CHAU, target=0.05, on=ON), to="decided")
    doc = opened(decision_docx(run))
    head = doc.tables[0]
    assert [p.text for p in head.cell(0, 0).paragraphs] == ["TỈNH ỦY LAI CHÂU", "*"]
    assert head.cell(0, 1).paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert head.cell(1, 0).text == "Số 15-QĐ/TU"
    decided = timezone.localdate()
    assert head.cell(1, 1).text == f"Lai Châu, {issued(decided)}"
    text = "\n".join(texts(doc))
    for expected in (
        "QUYẾT ĐỊNH\n",
        "về việc luân chuyển, điều động cán bộ",
        "BAN THƯỜNG VỤ TỈNH ỦY LAI CHÂU",
        "Căn cứ Quy định 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị về luân chuyển cán bộ;",
        "Tờ trình số ……-TTr/BTCTU",
        "Điều 1. Luân chuyển, điều động 2 đồng chí",
        "kể từ ngày 01/07/2026.",
        "Điều 2. Các đồng chí có tên tại Điều 1 được hưởng chế độ hỗ trợ",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày 01/07/2026.",
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ",
        f"(Kèm theo Quyết định số 15-QĐ/TU ngày {decided:%d/%m/%Y}",
    ):
        assert expected in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text and "TM. BAN" not in text
    assert_plain(text)
    assert paragraph(doc, "Căn cứ Điều lệ Đảng").runs[0].italic
    rows = listed(doc, "Chức vụ, đơn vị đến")
    assert len(rows) == 2
    assert {row["Họ và tên"]: row["Chức vụ, đơn vị đến"].removeprefix("Bí thư Đảng ủy ") for row in rows} == {
        name: f"{commune[:1].lower()}{commune[1:]}" for name, commune in moves_of(run).items()
    }
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})+", row["Hỗ trợ được hưởng (đồng)"]) for row in rows)
    # Approval has recorded the new posts; the list still shows the posts people leave.
    assert all(row["Chức vụ, đơn vị hiện tại"].startswith("Giám đốc Sở") for row in rows)


def test_an_approved_plan_has_a_draft_decision_with_the_number_left_blank(lai_chau, db):
    run = carried(run_plan(LAI_CHAU, target=0.05, on=ON))
    doc = opened(decision_docx(run))
    assert doc.tables[0].cell(1, 0).text == "Số ……-QĐ/TU"
    assert paragraph(doc, "Lai Châu, ngày").text == "Lai Châu, ngày …… tháng …… năm ……"


@pytest.mark.parametrize("build", [proposal_docx, decision_docx])
def test_a_draft_or_proposed_plan_has_no_documents(lai_chau, db, build):
    run = run_plan(LAI_CHAU, target=0.05, on=ON)
    with pytest.raises(DocumentError) as refused:
        build(run)
    assert "Dự thảo" in refused.value.message_vi and "approved or decided" in refused.value.message_en
    # The refusal names the plan by its kind, province and date, not by its number alone.
    assert f"Phương án luân chuyển Tỉnh Lai Châu ngày {ON:%d/%m/%Y}" in refused.value.message_vi
    with pytest.raises(DocumentError, match="is 'Proposed"):
        build(carried(run, to="proposed"))


def test_a_plan_without_a_solution_has_no_documents(lai_chau, db):
    run = run_plan(LAI_CHAU, target=0.5, on=ON, when_infeasible="strict")
    assert run.status == "infeasible"
    with pytest.raises(DocumentError) as refused:
        proposal_docx(run)
    assert "không có cách bố trí nào đáp ứng mọi điều kiện" in refused.value.message_vi
    assert "no solution" in refused.value.message_en
    assert_plain(refused.value.message_vi)


def test_a_city_plan_is_issued_by_the_city_party_committee(geography):
    for number, commune in enumerate(communes(HAI_PHONG, 200)):
        secretary(commune, name=f"Bí Thư {number:03d}")
    for number, home in enumerate(communes(LAI_CHAU, 2)):
        planned(HAI_PHONG, home=home, name=f"Giám Đốc {number}")
    run = carried(run_plan(HAI_PHONG, target=0.01, on=ON), scope=HAI_PHONG)
    proposal, decision = opened(proposal_docx(run)), opened(decision_docx(run))
    assert [p.text for p in proposal.tables[0].cell(0, 0).paragraphs] == [
        "THÀNH ỦY HẢI PHÒNG",
        "BAN TỔ CHỨC",
        "*",
    ]
    assert [p.text for p in decision.tables[0].cell(0, 0).paragraphs] == ["THÀNH ỦY HẢI PHÒNG", "*"]
    assert proposal.tables[0].cell(1, 0).text == "Số ……-TTr/BTCTU"
    assert paragraph(proposal, "Hải Phòng, ngày").runs[0].italic
    assert "Kính gửi: Ban Thường vụ Thành ủy." in texts(proposal)
    text = "\n".join(texts(decision))
    assert "BAN THƯỜNG VỤ THÀNH ỦY HẢI PHÒNG" in text and "Ban Chấp hành Đảng bộ thành phố" in text
    assert "TỈNH" not in text
    rows = listed(decision, "Chức vụ, đơn vị đến")
    assert len(rows) == 2
    assert {row["Họ và tên"] for row in rows} == set(moves_of(run))


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


def test_the_plan_page_calls_a_decided_plans_decision_a_decision_not_a_draft(lai_chau, db, client):
    from django.contrib.auth import get_user_model

    from cadre.workflow.services import decide
    from tests.users import make_user

    client.force_login(make_user("xem", role="board_officer", scope=LAI_CHAU))
    run = carried(run_plan(LAI_CHAU, target=0.05, on=ON))
    assert "Dự thảo Quyết định (DOCX)" in client.get(f"/plans/{run.pk}/").content.decode()
    decide(run, get_user_model().objects.get(username="btv"), "Ban hành", decision="16-QĐ/TU")
    page = client.get(f"/plans/{run.pk}/").content.decode()
    assert "Quyết định (DOCX)" in page and "Dự thảo Quyết định" not in page
