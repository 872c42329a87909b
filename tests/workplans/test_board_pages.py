"""My tasks and the boards as their users meet them: each lists what the user may see, overdue first, and reads
in a fixed number of queries however many tasks there are; a long list of people is searched by name."""

import datetime as dt

import pytest
from django.urls import reverse

from cadre.workplans import services
from cadre.workplans.models import WorkPlan
from tests.users import make_user
from tests.workplans.registry import PASSWORD, fixture_world, task_input  # noqa: F401
from tests.workplans.test_pages import signed_in, task_post

pytestmark = pytest.mark.django_db


# ---- My tasks and the boards -----------------------------------------------------------------------------------


def test_my_tasks_for_someone_linked_to_nobody_explains_why_it_is_empty(client, world):
    page = signed_in(client, world["province"]).get(reverse("workplans:mine"))
    assert page.status_code == 200 and "chưa được gắn với một người" in page.text
    lead_page = signed_in(client, world["clerk"]).get(reverse("workplans:mine"))
    assert "chưa được gắn" not in lead_page.text and world["task"].title in lead_page.text


def _many_tasks(world, count):
    for number in range(count):
        services.create_task(
            world["plan"], task_input(world["other"], title=f"Nhiệm vụ số {number}"), user=world["leader"]
        )


@pytest.mark.parametrize("count", [30, 300])
def test_the_board_reads_in_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries):
    _many_tasks(world, count)
    signed_in(client, world["province"])
    with django_assert_max_num_queries(10):
        page = client.get(reverse("workplans:board"), {"per_page": 200})
    assert page.status_code == 200 and "Nhiệm vụ số 0" in page.text
    with django_assert_max_num_queries(14):  # 11, and the service centre's 3
        page = client.get(reverse("workplans:commune-board", args=[world["a"]]))
    assert "Quá hạn" in page.text or "Đang thực hiện" in page.text


def test_the_board_filters_by_status_and_lead(client, world):
    services.create_task(
        world["plan"], task_input(world["other"], title="Việc của anh Phối"), user=world["leader"]
    )
    page = signed_in(client, world["leader"]).get(reverse("workplans:board"), {"lead": "Phối"})
    assert "Việc của anh Phối" in page.text and world["task"].title not in page.text


def test_the_commune_board_counts_tasks_by_status(client, world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 4, 15))
    page = signed_in(client, world["leader"]).get(reverse("workplans:commune-board", args=[world["a"]]))
    assert "Quá hạn: <strong>1</strong>" in page.text


def test_a_long_list_of_people_is_searched_by_name_and_still_accepts_anyone_of_the_unit(
    client, world, monkeypatch
):
    monkeypatch.setattr("cadre.workplans.forms.PEOPLE_LISTED", 2)  # commune A has 3 people: too many to list
    signed_in(client, world["leader"])
    url = reverse("workplans:task-new", args=[world["plan"].pk])
    form = client.get(url)
    assert 'name="who"' in form.text and "Phạm Văn Phối (" not in form.text
    found = client.get(reverse("workplans:plan-people", args=[world["plan"].pk]), {"who": "pham van"})
    assert "Phạm Văn Phối" in found.text and "Lê Thị Chủ" not in found.text
    assert (
        "Đỗ Văn Xa"
        not in client.get(reverse("workplans:plan-people", args=[world["plan"].pk]), {"who": "xa"}).text
    )
    response = client.post(url, task_post(world))
    assert response.status_code == 302
    stranger = make_user("bithu_b", PASSWORD, "commune_leader", world["b"])
    assert (
        signed_in(client, stranger).get(reverse("workplans:plan-people", args=[world["plan"].pk])).status_code
        == 404
    )
    assert (
        signed_in(client, world["clerk"])
        .get(reverse("workplans:plan-people", args=[world["plan"].pk]))
        .status_code
        == 403
    )


def test_a_province_officer_makes_a_province_bodys_plan_but_does_not_decide_for_the_commune(client, world):
    signed_in(client, world["province"])
    response = client.post(
        reverse("workplans:plan-new"),
        {
            "province": "31",
            "body": "Sở Nội vụ",
            "title": "Kế hoạch cải cách hành chính 2026",
            "period_start": "01/01/2026",
            "period_end": "31/12/2026",
            "source_kind": "plan",
            "source_number": "12/KH-UBND",
            "source_date": "05/01/2026",
            "source_body": "UBND thành phố",
        },
    )
    plan = WorkPlan.objects.get(title="Kế hoạch cải cách hành chính 2026")
    assert response.status_code == 302 and plan.commune_id is None and plan.body == "Sở Nội vụ"
    page = client.get(reverse("workplans:task", args=[world["task"].pk]))
    assert page.status_code == 200 and "change-form" not in page.text  # the commune decides its own task
    refused = client.post(
        reverse("workplans:task-change", args=[world["task"].pk]),
        {"change-deadline": "01/06/2026", "change-reason": "Cần gấp", "change-decided_by": "Sở Nội vụ"},
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("count", [30, 300])
def test_a_plans_page_and_my_tasks_read_in_a_fixed_number_of_queries(
    client, world, count, django_assert_max_num_queries
):
    for number in range(count):
        services.create_task(
            world["plan"], task_input(world["lead"], title=f"Nhiệm vụ số {number}"), user=world["leader"]
        )
    signed_in(client, world["leader"])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("workplans:plan", args=[world["plan"].pk]))
    assert page.text.count("/workplans/tasks/") >= count
    signed_in(client, world["clerk"])
    with django_assert_max_num_queries(10):
        page = client.get(reverse("workplans:mine"))
    assert f"Nhiệm vụ số {count - 1}" in page.text


def test_the_commune_board_shows_its_service_centres_month(client, world):
    from django.utils import timezone

    from cadre.geo.models import Commune
    from cadre.workplans.centre import record_month

    today = timezone.localdate()
    month = today.replace(day=1)
    record_month(
        Commune.objects.get(code=world["a"]),
        month,
        user=world["leader"],
        received=120,
        settled_on_time=90,
        settled_late=10,
        returned=5,
    )
    page = signed_in(client, world["leader"]).get(reverse("workplans:commune-board", args=[world["a"]]))
    assert 'id="centre-month"' in page.text
    assert "90 %" in page.text  # settled on time: 90 of the 100 settled
    assert "Nhập số liệu" in page.text or "Sửa số liệu" in page.text


def test_a_plans_page_leads_to_its_timeline(client, world):
    page = signed_in(client, world["clerk"]).get(reverse("workplans:plan", args=[world["plan"].pk]))
    assert reverse("workplans:timeline", args=[world["plan"].pk]) in page.text
    assert "Tiến độ kế hoạch theo thời gian" in page.text


def test_the_board_filters_by_the_communes_name_not_only_its_code(client, world):
    from cadre.geo.models import Commune

    name = Commune.objects.get(code=world["a"]).name
    signed_in(client, world["province"])
    by_name = client.get(reverse("workplans:board"), {"commune": name})
    assert world["task"].title in by_name.text
    assert "mã" not in str(by_name.context["filter"].form["commune"].label).lower()
    other = client.get(reverse("workplans:board"), {"commune": Commune.objects.get(code=world["b"]).name})
    assert world["task"].title not in other.text
