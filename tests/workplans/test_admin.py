"""The admin site shows the work-plan records and edits none of them: a task changes only through the services
(the six clears, the two nos, its history), a closed month is final, and an evidence file is not shown here."""

import datetime as dt

import pytest

from cadre.geo.models import Commune, Province
from cadre.workplans import centre, closing, services
from cadre.workplans.models import (
    ClosingDay,
    Handback,
    MonthClose,
    ProgressReport,
    ServiceCentreMonth,
    Task,
    TaskEvent,
    TaskMonthResult,
    WorkPlan,
)
from tests.workplans.registry import HAI_PHONG, fixture_world  # noqa: F401


@pytest.fixture
def records(world, client, django_user_model, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 3, 1))
    task = world["task"]
    report = services.report_progress(
        task,
        user=world["clerk"],
        percent=40,
        reported_on=dt.date(2026, 1, 20),
        evidence=("bien-ban.pdf", b"%PDF-1.4 noi dung bi mat"),
        past=True,
    )
    handback = services.request_handback(task, user=world["clerk"], direction="up", reason="Quá tải")
    province = Province.objects.get(code=HAI_PHONG)
    setting = closing.set_closing_day(
        province, user=world["province"], day=25, valid_from=dt.date(2026, 1, 1)
    )
    close = closing.close_month(province, dt.date(2026, 1, 1), user=world["province"])
    month = centre.record_month(
        Commune.objects.get(code=world["a"]),
        dt.date(2026, 1, 1),
        user=world["province"],
        received=120,
        settled_on_time=100,
        settled_late=5,
        returned=3,
    )
    client.force_login(django_user_model.objects.create_superuser("quantri", password="mat-khau-dai-123"))
    return {
        WorkPlan: world["plan"].pk,
        Task: task.pk,
        TaskEvent: task.events.first().pk,
        Handback: handback.pk,
        ProgressReport: report.pk,
        ClosingDay: setting.pk,
        MonthClose: close.pk,
        TaskMonthResult: close.results.get().pk,
        ServiceCentreMonth: month.pk,
    }


def test_the_work_plan_records_are_listed_and_opened_but_never_added_changed_or_deleted(client, records):
    for model, pk in records.items():
        url = f"/admin/workplans/{model._meta.model_name}/"
        listing = client.get(url)
        assert listing.status_code == 200 and f"{url}add/" not in listing.content.decode(), model
        page = client.get(f"{url}{pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode(), model
        assert client.get(f"{url}add/").status_code == 403
        assert client.post(f"{url}{pk}/delete/", {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=pk).exists()


def test_a_task_shows_its_history_and_a_report_hides_its_evidence_file(client, records):
    page = client.get(f"/admin/workplans/task/{records[Task]}/change/").content.decode()
    assert "Rà soát, cập nhật cơ sở dữ liệu hộ nghèo" in page and "Lê Thị Chủ" in page
    assert "handback_requested" in page or "đề nghị chuyển giao" in page.lower()
    report = client.get(f"/admin/workplans/progressreport/{records[ProgressReport]}/change/").content.decode()
    assert "bien-ban.pdf" in report and "noi dung bi mat" not in report


def test_the_lists_take_a_fixed_number_of_queries(client, records, django_assert_max_num_queries):
    for model in (Task, TaskEvent, TaskMonthResult, ServiceCentreMonth):
        with django_assert_max_num_queries(12):
            assert client.get(f"/admin/workplans/{model._meta.model_name}/").status_code == 200
