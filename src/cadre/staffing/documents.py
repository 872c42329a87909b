"""The Quyết định điều động of an approved or decided staff transfer plan: the Department of Home Affairs moves
civil servants from surplus to shortage communes. It is a **state document** and follows Decree 30/2020/NĐ-CP
(`cadre.documents.layout`, `Format.STATE`): "UBND TỈNH LAI CHÂU / SỞ NỘI VỤ", the Quốc hiệu "CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM" and tiêu ngữ, "Số: 12/QĐ-SNV", signed by the Director. The rotation plans' Tờ trình and
Quyết định are Party documents instead (`rotation.documents`).

It says who moves, in which job position, from which commune to which, from when and why (the shortages it
fills), in an official's words, with the decision log's short anchor; no solver figure and no hash.
"""

from __future__ import annotations

from django.utils import timezone

from cadre.core.errors import BilingualError
from cadre.core.text import Text
from cadre.documents.bases import cited_texts
from cadre.documents.layout import (
    BLANK_NUMBER,
    Format,
    closing,
    heading,
    line,
    list_table,
    log_anchor,
    new_document,
    page_break,
    para,
    preamble,
    title,
    to_bytes,
)
from cadre.geo.models import Commune, UnitKind
from cadre.people.models import Official, Position
from cadre.workflow.audit import SHORT, chain_position
from cadre.workflow.events import EventKind
from cadre.workflow.integrity import check_for_documents
from cadre.workflow.states import State

from .models import TransferPlan

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The rules whose titles the decision cites as its bases, from the policy file.
LEGAL_BASES = ("two_tier_in_force", "commune_staffing_quota")
COLUMNS = [
    ("STT", 13),
    ("Họ và tên", 30),
    ("Năm sinh", 14),
    ("Vị trí việc làm", 36),
    ("Nơi đang công tác", 36),
    ("Nơi đến công tác", 36),
]


class DocumentError(BilingualError):
    """A transfer plan that may not have a decision yet: not approved, or without moves."""


def _check(plan: TransferPlan) -> None:
    check_for_documents(plan, Text("quyết định điều động", "a transfer decision"), DocumentError)
    if not plan.plan.get("moves"):
        raise DocumentError(
            f"Phương án điều động #{plan.pk} không điều động ai nên không lập được quyết định.",
            f"Transfer plan #{plan.pk} moves nobody: no decision can be drawn up from it.",
        )


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def transfer_decision_docx(plan: TransferPlan) -> bytes:
    """Quyết định "Về việc điều động công chức cấp xã" of the Department of Home Affairs, the list attached."""
    _check(plan)
    province = plan.province
    city = province.kind == UnitKind.CITY
    place = province.name.removeprefix("Thành phố " if city else "Tỉnh ")
    if place == "Hồ Chí Minh":
        place = province.name
    parent = f"UBND {'THÀNH PHỐ' if city else 'TỈNH'} {place}".upper()
    events = {e.kind: e for e in plan.events()}
    decided = events.get(EventKind.DECIDE) if plan.state == State.DECIDED else None
    signed = timezone.localtime(decided.at).date() if decided else None
    number = plan.decision or f"{BLANK_NUMBER}/QĐ-SNV"
    moves = plan.plan["moves"]
    people = Official.objects.in_bulk([int(m["staff"]) for m in moves])
    units = dict(
        Commune.objects.filter(code__in={m["from"] for m in moves} | {m["to"] for m in moves}).values_list(
            "code", "name"
        )
    )
    jobs = dict(
        Position.objects.filter(code__in={m["position"] for m in moves}).values_list("code", "name")
    )  # the Vietnamese names, whatever the reader's language: the document is in Vietnamese
    summary = plan.plan.get("summary") or {}
    before, after = summary.get("before") or {}, summary.get("after") or {}
    day = f"{plan.transfer_date:%d/%m/%Y}"

    doc = new_document()
    heading(doc, parent, "SỞ NỘI VỤ", number, place, signed, form=Format.STATE)
    title(doc, "QUYẾT ĐỊNH", "Về việc điều động công chức cấp xã", form=Format.STATE)
    line(doc, f"GIÁM ĐỐC SỞ NỘI VỤ {'THÀNH PHỐ' if city else 'TỈNH'} {place}".upper(), bold=True)
    line(doc, "")
    bases = [f"Căn cứ {cited}" for cited in cited_texts(LEGAL_BASES, plan.transfer_date)]
    bases.append(f"Theo đề nghị của Trưởng phòng Công chức, viên chức Sở Nội vụ {_lower(province.name)}")
    preamble(doc, bases, last=".")
    line(doc, "QUYẾT ĐỊNH:", bold=True)
    line(doc, "")
    para(
        doc,
        ("Điều 1. ", True),
        f"Điều động {len(moves)} công chức có tên tại Danh sách kèm theo Quyết định này từ xã, phường đang "
        f"công tác đến nhận công tác tại xã, phường ghi tương ứng trong Danh sách, giữ vị trí việc làm như hiện "
        f"nay, kể từ ngày {day}.",
    )
    reason = (
        "Lý do điều động: cân đối công chức giữa các xã, phường thừa và thiếu người theo vị trí việc làm; "
        f"tổng số chỗ còn thiếu trong tỉnh giảm từ {before.get('total', '—')} xuống {after.get('total', '—')}, "
        f"nơi thiếu nhiều nhất ở một vị trí việc làm giảm từ {before.get('max', '—')} xuống "
        f"{after.get('max', '—')} người."
    )
    para(doc, reason)
    para(
        doc,
        ("Điều 2. ", True),
        "Công chức có tên tại Điều 1 giữ nguyên ngạch, bậc lương và được hưởng các chế độ theo quy định hiện "
        f"hành. Quyết định này có hiệu lực kể từ ngày {day}.",
    )
    para(
        doc,
        ("Điều 3. ", True),
        "Chánh Văn phòng Sở Nội vụ, Trưởng phòng Công chức, viên chức, Chủ tịch Ủy ban nhân dân các xã, phường "
        "có liên quan và các công chức có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    )
    closing(doc, ["Như Điều 3", f"UBND {_lower(province.name)} (để báo cáo)", "Lưu: VT, CCVC"], ["GIÁM ĐỐC"])
    sequence, digest = chain_position()
    log_anchor(doc, sequence, digest[:SHORT])
    page_break(doc)
    line(doc, "DANH SÁCH", bold=True)
    line(doc, "công chức cấp xã được điều động", bold=True)
    line(
        doc, f"(Kèm theo Quyết định số {number} của Giám đốc Sở Nội vụ {_lower(province.name)})", italic=True
    )
    line(doc, "")
    rows = []
    ordered = sorted(moves, key=lambda m: (units.get(m["to"], ""), jobs.get(m["position"], "")))
    for n, move in enumerate(ordered, 1):
        person = people.get(int(move["staff"]))
        rows.append(
            [
                str(n),
                person.full_name if person else "—",
                str(person.birth_date.year) if person else "—",
                jobs.get(move["position"], "—"),
                units.get(move["from"], "—"),
                units.get(move["to"], "—"),
            ]
        )
    list_table(doc, COLUMNS, rows, centred=(0, 2))
    return to_bytes(doc)
