"""What the rotation plan's documents say, gathered and worded once (`rotation.documents` lays them out): the
moves with the posts people leave (the registry on the eve of the rotation), why each person, the share of
non-local secretaries against the target, the support each person receives (`rotation.support`), the legal
bases from the policy file, in Vietnamese as an official writes them. No solver figure and no hash."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from cadre.core.errors import BilingualError
from cadre.core.text import Text
from cadre.documents.bases import cited_texts, cited_title
from cadre.documents.layout import log_anchor
from cadre.geo.models import UnitKind
from cadre.people.models import Position, Posting
from cadre.workflow.audit import SHORT, chain_position
from cadre.workflow.events import EventKind
from cadre.workflow.integrity import check_for_documents
from cadre.workflow.models import DecisionEvent

from .models import PlanRun
from .post_types import CHAIR_POST, POSITION, POST_TYPES, SECRETARY_POST, post_id, type_of
from .report import plan_report
from .support import PlanSupport, plan_support
from .targets import planned_types, type_target

# The rotation rule's texts; the target's own document (the province's, or the national reference's) follows them.
LEGAL_BASES = ("rotation_min_service_left_months",)


class DocumentError(BilingualError):
    """A plan that may not have documents yet: not approved, or without a solution."""


@dataclass(frozen=True)
class Facts:
    run: PlanRun
    report: dict  # `plan show`'s report of the plan
    committee: str  # "Tỉnh ủy" or "Thành ủy"
    party_unit: str  # whose Đảng bộ: "tỉnh" or "thành phố"
    place: str  # địa danh: "Lai Châu", "Hải Phòng", "Thành phố Hồ Chí Minh"
    moves: list[dict]  # the report's rows that give a post a new holder, each with the "current" posts
    released: list[dict]  # incumbents the plan gives no post, with their "former_label"
    events: dict[str, DecisionEvent]  # the plan's latest event of each kind in the decision log
    secretary: str  # the posts' titles: "Bí thư Đảng ủy" (or "Bí thư Đảng ủy, Chủ tịch UBND" for both types)
    anchor: tuple[
        int, str
    ]  # the decision log's position and its newest event's hash, as the document is drawn
    support: PlanSupport  # what each moved person receives
    titles: dict[str, str] = field(default_factory=dict)  # post type → the position's title

    def title_of(self, post: str) -> str:
        """The title of a post of the plan: "Bí thư Đảng ủy" or "Chủ tịch UBND"."""
        return self.titles.get(type_of(post)) or self.secretary

    def day_of(self, kind: EventKind) -> dt.date | None:
        event = self.events.get(kind)
        return timezone.localtime(event.at).date() if event else None


def plan_facts(run: PlanRun) -> Facts:
    _check(run)
    province = run.province
    city = province.kind == UnitKind.CITY
    place = province.name.removeprefix("Thành phố " if city else "Tỉnh ")
    if place == "Hồ Chí Minh":  # named after a person, the city keeps its full name
        place = province.name
    report = plan_report(run)
    moves = [row for row in report["assignments"] if row["kind"] != "stays"]
    held = _held_on([row["candidate"] for row in moves], run.rotation_date - dt.timedelta(days=1))
    labels = {
        post["id"]: post.get("place_label") or post.get("label", post["id"]) for post in run.problem["posts"]
    }
    kinds = [kind for kind in POST_TYPES if kind in {type_of(post["id"]) for post in run.problem["posts"]}]
    names = dict(Position.objects.filter(code__in=[POSITION[k] for k in kinds]).values_list("code", "name"))
    titles = {kind: names[POSITION[kind]] for kind in kinds}
    events = {e.kind: e for e in run.events()}
    return Facts(
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
        secretary=", ".join(titles.values()),
        titles=titles,
        anchor=chain_position(),
        support=plan_support(run),
    )


def _check(run: PlanRun) -> None:
    if not run.has_solution:
        raise DocumentError(
            f"Phương án #{run.pk} không có cách bố trí nào đáp ứng mọi điều kiện nên không lập được tờ trình hay "
            "quyết định.",
            f"Plan #{run.pk} has no solution: no proposal or decision can be drawn up from it.",
        )
    # A plan changed outside the workflow is not documented (`PlanAltered`), nor one not yet approved.
    check_for_documents(run, Text("tờ trình và quyết định", "a proposal or a decision"), DocumentError)


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
            in_text(unit.name) for unit in (posting.commune or posting.district, posting.province) if unit
        )
        held.setdefault(str(posting.official_id), []).append(f"{what} {where}")
    return {candidate: "; ".join(posts) for candidate, posts in held.items()}


def _incumbent_of(row: dict) -> str:
    rules = (row.get("explanation") or {}).get("rules", [])
    return next((r["vi"].rstrip(".") for r in rules if r.get("rule") == "incumbent"), "—")


def in_text(name: str) -> str:
    """A unit's name inside a sentence: "xã Than Uyên", "tỉnh Lai Châu" (the kind of unit in lower case)."""
    return name[:1].lower() + name[1:]


