"""The province's pages: the communes ranked, each lead's figures, the monthly close and a plan's timeline, with
their scopes (a commune's user is refused the province's pages; a row outside the scope is not found), their
errors said on the page, and their query counts."""

import datetime as dt
import json

import pytest

from cadre.geo.models import Commune, Province
from cadre.workplans import centre, closing, services
from cadre.workplans.models import ClosingDay, MonthClose, TaskMonthResult
from tests.users import make_user
from tests.workplans.registry import HAI_PHONG, fixture_world, task_input  # noqa: F401

pytestmark = pytest.mark.django_db
FEB = dt.date(2026, 2, 1)


def _plan_of_b(world):
    return services.create_plan(
        user=world["province"],
        commune=Commune.objects.get(code=world["b"]),
        title="Kế hoạch công tác năm 2026 của xã B",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        source_kind="directive",
        source_number="05-CT/TU",
        source_date=dt.date(2025, 12, 20),
        source_body="Ban Thường vụ Thành ủy Hải Phòng",
    )


@pytest.fixture(name="two_communes")
def fixture_two_communes(world):
    """February 2026 closed: commune A has one task done on time and one not done (50%), commune B one task
    done on time (100%), so B ranks first."""
    done = services.create_task(
        world["plan"],
        task_input(world["other"], title="Tổng kết", deadline=dt.date(2026, 2, 20)),
        user=world["leader"],
    )
    services.report_progress(
        done, user=world["leader"], percent=100, reported_on=dt.date(2026, 2, 15), past=True
    )
    task_b = services.create_task(
        _plan_of_b(world), task_input(world["far"], deadline=dt.date(2026, 2, 20)), user=world["province"]
    )
    services.report_progress(
        task_b, user=world["province"], percent=100, reported_on=dt.date(2026, 2, 18), past=True
    )
    closing.close_month(Province.objects.get(code=HAI_PHONG), FEB, user=world["province"])
    return world


def _rows(page: str) -> list[str]:
    return [chunk.split('"', 1)[0] for chunk in page.split('<tr data-commune="')[1:]]


