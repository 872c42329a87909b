"""The demo's work plans (`cadre demo`): Hải Phòng's communes get 2026 plans led by their own people, with late
and overdue tasks, reassignments with their reasons, handbacks, closed months and service-centre figures, and a
commune secretary who signs in to them. Made once and rolled back after this module's tests."""

import datetime as dt

import pytest
from django.db import transaction

from cadre.accounts.services import ensure_demo_officials
from cadre.geo.services import geography_counts, load_geography
from cadre.people.demo import demo_province_codes, generate_registry
from cadre.people.models import OfficialLogin
from cadre.workplans import demo
from cadre.workplans.models import (
    EventKind,
    Handback,
    MonthClose,
    ServiceCentreMonth,
    Task,
    TaskEvent,
    TaskMonthResult,
    WorkPlan,
)

TODAY = dt.date(2026, 12, 6)


def _counts(province):
    return [
        m.objects.filter(province=province).count()
        for m in (WorkPlan, Task, TaskEvent, MonthClose, TaskMonthResult, ServiceCentreMonth)
    ]


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
            if geography_counts()["communes"] == 0:
                load_geography()
            (code,) = demo_province_codes()
            generate_registry([code])
            ensure_demo_officials(data_dir, code)
            first = demo.demo_work_plans(code, data_dir)
            counts = _counts(code)
            lines = demo.summary_lines(first)
            again = demo.demo_work_plans(code, data_dir)
            yield {
                "code": code,
                "first": first,
                "again": again,
                "counts": counts,
                "counts_again": _counts(code),
                "lines": lines,
                "lines_again": demo.summary_lines(again),
                "data_dir": data_dir,
            }
        transaction.set_rollback(True)


def test_every_commune_has_plans_from_the_sources_led_by_its_own_people(made, geography):
    tasks = Task.objects.filter(province=made["code"]).select_related("lead_person", "plan")
    per_commune = {}
    for task in tasks:
        per_commune.setdefault(task.commune_id, []).append(task)
        assert (
            task.lead_person.current_commune_id == task.commune_id
            or task.events.filter(kind__in=(EventKind.CHANGED, EventKind.HANDBACK_ACCEPTED)).exists()
        )
    assert len(per_commune) > 100
    assert all(8 <= len(t) <= 15 for t in per_commune.values())
    numbers = set(WorkPlan.objects.filter(province=made["code"]).values_list("source_number", flat=True))
    assert numbers == {"15-CT/TU (mẫu / demo)", "210/KH-UBND (mẫu / demo)", "01-NQ/ĐU (mẫu / demo)"}
    assert (
        tasks.filter(authority_level="province").exists() and tasks.filter(authority_level="commune").exists()
    )
    assert tasks.filter(milestones__isnull=False).exists() and tasks.filter(coworkers__isnull=False).exists()


def test_some_tasks_are_late_some_overdue_and_none_reported_after_today(made, geography):
    statuses = dict.fromkeys(("done", "done_late", "overdue", "in_progress"), 0)
    for status in (
        Task.objects.filter(province=made["code"]).with_status(TODAY).values_list("status", flat=True)
    ):
        statuses[status] = statuses.get(status, 0) + 1
    assert statuses["done"] > statuses["done_late"] > 0
    assert statuses["overdue"] > 0 and statuses["in_progress"] > 0
    assert not Task.objects.filter(province=made["code"], last_reported_on__gt=TODAY).exists()


def test_reassignments_carry_their_reason_and_the_old_lead_sees_them(made, geography):
    moved = TaskEvent.objects.filter(
        province=made["code"], kind=EventKind.CHANGED, previous_lead__isnull=False
    ).select_related("task")
    assert moved.count() >= 2
    for event in moved:
        assert event.reason and event.decided_by
        assert event.previous_lead_id != event.task.lead_person_id
        assert event.before["lead"] != event.after["lead"]


def test_one_handback_is_refused_and_one_accepted_in_the_secretarys_commune(made, geography):
    commune = made["first"].commune
    decided = dict(Handback.objects.filter(commune=commune).values_list("status", "decision_note"))
    assert set(decided) == {"refused", "accepted"} and all(decided.values())
    accepted = Handback.objects.get(commune=commune, status="accepted")
    assert accepted.task.lead_person_id != accepted.requested_by_id


def test_months_are_closed_up_to_the_last_closing_day_passed(made, geography):
    months = list(
        MonthClose.objects.filter(province=made["code"]).order_by("month").values_list("month", flat=True)
    )
    # The default closing day is the 25th: November closed on 25/11, December closes on 25/12, after today.
    assert months == [dt.date(2026, m, 1) for m in range(1, 12)]
    outcomes = set(TaskMonthResult.objects.filter(province=made["code"]).values_list("outcome", flat=True))
    assert outcomes == {"on_time", "late", "not_done", "on_track"}


def test_service_centres_reported_the_last_months_and_a_few_did_not(made, geography):
    rows = ServiceCentreMonth.objects.filter(province=made["code"])
    months = set(rows.values_list("month", flat=True))
    assert months == {dt.date(2026, m, 1) for m in range(6, 12)}
    communes = len({c for c in rows.values_list("commune_id", flat=True)})
    assert len(months) * communes * 0.8 < rows.count() < len(months) * communes
    assert all(r.settled_on_time + r.settled_late + r.returned <= r.received for r in rows[:50])


def test_the_secretary_signs_in_linked_to_the_registrys_secretary(made, geography, client):
    bithu, canbo = made["first"].logins
    assert bithu.username == "bithu" and bithu.password
    assert client.login(username="bithu", password=bithu.password)
    link = OfficialLogin.objects.select_related("official__current_position").get(user__username="bithu")
    assert link.official.current_position.code == "bi_thu"
    assert link.official.current_commune_id == made["first"].commune.code
    (grant,) = link.user.grants.all()
    assert (grant.role, grant.commune_id) == ("commune_leader", made["first"].commune.code)
    clerk = OfficialLogin.objects.get(user__username="canbo")
    assert clerk.official.current_commune_id == made["first"].commune.code
    assert (made["data_dir"] / "demo-login-bithu.json").stat().st_mode & 0o077 == 0
    assert any("bithu: " in line and link.official.full_name in line for line in made["lines"])


def test_running_it_twice_changes_nothing(made, geography):
    assert made["counts"] == made["counts_again"]
    assert made["lines"] == made["lines_again"]
    assert [login.password for login in made["first"].logins] == [
        login.password for login in made["again"].logins
    ]


def test_a_later_run_only_closes_the_months_passed_since(made, geography, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2027, 2, 10))
    with transaction.atomic():
        demo.demo_work_plans(made["code"], made["data_dir"])
        months = list(
            MonthClose.objects.filter(province=made["code"]).order_by("month").values_list("month", flat=True)
        )
        # December 2026 closed on 25/12/2026 and January 2027 on 25/01/2027; February not yet.
        assert months[-2:] == [dt.date(2026, 12, 1), dt.date(2027, 1, 1)] and len(months) == 13
        assert _counts(made["code"])[:3] == made["counts"][:3]  # the same plans, tasks and history
        transaction.set_rollback(True)
