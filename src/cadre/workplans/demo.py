"""The demo's work plans (`cadre demo`): each commune of the demo province gets 2026 plans from three made-up
sources, with 8 to 15 tasks led by its own registry people, and a year of what happens to tasks: most reported
monthly, some done on time, some late, some overdue and no longer reported, a few reassigned by decision, one
handback refused and one accepted. Months are closed up to the last whose closing day has passed, and the service
centres' figures are recorded for the last months (a few communes did not report).

Everything goes through the services the pages call, acting as the demo's province officer and, in the commune
whose secretary signs in (`bithu`, a commune leader), as that secretary and as one of its officials (`canbo`).
A fixed seed makes the same plans every time; a second run finds the plans and only closes the months that
have passed since. Dates come from `timezone.localdate()`: nothing is reported, completed or closed after today.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cadre.accounts.services import Login, create_user
from cadre.core.rules.workplan import HANDBACK_SIDEWAYS, HANDBACK_UP
from cadre.geo.models import Commune, Province
from cadre.people.models import Official, OfficialLogin

from . import closing, services
from .demo_data import SOURCES, STANDING, TEMPLATES, YEAR
from .demo_year import centre_figures, progress_over_year
from .models import EventKind, MonthClose, ServiceCentreMonth, Task, TaskEvent, WorkPlan

SEED = 2026
SECRETARY_USERNAME, OFFICIAL_USERNAME = "bithu", "canbo"
PROVINCE_USERNAME = "bantochuc"  # the demo's Organisation Board officer (accounts.services.DEMO_ROLES)
CITY_DECIDER = "Phó Chủ tịch UBND thành phố (mẫu / demo)"


@dataclass(frozen=True)
class DemoPlans:
    province: Province
    commune: Commune  # the commune whose secretary signs in
    logins: tuple[Login, ...]


def demo_work_plans(province_code: str, data_dir: Path, *, progress=lambda _text: None) -> DemoPlans:
    """The demo province's work plans, made once, and the months closed up to today; returns what to print."""
    province = Province.objects.get(code=province_code)
    officer = get_user_model().objects.get(username=PROVINCE_USERNAME)
    people = _people_by_commune(province_code)
    home = next(
        c for c in Commune.objects.filter(province=province).order_by("code") if "bi_thu" in people[c.code]
    )
    secretary = people[home.code]["bi_thu"][0]
    leader = _ensure_login(data_dir, SECRETARY_USERNAME, "commune_leader", home, secretary)
    numbers = [s.number for s in SOURCES]
    if not WorkPlan.objects.filter(province=province, source_number__in=numbers).exists():
        progress("Đang lập kế hoạch công tác mẫu của các xã / Making the communes' demo work plans")
        with transaction.atomic():
            _seed(province, home, people, officer, leader, data_dir)
    clerk = _existing_login(data_dir, OFFICIAL_USERNAME)
    _close_months(province, officer)
    return DemoPlans(province, home, (leader.login, clerk))


# ---- People and logins -----------------------------------------------------------------------------------------


def _people_by_commune(province_code: str) -> dict[str, dict[str, list[Official]]]:
    """The registry's people of each commune of the province, by their current post's code."""
    found: dict[str, dict[str, list[Official]]] = defaultdict(lambda: defaultdict(list))
    for person in (
        Official.objects.filter(current_province_id=province_code, current_commune__isnull=False)
        .select_related("current_position")
        .order_by("pk")
    ):
        found[person.current_commune_id][
            person.current_position.code if person.current_position else ""
        ].append(person)
    return found


@dataclass
class _Account:
    user: object
    login: Login


def _ensure_login(data_dir: Path, username: str, role: str, commune: Commune, person: Official) -> _Account:
    """A demo login over `commune`, linked to `person`, its password kept in the data directory (created once;
    a changed password is never reset, like the other demo logins)."""
    path = Path(data_dir) / f"demo-login-{username}.json"
    stored = json.loads(path.read_text()) if path.exists() else None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        password = stored["password"] if stored else secrets.token_urlsafe(9)
        user, _ = create_user(username, role, commune.code, password)
        if not OfficialLogin.objects.filter(official=person).exists():  # an operator may have linked them
            OfficialLogin.objects.create(user=user, official=person)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"username": username, "password": password}))
        path.chmod(0o600)
        return _Account(user, Login(username, password, created=True))
    works = stored is not None and user.check_password(stored["password"])
    return _Account(user, Login(username, stored["password"] if works else None, created=False))


def _existing_login(data_dir: Path, username: str) -> Login:
    path = Path(data_dir) / f"demo-login-{username}.json"
    stored = json.loads(path.read_text()) if path.exists() else None
    user = get_user_model().objects.filter(username=username).first()
    works = user is not None and stored is not None and user.check_password(stored["password"])
    return Login(username, stored["password"] if works else None, created=False)


# ---- The plans and their tasks ---------------------------------------------------------------------------------


