"""Văn bản của phương án: the Tờ trình (proposal) of the province Party Organisation Board and the draft Quyết
định (decision) of its Standing Committee for an approved or decided rotation plan, as DOCX files laid out as
Vietnamese administrative documents (`cadre.documents.layout`). The moves are the rows `cadre plan show` prints
(`rotation.report`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from cadre.core.errors import BilingualError
from cadre.core.policy import PolicyError, national_policy
from cadre.documents.layout import (
    BLANK_NUMBER,
    SIZE,
    closing,
    heading,
    line,
    list_table,
    log_anchor,
    new_document,
    page_break,
    para,
    title,
    to_bytes,
)
from cadre.geo.models import UnitKind
from cadre.people.models import Position, Posting
from cadre.people.positions import SECRETARY
from cadre.workflow.audit import SHORT, chain_position
from cadre.workflow.events import EventKind
from cadre.workflow.integrity import check_plan
from cadre.workflow.models import DecisionEvent
from cadre.workflow.states import State, state_label

from .models import PlanRun, PlanStatus
from .report import plan_report

# The rules whose titles (the `source` in the policy file) the documents cite as their bases.
LEGAL_BASES = ("rotation_min_service_left_months", "non_local_secretary_target")
STATUS_VI = {
    PlanStatus.OPTIMAL: "tối ưu, đã chứng minh",
    PlanStatus.FEASIBLE: "khả thi, chưa chứng minh tối ưu",
}


class DocumentError(BilingualError):
    """A plan that may not have documents yet: not approved, or without a solution."""


@dataclass(frozen=True)
class _Facts:
    run: PlanRun
    report: dict  # `plan show`'s report of the plan
    committee: str  # "Tỉnh ủy" or "Thành ủy"
    party_unit: str  # whose Đảng bộ: "tỉnh" or "thành phố"
    place: str  # địa danh: "Lai Châu", "Hải Phòng", "Thành phố Hồ Chí Minh"
    moves: list[dict]  # the report's rows that give a post a new holder, each with the "current" posts
    released: list[dict]  # incumbents the plan gives no post, with their "former_label"
    events: dict[str, DecisionEvent]  # the plan's latest event of each kind in the decision log
    secretary: str  # the post's title: "Bí thư Đảng ủy"
    anchor: tuple[
        int, str
    ]  # the decision log's position and its newest event's hash, as the document is drawn

    def day_of(self, kind: EventKind) -> dt.date | None:
        event = self.events.get(kind)
        return timezone.localtime(event.at).date() if event else None


def _facts(run: PlanRun) -> _Facts:
    _check(run)
    province = run.province
    city = province.kind == UnitKind.CITY
    place = province.name.removeprefix("Thành phố " if city else "Tỉnh ")
    if place == "Hồ Chí Minh":  # named after a person, the city keeps its full name
        place = province.name
    report = plan_report(run)
    moves = [row for row in report["assignments"] if row["kind"] != "stays"]
    held = _held_on([row["candidate"] for row in moves], run.rotation_date - dt.timedelta(days=1))
    labels = {post["id"]: post.get("label", post["id"]) for post in run.problem["posts"]}
    events = {e.kind: e for e in run.events()}
    return _Facts(
        run=run,
        report=report,
        committee="Thành ủy" if city else "Tỉnh ủy",
        party_unit="thành phố" if city else "tỉnh",
        place=place,
        moves=[{**row, "current": held.get(row["candidate"]) or _incumbent_of(row)} for row in moves],
        released=[
            {**entry, "former_label": labels.get(entry["former_post"], entry["former_post"])}
            for entry in report["not_moved"]
            if entry.get("former_post")
        ],
        events=events,
        secretary=Position.objects.get(code=SECRETARY).name,
        anchor=chain_position(),
    )


def _check(run: PlanRun) -> None:
    check_plan(run)  # a plan changed outside the workflow is not documented (`PlanAltered`)
    if not run.has_solution:
        raise DocumentError(
            f"Phương án #{run.pk} không có lời giải nên không lập được tờ trình hay quyết định.",
            f"Plan #{run.pk} has no solution: no proposal or decision can be drawn up from it.",
        )
    if run.state not in (State.APPROVED, State.DECIDED):
        now = state_label(run.state)
        raise DocumentError(
            f"Phương án #{run.pk} đang ở bước «{now.vi}»: chỉ phương án đã được phê duyệt hoặc đã ban hành "
            "quyết định mới lập được tờ trình và quyết định.",
            f"Plan #{run.pk} is '{now.en}': a proposal or a decision is drawn up only for an approved or "
            "decided plan.",
        )


def _held_on(candidates: list[str], day: dt.date) -> dict[str, str]:
    """Each person's posts on `day` in the registry's dated history. On the eve of the rotation these are the
    posts the person leaves, also after approval has recorded the new one."""
    held: dict[str, list[str]] = {}
    postings = (
        Posting.objects.held_on(day)
        .filter(official_id__in=[int(c) for c in candidates if c.isdigit()])
        .select_related("position", "province", "district", "commune")
        .order_by("official_id", "position__level", "position__order", "start")
    )
    for posting in postings:
        what = posting.position.name + (f" ({posting.body})" if posting.body else "")
        where = ", ".join(
            _in_text(unit.name) for unit in (posting.commune or posting.district, posting.province) if unit
        )
        held.setdefault(str(posting.official_id), []).append(f"{what} {where}")
    return {candidate: "; ".join(posts) for candidate, posts in held.items()}


def _incumbent_of(row: dict) -> str:
    rules = (row.get("explanation") or {}).get("rules", [])
    return next((r["vi"].rstrip(".") for r in rules if r.get("rule") == "incumbent"), "—")


def _in_text(name: str) -> str:
    """A unit's name inside a sentence: "xã Than Uyên", "tỉnh Lai Châu" (the kind of unit in lower case)."""
    return name[:1].lower() + name[1:]


