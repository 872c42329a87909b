"""A stored plan as rows people read: one per post, with the person, their particulars and the explanation
(`cadre plan show`, as JSON or as an XLSX workbook)."""

from __future__ import annotations

import io
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import PlanRun
from .support import plan_support

# (key, header) of each column; the header is what the workbook shows.
COLUMNS = (
    ("post", "Mã xã / Commune code"),
    ("post_label", "Xã / Commune"),
    ("candidate", "Mã cán bộ / Official id"),
    ("full_name", "Họ và tên / Full name"),
    ("kind", "Hình thức / Kind"),
    ("birth_date", "Ngày sinh / Birth date"),
    ("sex", "Giới tính / Sex"),
    ("hometown", "Quê quán (mã xã) / Hometown commune"),
    ("retirement_date", "Ngày nghỉ hưu / Retirement date"),
    ("succession_plan", "Quy hoạch / Succession plan"),
    ("non_local", "Không là người địa phương / Non-local"),
    ("km", "Khoảng cách (km) / Distance (km)"),
    ("cost", "Chi phí / Cost"),
    ("explanation_vi", "Giải trình / Explanation (vi)"),
    ("explanation_en", "Explanation (en)"),
)
KIND_VI = {"stays": "ở lại", "moves": "luân chuyển", "new": "bố trí mới"}


def _sentences(items, language: str) -> str:
    return " ".join(str(item.get(language, "")) for item in items or () if isinstance(item, dict))


def assignment_rows(run: PlanRun) -> list[dict]:
    """One row per post of the plan (none for an infeasible plan)."""
    plan = run.plan
    people = plan.get("people", {})
    explained = {a["post"]: a for a in (plan.get("explanation") or {}).get("assignments", [])}
    labels = {p["id"]: p.get("label", p["id"]) for p in run.problem["posts"]}
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
        "assignments": assignment_rows(run),
        "not_moved": (plan.get("explanation") or {}).get("not_moved", []),
        "excluded": plan.get("excluded", []),
    }


def write_workbook(run: PlanRun, path: Path | io.BytesIO) -> None:
    """The assignments as an XLSX sheet, plus sheets of the people no post was open to and why, the eligible
    people given no post and why, the non-local share per group before and after, the run's particulars, and
    the support budget of the moves (`support.plan_support`).
    (`cadre plan show` writes it through `files.write_atomically`, so a failed save leaves nothing behind.)"""
    from openpyxl import Workbook

    from cadre.spreadsheet import text_row

    book = Workbook()
    sheet = book.active
    sheet.title = "Phuong an"
    sheet.append(text_row(sheet, [header for _key, header in COLUMNS]))
    for row in assignment_rows(run):
        values = {**row, "kind": f"{KIND_VI.get(row['kind'], row['kind'])} / {row['kind']}"}
        sheet.append(text_row(sheet, [values.get(key) for key, _header in COLUMNS]))
    left_out = book.create_sheet("Khong du dieu kien")
    left_out.append(
        text_row(
            left_out,
            ["Mã cán bộ / Official id", "Họ và tên / Full name", "Lý do / Reasons (vi)", "Reasons (en)"],
        )
    )
    for entry in run.plan.get("excluded", []):
        reasons = entry.get("reasons", [])
        left_out.append(
            text_row(
                left_out,
                [entry["candidate"], entry["label"], _sentences(reasons, "vi"), _sentences(reasons, "en")],
            )
        )
    # Eligible people the plan gives no post: each is told what their cheapest post went for.
    unplaced = book.create_sheet("Khong duoc bo tri")
    unplaced.append(
        text_row(
            unplaced,
            [
                "Mã cán bộ / Official id",
                "Họ và tên / Full name",
                "Đang giữ (mã xã) / Current post",
                "Lý do",
                "Reason",
            ],
        )
    )
    for entry in (run.plan.get("explanation") or {}).get("not_moved", []):
        unplaced.append(
            text_row(
                unplaced,
                [
                    entry["candidate"],
                    entry["label"],
                    entry.get("former_post"),
                    entry.get("vi"),
                    entry.get("en"),
                ],
            )
        )
    shares = book.create_sheet("Ty le")
    shares.append(
        text_row(
            shares,
            [
                "Nhóm / Group",
                "Số vị trí / Posts",
                "Trước / Before",
                "Sau / After",
                "Chỉ tiêu / Target",
                "Đạt / Met",
            ],
        )
    )
    for group in (run.plan.get("metrics") or {}).get("groups", []):
        shares.append(
            text_row(
                shares,
                [
                    group["group"],
                    group["posts"],
                    group.get("share_before"),
                    group.get("share_after"),
                    group.get("target"),
                    group.get("met"),
                ],
            )
        )
    info = book.create_sheet("Thong tin")
    for key, value in (
        ("plan_id", run.pk),
        ("province", run.province_id),
        ("rotation_date", run.rotation_date.isoformat()),
        ("target", run.target),
        ("status", run.status),
        ("objective", run.objective),
        ("bound", run.bound),
        ("problem_sha256", run.problem_sha256),
    ):
        info.append(text_row(info, [key, value]))
    _support_sheet(book.create_sheet("Ho tro"), run)
    book.save(path)


SUPPORT_COLUMNS = (
    "Mã cán bộ / Official id",
    "Họ và tên / Full name",
    "Xã / Commune",
    "Hình thức / Kind",
    "Cấp công tác trước / Previous post level",
    "Khoảng cách (km) / Distance (km)",
    "Hằng tháng / Monthly (VND)",
    "Một lần / One-time (VND)",
    "Số tháng / Months",
    "Tổng / Total (VND)",
    "Thành phần / Components",
    "Quy định và nguồn / Rules and sources",
)


def _support_sheet(sheet, run: PlanRun) -> None:
    """Kinh phí hỗ trợ: a row per moved person, then the total of each calendar year and the policy used."""
    support = plan_support(run)
    sheet.append(list(SUPPORT_COLUMNS))
    for entry in support.people:
        paid = entry.support
        parts = [_component_text(c) for c in paid.components]
        parts += [f"{unpaid.label_vi}: không chi ({unpaid.exclusion})" for unpaid in paid.excluded]
        sources = dict.fromkeys(f"{c.rule}: {c.source}" for c in paid.components)
        sheet.append(
            [
                entry.candidate,
                entry.label,
                entry.post_label,
                f"{KIND_VI.get(entry.kind, entry.kind)} / {entry.kind}",
                entry.origin,
                paid.move.km,
                paid.monthly,
                paid.one_time,
                paid.months,
                paid.total,
                "; ".join(parts),
                "\n".join(sources),
            ]
        )
    sheet.append([])
    sheet.append(["Năm / Year", "Kinh phí / Amount (VND)"])
    for year, amount in support.years:
        sheet.append([year, amount])
    sheet.append(["Tổng / Total", support.total])
    sheet.append([])
    policy = support.policy
    for key, value in (
        ("policy", f"{policy.province_name}: {policy.title}" if policy else None),
        ("policy_source", policy.source if policy else None),
        ("policy_from", policy.effective_from.isoformat() if policy else None),
        ("demo", support.demo),
        ("unverified", support.unverified),
        ("official_housing", support.official_housing),
        ("duration_months", support.duration_months),
    ):
        sheet.append([key, value])


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