def _seed(province, home, people, officer, leader: _Account, data_dir: Path) -> Login:
    today = timezone.localdate()
    home_tasks: list[Task] = []
    for commune in Commune.objects.filter(province=province).order_by("code"):
        staff = people.get(commune.code)
        if not staff:
            continue
        rng = random.Random(f"{SEED}-{commune.code}")
        chosen = TEMPLATES if commune == home else _choose(rng)
        tasks = _plans_for(commune, staff, chosen, rng, officer)
        if commune == home:
            home_tasks = tasks
        elif rng.random() < 0.08:
            _reassign_province_task(tasks, staff, rng, officer)
        for task in tasks:
            progress_over_year(task, rng, today, officer)
    clerk = _home_story(home, people[home.code], home_tasks, leader, data_dir)
    centre_figures(province, officer, today)
    return clerk


def _choose(rng: random.Random) -> list:
    picked = sorted(rng.sample(range(len(TEMPLATES)), rng.randint(8, 13)))
    return [TEMPLATES[i] for i in picked]


def _pick(staff, codes, rng, exclude=()) -> Official | None:
    for code in codes:
        options = [p for p in staff.get(code, ()) if p not in exclude]
        if options:
            return rng.choice(options)
    return None


def _anyone(staff, rng, exclude=()) -> Official:
    options = [p for code, group in sorted(staff.items()) if code.startswith("cv_") for p in group]
    options = [p for p in options if p not in exclude] or [p for g in staff.values() for p in g]
    return rng.choice(options)


def _plans_for(commune, staff, templates, rng, officer) -> list[Task]:
    plans, tasks = {}, []
    for template in templates:
        source = next(s for s in SOURCES if s.key == template.source)
        if source.key not in plans:
            plans[source.key] = services.create_plan(
                user=officer,
                commune=commune,
                title=source.plan_title,
                period_start=dt.date(YEAR, 1, 1),
                period_end=dt.date(YEAR, 12, 31),
                source_kind=source.kind,
                source_number=source.number,
                source_date=source.date,
                source_body=source.body.format(commune=commune.name),
                source_title=source.title,
            )
        lead = _pick(staff, template.leads, rng) or _anyone(staff, rng)
        coworkers = {p for p in (_pick(staff, (c,), rng, exclude=(lead,)) for c in template.coworkers) if p}
        data = services.TaskInput(
            title=template.title,
            lead_official=lead,
            coworkers=tuple(sorted(coworkers, key=lambda p: p.pk)),
            result_kind=template.result_kind,
            expected_result=template.expected_result,
            completion_criterion=template.completion_criterion,
            start=template.day(template.start),
            deadline=template.day(template.deadline),
            milestones=tuple((template.day(day), text) for day, text in template.milestones),
            accountable=_in_charge(staff, template, rng),
            report_to=template.report_to,
            authority_level=template.level,
            authority_body=template.authority_body
            if template.level == "province"
            else f"{template.authority_body.removesuffix(' xã')} {commune.name}",
        )
        tasks.append(services.create_task(plans[source.key], data, user=officer))
    return tasks


def _in_charge(staff, template, rng) -> str:
    """Who answers if the task is late: the leader in charge of its field (the standing deputy secretary for
    the Party's tasks, a vice-chair of the People's Committee for the others), not the lead, who may change."""
    party = template.report_to == STANDING
    person = _pick(staff, ("pho_bi_thu_tt",) if party else ("pho_chu_tich_ubnd", "chu_tich_ubnd"), rng)
    if person is None:
        return "Người chủ trì" if not party else STANDING
    title = "Phó Bí thư Thường trực Đảng ủy" if party else person.current_position.name
    return f"{person.full_name}, {title}"


def _reassign_province_task(tasks, staff, rng, officer) -> None:
    """A province-level task moves to another lead by the city's decision, with the reason in its history."""
    task = next((t for t in tasks if t.authority_level == "province"), None)
    if task is None:
        return
    new = _anyone(staff, rng, exclude=(task.lead_person,))
    services.change_task(
        task,
        user=officer,
        reason="Người chủ trì được điều động sang đơn vị khác theo phương án sắp xếp công chức của thành phố",
        decided_by=CITY_DECIDER,
        lead=services.TaskInput(lead_official=new),
    )


