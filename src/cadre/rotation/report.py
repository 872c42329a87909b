"""A stored plan as rows people read: one per post, with the person, their particulars and the explanation
(`cadre plan show`, as JSON or as an XLSX workbook)."""

from __future__ import annotations

import io
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cadre.spreadsheet import Column, Table, in_language, technical_sheet

from .models import PlanRun
from .post_types import SECRETARY_POST, commune_of, title, type_of
from .support import plan_support

KIND_VI = {"stays": "ở lại", "moves": "luân chuyển", "new": "bố trí mới"}


def _sentences(items, language: str) -> str:
    return " ".join(str(item.get(language, "")) for item in items or () if isinstance(item, dict))


def assignment_rows(run: PlanRun) -> list[dict]:
    """One row per post of the plan (none for an infeasible plan)."""
    plan = run.plan
    people = plan.get("people", {})
    explained = {a["post"]: a for a in (plan.get("explanation") or {}).get("assignments", [])}
    labels = {p["id"]: p.get("place_label") or p.get("label", p["id"]) for p in run.problem["posts"]}
    kinds = {p["id"]: p.get("type", SECRETARY_POST) for p in run.problem["posts"]}
    titled = set(kinds.values()) != {SECRETARY_POST}  # a plan of secretaries alone reads as before
    rows = []
    for assignment in plan.get("assignments", []):
        post, candidate = assignment["post"], assignment["candidate"]
        why = explained.get(post, {})
        person = people.get(candidate, {})
        rules = why.get("rules", [])
        extra = [why.get("cutoff") or {}, why.get("runner_up") or {}]
        non_local = next((r.get("value") for r in rules if r.get("rule") == "non_local"), None)
        rows.append(
            {
                "post": post,
                "post_label": labels.get(post, post),
                "post_type": kinds.get(post, SECRETARY_POST),
                "post_title_vi": title(kinds.get(post, SECRETARY_POST), "vi") if titled else "",
                "post_title_en": title(kinds.get(post, SECRETARY_POST), "en") if titled else "",
                "candidate": candidate,
                "full_name": person.get("label", why.get("label")),
                "kind": why.get("kind"),
                "birth_date": person.get("birth_date"),
                "sex": person.get("sex"),
                "hometown": person.get("hometown"),
                "retirement_date": person.get("retirement_date"),
                "succession_plan": person.get("succession_plan"),
                "non_local": non_local,
                "km": (why.get("burden") or {}).get("km"),
                "cost": (why.get("burden") or {}).get("cost"),
                "explanation_vi": _sentences([*rules, *extra], "vi"),
                "explanation_en": _sentences([*rules, *extra], "en"),
                "explanation": why,
            }
        )
    return rows


def plan_report(run: PlanRun) -> dict:
    """The whole stored plan for `plan show --format json`."""
    plan = run.plan
    return {
        "plan_id": run.pk,
        "province": run.province_id,
        "rotation_date": run.rotation_date.isoformat(),
        "target": run.target,
        "status": run.status,
        "objective": run.objective,
        "bound": run.bound,
        "problem_sha256": run.problem_sha256,
        "created_at": run.created_at.isoformat(),
        "before": plan.get("before"),
        "metrics": plan.get("metrics"),
        "diagnosis": plan.get("diagnosis"),
        # Set for a plan that does not meet every requirement: why, how far, and each post it leaves open.
        "closest": plan.get("closest"),
        "assignments": assignment_rows(run),
        "not_moved": (plan.get("explanation") or {}).get("not_moved", []),
        "excluded": plan.get("excluded", []),
    }