def test_the_province_view_ranks_the_better_commune_first(
    client, two_communes, django_assert_max_num_queries
):
    world = two_communes
    client.force_login(world["province"])
    with django_assert_max_num_queries(30):
        response = client.get("/workplans/province/", {"month": "2026-02"})
    page = response.content.decode()
    assert response.status_code == 200
    assert _rows(page)[:2] == [world["b"], world["a"]]
    assert f'href="/workplans/communes/{world["a"]}/"' in page
    assert "50,0%" in page or "50.0%" in page
    assert 'id="closed-figures"' in page and 'id="provisional"' not in page
    chart = json.loads(
        page.split('id="ranking-chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert chart["share"][:2] == [100.0, 50.0]


def test_the_query_count_does_not_grow_with_the_communes_tasks(
    client, two_communes, django_assert_max_num_queries
):
    world = two_communes
    for number in range(15):
        services.create_task(
            world["plan"], task_input(world["lead"], title=f"Việc {number}"), user=world["leader"]
        )
    client.force_login(world["province"])
    with django_assert_max_num_queries(30):
        assert client.get("/workplans/province/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get("/workplans/people/", {"month": "2026-02"}).status_code == 200


def test_the_current_month_is_marked_provisional_and_the_centre_share_shown(client, world):
    centre.record_month(
        Commune.objects.get(code=world["a"]),
        dt.date(2026, 12, 1),
        user=world["province"],
        received=10,
        settled_on_time=9,
        settled_late=1,
        returned=0,
    )
    services.create_task(_plan_of_b(world), task_input(world["far"]), user=world["province"])
    client.force_login(world["province"])
    page = client.get("/workplans/province/", {"month": "2026-12"}).content.decode()
    row_a = page.split(f'<tr data-commune="{world["a"]}"')[1].split("</tr>")[0]
    row_b = page.split(f'<tr data-commune="{world["b"]}"')[1].split("</tr>")[0]
    assert 'id="provisional"' in page
    assert "90,0%" in row_a or "90.0%" in row_a
    assert "chưa báo cáo" in row_b


def test_communes_with_nothing_counted_are_named_under_the_table(client, world):
    client.force_login(world["province"])
    page = client.get("/workplans/province/", {"month": "2026-12"}).content.decode()
    assert _rows(page) == [world["a"]]
    quiet = page.split('id="quiet-communes"')[1].split("</details>")[0]
    assert f'data-quiet="{world["b"]}"' in quiet and f'data-quiet="{world["a"]}"' not in quiet
    assert Commune.objects.filter(province_id=HAI_PHONG).count() - 1 == quiet.count("data-quiet=")


def test_a_bad_month_is_said_and_the_current_month_shown(client, world):
    client.force_login(world["province"])
    response = client.get("/workplans/province/", {"month": "<script>" * 50})
    assert response.status_code == 200
    assert "2026-03" in response.content.decode()  # the example in the message


def test_a_commune_user_is_refused_the_province_view_but_sees_their_leads(client, two_communes):
    world = two_communes
    client.force_login(world["clerk"])
    assert client.get("/workplans/province/").status_code == 403
    page = client.get("/workplans/people/", {"month": "2026-02"}).content.decode()
    assert world["other"].full_name in page and world["far"].full_name not in page


def test_another_provinces_officer_gets_not_found(client, world):
    make_user("hanoi", role="home_affairs", scope="01")
    client.login(username="hanoi", password="mat-khau-dai-123")
    assert client.get("/workplans/province/", {"province": HAI_PHONG}).status_code == 404
    assert client.get("/workplans/close/", {"province": HAI_PHONG}).status_code == 404
    assert client.get(f"/workplans/{world['plan'].pk}/timeline/").status_code == 404


def test_a_ministry_user_picks_the_province(client, two_communes):
    make_user("bo", role="ministry_viewer", scope="VN")
    client.login(username="bo", password="mat-khau-dai-123")
    picker = client.get("/workplans/province/").content.decode()
    assert 'id="pick-province"' in picker and 'data-commune="' not in picker
    page = client.get("/workplans/province/", {"province": HAI_PHONG, "month": "2026-02"}).content.decode()
    assert _rows(page)[0] == two_communes["b"]
    assert client.get("/workplans/close/").status_code == 403  # viewing is not closing


def test_people_figures_list_each_lead(client, two_communes):
    world = two_communes
    client.force_login(world["province"])
    page = client.get("/workplans/people/", {"month": "2026-02"}).content.decode()
    for person in ("lead", "other", "far"):
        assert world[person].full_name in page
    assert page.index(world["other"].full_name) < page.index(world["lead"].full_name)  # 100% before 0%


def test_the_province_officer_closes_a_month_and_sees_its_counts(client, world):
    client.force_login(world["province"])
    page = client.get("/workplans/close/").content.decode()
    assert 'id="close-month"' in page and "01/2026" in page
    assert 'id="default-source"' in page  # the policy's default, with its source behind a disclosure
    response = client.post(
        "/workplans/close/", {"province": HAI_PHONG, "action": "close", "month": "2026-01"}, follow=True
    )
    page = response.content.decode()
    assert MonthClose.objects.filter(province_id=HAI_PHONG, month=dt.date(2026, 1, 1)).exists()
    assert 'data-month="2026-01"' in page and "02/2026" in page
    again = client.post(
        "/workplans/close/", {"province": HAI_PHONG, "action": "close", "month": "2026-01"}, follow=True
    )
    assert again.status_code == 200 and "đã chốt" in again.content.decode()
    assert TaskMonthResult.objects.filter(month=dt.date(2026, 1, 1)).count() == 1


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"action": "close", "month": "2026-12"}, "chưa qua ngày chốt"),
        ({"action": "close", "month": "tháng hai"}, "2026-03"),
        ({"action": "closing_day", "day": "40", "valid_from": "2027-01"}, "từ 1 đến 31"),
        ({"action": "closing_day", "day": "x" * 5000, "valid_from": "2027-01"}, "từ 1 đến 31"),
        ({"action": "closing_day", "day": "20", "valid_from": ""}, "2027-01"),
        ({"action": "other"}, "Thao tác không hợp lệ"),
    ],
)
def test_errors_are_said_on_the_page_and_nothing_is_written(client, world, data, said):
    client.force_login(world["province"])
    response = client.post("/workplans/close/", {"province": HAI_PHONG, **data}, follow=True)
    assert response.status_code == 200
    assert said in response.content.decode()
    assert not MonthClose.objects.exists() and not ClosingDay.objects.exists()


