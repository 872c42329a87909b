"""Văn bản của phương án: the Tờ trình (proposal) of the province Party Organisation Board to its Standing
Committee and the Quyết định (decision) of the Standing Committee for an approved or decided rotation plan, as
DOCX files.

Both are **Party documents** and follow Hướng dẫn 36-HD/VPTW (03/4/2018) of the Central Party Office on the
format of Party documents (`cadre.documents.layout`, `Format.PARTY`): the title "ĐẢNG CỘNG SẢN VIỆT NAM"; the
issuing body, "TỈNH ỦY LAI CHÂU / BAN TỔ CHỨC" for the Tờ trình and "TỈNH ỦY LAI CHÂU" for the Standing
Committee's decision (a city's committee is a "THÀNH ỦY", from the registry's kind of province); the numbers
"Số ……-TTr/BTCTU" and "Số 15-QĐ/TU" (BTCTU: Ban Tổ chức Tỉnh ủy or Thành ủy; TU: Tỉnh ủy or Thành ủy); the
signatures "T/M BAN TỔ CHỨC / TRƯỞNG BAN" and "T/M BAN THƯỜNG VỤ / BÍ THƯ".

They say, in an official's words, who goes where and from when, why, the support each person receives
(`rotation.support`) and the legal bases (the titles the policy files cite). The solver's figures and the
hashes stay in the plan's technical details and in the decision log; the documents carry only the log's short
anchor ("Mã đối chiếu nhật ký"). The Tờ trình has an annex with each moved person's Sơ yếu lý lịch
(`people.resume`).
"""

from __future__ import annotations

import datetime as dt

from cadre.documents.layout import (
    BLANK_NUMBER,
    Format,
    closing,
    heading,
    line,
    list_table,
    new_document,
    page_break,
    para,
    preamble,
    title,
    to_bytes,
)
from cadre.people.models import Official
from cadre.people.resume import add_resumes
from cadre.workflow.events import EventKind
from cadre.workflow.states import State

from .document_facts import (
    DocumentError,
    Facts,
    anchor,
    day_text,
    in_text,
    legal_bases,
    number_text,
    plan_facts,
    policy_name,
    reason,
    summary,
    support_bases,
    support_items,
)
from .models import PlanRun

__all__ = ["DocumentError", "decision_docx", "proposal_docx"]
PARTY = Format.PARTY


PROPOSAL_COLUMNS = [
    ("STT", 13),
    ("Họ và tên", 24),
    ("Năm sinh", 13),
    ("Chức vụ, đơn vị hiện tại", 29),
    ("Chức vụ, đơn vị đến", 26),
    ("Lý do, giải trình", 40),
    ("Quãng đường (km)", 20),
]
SUPPORT_COLUMNS = [
    ("STT", 13),
    ("Họ và tên", 30),
    ("Các khoản hỗ trợ được hưởng", 88),
    ("Cộng (đồng)", 34),
]
DECISION_COLUMNS = [
    ("STT", 13),
    ("Họ và tên", 30),
    ("Năm sinh", 15),
    ("Chức vụ, đơn vị hiện tại", 43),
    ("Chức vụ, đơn vị đến", 36),
    ("Hỗ trợ được hưởng (đồng)", 28),
]


def _year(row: dict) -> str:
    return (row.get("birth_date") or "—")[:4]


def _party_body(facts: Facts) -> str:
    """The committee's name in the head: "TỈNH ỦY LAI CHÂU", "THÀNH ỦY HẢI PHÒNG"."""
    return f"{facts.committee} {facts.place}".upper()


def _destination(facts: Facts, row: dict) -> str:
    return f"{facts.secretary} {in_text(row['post_label'])}"


def _moved_officials(facts: Facts) -> list[Official]:
    ids = [int(row["candidate"]) for row in facts.moves if str(row["candidate"]).isdigit()]
    found = Official.objects.select_related("current_province").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _unmet(doc, closest: dict | None) -> None:
    """A plan that does not meet every requirement (the closest plan the planner offers when none does) says so,
    why, and which posts it leaves open, before its list of moves."""
    if not closest:
        return
    para(doc, closest.get("message_vi", ""), bold=True)
    for why in closest.get("strict_diagnosis") or []:
        para(doc, f"Lý do: {why.get('message_vi', '')}")
    for post in closest.get("open_posts") or []:
        para(doc, f"- {post.get('vi', '')}")


