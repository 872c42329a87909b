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
import re
from dataclasses import dataclass

from django.utils import timezone

from cadre.core.errors import BilingualError
from cadre.core.policy import PolicyError, national_policy
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
    title,
    to_bytes,
)
from cadre.geo.models import UnitKind
from cadre.people.models import Official, Position, Posting
from cadre.people.positions import SECRETARY
from cadre.people.resume import add_resumes
from cadre.workflow.audit import SHORT, chain_position
from cadre.workflow.events import EventKind
from cadre.workflow.integrity import check_plan
from cadre.workflow.models import DecisionEvent
from cadre.workflow.states import State, state_label

from .models import PlanRun
from .report import plan_report
from .support import PlanSupport, plan_support

# The rules whose titles (the `source` in the policy file) the documents cite as their bases.
LEGAL_BASES = ("rotation_min_service_left_months", "non_local_secretary_target")
PARTY = Format.PARTY


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
    support: PlanSupport  # what each moved person receives

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
        support=plan_support(run),
    )


def _check(run: PlanRun) -> None:
    check_plan(run)  # a plan changed outside the workflow is not documented (`PlanAltered`)
    if not run.has_solution:
        raise DocumentError(
            f"Phương án #{run.pk} không có cách bố trí nào đáp ứng mọi điều kiện nên không lập được tờ trình hay "
            "quyết định.",
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
    """Why this person, in plain words: the succession plan, the time in the current post, the latest rating
    and whether the person is non-local where they go."""
    found = {r.get("rule"): r.get("vi", "") for r in (row.get("explanation") or {}).get("rules", [])}
    parts = [found[rule].rstrip(".") for rule in ("succession_plan", "tenure", "rating") if found.get(rule)]
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


def _money(amount: int) -> str:
    return f"{_number(amount, 0)} đồng"


def _anchor(doc, facts: _Facts) -> None:
    sequence, digest = facts.anchor
    log_anchor(doc, sequence, digest[:SHORT])


def _policy_name(support: PlanSupport) -> str | None:
    """The provincial support policy as a reader names it: its title and province (a made-up policy of the
    demonstration says so)."""
    policy = support.policy
    if policy is None:
        return None
    demo = " (chính sách minh họa, không phải nghị quyết thật)" if policy.demo else ""
    return f"chính sách «{policy.title}» của {policy.province_name}{demo}"


def _support_items(entry) -> str:
    """'Hỗ trợ đi lại hằng tháng: 1.500.000 đồng/tháng trong 24 tháng; Trợ cấp một lần ...: 23.400.000 đồng'."""
    items = []
    for component in entry.support.components:
        if component.amount is None:
            items.append(component.label_vi)
        elif component.pay == "monthly":
            items.append(
                f"{component.label_vi}: {_money(component.amount)}/tháng trong {component.months} tháng"
            )
        else:
            items.append(f"{component.label_vi}: {_money(component.amount)}")
    return "; ".join(items) or "Không có khoản hỗ trợ nào áp dụng"


def _support_bases(support: PlanSupport) -> list[str]:
    """The national texts the support items rest on (the provincial policy is named apart)."""
    key = support.policy.key if support.policy else None
    titles: list[str] = []
    for entry in support.people:
        for component in entry.support.components:
            if key and component.rule.startswith(key):
                continue
            cited = _title(component.source)
            if cited and cited not in titles:
                titles.append(cited)
    return titles


def _summary(facts: _Facts) -> list[str]:
    run, metrics = facts.run, facts.report.get("metrics") or {}
    group = next((g for g in metrics.get("groups", []) if g["group"] == run.province_id), {})
    posts, before = group.get("posts"), group.get("non_local_before")
    distance = metrics.get("distance_km") or {}
    released = f" {len(facts.released)} đồng chí bí thư đương nhiệm thôi giữ chức để bố trí công tác khác."
    support = facts.support
    policy = _policy_name(support)
    money = (
        f"3. Kinh phí hỗ trợ cán bộ luân chuyển, điều động (đơn vị nhận cán bộ chi trả): tổng "
        f"{_money(support.total)}"
        + (f", trong đó {_money(support.one_time)} chi một lần" if support.one_time else "")
        + (
            f"; mỗi tháng {_money(support.monthly)} trong thời gian hỗ trợ (tối đa {support.duration_months} "
            "tháng)"
            if support.monthly
            else ""
        )
        + (f"; theo {policy}" if policy else "")
        + "."
    )
    by_year = "; ".join(f"năm {year}: {_money(amount)}" for year, amount in support.years)
    return [
        f"1. Tỷ lệ bí thư đảng ủy cấp xã không là người địa phương: trước luân chuyển "
        f"{_percent(group.get('share_before'))} ({'—' if before is None else before}/{posts} xã, phường, đặc "
        f"khu), sau luân chuyển {_percent(group.get('share_after'))} ({group.get('non_local_after')}/{posts}); "
        f"{_target(run)}: {'đạt' if group.get('met') else 'chưa đạt'}.",
        f"2. Số cán bộ luân chuyển, điều động: {len(facts.moves)} đồng chí, từ ngày {_day(run.rotation_date)} "
        f"(tổng quãng đường từ nơi ở đến nơi công tác mới {_number(distance.get('total'), 1)} km, xa nhất "
        f"{_number(distance.get('max'), 1)} km)." + (released if facts.released else ""),
        money + (f" Theo từng năm: {by_year}." if by_year else ""),
    ]


PROPOSAL_COLUMNS = [
    ("STT", 11),
    ("Họ và tên", 26),
    ("Năm sinh", 13),
    ("Chức vụ, đơn vị hiện tại", 32),
    ("Chức vụ, đơn vị đến", 28),
    ("Lý do, giải trình", 39),
    ("Khoảng cách (km)", 16),
]
SUPPORT_COLUMNS = [
    ("STT", 11),
    ("Họ và tên", 30),
    ("Các khoản hỗ trợ được hưởng", 90),
    ("Cộng (đồng)", 34),
]
DECISION_COLUMNS = [
    ("STT", 11),
    ("Họ và tên", 31),
    ("Năm sinh", 15),
    ("Chức vụ, đơn vị hiện tại", 44),
    ("Chức vụ, đơn vị đến", 36),
    ("Hỗ trợ được hưởng (đồng)", 28),
]


def _year(row: dict) -> str:
    return (row.get("birth_date") or "—")[:4]


def _party_body(facts: _Facts) -> str:
    """The committee's name in the head: "TỈNH ỦY LAI CHÂU", "THÀNH ỦY HẢI PHÒNG"."""
    return f"{facts.committee} {facts.place}".upper()


def _destination(facts: _Facts, row: dict) -> str:
    return f"{facts.secretary} {_in_text(row['post_label'])}"


def _moved_officials(facts: _Facts) -> list[Official]:
    ids = [int(row["candidate"]) for row in facts.moves if str(row["candidate"]).isdigit()]
    found = Official.objects.select_related("current_province").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def proposal_docx(run: PlanRun) -> bytes:
    """Tờ trình of the Organisation Board to the Standing Committee: the plan's figures, every move and why,
    the support, the request; then the annex with each moved person's Sơ yếu lý lịch."""
    facts = _facts(run)
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
    para(doc, "II. DANH SÁCH ĐỀ NGHỊ LUÂN CHUYỂN, ĐIỀU ĐỘNG", bold=True)
    rows = [
        [str(n), row["full_name"], _year(row), row["current"], _destination(facts, row), _reason(row)]
        + [_number(row["km"], 1)]
        for n, row in enumerate(facts.moves, 1)
    ]
    list_table(doc, PROPOSAL_COLUMNS, rows, centred=(0, 2))
    line(doc, "")
    para(doc, "III. CHẾ ĐỘ HỖ TRỢ", bold=True)
    policy = _policy_name(facts.support)
    bases = _support_bases(facts.support)
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
                _support_items(entry) if entry else "—",
                _number(entry.support.total, 0) if entry else "—",
            ]
        )
    list_table(doc, SUPPORT_COLUMNS, rows, centred=(0,))
    line(doc, "")
    para(doc, "IV. ĐỀ NGHỊ", bold=True)
    para(
        doc,
        f"Ban Tổ chức {committee} kính trình Ban Thường vụ {committee} xem xét, quyết định luân chuyển, điều "
        f"động {len(facts.moves)} đồng chí có tên tại Mục II (sơ yếu lý lịch từng đồng chí tại Phụ lục kèm "
        "theo)./.",
    )
    closing(doc, ["Như trên", "Lưu Ban Tổ chức"], ["T/M BAN TỔ CHỨC", "TRƯỞNG BAN"], form=PARTY)
    _anchor(doc, facts)
    add_resumes(
        doc,
        _moved_officials(facts),
        visible=Official.objects.filter(current_province_id=run.province_id),
        on=run.rotation_date - dt.timedelta(days=1),  # as they are before the move
        heading=[
            "PHỤ LỤC",
            "SƠ YẾU LÝ LỊCH CÁN BỘ ĐỀ NGHỊ LUÂN CHUYỂN, ĐIỀU ĐỘNG",
            f"(Kèm theo Tờ trình số {number} ngày {_day(proposed)} của Ban Tổ chức {committee} {place})",
        ],
    )
    return to_bytes(doc)