def _home_story(home, staff, tasks, leader: _Account, data_dir: Path) -> Login:
    """In the secretary's commune: a reassignment and a deadline extension decided by the commune, and the
    official who signs in as `canbo` hands back two tasks: one refused, one accepted."""
    commune_tasks = [t for t in tasks if t.authority_level == "commune"]
    secretary = staff["bi_thu"][0]
    leads = Counter(t.lead_person_id for t in commune_tasks if t.lead_person_id != secretary.pk)
    official_id = max(leads, key=lambda pk: (leads[pk], -pk))
    official = Official.objects.get(pk=official_id)
    clerk = _ensure_login(data_dir, OFFICIAL_USERNAME, "commune_user", home, official)
    decider = f"{secretary.full_name}, Bí thư Đảng ủy {home.name}"
    chair = staff.get("chu_tich_ubnd", staff["bi_thu"])[0]
    chair_name = f"{chair.full_name}, Chủ tịch UBND {home.name}"
    own = [t for t in commune_tasks if t.lead_person_id == official_id]
    others = [t for t in commune_tasks if t.lead_person_id != official_id]
    rng = random.Random(f"{SEED}-home")
    while len(own) < 2 and len(others) > 2:
        task = others.pop()
        services.change_task(
            task,
            user=leader.user,
            reason="Phân công lại công việc trong Văn phòng theo Quyết định của Chủ tịch UBND",
            decided_by=decider if task.report_to.startswith("Thường trực") else chair_name,
            lead=services.TaskInput(lead_official=official),
        )
        own.append(task)
    if len(own) >= 2:
        refused = services.request_handback(
            own[0],
            user=clerk.user,
            direction=HANDBACK_SIDEWAYS,
            reason="Nội dung thuộc lĩnh vực của Văn phòng HĐND và UBND, đề nghị chuyển cho Văn phòng chủ trì",
        )
        services.decide_handback(
            refused,
            user=leader.user,
            accept=False,
            decided_by=chair_name,
            note="Nhiệm vụ đã giao đúng chức năng; đồng chí tiếp tục chủ trì, Văn phòng phối hợp",
        )
        accepted = services.request_handback(
            own[1],
            user=clerk.user,
            direction=HANDBACK_UP,
            reason="Đồng chí được cử đi học bồi dưỡng dài hạn từ tháng 9/2026, không bảo đảm tiến độ",
        )
        services.decide_handback(
            accepted,
            user=leader.user,
            accept=True,
            decided_by=chair_name,
            note="Đồng ý; giao đồng chí khác chủ trì để bảo đảm tiến độ",
            new_lead=services.TaskInput(lead_official=_anyone(staff, rng, exclude=(official,))),
        )
    if others:
        task = others[0]
        services.change_task(
            task,
            user=leader.user,
            reason="Người chủ trì nghỉ thai sản từ tháng 3/2026; giao người khác chủ trì",
            decided_by=decider if task.report_to.startswith("Thường trực") else chair_name,
            lead=services.TaskInput(lead_official=_anyone(staff, rng, exclude=(task.lead_person,))),
        )
    for task in others[1:2]:
        services.change_task(
            task,
            user=leader.user,
            reason="Chờ hướng dẫn của thành phố; gia hạn thêm một tháng",
            decided_by=decider if task.report_to.startswith("Thường trực") else chair_name,
            deadline=min(task.deadline + dt.timedelta(days=31), dt.date(YEAR, 12, 31)),
        )
    return clerk.login


# ---- The months closed ------------------------------------------------------------------------------------------


def _close_months(province: Province, officer) -> None:
    """Close every month of the plans' year on from January whose closing day has passed, not closed yet."""
    today = timezone.localdate()
    closed = set(MonthClose.objects.filter(province=province).values_list("month", flat=True))
    month = dt.date(YEAR, 1, 1)
    while closing.period(province.pk, month)[1] < today:
        if month not in closed:
            closing.close_month(province, month, user=officer)
        month = (month + dt.timedelta(days=32)).replace(day=1)


# ---- What the demo prints --------------------------------------------------------------------------------------


def summary_lines(made: DemoPlans) -> list[str]:
    province, today = made.province, timezone.localdate()
    plans = WorkPlan.objects.filter(province=province)
    tasks = Task.objects.filter(province=province).with_status(today)
    statuses = Counter(tasks.values_list("status", flat=True))
    moved = TaskEvent.objects.filter(
        province=province,
        kind__in=(EventKind.CHANGED, EventKind.HANDBACK_ACCEPTED),
        previous_lead__isnull=False,
    ).count()
    months = list(
        MonthClose.objects.filter(province=province).order_by("month").values_list("month", flat=True)
    )
    closed = f"{months[0]:%m/%Y}–{months[-1]:%m/%Y}" if months else "—"
    centres = ServiceCentreMonth.objects.filter(province=province).count()
    secretary = OfficialLogin.objects.select_related("official").get(user__username=SECRETARY_USERNAME)
    return [
        f"Kế hoạch công tác / work plans: {plans.count()} kế hoạch / plans, {tasks.count()} nhiệm vụ / tasks; "
        f"hoàn thành đúng hạn / done on time {statuses['done']}, trễ hạn / late {statuses['done_late']}, "
        f"quá hạn / overdue {statuses['overdue']}",
        f"  Giao lại theo quyết định / reassigned by decision: {moved}; "
        f"tháng đã chốt / months closed: {len(months)} ({closed}); "
        f"số liệu trung tâm phục vụ hành chính công / service-centre months: {centres}",
        f"  {SECRETARY_USERNAME}: {secretary.official.full_name}, Bí thư Đảng ủy {made.commune.name} "
        f"(lãnh đạo xã / commune leader); {OFFICIAL_USERNAME}: công chức của xã / one of its officials",
    ]
