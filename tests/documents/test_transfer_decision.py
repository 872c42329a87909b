"""The Department of Home Affairs' decision on a staff transfer plan is a state document (Decree 30/2020): the
People's Committee and the Department at the top left, the Quốc hiệu and the tiêu ngữ at the top right,
"Số: ……/QĐ-SNV", who moves from which commune to which and why, no hash and no solver's word; downloaded from
the plan's page once approved, refused before, and not found outside the province."""

import io
import re

import pytest
from docx import Document

from cadre.geo.models import Commune
from cadre.staffing.documents import DocumentError, transfer_decision_docx
from cadre.staffing.services import run_transfers
from cadre.workflow.services import approve, decide, propose
from tests.rotation.plans import texts
from tests.staffing.registry import (
    HAI_PHONG,
    LAI_CHAU,
    ON,
    fixture_registry,  # noqa: F401  (the registry fixture)
)
from tests.users import make_user

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SOLVER_WORDS = ("lời giải", "cận dưới", "tối ưu", "optimal", "cost", "chi phí", "mã băm", "sha-256")


def carried(plan, to="approved"):
    officer = make_user("snv", role="home_affairs", scope=HAI_PHONG)
    standing = make_user("btv", role="standing_member", scope=HAI_PHONG)
    plan = propose(plan, officer, "Điều động kế toán")
    if to in ("approved", "decided"):
        plan = approve(plan, standing, "Đồng ý")
    if to == "decided":
        plan = decide(plan, standing, "Ban hành", decision="12/QĐ-SNV")
    return plan


def test_the_transfer_decision_is_a_state_document_naming_who_moves_where(registry):
    plan = carried(run_transfers(HAI_PHONG, ON), to="decided")
    doc = Document(io.BytesIO(transfer_decision_docx(plan)))
    head = doc.tables[0]
    assert [p.text for p in head.cell(0, 0).paragraphs][:2] == ["UBND THÀNH PHỐ HẢI PHÒNG", "SỞ NỘI VỤ"]
    assert [p.text for p in head.cell(0, 1).paragraphs][:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert head.cell(1, 0).text == "Số: 12/QĐ-SNV"
    assert head.cell(1, 1).text.startswith("Hải Phòng, ngày ")
    text = "\n".join(texts(doc))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text and "T/M BAN THƯỜNG VỤ" not in text
    assert "Về việc điều động công chức cấp xã" in text and "GIÁM ĐỐC SỞ NỘI VỤ THÀNH PHỐ HẢI PHÒNG" in text
    assert "Điều 1. Điều động 2 công chức" in text and "kể từ ngày 01/07/2026" in text
    assert "tổng số chỗ còn thiếu trong tỉnh giảm từ" in text
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == 6)
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    names = dict(Commune.objects.values_list("code", "name"))
    assert sorted(row[1] for row in rows) == sorted(p.full_name for p in registry["people"][:2])
    assert {(row[4], row[5]) for row in rows} == {(names[registry["a"]], names[registry["b"]])}
    assert not re.search(r"[0-9a-f]{64}", text, re.IGNORECASE)
    assert [word for word in SOLVER_WORDS if word in text.lower()] == []


def test_a_proposed_plan_has_no_decision_yet(registry):
    plan = carried(run_transfers(HAI_PHONG, ON), to="proposed")
    with pytest.raises(DocumentError) as refused:
        transfer_decision_docx(plan)
    assert "phê duyệt" in refused.value.message_vi and "approved or decided" in refused.value.message_en


def test_the_plan_page_offers_the_decision_once_approved_and_only_within_the_province(client, registry):
    plan = carried(run_transfers(HAI_PHONG, ON))
    client.force_login(make_user("snv-2", role="home_affairs", scope=HAI_PHONG))
    url = f"/staffing/transfers/{plan.pk}/quyet-dinh.docx"
    assert url in client.get(f"/staffing/transfers/{plan.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "SỞ NỘI VỤ" in texts(Document(io.BytesIO(response.content)))
    client.force_login(make_user("snv-lc", role="home_affairs", scope=LAI_CHAU))
    assert client.get(url).status_code == 404


def test_a_plan_changed_behind_the_workflows_back_has_no_decision(client, registry):
    from cadre.staffing.models import TransferPlan
    from cadre.workflow.integrity import PlanAltered

    plan = carried(run_transfers(HAI_PHONG, ON))
    stored = TransferPlan.objects.values_list("plan", flat=True).get(pk=plan.pk)
    stored["moves"][0]["to"] = registry["far"]  # an UPDATE behind the application's back
    TransferPlan.objects.filter(pk=plan.pk).update(plan=stored)
    with pytest.raises(PlanAltered):
        transfer_decision_docx(TransferPlan.objects.get(pk=plan.pk))
    client.force_login(make_user("snv-2", role="home_affairs", scope=HAI_PHONG))
    assert client.get(f"/staffing/transfers/{plan.pk}/quyet-dinh.docx").status_code == 409


def test_a_user_who_may_only_view_gets_no_decision_and_no_workbook(client, registry):
    """A download is an export: a commune user, who may only view, is refused the decision and the moves' and the
    staffing table's workbooks, and is offered no link to them."""
    plan = carried(run_transfers(HAI_PHONG, ON))
    viewer = make_user("xa-hp", role="commune_user", scope=registry["far"])
    client.force_login(viewer)
    assert client.get(f"/staffing/transfers/{plan.pk}/quyet-dinh.docx").status_code == 404
    assert client.get(f"/staffing/transfers/{plan.pk}/?export=xlsx").status_code == 404
    table = client.get("/staffing/")
    assert table.status_code == 200 and "export=xlsx" not in table.content.decode()
    assert client.get("/staffing/?export=xlsx").status_code == 403