def write_workbook(run: PlanRun, path: Path | io.BytesIO) -> None:
    """The plan as a workbook an official reads (`cadre.spreadsheet.Table`): a row per post ("Phương án"), the
    people no post was open to and why, the eligible people given no post and why, the non-local share per group
    before and after (as %), the support budget of the moves (`support.plan_support`), and last the ids, hashes
    and solver figures for auditors ("Chi tiết kỹ thuật"). Headers follow the UI's language.
    (`cadre plan show` writes it through `files.write_atomically`, so a failed save leaves nothing behind.)"""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    names = _Names(several=any(p.get("type") not in (None, SECRETARY_POST) for p in run.problem["posts"]))
    if run.plan.get("closest"):  # the first sheet says the plan does not meet every requirement
        _closest_sheet(book, run.plan["closest"])
    main = Table(book, in_language("Phương án", "Plan"), PLAN_COLUMNS)
    for row in assignment_rows(run):
        post_title = row[in_language("post_title_vi", "post_title_en")]
        main.append(
            [
                f"{post_title} — {row['post_label']}" if post_title else row["post_label"],
                row["full_name"],
                _kind(row["kind"]),
                row["birth_date"],
                _sex(row["sex"]),
                names.commune(row["hometown"]),
                row["retirement_date"],
                _pool(row["succession_plan"]),
                row["non_local"],
                row["km"],
                row[in_language("explanation_vi", "explanation_en")],
            ]
        )
    main.close()
    person, reasons = Column("Họ và tên", "Full name"), Column("Lý do", "Reasons")
    left_out = Table(book, in_language("Không đủ điều kiện", "Not eligible"), [person, reasons])
    for entry in run.plan.get("excluded", []):
        left_out.append([entry["label"], _sentences(entry.get("reasons", []), in_language("vi", "en"))])
    left_out.close()
    # Eligible people the plan gives no post: each is told what their cheapest post went for.
    unplaced = Table(
        book,
        in_language("Không được bố trí", "Not placed"),
        [person, Column("Đang giữ", "Current post"), Column("Lý do", "Reason")],
    )
    for entry in (run.plan.get("explanation") or {}).get("not_moved", []):
        unplaced.append(
            [entry["label"], names.post(entry.get("former_post")), entry.get(in_language("vi", "en"))]
        )
    unplaced.close()
    shares = Table(book, in_language("Tỷ lệ", "Shares"), SHARE_COLUMNS)
    for group in (run.plan.get("metrics") or {}).get("groups", []):
        shares.append(
            [
                names.group(group["group"]),
                group["posts"],
                group.get("share_before"),
                group.get("share_after"),
                group.get("target"),
                group.get("met"),
            ]
        )
    shares.close()
    _support_sheet(book, run)
    technical_sheet(book, _technical_rows(run))
    book.save(path)


def _closest_sheet(book, closest: dict) -> None:
    """First sheet of a plan that does not meet every requirement: the label, why, and each post left open."""
    vi = in_language("vi", "en") == "vi"
    text = Column(closest["label_vi"], closest["label_en"], width=120)  # the label heads the sheet
    table = Table(book, in_language("Chưa đạt yêu cầu", "Requirements not met"), [text])
    table.append([closest["message_vi" if vi else "message_en"]])
    for why in closest.get("strict_diagnosis", []):
        table.append([why.get("message_vi" if vi else "message_en")])
    table.append([in_language("Vị trí chưa bố trí được người:", "Posts left open:")])
    for post in closest.get("open_posts", []):
        table.append([post["vi" if vi else "en"]])
    table.close()


PLAN_COLUMNS = (
    Column("Xã, phường", "Commune or ward"),
    Column("Họ và tên", "Full name"),
    Column("Hình thức", "Kind"),
    Column("Ngày sinh", "Birth date", "date"),
    Column("Giới tính", "Sex"),
    Column("Quê quán", "Hometown"),
    Column("Ngày nghỉ hưu", "Retirement date", "date"),
    Column("Quy hoạch", "Succession plan"),
    Column("Không là người địa phương", "Non-local", "yes_no"),
    Column("Khoảng cách (km)", "Distance (km)", "decimal"),
    Column("Giải trình", "Explanation", width=80),
)
SHARE_COLUMNS = (
    Column("Nhóm (tỉnh hoặc huyện cũ)", "Group (province or former district)"),
    Column("Số vị trí", "Posts", "integer"),
    Column("Trước", "Before", "percent"),
    Column("Sau", "After", "percent"),
    Column("Chỉ tiêu", "Target", "percent"),
    Column("Đạt", "Met", "yes_no"),
)
SUPPORT_COLUMNS = (
    Column("Họ và tên", "Full name"),
    Column("Xã, phường", "Commune or ward"),
    Column("Hình thức", "Kind"),
    Column("Cấp công tác trước", "Previous post level"),
    Column("Khoảng cách (km)", "Distance (km)", "decimal"),
    Column("Hằng tháng (đồng)", "Monthly (VND)", "money"),
    Column("Một lần (đồng)", "One-time (VND)", "money"),
    Column("Số tháng", "Months", "integer"),
    Column("Tổng (đồng)", "Total (VND)", "money"),
    Column("Thành phần", "Components", width=60),
    Column("Quy định và nguồn", "Rules and sources", width=60),
)
KIND_EN = {"stays": "stays", "moves": "rotated", "new": "newly posted"}
SEX = {"male": ("Nam", "Male"), "female": ("Nữ", "Female")}
POOL = {
    "province": ("Cấp tỉnh", "Province level"),
    "district": ("Cấp huyện (cũ)", "Former district level"),
    "incumbent": ("Đang giữ chức vụ", "Holds the post"),
}
ORIGIN = {"province": ("Cấp tỉnh", "Province level"), "district": ("Cấp huyện (cũ)", "Former district level")}


