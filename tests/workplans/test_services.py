"""The actions on tasks: the six clears at creation, changes only by decision at the deciding level, handbacks
decided by that level, progress reports, and the monthly close that counts an unreported task as not done."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cadre.core.rules.workplan import WorkplanError
from cadre.geo.models import Province
from cadre.workplans import closing, services
from cadre.workplans.models import EventKind, Handback, MonthClose, Task, TaskEvent, TaskMonthResult
from tests.workplans.registry import HAI_PHONG, fixture_world, task_input  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_task_without_a_lead_or_with_two_is_refused_and_nothing_is_written(world):
    before = Task.objects.count()
    with pytest.raises(WorkplanError, match="Chưa rõ người"):
        services.create_task(world["plan"], task_input(None), user=world["leader"])
    two = task_input(world["lead"], lead_unit="Văn phòng HĐND và UBND", lead_unit_head=world["other"])
    with pytest.raises(WorkplanError, match="2 người/đơn vị chủ trì"):
        services.create_task(world["plan"], two, user=world["leader"])
    assert Task.objects.count() == before


def test_every_missing_clear_is_named(world):
    with pytest.raises(WorkplanError) as refused:
        services.create_task(
            world["plan"], task_input(world["lead"], report_to="", authority_body=" "), user=world["leader"]
        )
    assert "nơi báo cáo" in refused.value.message_vi
    assert "người hoặc cơ quan quyết định" in refused.value.message_vi


def test_a_task_outside_the_plans_period_is_refused(world):
    with pytest.raises(WorkplanError, match="trong kỳ kế hoạch"):
        services.create_task(
            world["plan"], task_input(world["lead"], deadline=dt.date(2027, 1, 5)), user=world["leader"]
        )


def test_a_user_of_another_commune_cannot_add_tasks(world):
    from tests.users import make_user

    stranger = make_user("xa_b", "x-mat-khau-dai-1", "commune_leader", world["b"])
    with pytest.raises(PermissionDenied):
        services.create_task(world["plan"], task_input(world["lead"]), user=stranger)


def test_a_change_without_a_reason_is_refused_and_with_one_is_in_the_history(world):
    task = world["task"]
    with pytest.raises(WorkplanError, match="lý do"):
        services.change_task(
            task, user=world["leader"], reason=" ", decided_by="Trần Văn Bí", lead=task_input(world["other"])
        )
    assert Task.objects.get(pk=task.pk).lead_person == world["lead"]
    event = services.change_task(
        task,
        user=world["leader"],
        reason="Đồng chí Chủ đi học dài hạn",
        decided_by="Trần Văn Bí",
        lead=task_input(world["other"]),
    )
    task.refresh_from_db()
    assert task.lead_person == world["other"]
    assert event.before == {"lead": "Lê Thị Chủ"} and event.after == {"lead": "Phạm Văn Phối"}
    assert event.previous_lead == world["lead"] and event.decided_level == "commune"


def test_the_province_does_not_decide_what_the_commune_decides(world):
    with pytest.raises(WorkplanError, match="cấp trên không làm thay"):
        services.change_task(
            world["task"],
            user=world["province"],
            reason="Cần gấp",
            decided_by="Sở Nội vụ",
            deadline=dt.date(2026, 2, 1),
        )


def test_a_commune_user_cannot_change_a_task(world):
    with pytest.raises(PermissionDenied):
        services.change_task(
            world["task"], user=world["clerk"], reason="x", decided_by="x", deadline=dt.date(2026, 2, 1)
        )


def test_only_the_lead_asks_to_hand_back_and_the_deciding_level_decides(world):
    task = world["task"]
    with pytest.raises(WorkplanError, match="Chỉ người chủ trì"):
        services.request_handback(task, user=world["leader"], direction="up", reason="Quá tải")
    handback = services.request_handback(
        task, user=world["clerk"], direction="sideways", reason="Thuộc lĩnh vực văn hóa"
    )
    with pytest.raises(WorkplanError, match="đang chờ"):
        services.request_handback(task, user=world["clerk"], direction="up", reason="Lần nữa")
    with pytest.raises(WorkplanError, match="cấp trên không làm thay"):
        services.decide_handback(
            handback, user=world["province"], accept=False, decided_by="Sở", note="Không"
        )
    services.decide_handback(
        handback, user=world["leader"], accept=False, decided_by="Trần Văn Bí", note="Đúng lĩnh vực"
    )
    assert Handback.objects.get(pk=handback.pk).status == "refused"
    assert Task.objects.get(pk=task.pk).lead_person == world["lead"]
    kinds = list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.HANDBACK_REQUESTED, EventKind.HANDBACK_REFUSED]


def test_progress_only_goes_forward_and_100_percent_completes(world):
    task = world["task"]
    services.report_progress(
        task, user=world["clerk"], percent=40, reported_on=dt.date(2026, 2, 10), past=True
    )
    with pytest.raises(WorkplanError, match="thấp hơn"):
        services.report_progress(
            task, user=world["clerk"], percent=30, reported_on=dt.date(2026, 2, 11), past=True
        )
    services.report_progress(
        task, user=world["clerk"], percent=100, reported_on=dt.date(2026, 3, 20), past=True
    )
    task.refresh_from_db()
    assert task.done_on == dt.date(2026, 3, 20) and task.percent == 100


def test_someone_else_cannot_report_on_the_leads_task(world):
    from tests.users import make_user

    viewer = make_user("xem", "x-mat-khau-dai-1", "commune_user", world["a"])
    with pytest.raises(PermissionDenied):
        services.report_progress(world["task"], user=viewer, percent=10)


def test_the_month_closes_and_an_unreported_task_counts_as_not_done(world):
    task = world["task"]
    second = services.create_task(
        world["plan"], task_input(world["other"], title="Tổ chức hội nghị"), user=world["leader"]
    )
    services.report_progress(
        task, user=world["clerk"], percent=30, reported_on=dt.date(2026, 2, 20), past=True
    )
    province = Province.objects.get(code=HAI_PHONG)
    close = closing.close_month(province, dt.date(2026, 2, 1), user=world["province"])
    assert (close.first_day, close.last_day) == (dt.date(2026, 1, 26), dt.date(2026, 2, 25))
    outcomes = dict(TaskMonthResult.objects.filter(close=close).values_list("task_id", "outcome"))
    assert outcomes == {task.pk: "on_track", second.pk: "not_done"}
    with pytest.raises(WorkplanError, match="đã chốt"):
        closing.close_month(province, dt.date(2026, 2, 1), user=world["province"])
    assert MonthClose.objects.count() == 1


def test_a_month_cannot_close_before_its_closing_day(world):
    from django.utils import timezone

    province = Province.objects.get(code=HAI_PHONG)
    with pytest.raises(WorkplanError, match="chưa qua ngày chốt"):
        closing.close_month(province, timezone.localdate(), user=world["province"])


def test_the_provinces_closing_day_moves_the_period(world):
    province = Province.objects.get(code=HAI_PHONG)
    closing.set_closing_day(province, user=world["province"], day=20, valid_from=dt.date(2026, 3, 1))
    assert closing.period(HAI_PHONG, dt.date(2026, 3, 1)) == (dt.date(2026, 2, 26), dt.date(2026, 3, 20))
    with pytest.raises(PermissionDenied):
        closing.set_closing_day(province, user=world["leader"], day=10, valid_from=dt.date(2026, 4, 1))