def decision_docx(run: PlanRun) -> bytes:
    """Quyết định of the Standing Committee "về việc luân chuyển, điều động cán bộ", the list of moves
    attached. A decided plan carries its decision number and date; an approved one leaves them blank."""
    facts = _facts(run)
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
        *(f"Căn cứ {cited}" for cited in _legal_bases(run.rotation_date)),
        f"Xét đề nghị của Ban Tổ chức {committee} tại Tờ trình số {BLANK_NUMBER}-TTr/BTCTU ngày "
        f"{_day(facts.day_of(EventKind.PROPOSE))}",
    ]
    for n, basis in enumerate(bases, 1):
        para(doc, basis + ("," if n == len(bases) else ";"), italic=True)
    line(doc, "QUYẾT ĐỊNH", bold=True)
    line(doc, "")
    para(
        doc,
        ("Điều 1. ", True),
        f"Luân chuyển, điều động {len(facts.moves)} đồng chí có tên tại Danh sách kèm theo Quyết định này đến "
        f"nhận công tác và giữ chức {facts.secretary} tại xã, phường, đặc khu ghi tương ứng trong Danh sách, "
        f"kể từ ngày {_day(run.rotation_date)}.",
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
    policy = _policy_name(facts.support)
    para(
        doc,
        ("Điều 2. ", True),
        "Các đồng chí có tên tại Điều 1 được hưởng chế độ hỗ trợ"
        + (f" theo {policy}" if policy else "")
        + " với mức ghi tại Danh sách; kinh phí do đơn vị nhận cán bộ chi trả.",
    )
    months = (run.params.get("policy") or {}).get("rotation_min_tenure_months")
    least = f" Thời gian luân chuyển ít nhất là {months} tháng." if months else ""
    para(doc, ("Điều 3. ", True), f"Quyết định này có hiệu lực kể từ ngày {_day(run.rotation_date)}.{least}")
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
                _number(entry.support.total, 0) if entry else "—",
            ]
        )
    list_table(doc, DECISION_COLUMNS, rows, centred=(0, 2))
    return to_bytes(doc)