def _kind(kind) -> str | None:
    return in_language(KIND_VI.get(kind, kind), KIND_EN.get(kind, kind)) if kind else None


def _sex(sex) -> str | None:
    return in_language(*SEX[sex]) if sex in SEX else sex


def _pool(pool) -> str | None:
    return in_language(*POOL[pool]) if pool in POOL else pool


class _Names:
    """Names for the codes a stored plan keeps: communes, provinces and former districts."""

    def __init__(self, several: bool = False):
        from cadre.geo.models import Commune, LegacyDistrict, Province

        self.several = several  # a plan of several post types names every post and group with its type
        self.communes = dict(Commune.objects.values_list("code", "name"))
        self.groups = {
            **dict(LegacyDistrict.objects.values_list("code", "name")),
            **dict(Province.objects.values_list("code", "name")),
        }

    def commune(self, code) -> str | None:
        return self.communes.get(code, code) if code else None

    def post(self, code) -> str | None:
        if not code:
            return None
        return _titled(code, self.communes.get(commune_of(code), code), self.several)

    def group(self, code) -> str:
        return _titled(code, self.groups.get(commune_of(code), code), self.several)


def _titled(code: str, name: str, several: bool) -> str:
    """A post or group named with its type ("Chủ tịch UBND — Xã An") in a plan of several post types; a plan
    of secretaries alone names the place only, as before."""
    kind = type_of(code)
    if kind == SECRETARY_POST and not several:
        return name
    return f"{title(kind, in_language('vi', 'en'))} — {name}"


def _technical_rows(run: PlanRun):
    """Ids, hashes and solver figures: for auditors, never on the sheets officials read."""
    yield "Mã phương án", "Plan id", run.pk
    yield "Mã tỉnh", "Province code", run.province_id
    yield "Ngày luân chuyển", "Rotation date", run.rotation_date.strftime("%d/%m/%Y")
    yield "Kết quả lập phương án", "Planner's result", run.get_status_display()
    yield "Giá trị mục tiêu", "Objective", run.objective
    yield "Cận dưới", "Bound", run.bound
    yield "SHA-256 của bài toán", "Problem SHA-256", run.problem_sha256
    for row in assignment_rows(run):
        yield (
            f"Vị trí {row['post_label']}",
            f"Post {row['post_label']}",
            f"{row['post']} ← {row['candidate']}",
        )
        if row["cost"] is not None:
            yield f"Chi phí: {row['full_name']}", f"Cost: {row['full_name']}", row["cost"]
    for entry in run.plan.get("excluded", []):
        yield f"Không đủ điều kiện: {entry['label']}", f"Not eligible: {entry['label']}", entry["candidate"]
    for entry in (run.plan.get("explanation") or {}).get("not_moved", []):
        yield f"Không được bố trí: {entry['label']}", f"Not placed: {entry['label']}", entry["candidate"]


