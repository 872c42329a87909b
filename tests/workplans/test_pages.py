"""The work plans' pages as their users meet them: who may open what (403 for a role without the right, 404 for
a row outside the scope), forms that refuse bad input with the rules' words next to the field and write
nothing, and lists that read in a fixed number of queries however many tasks there are."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre.workplans import services
from cadre.workplans.models import ProgressReport, Task, TaskEvent, WorkPlan
from tests.users import make_user
from tests.workplans.registry import PASSWORD, fixture_world, task_input  # noqa: F401

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def task_post(world, **fields):
    """A valid task as the form posts it, changed by `fields`."""
    values = {
        "lead_official": world["other"].pk,
        "title": "Tổ chức Hội nghị tổng kết công tác dân vận",
        "result_kind": "document",
        "expected_result": "Báo cáo tổng kết",
        "completion_criterion": "Hội nghị được tổ chức, báo cáo được thông qua",
        "start": "01/02/2026",
        "deadline": "30/04/2026",
        "accountable": "Người chủ trì",
        "report_to": "Thường trực Đảng ủy xã",
        "authority_level": "commune",
        "authority_body": "Chủ tịch UBND xã",
    }
    values.update(fields)
    return {name: value for name, value in values.items() if value is not None}


# ---- who may open what -----------------------------------------------------------------------------------------


def test_the_plans_list_shows_the_users_plans_and_the_create_button_only_to_who_may(client, world):
    page = signed_in(client, world["leader"]).get(reverse("workplans:plans"))
    assert page.status_code == 200
    assert "Kế hoạch công tác năm 2026" in page.text and reverse("workplans:plan-new") in page.text
    client.force_login(world["clerk"])
    page = client.get(reverse("workplans:plans"))
    assert "Kế hoạch công tác năm 2026" in page.text and reverse("workplans:plan-new") not in page.text


def test_a_leader_of_another_commune_sees_none_of_this_communes_pages(client, world):
    stranger = make_user("bithu_b", PASSWORD, "commune_leader", world["b"])
    signed_in(client, stranger)
    assert "Kế hoạch công tác năm 2026" not in client.get(reverse("workplans:plans")).text
    for url in (
        reverse("workplans:plan", args=[world["plan"].pk]),
        reverse("workplans:task-new", args=[world["plan"].pk]),
        reverse("workplans:task", args=[world["task"].pk]),
        reverse("workplans:commune-board", args=[world["a"]]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("workplans:task-change", args=[world["task"].pk]), {}).status_code == 404
    assert client.get(reverse("workplans:commune-board", args=[world["b"]])).status_code == 200


def test_a_commune_user_may_not_create_plans_or_tasks_or_post_a_change(client, world):
    signed_in(client, world["clerk"])
    assert client.get(reverse("workplans:plan-new")).status_code == 403
    assert client.get(reverse("workplans:task-new", args=[world["plan"].pk])).status_code == 403
    page = client.get(reverse("workplans:task", args=[world["task"].pk]))
    assert "change-form" not in page.text and "report-form" in page.text and "handback-form" in page.text
    response = client.post(
        reverse("workplans:task-change", args=[world["task"].pk]),
        {"change-deadline": "01/06/2026", "change-reason": "Cần thêm thời gian", "change-decided_by": "Tôi"},
    )
    assert response.status_code == 403
    assert Task.objects.get(pk=world["task"].pk).deadline == dt.date(2026, 3, 31)


# ---- plans and tasks -------------------------------------------------------------------------------------------


def test_a_commune_leader_creates_a_plan_for_their_commune(client, world):
    signed_in(client, world["leader"])
    form = client.get(reverse("workplans:plan-new"))
    assert form.status_code == 200 and world["b"] not in form.text  # only their own commune is offered
    response = client.post(
        reverse("workplans:plan-new"),
        {
            "commune": world["a"],
            "title": "Kế hoạch thực hiện Chỉ thị 05",
            "period_start": "01/01/2026",
            "period_end": "31/12/2026",
            "source_kind": "directive",
            "source_number": "05-CT/TW",
            "source_date": "15/05/2025",
            "source_body": "Ban Bí thư",
        },
    )
    plan = WorkPlan.objects.get(title="Kế hoạch thực hiện Chỉ thị 05")
    assert response.status_code == 302 and response.url == reverse("workplans:plan", args=[plan.pk])
    page = client.get(response.url)
    assert "05-CT/TW" in page.text and "Ban Bí thư" in page.text


def test_a_plan_for_another_commune_is_refused(client, world):
    signed_in(client, world["leader"])
    response = client.post(
        reverse("workplans:plan-new"),
        {
            "commune": world["b"],
            "title": "Kế hoạch lạ",
            "period_start": "01/01/2026",
            "period_end": "31/12/2026",
            "source_kind": "plan",
            "source_number": "1",
            "source_date": "01/01/2026",
            "source_body": "UBND",
        },
    )
    assert response.status_code == 200 and "field-error" in response.text
    assert not WorkPlan.objects.filter(title="Kế hoạch lạ").exists()


def test_a_plans_page_lists_its_tasks_overdue_first(client, world, monkeypatch):
    later = services.create_task(
        world["plan"],
        task_input(
            world["other"],
            title="Nhiệm vụ chưa bắt đầu",
            start=dt.date(2026, 6, 1),
            deadline=dt.date(2026, 9, 1),
        ),
        user=world["leader"],
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 4, 15))
    page = signed_in(client, world["leader"]).get(reverse("workplans:plan", args=[world["plan"].pk]))
    text = page.text
    assert text.index(world["task"].title) < text.index(later.title)
    assert "Quá hạn" in text and "Chưa bắt đầu" in text


def test_the_task_form_refuses_no_lead_and_two_leads_and_saves_nothing(client, world):
    signed_in(client, world["leader"])
    url = reverse("workplans:task-new", args=[world["plan"].pk])
    before = Task.objects.count()
    page = client.post(url, task_post(world, lead_official=None, report_to=""))
    assert page.status_code == 200
    assert "Chưa rõ người" in page.text and "Chưa rõ trách nhiệm: thiếu nơi báo cáo kết quả." in page.text
    page = client.post(
        url, task_post(world, lead_unit="Văn phòng HĐND và UBND", lead_unit_head=world["lead"].pk)
    )
    assert "2 người/đơn vị chủ trì" in page.text
    page = client.post(url, task_post(world, deadline="30/01/2027"))
    assert "trong kỳ kế hoạch" in page.text
    page = client.post(url, task_post(world, lead_official=world["far"].pk))  # not a person of this commune
    assert page.status_code == 200 and "field-error" in page.text
    assert Task.objects.count() == before


def test_a_valid_task_is_saved_with_its_milestones_and_coworkers(client, world):
    signed_in(client, world["leader"])
    response = client.post(
        reverse("workplans:task-new", args=[world["plan"].pk]),
        task_post(
            world,
            coworkers=[world["lead"].pk],
            milestone_1_due="15/03/2026",
            milestone_1_text="Xong dự thảo báo cáo",
        ),
    )
    task = Task.objects.get(title="Tổ chức Hội nghị tổng kết công tác dân vận")
    assert response.status_code == 302 and response.url == reverse("workplans:task", args=[task.pk])
    page = client.get(response.url)
    assert "Phạm Văn Phối" in page.text and "Lê Thị Chủ" in page.text and "Xong dự thảo báo cáo" in page.text


def test_the_task_form_in_english_speaks_english(client, world):
    signed_in(client, world["leader"])
    client.cookies["django_language"] = "en"
    page = client.post(
        reverse("workplans:task-new", args=[world["plan"].pk]), task_post(world, lead_official=None)
    )
    assert "Person not clear" in page.text and "Chưa rõ người" not in page.text


# ---- a task's forms --------------------------------------------------------------------------------------------


def test_a_change_without_a_reason_is_refused_on_the_form_and_with_one_is_in_the_history(client, world):
    signed_in(client, world["leader"])
    url = reverse("workplans:task-change", args=[world["task"].pk])
    change = {"change-lead_official": world["other"].pk, "change-decided_by": "Trần Văn Bí"}
    page = client.post(url, {**change, "change-reason": ""})
    assert page.status_code == 400 and "phải ghi rõ lý do điều chỉnh" in page.text
    assert Task.objects.get(pk=world["task"].pk).lead_person == world["lead"]
    response = client.post(url, {**change, "change-reason": "Đồng chí Chủ đi học dài hạn"})
    assert response.status_code == 302
    page = client.get(reverse("workplans:task", args=[world["task"].pk]))
    assert "Đồng chí Chủ đi học dài hạn" in page.text and "Lê Thị Chủ → Phạm Văn Phối" in page.text
    mine = signed_in(client, world["clerk"]).get(reverse("workplans:mine"))
    assert "Đồng chí Chủ đi học dài hạn" in mine.text and "Trần Văn Bí" in mine.text


def test_the_lead_reports_progress_with_evidence_and_it_downloads_as_an_attachment(
    client, world, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 2, 20))
    signed_in(client, world["clerk"])
    upload = SimpleUploadedFile("../../bien ban<1>.pdf", b"%PDF-1.4 minh chung", "application/pdf")
    response = client.post(
        reverse("workplans:task-report", args=[world["task"].pk]),
        {
            "report-percent": "40",
            "report-reported_on": "10/02/2026",
            "report-note": "Đã rà soát 3 thôn",
            "report-evidence": upload,
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=world["task"])
    download = client.get(reverse("workplans:evidence", args=[report.pk]))
    assert download.status_code == 200 and download.content == b"%PDF-1.4 minh chung"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and "/" not in disposition and "<" not in disposition
    stranger = make_user("bithu_b", PASSWORD, "commune_leader", world["b"])
    assert signed_in(client, stranger).get(reverse("workplans:evidence", args=[report.pk])).status_code == 404


def test_evidence_over_the_limit_is_refused_and_nothing_is_recorded(client, world):
    signed_in(client, world["clerk"])
    big = SimpleUploadedFile("lon.pdf", b"x" * (services.EVIDENCE_MAX_BYTES + 1), "application/pdf")
    page = client.post(
        reverse("workplans:task-report", args=[world["task"].pk]),
        {"report-percent": "40", "report-evidence": big},
    )
    assert page.status_code == 400 and "quá lớn" in page.text
    assert not ProgressReport.objects.exists()


def test_a_report_below_the_last_one_is_refused_with_the_message(client, world):
    services.report_progress(
        world["task"], user=world["clerk"], percent=50, reported_on=dt.date(2026, 2, 1), past=True
    )
    page = signed_in(client, world["clerk"]).post(
        reverse("workplans:task-report", args=[world["task"].pk]), {"report-percent": "30"}
    )
    assert page.status_code == 400 and "thấp hơn lần báo cáo trước" in page.text
    assert ProgressReport.objects.count() == 1


def test_the_lead_asks_to_hand_back_and_the_leader_decides(client, world):
    task = world["task"]
    signed_in(client, world["clerk"])
    page = client.post(
        reverse("workplans:task-handback", args=[task.pk]),
        {"handback-direction": "up", "handback-reason": ""},
    )
    assert page.status_code == 400 and "phải ghi rõ lý do" in page.text
    client.post(
        reverse("workplans:task-handback", args=[task.pk]),
        {"handback-direction": "up", "handback-reason": "Quá tải"},
    )
    handback = task.handbacks.get()
    signed_in(client, world["leader"])
    assert "decide-form" in client.get(reverse("workplans:task", args=[task.pk])).text
    url = reverse("workplans:handback-decide", args=[task.pk, handback.pk])
    page = client.post(
        url, {"decide-accept": "yes", "decide-decided_by": "Trần Văn Bí", "decide-note": "Đồng ý"}
    )
    assert page.status_code == 400 and "người hoặc đơn vị chủ trì mới" in page.text
    client.post(
        url,
        {
            "decide-accept": "yes",
            "decide-decided_by": "Trần Văn Bí",
            "decide-note": "Đồng ý",
            "decide-lead_official": world["other"].pk,
        },
    )
    assert Task.objects.get(pk=task.pk).lead_person == world["other"]


def test_wording_corrections_are_recorded_and_only_for_who_assigns_work(client, world):
    task = world["task"]
    data = {
        "wording-title": "Rà soát cơ sở dữ liệu hộ nghèo năm 2026",
        "wording-completion_criterion": task.completion_criterion,
        "wording-accountable": task.accountable,
        "wording-report_to": task.report_to,
        "wording-reason": "Sửa lỗi chính tả",
        "wording-decided_by": "Nguyễn Văn Bí Thư",
    }
    assert (
        signed_in(client, world["clerk"])
        .post(reverse("workplans:task-wording", args=[task.pk]), data)
        .status_code
        == 403
    )
    signed_in(client, world["leader"]).post(reverse("workplans:task-wording", args=[task.pk]), data)
    assert Task.objects.get(pk=task.pk).title == "Rà soát cơ sở dữ liệu hộ nghèo năm 2026"
    assert TaskEvent.objects.filter(task=task, kind="edited").count() == 1