def proposal_docx(run: PlanRun) -> bytes:
    """Tờ trình of the Organisation Board to the Standing Committee: the plan's figures, every move and why,
    the support, the request; then the annex with each moved person's Sơ yếu lý lịch."""
    facts = plan_facts(run)
    committee, place = facts.committee, facts.place
    doc = new_document()
    number = f"{BLANK_NUMBER}-TTr/BTCTU"
    proposed = facts.day_of(EventKind.PROPOSE)
    heading(doc, _party_body(facts), "BAN TỔ CHỨC", number, place, proposed, form=PARTY)
    title(
        doc,
        "TỜ TRÌNH",
        f"về việc luân chuyển, điều động cán bộ giữ chức {facts.secretary} cấp xã",
        form=PARTY,
    )
    line(doc, f"Kính gửi: Ban Thường vụ {committee}.")
    line(doc, "")
    bases = " và ".join(legal_bases(run)) or "các quy định về luân chuyển cán bộ"
    para(
        doc,
        f"Thực hiện {bases}, Ban Tổ chức {committee} đã xây dựng phương án luân chuyển, điều động cán bộ giữ "
        f"chức {facts.secretary} các xã, phường, đặc khu, thực hiện từ ngày {day_text(run.rotation_date)}, và kính "
        f"trình Ban Thường vụ {committee} như sau:",
    )
    para(doc, "I. KẾT QUẢ PHƯƠNG ÁN", bold=True)
    for point in summary(facts):
        para(doc, point)
    _unmet(doc, (run.plan or {}).get("closest"))
    para(doc, "II. DANH SÁCH ĐỀ NGHỊ LUÂN CHUYỂN, ĐIỀU ĐỘNG", bold=True)
    rows = [
        [str(n), row["full_name"], _year(row), row["current"], _destination(facts, row), reason(row)]
        + [number_text(row["km"], 1)]
        for n, row in enumerate(facts.moves, 1)
    ]
    list_table(doc, PROPOSAL_COLUMNS, rows, centred=(0, 2), amounts=(6,))
    line(doc, "")
    para(doc, "III. CHẾ ĐỘ HỖ TRỢ", bold=True)
    policy = policy_name(facts.support)
    bases = support_bases(facts.support)
    cited = [f"theo {policy}" if policy else "", ", ".join(bases)]
    para(
        doc,
        "Mỗi đồng chí được hưởng các khoản hỗ trợ dưới đây"
        + (f" ({'; '.join(part for part in cited if part)})" if any(cited) else "")
        + "; kinh phí do đơn vị nhận cán bộ chi trả.",
    )
    by_person = {entry.candidate: entry for entry in facts.support.people}
    rows = []
    for n, row in enumerate(facts.moves, 1):
        entry = by_person.get(str(row["candidate"]))
        rows.append(
            [
                str(n),
                row["full_name"],
                support_items(entry) if entry else "—",
                number_text(entry.support.total, 0) if entry else "—",
            ]
        )
    list_table(doc, SUPPORT_COLUMNS, rows, centred=(0,), amounts=(3,))
    line(doc, "")
    para(doc, "IV. ĐỀ NGHỊ", bold=True)
    para(
        doc,
        f"Ban Tổ chức {committee} kính trình Ban Thường vụ {committee} xem xét, quyết định luân chuyển, điều "
        f"động {len(facts.moves)} đồng chí có tên tại Mục II (sơ yếu lý lịch từng đồng chí tại Phụ lục kèm "
        "theo)./.",
    )
    closing(doc, ["Như trên", "Lưu Ban Tổ chức"], ["T/M BAN TỔ CHỨC", "TRƯỞNG BAN"], form=PARTY)
    anchor(doc, facts)
    add_resumes(
        doc,
        _moved_officials(facts),
        visible=Official.objects.filter(current_province_id=run.province_id),
        on=run.rotation_date - dt.timedelta(days=1),  # as they are before the move
        heading=[
            "PHỤ LỤC",
            "SƠ YẾU LÝ LỊCH CÁN BỘ ĐỀ NGHỊ LUÂN CHUYỂN, ĐIỀU ĐỘNG",
            f"(Kèm theo Tờ trình số {number} ngày {day_text(proposed)} của Ban Tổ chức {committee} {place})",
        ],
    )
    return to_bytes(doc)