def _support_sheet(book, run: PlanRun) -> None:
    """Kinh phí hỗ trợ: a row per moved person, then the total of each calendar year and the policy used."""
    support = plan_support(run)
    table = Table(book, in_language("Hỗ trợ", "Support"), SUPPORT_COLUMNS)
    for entry in support.people:
        paid = entry.support
        parts = [_component_text(c) for c in paid.components]
        unpaid_why = in_language("không chi (có nhà công vụ)", "not paid (official housing is provided)")
        parts += [f"{unpaid.label_vi}: {unpaid_why}" for unpaid in paid.excluded]
        sources = dict.fromkeys(c.source for c in paid.components)  # the rules' codes stay off the sheet
        table.append(
            [
                entry.label,
                entry.post_label,
                _kind(entry.kind),
                in_language(*ORIGIN[entry.origin]) if entry.origin in ORIGIN else entry.origin,
                paid.move.km,
                paid.monthly,
                paid.one_time,
                paid.months,
                paid.total,
                "; ".join(parts),
                "\n".join(sources),
            ]
        )
    table.close()
    years = Table(book, in_language("Hỗ trợ theo năm", "Support by year"), YEAR_COLUMNS)
    for year, amount in support.years:
        years.append([year, amount])
    years.append([in_language("Tổng", "Total"), support.total])
    policy = support.policy
    for vi, en, value in (
        ("Chính sách", "Policy", f"{policy.province_name}: {policy.title}" if policy else None),
        ("Nguồn", "Source", policy.source if policy else None),
        ("Áp dụng từ", "In force from", policy.effective_from.strftime("%d/%m/%Y") if policy else None),
        ("Dữ liệu mẫu", "Demo values", support.demo),
        ("Chưa kiểm chứng", "Unverified", support.unverified),
        ("Có nhà công vụ", "Official housing", support.official_housing),
        ("Thời gian hỗ trợ (tháng)", "Support period (months)", support.duration_months),
    ):
        if isinstance(value, bool):
            value = in_language("Có", "Yes") if value else in_language("Không", "No")
        years.append([in_language(vi, en), value])
    years.close()


YEAR_COLUMNS = (Column("Năm", "Year"), Column("Kinh phí (đồng)", "Amount (VND)", "money"))


def workbook_bytes(run: PlanRun) -> bytes:
    """The same workbook in memory, for a download (a province's plan is a few hundred rows)."""
    buffer = io.BytesIO()
    write_workbook(run, buffer)
    return buffer.getvalue()


def _component_text(component) -> str:
    """ "Hỗ trợ đi lại hằng tháng: 1500000 × 24 (≥ 40 km: 1,500,000)"; a non-monetary item is its name alone."""
    if component.amount is None:
        return component.label_vi
    months = f" × {component.months}" if component.pay == "monthly" else ""
    formula = f" ({component.formula})" if component.formula else ""
    return f"{component.label_vi}: {component.amount}{months}{formula}"


def weight_rows(run: PlanRun) -> list[dict]:
    """The cost weights the plan was solved with, each named with its unit, for the plan page's technical
    details: the policy's values, with those set for this run in their place (and marked)."""
    policy = dict((run.params.get("policy") or {}).get("rotation_cost_weights") or {})
    changed = run.params.get("weights") or {}
    rows = []
    for key, (label, _unit) in _weight_names().items():
        value = changed.get(key, policy.get(key))
        if value is None:
            continue
        rows.append({"label": label, "value": weight_text(key, value), "changed": key in changed})
    return rows


def weight_text(key: str, value) -> str:
    """A weight's value with its unit, in the active language: "1 điểm mỗi km", "× 1,5", "55 tuổi"."""
    unit = _weight_names()[key][1]
    number = number_format(value, decimal_pos=None if float(value) != int(value) else 0)
    return f"{unit} {number}" if unit == "×" else f"{number} {unit}".strip()


def weight_label(key: str) -> str:
    """A cost weight's name ("Trọng số khoảng cách (mỗi km)"), never its key in the policy file."""
    return _weight_names()[key][0]


def _weight_names() -> dict[str, tuple[str, str]]:
    return {
        "per_km": (_("Weight of distance (per km)"), _("points per km")),
        "per_rating_step": (_("Weight of fit (per rating step)"), _("points per step")),
        "older_from_age": (_("Older person: from age"), _("years old")),
        "older_factor": (_("Distance factor for an older person"), "×"),
        "health_factor": (_("Distance factor for a health concern"), "×"),
        "young_child_factor": (_("Distance factor for a pregnancy or a child under 36 months"), "×"),
        "fit_years": (_("Ratings counted"), _("years")),
        "unrated_rank": (_("Rank counted for a person with no rating (1 to 4)"), ""),
    }