def test_the_closing_day_is_set_and_a_closed_month_keeps_its_day(client, world):
    client.force_login(world["province"])
    client.post("/workplans/close/", {"province": HAI_PHONG, "action": "close", "month": "2026-01"})
    response = client.post(
        "/workplans/close/",
        {
            "province": HAI_PHONG,
            "action": "closing_day",
            "day": "20",
            "valid_from": "2026-01",
            "reason": "QĐ 1",
        },
        follow=True,
    )
    assert "đã chốt" in response.content.decode() and not ClosingDay.objects.exists()
    response = client.post(
        "/workplans/close/",
        {
            "province": HAI_PHONG,
            "action": "closing_day",
            "day": "20",
            "valid_from": "2026-02",
            "reason": "QĐ 1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert ClosingDay.objects.get().day == 20
    assert 'id="default-source"' not in page and "QĐ 1" in page


def test_commune_leaders_cannot_close_and_commune_users_are_refused(client, world):
    client.force_login(world["leader"])  # has the work-plan right, but for a commune only
    assert client.get("/workplans/close/").status_code == 403
    assert client.post("/workplans/close/", {"action": "close", "month": "2026-01"}).status_code == 403
    client.force_login(world["clerk"])
    assert client.get("/workplans/close/").status_code == 403
    assert not MonthClose.objects.exists()


def test_the_timeline_shows_the_tasks_overdue_marked(client, world, django_assert_max_num_queries):
    for number in range(5):
        services.create_task(
            world["plan"], task_input(world["lead"], title=f"Việc {number}"), user=world["leader"]
        )
    client.force_login(world["clerk"])
    with django_assert_max_num_queries(12):
        response = client.get(f"/workplans/{world['plan'].pk}/timeline/")
    page = response.content.decode()
    bars = json.loads(page.split('id="timeline-data" type="application/json">')[1].split("</script>")[0])
    assert len(bars) == 6
    assert bars[0]["url"] == f"/workplans/tasks/{world['task'].pk}/"
    assert bars[0]["custom_class"] == "bar-overdue"  # due 31/03/2026, not done
    assert "vendor/frappe-gantt/frappe-gantt.umd.js" in page
    assert "<mark>Quá hạn</mark>" in page


def test_the_timeline_of_another_communes_plan_is_not_found(client, world):
    plan_b = _plan_of_b(world)
    client.force_login(world["clerk"])
    assert client.get(f"/workplans/{plan_b.pk}/timeline/").status_code == 404
    assert client.get("/workplans/999999/timeline/").status_code == 404


def test_a_month_before_any_closing_day_is_said_never_a_server_error(client, world):
    old_plan = services.create_plan(
        user=world["leader"],
        commune=Commune.objects.get(code=world["a"]),
        title="Kế hoạch công tác 2025",
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
        source_kind="plan",
        source_number="01/KH-UBND",
        source_date=dt.date(2025, 6, 20),
        source_body="UBND xã",
    )
    services.create_task(
        old_plan,
        task_input(world["lead"], start=dt.date(2025, 7, 6), deadline=dt.date(2025, 12, 31)),
        user=world["leader"],
    )
    client.force_login(world["province"])
    for url in ("/workplans/province/", "/workplans/people/"):
        response = client.get(url, {"month": "2024-03"})
        assert response.status_code == 200 and "03/2024" in response.content.decode()
    page = client.get("/workplans/close/").content.decode()
    # The policy's default closing day is in force from 07/2025: the first month with a known period is 08/2025.
    assert 'name="month" value="2025-08"' in page
    response = client.post(
        "/workplans/close/", {"province": HAI_PHONG, "action": "close", "month": "2024-03"}, follow=True
    )
    assert response.status_code == 200 and "03/2024" in response.content.decode()
    assert not MonthClose.objects.exists()
