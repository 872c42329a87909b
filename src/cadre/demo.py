"""The demo a newcomer gets from `make demo` (`cadre demo`): the registry of Hải Phòng (or all 34 provinces)
filled with generated officials, the secretaries' rotation plan carried through the workflow to a decision, a
staff transfer plan, the communes' 2026 work plans with a year of progress and closed months, and the logins of
the administrator, the province's officials, a commune secretary and one of the commune's officials.

This is the orchestration only; each step is a service of its own app. It is kept out of the CLI so that the
command just parses its arguments, calls `set_up_demo` and serves. Every step is safe to repeat: a second run
finds what the first made and reports it again. Geography and the schema are the caller's (`cadre demo` loads
them first and passes the unit counts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Count, Q

from cadre.accounts.services import Login, ensure_demo_admin, ensure_demo_officials
from cadre.geo.models import Province
from cadre.people.demo import demo_province_codes, generate_registry, summary_lines
from cadre.rotation.demo import carry_demo_plan
from cadre.rotation.models import PlanRun
from cadre.rotation.services import run_plan
from cadre.staffing import demo as staffing_demo
from cadre.workplans import demo as workplans_demo

Say = Callable[[str], None]


def set_up_demo(scale: str, counts: dict[str, int], *, say: Say, progress: Say) -> None:
    """Fill the demo database for `scale` ("province" or "national") and report each step as it is done:
    `say` gets the summary lines the user reads, `progress` what is being worked on."""
    say("Cadre — đơn vị hành chính từ 01/07/2025 / administrative units since 1 July 2025")
    for line in units_by_province():
        say(line)
    say(
        f"Đơn vị cũ (trước 2025) / pre-2025 units: {counts['legacy_provinces']} tỉnh, "
        f"{counts['legacy_districts']} huyện, {counts['legacy_communes']} xã"
    )
    provinces = demo_province_codes(scale)
    made = generate_registry(provinces, progress=progress)
    say("\n".join(summary_lines(made, provinces)))
    (home,) = demo_province_codes("province")
    run = demo_rotation_plan(home, progress)
    for line in rotation_lines(run, home):
        say(line)
    officials = ensure_demo_officials(settings.DATA_DIR, home)
    run = carry_demo_plan(run)
    say(f"  Bước xử lý / workflow state: {run.state} {run.decision}".rstrip())
    say("\n".join(staffing_demo.summary_lines(staffing_demo.demo_transfer_plan(home))))
    plans = workplans_demo.demo_work_plans(home, settings.DATA_DIR, progress=progress)
    say("\n".join(workplans_demo.summary_lines(plans)))
    login = ensure_demo_admin(settings.DATA_DIR)
    say(f"Cơ sở dữ liệu / database: {settings.DATABASES['default']['NAME']}")
    for line in login_lines((login, *officials, *plans.logins)):
        say(line)


def units_by_province() -> list[str]:
    """A table of the communes, wards and special zones of each province, and the country's totals."""
    rows = Province.objects.annotate(
        xa=Count("communes", filter=Q(communes__kind="xa")),
        phuong=Count("communes", filter=Q(communes__kind="phuong")),
        dac_khu=Count("communes", filter=Q(communes__kind="dac_khu")),
        total=Count("communes"),
    ).order_by("code")
    lines = [
        f"{'Mã':<3} {'Tỉnh / thành phố (province)':<28} {'Xã':>4} {'Phường':>6} {'Đặc khu':>7} {'Tổng':>5}"
    ]
    totals = [0, 0, 0, 0]
    for p in rows:
        lines.append(f"{p.code:<3} {p.name:<28} {p.xa:>4} {p.phuong:>6} {p.dac_khu:>7} {p.total:>5}")
        totals = [t + v for t, v in zip(totals, (p.xa, p.phuong, p.dac_khu, p.total), strict=True)]
    lines.append(
        f"{'':<3} {f'Cả nước: {len(rows)} tỉnh/thành':<28} {totals[0]:>4} {totals[1]:>6} {totals[2]:>7} {totals[3]:>5}"
    )
    return lines


def demo_rotation_plan(province_code: str, progress: Say) -> PlanRun:
    """The province's first stored rotation plan, planned now when there is none yet."""
    run = PlanRun.objects.filter(province_id=province_code).first()
    if run is None:
        progress("Đang lập phương án luân chuyển bí thư / Planning the secretaries' rotation")
        run = run_plan(province_code)
    return run


def rotation_lines(run: PlanRun, province_code: str) -> list[str]:
    """The plan's status and the province's share of non-local secretaries before and after it."""
    before = run.plan["before"]
    after = next((g for g in run.plan["metrics"].get("groups", []) if g["group"] == province_code), None)
    after_text = (
        "—" if after is None else f"{after['share_after']:.1%} ({after['non_local_after']}/{after['posts']})"
    )
    lines = [
        f"Phương án luân chuyển / rotation plan #{run.pk} ({run.rotation_date:%d/%m/%Y}): {run.status}, "
        f"chỉ tiêu / target ≥ {run.target:.0%}",
        f"  Bí thư không là người địa phương / non-local secretaries: "
        f"{before['share']:.1%} ({before['non_local']}/{before['posts']}) → {after_text}",
    ]
    if run.status == "infeasible":
        lines.append(f"  Lý do: {run.plan['diagnosis'].get('message_vi', '')}")
        lines.append(f"  Reason: {run.plan['diagnosis'].get('message_en', '')}")
    return lines


def login_lines(logins: Iterable[Login]) -> list[str]:
    """Each demo login with its password, or a note that the password was changed since it was made."""
    return [
        f"Đăng nhập / login: {each.username} / {each.password}"
        if each.password
        else f"Đăng nhập / login: {each.username} (mật khẩu đã được đổi / the password was changed since)"
        for each in logins
    ]
