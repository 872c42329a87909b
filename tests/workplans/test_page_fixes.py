"""The work-plan pages after the reviewers' findings (r1): a year typed wrong never breaks the close page, months
outside 2000–2100 are not read, the wording form is the deciding level's and asks why and who decided, the
centre's headers speak Vietnamese, the export follows the board's filters, people are named by their names, a
handback request says where it goes, an oversized upload is refused unread, and filter errors speak the user's
language without echoing what was sent."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadre.core.dates import parse_month
from cadre.geo.models import Province
from cadre.people.models import OfficialLogin
from cadre.workplans import closing, services
from cadre.workplans.models import Handback, ProgressReport, Task, TaskEvent, WorkPlan
from tests.workplans.registry import HAI_PHONG, fixture_world, task_input  # noqa: F401
from tests.workplans.test_pages import signed_in, task_post

pytestmark = pytest.mark.django_db

PLAN_POST = {
    "title": "Kế hoạch rà soát",
    "period_start": "01/01/2026",
    "period_end": "31/12/2026",
    "source_kind": "directive",
    "source_number": "07-CT/TU",
    "source_date": "02/01/2026",
    "source_body": "Ban Thường vụ Thành ủy",
}


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text_of(page) -> str:
    return html.unescape(page.content.decode())


# ---- r1.1: dates within a plausible range; the close page never fails --------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("period_start", "01/01/2002", "trước khi chính quyền địa phương hai cấp"),
        ("period_start", "01/01/0001", "trước khi chính quyền địa phương hai cấp"),
        ("period_end", "31/12/9999", "năm tới"),
        ("source_date", "01/01/2099", "tương lai"),
    ],
)
def test_a_plan_with_a_year_typed_wrong_is_refused_on_its_field(client, world, field, value, words):
    page = signed_in(client, world["leader"]).post(
        reverse("workplans:plan-new"), {**PLAN_POST, "commune": world["a"], field: value}
    )
    assert page.status_code == 200
    assert words in page.context["form"].errors[field][0]
    assert not WorkPlan.objects.filter(title="Kế hoạch rà soát").exists()


def test_a_task_dated_before_the_two_tier_system_is_refused_on_its_field(client, world):
    url = reverse("workplans:task-new", args=[world["plan"].pk])
    page = signed_in(client, world["leader"]).post(url, task_post(world, start="01/01/2002"))
    assert "trước khi chính quyền địa phương hai cấp" in page.context["form"].errors["start"][0]
    assert Task.objects.filter(plan=world["plan"]).count() == 1


@pytest.mark.parametrize("start", [dt.date(2002, 1, 1), dt.date(1, 1, 1)])
def test_a_task_saved_with_a_year_long_past_does_not_break_the_close_page(client, world, start):
    # Saved before the forms bounded the years (or by another way in): the page still opens.
    Task.objects.filter(pk=world["task"].pk).update(start=start)
    page = signed_in(client, world["province"]).get(reverse("workplans:close") + f"?province={HAI_PHONG}")
    assert page.status_code == 200
    # The first month the policy gives a closing day for is offered (the day after July 2025's close).
    assert page.context["upcoming"] == dt.date(2025, 8, 1)


# ---- r1.2: the centre's months -------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["0000-01", "1999-12", "2101-01", "2026-13", "2026-1"])
def test_a_month_outside_the_plausible_years_is_not_a_month(raw):
    assert parse_month(raw) is None


def test_year_zero_is_not_an_error_page_on_the_centre_pages(client, world):
    client.raise_request_exception = False
    signed_in(client, world["province"])
    assert client.get(reverse("workplans:centres") + "?month=0000-01").status_code == 200
    assert client.get(reverse("workplans:centre-edit", args=[world["a"], "0000-01"])).status_code == 404


# ---- r1.3: the wording form ----------------------------------------------------------------------------------------


def wording(task, **fields):
    data = {
        "wording-title": task.title,
        "wording-completion_criterion": "Tiêu chí mới",
        "wording-accountable": task.accountable,
        "wording-report_to": "Sở Nội vụ",
        "wording-reason": "Sửa lỗi chính tả",
        "wording-decided_by": "Trần Văn Bí",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def test_the_province_may_not_rewrite_a_commune_tasks_wording(client, world):
    task = world["task"]
    signed_in(client, world["province"])
    assert 'id="wording-form"' not in client.get(reverse("workplans:task", args=[task.pk])).text
    page = client.post(reverse("workplans:task-wording", args=[task.pk]), wording(task))
    assert page.status_code == 403
    assert Task.objects.get(pk=task.pk).report_to == task.report_to
    assert not TaskEvent.objects.filter(task=task, kind="edited").exists()


@pytest.mark.parametrize("missing", ["wording-reason", "wording-decided_by"])
def test_a_wording_correction_needs_its_reason_and_who_decided(client, world, missing):
    task = world["task"]
    page = signed_in(client, world["leader"]).post(
        reverse("workplans:task-wording", args=[task.pk]), wording(task, **{missing: ""})
    )
    assert page.status_code == 400
    assert page.context["wording_form"].errors[missing.removeprefix("wording-")]
    assert Task.objects.get(pk=task.pk).completion_criterion == task.completion_criterion


def test_the_deciding_level_sees_the_wording_form_with_its_reason_and_decider(client, world):
    page = signed_in(client, world["leader"]).get(reverse("workplans:task", args=[world["task"].pk]))
    assert 'id="wording-form"' in page.text
    assert 'name="wording-decided_by"' in page.text and 'name="wording-reason"' in page.text


# ---- r1.4: the centre's headers in Vietnamese ------------------------------------------------------------------


def test_the_centre_headers_on_the_commune_board_are_vietnamese(client, world):
    page = signed_in(client, world["leader"]).get(reverse("workplans:commune-board", args=[world["a"]]))
    assert "Tỷ lệ đúng hạn (%)" in page.text and "Mức độ hài lòng (%)" in page.text
    assert "Settled on time" not in page.text and "Citizen satisfaction" not in page.text


# ---- r1.5: the export link carries the board's filters -----------------------------------------------------------


def export_href(page) -> str:
    body = text_of(page)
    start = body.index('id="board-export" href="') + len('id="board-export" href="')
    return body[start : body.index('"', start)]


def test_the_commune_boards_export_carries_its_filters(client, world):
    url = reverse("workplans:commune-board", args=[world["a"]]) + "?status=in_progress&lead=Lê"
    href = export_href(signed_in(client, world["leader"]).get(url))
    assert "status=in_progress" in href and "lead=L" in href and f"commune={world['a']}" in href


def test_the_boards_export_link_follows_the_filters_typed(client, world):
    signed_in(client, world["leader"])
    page = client.get(reverse("workplans:board") + "?source=05-CT&page=1", HTTP_HX_REQUEST="true")
    assert 'hx-swap-oob="true"' in page.text
    href = export_href(page)
    assert "source=05-CT" in href and "page=" not in href


# ---- r1.6 + r1.7: people's names; a handback request's direction --------------------------------------------------


def test_the_task_page_names_people_not_their_logins(client, world, django_assert_max_num_queries):
    task = world["task"]
    services.report_progress(task, user=world["clerk"], percent=30, note="Đã rà soát 3 thôn")
    signed_in(client, world["leader"])
    with django_assert_max_num_queries(40):
        page = client.get(reverse("workplans:task", args=[task.pk]))
    body = page.text
    assert "Trần Văn Bí" in body  # who assigned the task (bithu's person)
    reports = body[body.index("Báo cáo tiến độ") :]
    assert "Lê Thị Chủ" in reports[: reports.index("</table>")]  # who reported (canbo_a's person)
    assert "<td>bithu</td>" not in body and "<td>canbo_a</td>" not in body


def test_the_task_pages_queries_do_not_grow_with_its_history(client, world, django_assert_num_queries):
    task = world["task"]
    services.report_progress(task, user=world["clerk"], percent=10)
    services.request_handback(task, user=world["clerk"], direction="sideways", reason="Không đúng chức năng")
    signed_in(client, world["leader"])
    client.get(reverse("workplans:task", args=[task.pk]))  # warm the session and the grants
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workplans:task", args=[task.pk]))
    for percent in (20, 30):
        services.report_progress(task, user=world["clerk"], percent=percent)
    task.refresh_from_db()
    services.change_task(
        task,
        user=world["leader"],
        reason="Do mưa bão",
        decided_by="Trần Văn Bí",
        deadline=dt.date(2026, 6, 30),
    )
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("workplans:task", args=[task.pk]))
    assert page.text.count("Lê Thị Chủ") >= 3


def test_the_close_table_names_who_closed_by_their_registry_name(client, world):
    OfficialLogin.objects.create(user=world["province"], official=world["far"])
    closing.close_month(Province.objects.get(code=HAI_PHONG), dt.date(2026, 1, 1), user=world["province"])
    page = signed_in(client, world["province"]).get(reverse("workplans:close") + f"?province={HAI_PHONG}")
    assert ", Đỗ Văn Xa</td>" in page.text
    assert ", tinh</td>" not in page.text


@pytest.mark.parametrize(("direction", "words"), [("sideways", "chuyển ngang"), ("up", "trả lên cấp trên")])
def test_a_handback_request_in_the_history_says_its_direction(client, world, direction, words):
    task = world["task"]
    signed_in(client, world["clerk"]).post(
        reverse("workplans:task-handback", args=[task.pk]),
        {"handback-direction": direction, "handback-reason": "Không đúng chức năng"},
    )
    assert Handback.objects.filter(task=task, direction=direction).exists()
    body = signed_in(client, world["leader"]).get(reverse("workplans:task", args=[task.pk])).text
    history = body[body.index('class="history"') :]
    history = history[: history.index("</table>")]
    (row,) = [row for row in history.split("<tr>") if "Không đúng chức năng" in row]
    assert words in row
    assert "→ —" not in row and "Người chủ trì" not in row


# ---- r1.8: an oversized upload is refused before it is read -------------------------------------------------------


def test_an_oversized_evidence_upload_is_refused_unread_before_the_csrf_check(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["clerk"])
    page = client.post(
        reverse("workplans:task-report", args=[world["task"].pk]),
        {"report-percent": "50"},
        CONTENT_LENGTH=str(6 * 1024 * 1024 * 1024),
    )
    # 413, not the CSRF check's 403: the middleware refuses on the announced length, before the form is read.
    assert page.status_code == 413
    assert "Tệp quá lớn" in page.text and "tối đa" in page.text
    assert not ProgressReport.objects.exists()


def test_an_oversized_workbook_is_refused_unread_in_english_too(world):
    client = english(Client())
    client.force_login(world["leader"])
    page = client.post(reverse("workplans:import"), {}, CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert page.status_code == 413
    assert "The file is too large" in page.text and "50 MB" in page.text


def test_any_page_refuses_a_body_beyond_the_sites_limit(world):
    client = Client()
    client.force_login(world["leader"])
    too_much = settings.CADRE_REQUEST_BODY_MAX_BYTES + 1
    page = client.post(reverse("workplans:plan-new"), {}, CONTENT_LENGTH=str(too_much))
    assert page.status_code == 413
    assert not WorkPlan.objects.exclude(pk=world["plan"].pk).exists()


def test_a_report_within_the_limit_still_goes_through(client, world):
    page = signed_in(client, world["clerk"]).post(
        reverse("workplans:task-report", args=[world["task"].pk]), {"report-percent": "40"}
    )
    assert page.status_code == 302
    assert ProgressReport.objects.get(task=world["task"]).percent == 40


# ---- r1.9: filters and choices in the user's language ---------------------------------------------------------------


def test_a_null_character_in_a_filter_is_said_in_vietnamese(client, world):
    page = signed_in(client, world["leader"]).get(reverse("workplans:board") + "?source=%00")
    assert "ký tự rỗng" in page.text
    assert "Null characters" not in page.text


def test_a_foreign_coworker_is_refused_without_printing_its_id(client, world):
    url = reverse("workplans:task-new", args=[world["plan"].pk])
    page = signed_in(client, world["leader"]).post(url, task_post(world, coworkers=[world["far"].pk]))
    message = " ".join(page.context["form"].errors["coworkers"])
    assert "không nằm trong các lựa chọn" in message
    assert str(world["far"].pk) not in message


def test_an_unknown_handback_direction_is_not_echoed(client, world):
    page = signed_in(client, world["clerk"]).post(
        reverse("workplans:task-handback", args=[world["task"].pk]),
        {"handback-direction": "down", "handback-reason": "x"},
    )
    assert page.status_code == 400
    message = " ".join(page.context["handback_form"].errors["direction"])
    assert "down" not in message and "không nằm trong các lựa chọn" in message
    assert not Handback.objects.exists()


def test_english_pages_offer_statuses_and_directions_in_english(world):
    client = english(Client())
    client.force_login(world["clerk"])
    board = client.get(reverse("workplans:board")).text
    assert ">Overdue<" in board and ">Quá hạn<" not in board
    task_page = client.get(reverse("workplans:task", args=[world["task"].pk])).text
    assert "hand back up" in task_page and "trả lên cấp trên" not in task_page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert ">Quá hạn<" in client.get(reverse("workplans:board")).text