def decision_docx(run: PlanRun) -> bytes:
    """Quyết định of the Standing Committee "về việc luân chuyển, điều động cán bộ", the list of moves
    attached. A decided plan carries its decision number and date; an approved one leaves them blank."""
    facts = plan_facts(run)
    committee, place = facts.committee, facts.place
    number = run.decision or f"{BLANK_NUMBER}-QĐ/TU"
    signed = facts.day_of(EventKind.DECIDE) if run.state == State.DECIDED else None
    doc = new_document()
    heading(doc, "", _party_body(facts), number, place, signed, form=PARTY)
    title(doc, "QUYẾT ĐỊNH", "về việc luân chuyển, điều động cán bộ", form=PARTY)
    line(doc, f"BAN THƯỜNG VỤ {committee} {place}".upper(), bold=True)
    line(doc, "")
    bases = [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam",
        f"Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ {facts.party_unit}, Ban Thường vụ {committee}",
        *(f"Căn cứ {cited}" for cited in legal_bases(run)),
        f"Xét đề nghị của Ban Tổ chức {committee} tại Tờ trình số {BLANK_NUMBER}-TTr/BTCTU ngày "
        f"{day_text(facts.day_of(EventKind.PROPOSE))}",
    ]
    preamble(doc, bases, last=",")
    line(doc, "QUYẾT ĐỊNH", bold=True)
    line(doc, "")
    para(
        doc,
        ("Điều 1. ", True),
        f"Luân chuyển, điều động {len(facts.moves)} đồng chí có tên tại Danh sách kèm theo Quyết định này đến "
        f"nhận công tác và giữ chức {facts.secretary} tại xã, phường, đặc khu ghi tương ứng trong Danh sách, "
        f"kể từ ngày {day_text(run.rotation_date)}.",
    )
    if facts.released:
        names = ", ".join(
            f"{e['label']} ({facts.secretary} {in_text(e['former_label'])})" for e in facts.released
        )
        para(
            doc,
            f"Các đồng chí {names} thôi giữ chức {facts.secretary} kể từ ngày {day_text(run.rotation_date)} để bố "
            "trí công tác khác.",
        )
    policy = policy_name(facts.support)
    para(
        doc,
        ("Điều 2. ", True),
        "Các đồng chí có tên tại Điều 1 được hưởng chế độ hỗ trợ"
        + (f" theo {policy}" if policy else "")
        + " với mức ghi tại Danh sách; kinh phí do đơn vị nhận cán bộ chi trả.",
    )
    months = (run.params.get("policy") or {}).get("rotation_min_tenure_months")
    least = f" Thời gian luân chuyển ít nhất là {months} tháng." if months else ""
    para(
        doc,
        ("Điều 3. ", True),
        f"Quyết định này có hiệu lực kể từ ngày {day_text(run.rotation_date)}.{least}",
    )
    para(
        doc,
        ("Điều 4. ", True),
        f"Văn phòng {committee}, Ban Tổ chức {committee}, đảng ủy các xã, phường, đặc khu có liên quan và các "
        "đồng chí có tên tại Điều 1 thi hành Quyết định này./.",
    )
    closing(
        doc,
        ["Như Điều 4", f"Thường trực {committee}", f"Lưu Văn phòng {committee}"],
        ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"],
        form=PARTY,
    )
    anchor(doc, facts)
    page_break(doc)
    line(doc, "DANH SÁCH", bold=True)
    line(doc, f"cán bộ luân chuyển, điều động giữ chức {facts.secretary} cấp xã", bold=True)
    line(
        doc,
        f"(Kèm theo Quyết định số {number} ngày {day_text(signed)} của Ban Thường vụ {committee} {place})",
        italic=True,
    )
    line(doc, "")
    by_person = {entry.candidate: entry for entry in facts.support.people}
    rows = []
    for n, row in enumerate(facts.moves, 1):
        entry = by_person.get(str(row["candidate"]))
        rows.append(
            [
                str(n),
                row["full_name"],
                _year(row),
                row["current"],
                _destination(facts, row),
                number_text(entry.support.total, 0) if entry else "—",
            ]
        )
    list_table(doc, DECISION_COLUMNS, rows, centred=(0, 2), amounts=(5,))
    return to_bytes(doc)