def _reason(row: dict) -> str:
    """The short justification: the succession plan, the latest rating and whether the person is non-local."""
    found = {r.get("rule"): r.get("vi", "") for r in (row.get("explanation") or {}).get("rules", [])}
    parts = [found[rule].rstrip(".") for rule in ("succession_plan", "rating") if found.get(rule)]
    if row.get("non_local"):
        parts.append("Không là người địa phương tại đơn vị đến")
    return "; ".join([parts[0], *(_in_text(part) for part in parts[1:])]) + "." if parts else "—"


def _day(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "……"


def _number(value: float | None, digits: int = 3) -> str:
    """13.309,784: Vietnamese groups thousands with a dot and writes a decimal comma."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _percent(share: float | None, exact: bool = False) -> str:
    """A share as 5,3%; `exact`, a target as it was set: 30%, 30,5%."""
    if share is None:
        return "—"
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".") if exact else f"{share * 100:.1f}"
    return text.replace(".", ",") + "%"


def _title(source: str) -> str:
    """The document a policy value cites, without the gloss that follows it."""
    return re.split(r"[:(;]", source, maxsplit=1)[0].strip()


def _legal_bases(on: dt.date) -> list[str]:
    titles: list[str] = []
    for name in LEGAL_BASES:
        try:
            cited = _title(national_policy().entry(name, on).source)
        except PolicyError:
            continue
        if cited not in titles:
            titles.append(cited)
    return titles


def _target(run: PlanRun) -> str:
    wanted = f"chỉ tiêu tối thiểu {_percent(run.target, exact=True)}"
    try:
        entry = national_policy().entry("non_local_secretary_target", run.rotation_date)
    except PolicyError:
        return wanted
    since = _day(entry.effective_from)
    if abs(entry.value - run.target) < 1e-9:
        return f"{wanted} áp dụng từ ngày {since} theo {_title(entry.source)}"
    return (
        f"{wanted} đặt cho phương án này (mức chung từ ngày {since} là {_percent(entry.value, exact=True)})"
    )


def _trace(facts: _Facts) -> str:
    """What lets a reader check the document: the problem's hash and the plan's last event in the log."""
    run = facts.run
    text = (
        f"Phương án số {run.pk} lập ngày {_day(timezone.localtime(run.created_at).date())}; mã băm SHA-256 "
        f"của bài toán: {run.problem_sha256} (để đối chiếu và giải lại phương án)"
    )
    if run.corrects_id:
        text += f"; điều chỉnh phương án số {run.corrects_id}"
    latest = max(facts.events.values(), key=lambda event: event.sequence, default=None)
    if latest:
        kind = EventKind(latest.kind).verb_vi if latest.kind in EventKind.values else latest.kind
        text += f"; nhật ký quyết định: sự kiện số {latest.sequence} ({kind}), mã băm {latest.hash}"
    return text + "."


def _anchor(doc, facts: _Facts) -> None:
    sequence, digest = facts.anchor
    log_anchor(doc, sequence, digest[:SHORT])


def _summary(facts: _Facts) -> list[str]:
    run, metrics = facts.run, facts.report.get("metrics") or {}
    group = next((g for g in metrics.get("groups", []) if g["group"] == run.province_id), {})
    posts, before = group.get("posts"), group.get("non_local_before")
    distance = metrics.get("distance_km") or {}
    released = f" {len(facts.released)} đồng chí bí thư đương nhiệm thôi giữ chức để bố trí công tác khác."
    proven = " (bằng nhau: không phương án nào đáp ứng mọi điều kiện mà có tổng chi phí thấp hơn)"
    return [
        f"1. Tỷ lệ bí thư đảng ủy cấp xã không là người địa phương: trước luân chuyển "
        f"{_percent(group.get('share_before'))} ({'—' if before is None else before}/{posts}), sau luân chuyển "
        f"{_percent(group.get('share_after'))} ({group.get('non_local_after')}/{posts}); {_target(run)}: "
        f"{'đạt' if group.get('met') else 'chưa đạt'}.",
        f"2. Số cán bộ luân chuyển, điều động: {len(facts.moves)} đồng chí (tổng quãng đường "
        f"{_number(distance.get('total'), 1)} km, xa nhất {_number(distance.get('max'), 1)} km)."
        + (released if facts.released else ""),
        f"3. Lời giải: {STATUS_VI[run.status]}; tổng chi phí {_number(run.objective)}, cận dưới "
        f"{_number(run.bound)}{proven if run.status == PlanStatus.OPTIMAL else ''}.",
        f"4. {_trace(facts)}",
    ]


PROPOSAL_COLUMNS = [
    ("STT", 10),
    ("Họ và tên", 27),
    ("Năm sinh", 14),
    ("Chức vụ, đơn vị hiện tại", 36),
    ("Đơn vị đến", 26),
    ("Lý do, giải trình", 36),
    ("Khoảng cách (km)", 16),
]
DECISION_COLUMNS = [
    ("STT", 10),
    ("Họ và tên", 32),
    ("Năm sinh", 15),
    ("Chức vụ, đơn vị hiện tại", 48),
    ("Đơn vị đến", 32),
    ("Chức vụ bố trí", 28),
]


def _year(row: dict) -> str:
    return (row.get("birth_date") or "—")[:4]


def _unmet(doc, closest: dict | None) -> None:
    """A plan that does not meet every requirement says so, why, and which posts it leaves open."""
    if not closest:
        return
    para(doc, closest["message_vi"], bold=True)
    for why in closest.get("strict_diagnosis", []):
        para(doc, f"Lý do: {why.get('message_vi', '')}")
    for post in closest.get("open_posts", []):
        para(doc, f"- {post['vi']}")


def proposal_docx(run: PlanRun) -> bytes:
    """Tờ trình of the Organisation Board to the Standing Committee: the plan's figures and every move."""
    facts = _facts(run)
    committee, place = facts.committee, facts.place
    doc = new_document()
    number = f"{BLANK_NUMBER}/TTr-BTC"
    heading(
        doc, f"{committee} {place}".upper(), "BAN TỔ CHỨC", number, place, facts.day_of(EventKind.PROPOSE)
    )
    title(doc, "TỜ TRÌNH", f"Về việc luân chuyển, điều động cán bộ giữ chức {facts.secretary} cấp xã")
    line(doc, f"Kính gửi: Ban Thường vụ {committee}.")
    line(doc, "")
    bases = " và ".join(_legal_bases(run.rotation_date)) or "các quy định về luân chuyển cán bộ"
    para(
        doc,
        f"Thực hiện {bases}, Ban Tổ chức {committee} đã xây dựng phương án luân chuyển, điều động cán bộ giữ "
        f"chức {facts.secretary} các xã, phường, đặc khu, thực hiện từ ngày {_day(run.rotation_date)}, và kính "
        f"trình Ban Thường vụ {committee} như sau:",
    )
    para(doc, "I. KẾT QUẢ PHƯƠNG ÁN", bold=True)
    for point in _summary(facts):
        para(doc, point)
    _unmet(doc, run.plan.get("closest"))
    para(doc, "II. DANH SÁCH ĐỀ NGHỊ LUÂN CHUYỂN, ĐIỀU ĐỘNG", bold=True)
    rows = [
        [str(n), row["full_name"], _year(row), row["current"], row["post_label"], _reason(row)]
        + [_number(row["km"], 1)]
        for n, row in enumerate(facts.moves, 1)
    ]
    list_table(doc, PROPOSAL_COLUMNS, rows, centred=(0, 2))
    line(doc, "")
    para(doc, f"Ban Tổ chức {committee} kính trình Ban Thường vụ {committee} xem xét, quyết định./.")
    closing(doc, ["Như trên", "Lưu: VT, BTC"], ["TRƯỞNG BAN"])
    _anchor(doc, facts)
    return to_bytes(doc)


def decision_docx(run: PlanRun) -> bytes:
    """Draft Quyết định of the Standing Committee "Về việc luân chuyển, điều động cán bộ", the list of moves
    attached. A decided plan carries its decision number and date."""
    facts = _facts(run)
    committee, place = facts.committee, facts.place
    number = run.decision or f"{BLANK_NUMBER}/QĐ-TU"
    signed = facts.day_of(EventKind.DECIDE) if run.state == State.DECIDED else None
    doc = new_document()
    heading(doc, f"{committee} {place}".upper(), "BAN THƯỜNG VỤ", number, place, signed)
    title(doc, "QUYẾT ĐỊNH", "Về việc luân chuyển, điều động cán bộ")
    line(doc, f"BAN THƯỜNG VỤ {committee} {place}".upper(), bold=True)
    line(doc, "")
    bases = [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam",
        f"Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ {facts.party_unit}, Ban Thường vụ {committee}",
        *(f"Căn cứ {cited}" for cited in _legal_bases(run.rotation_date)),
        f"Xét đề nghị của Ban Tổ chức {committee} tại Tờ trình số {BLANK_NUMBER}/TTr-BTC ngày "
        f"{_day(facts.day_of(EventKind.PROPOSE))}",
    ]
    for n, basis in enumerate(bases, 1):
        para(doc, basis + ("." if n == len(bases) else ";"), italic=True)
    line(doc, "QUYẾT ĐỊNH:", bold=True)
    line(doc, "")
    para(
        doc,
        ("Điều 1. ", True),
        f"Luân chuyển, điều động {len(facts.moves)} đồng chí có tên tại Danh sách kèm theo Quyết định này đến "
        f"nhận công tác và giữ chức {facts.secretary} tại xã, phường, đặc khu ghi tương ứng trong Danh sách.",
    )
    if facts.released:
        names = ", ".join(
            f"{e['label']} ({facts.secretary} {_in_text(e['former_label'])})" for e in facts.released
        )
        para(
            doc,
            f"Các đồng chí {names} thôi giữ chức {facts.secretary} kể từ ngày {_day(run.rotation_date)} để bố "
            "trí công tác khác.",
        )
    months = (run.params.get("policy") or {}).get("rotation_min_tenure_months")
    least = f" Thời gian luân chuyển ít nhất là {months} tháng." if months else ""
    para(doc, ("Điều 2. ", True), f"Quyết định này có hiệu lực kể từ ngày {_day(run.rotation_date)}.{least}")
    para(
        doc,
        ("Điều 3. ", True),
        f"Văn phòng {committee}, Ban Tổ chức {committee}, đảng ủy các xã, phường, đặc khu có liên quan và các "
        "đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành./.",
    )
    closing(doc, ["Như Điều 3", f"Thường trực {committee}", "Lưu: VT, BTC"], ["TM. BAN THƯỜNG VỤ", "BÍ THƯ"])
    _anchor(doc, facts)
    page_break(doc)
    line(doc, "DANH SÁCH", bold=True)
    line(doc, f"cán bộ luân chuyển, điều động giữ chức {facts.secretary} cấp xã", bold=True)
    line(
        doc,
        f"(Kèm theo Quyết định số {number} ngày {_day(signed)} của Ban Thường vụ {committee} {place})",
        italic=True,
    )
    line(doc, "")
    rows = [
        [str(n), row["full_name"], _year(row), row["current"], row["post_label"], facts.secretary]
        for n, row in enumerate(facts.moves, 1)
    ]
    list_table(doc, DECISION_COLUMNS, rows, centred=(0, 2))
    line(doc, "")
    line(doc, _trace(facts), size=SIZE["recipients"], italic=True, align="justify")
    return to_bytes(doc)