def reason(row: dict) -> str:
    """Why this person, in plain words: the succession plan, the time in the current post, the latest rating
    and whether the person is non-local where they go."""
    found = {r.get("rule"): r.get("vi", "") for r in (row.get("explanation") or {}).get("rules", [])}
    parts = [found[rule].rstrip(".") for rule in ("succession_plan", "tenure", "rating") if found.get(rule)]
    if row.get("non_local"):
        parts.append("Không là người địa phương tại đơn vị đến")
    return "; ".join([parts[0], *(in_text(part) for part in parts[1:])]) + "." if parts else "—"


def day_text(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "……"


def number_text(value: float | None, digits: int = 3) -> str:
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


def legal_bases(run: PlanRun) -> list[str]:
    """The texts the plan's rules come from: the rotation rules in force on its date, then the document that set
    each planned post type's target (the national reference's text where the province has set none)."""
    titles = cited_texts(LEGAL_BASES, run.rotation_date)
    for kind in planned_types(run):
        in_force = type_target(run, kind)
        if in_force is not None and in_force.document not in titles:
            titles.append(in_force.document)
    return titles


def _target(run: PlanRun, kind: str = SECRETARY_POST, share: float | None = None) -> str:
    """ "chỉ tiêu tối thiểu 30% của tỉnh/thành áp dụng từ ngày ... theo <document>": the target of `kind`
    (`share`, by default the plan's) and where it comes from."""
    share = run.target if share is None else share
    wanted = f"chỉ tiêu tối thiểu {_percent(share, exact=True)}"
    in_force = type_target(run, kind)
    if in_force is None:
        return f"{wanted} đặt cho phương án này"
    since = day_text(in_force.effective_from)
    whose = "của tỉnh/thành" if in_force.provincial else "tham chiếu chung (tỉnh/thành chưa đặt chỉ tiêu)"
    if abs(in_force.share - share) < 1e-9:
        return f"{wanted} {whose} áp dụng từ ngày {since} theo {in_force.document}"
    return (
        f"{wanted} đặt cho phương án này (mức {whose} từ ngày {since} là "
        f"{_percent(in_force.share, exact=True)} theo {in_force.document})"
    )


def money(amount: int) -> str:
    return f"{number_text(amount, 0)} đồng"


def anchor(doc, facts: Facts) -> None:
    sequence, digest = facts.anchor
    log_anchor(doc, sequence, digest[:SHORT])


def policy_name(support: PlanSupport) -> str | None:
    """The provincial support policy as a reader names it: its title and province (a made-up policy of the
    demonstration says so)."""
    policy = support.policy
    if policy is None:
        return None
    demo = " (chính sách minh họa, không phải nghị quyết thật)" if policy.demo else ""
    return f"chính sách «{policy.title}» của {policy.province_name}{demo}"


def support_items(entry) -> str:
    """'Hỗ trợ đi lại hằng tháng: 1.500.000 đồng/tháng trong 24 tháng; Trợ cấp một lần ...: 23.400.000 đồng'."""
    items = []
    for component in entry.support.components:
        if component.amount is None:
            items.append(component.label_vi)
        elif component.pay == "monthly":
            items.append(
                f"{component.label_vi}: {money(component.amount)}/tháng trong {component.months} tháng"
            )
        else:
            items.append(f"{component.label_vi}: {money(component.amount)}")
    return "; ".join(items) or "Không có khoản hỗ trợ nào áp dụng"


def support_bases(support: PlanSupport) -> list[str]:
    """The national texts the support items rest on (the provincial policy is named apart)."""
    key = support.policy.key if support.policy else None
    titles: list[str] = []
    for entry in support.people:
        for component in entry.support.components:
            if key and component.rule.startswith(key):
                continue
            cited = cited_title(component.source)
            if cited and cited not in titles:
                titles.append(cited)
    return titles


# How the summary names each post type's holders (its first line, one sentence per type).
_HOLDERS = {SECRETARY_POST: "bí thư đảng ủy cấp xã", CHAIR_POST: "chủ tịch UBND cấp xã"}
# Who the released incumbents are, in a plan of one post type (of both: "cán bộ").
_INCUMBENTS = {SECRETARY_POST: "bí thư", CHAIR_POST: "chủ tịch UBND"}


def _type_share(facts: Facts, metrics: dict, kind: str) -> str:
    """The share of non-local holders of `kind`'s posts before and after the plan, against that type's target
    and its document."""
    run = facts.run
    code = post_id(kind, run.province_id)
    group = next((g for g in metrics.get("groups", []) if g["group"] == code), {})
    posts, before = group.get("posts"), group.get("non_local_before")
    share = group.get("target")
    if share is None:
        share = (run.params.get("targets") or {}).get(kind, run.target)
    met = "đạt" if group.get("met") else "chưa đạt"
    return (
        f"Tỷ lệ {_HOLDERS[kind]} không là người địa phương: trước luân chuyển "
        f"{_percent(group.get('share_before'))} ({'—' if before is None else before}/{posts} xã, phường, đặc "
        f"khu), sau luân chuyển {_percent(group.get('share_after'))} ({group.get('non_local_after')}/{posts}); "
        f"{_target(run, kind, share)}: {met}."
    )


def summary(facts: Facts) -> list[str]:
    run, metrics = facts.run, facts.report.get("metrics") or {}
    distance = metrics.get("distance_km") or {}
    (only,) = facts.titles if len(facts.titles) == 1 else (None,)
    who = _INCUMBENTS.get(only, "cán bộ")
    released = f" {len(facts.released)} đồng chí {who} đương nhiệm thôi giữ chức để bố trí công tác khác."
    support = facts.support
    policy = policy_name(support)
    budget = (
        f"3. Kinh phí hỗ trợ cán bộ luân chuyển, điều động (đơn vị nhận cán bộ chi trả): tổng "
        f"{money(support.total)}"
        + (f", trong đó {money(support.one_time)} chi một lần" if support.one_time else "")
        + (
            f"; mỗi tháng {money(support.monthly)} trong thời gian hỗ trợ (tối đa {support.duration_months} "
            "tháng)"
            if support.monthly
            else ""
        )
        + (f"; theo {policy}" if policy else "")
        + "."
    )
    by_year = "; ".join(f"năm {year}: {money(amount)}" for year, amount in support.years)
    return [
        "1. " + " ".join(_type_share(facts, metrics, kind) for kind in facts.titles),
        f"2. Số cán bộ luân chuyển, điều động: {len(facts.moves)} đồng chí, từ ngày {day_text(run.rotation_date)} "
        f"(tổng quãng đường từ nơi ở đến nơi công tác mới {number_text(distance.get('total'), 1)} km, xa nhất "
        f"{number_text(distance.get('max'), 1)} km)." + (released if facts.released else ""),
        budget + (f" Theo từng năm: {by_year}." if by_year else ""),
    ]
