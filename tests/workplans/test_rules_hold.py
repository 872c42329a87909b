"""The rules hold whichever way a task is written: reviewers' findings on the services (issue 16), each as what
a user would see: a refusal naming the field and saying why, nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cadre.cli import main
from cadre.core.rules.workplan import WorkplanError
from cadre.geo.models import Commune, Province
from cadre.workplans import closing, figures, services
from cadre.workplans.models import ClosingDay, Handback, HandbackStatus, MonthClose, Task, TaskMonthResult
from cadre.workplans.workbook.importer import import_plans
from cadre.workplans.workbook.template import EXAMPLE_PLAN, EXAMPLE_TASK, write_template
from tests.workplans.registry import HAI_PHONG, fixture_world, task_input  # noqa: F401

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def _today(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


def _province():
    return Province.objects.get(code=HAI_PHONG)


def _fresh(task):
    return Task.objects.get(pk=task.pk)


# ---- r2.1: a report is not dated back into a period whose closing day has passed ----------------------------


def test_a_report_cannot_be_dated_into_a_month_whose_closing_day_has_passed(world, monkeypatch):
    task = services.create_task(
        world["plan"],
        task_input(world["lead"], title="Việc B", deadline=dt.date(2026, 2, 20)),
        user=world["leader"],
    )
    _today(monkeypatch, dt.date(2026, 2, 27))  # February closed on the 25th; nothing was reported by then
    with pytest.raises(WorkplanError) as refused:
        services.report_progress(task, user=world["clerk"], percent=100, reported_on=dt.date(2026, 2, 15))
    assert refused.value.field == "reported_on"
    assert "15/02/2026" in refused.value.message_vi and "26/02/2026" in refused.value.message_vi
    assert not task.reports.exists()
    # Reported in the open period, it counts late; February counts it as not done.
    services.report_progress(task, user=world["clerk"], percent=100, reported_on=dt.date(2026, 2, 26))
    close = closing.close_month(_province(), FEB, user=world["province"])
    assert TaskMonthResult.objects.get(close=close, task=task).outcome == "not_done"


def test_after_a_close_a_report_cannot_rewrite_the_closed_month(world, monkeypatch):
    task = services.create_task(
        world["plan"],
        task_input(world["lead"], title="Việc C", deadline=dt.date(2026, 2, 20)),
        user=world["leader"],
    )
    _today(monkeypatch, dt.date(2026, 2, 27))
    closing.close_month(_province(), FEB, user=world["province"])
    _today(monkeypatch, dt.date(2026, 4, 10))
    with pytest.raises(WorkplanError, match="19/02/2026"):
        services.report_progress(task, user=world["clerk"], percent=100, reported_on=dt.date(2026, 2, 19))
    assert _fresh(task).done_on is None


# ---- r2.2: what a page loaded a while ago does not overwrite what was stored since --------------------------


def test_a_change_keeps_a_report_made_after_the_page_was_loaded(world, monkeypatch):
    _today(monkeypatch, dt.date(2026, 2, 20))
    loaded = _fresh(world["task"])  # the decider opens the task
    services.report_progress(
        _fresh(world["task"]), user=world["clerk"], percent=100, reported_on=dt.date(2026, 2, 10)
    )
    services.change_task(
        loaded,
        user=world["leader"],
        reason="Điều chỉnh",
        decided_by="Trần Văn Bí",
        deadline=dt.date(2026, 4, 30),
    )
    fresh = _fresh(world["task"])
    assert (fresh.percent, fresh.done_on, fresh.deadline) == (100, dt.date(2026, 2, 10), dt.date(2026, 4, 30))


def test_a_second_report_is_checked_against_the_first(world, monkeypatch):
    _today(monkeypatch, dt.date(2026, 2, 20))
    first, second = _fresh(world["task"]), _fresh(world["task"])
    services.report_progress(first, user=world["clerk"], percent=100, reported_on=dt.date(2026, 2, 10))
    with pytest.raises(WorkplanError, match="10/02/2026"):
        services.report_progress(second, user=world["leader"], percent=60, reported_on=dt.date(2026, 2, 10))
    fresh = _fresh(world["task"])
    assert (fresh.percent, fresh.done_on) == (100, dt.date(2026, 2, 10))


# ---- r2.10: a handback is decided once ---------------------------------------------------------------------


def test_a_handback_is_decided_once_even_from_two_pages(world):
    asked = services.request_handback(
        world["task"], user=world["clerk"], direction="up", reason="Không thuộc lĩnh vực"
    )
    one, other = Handback.objects.get(pk=asked.pk), Handback.objects.get(pk=asked.pk)
    services.decide_handback(one, user=world["leader"], accept=False, decided_by="Trần Văn Bí", note="Không")
    with pytest.raises(WorkplanError, match="đã được quyết định"):
        services.decide_handback(
            other,
            user=world["leader"],
            accept=True,
            decided_by="Trần Văn Bí",
            note="Đồng ý",
            new_lead=services.TaskInput(lead_official=world["other"]),
        )
    assert Handback.objects.get(pk=asked.pk).status == HandbackStatus.REFUSED
    assert _fresh(world["task"]).lead_official == world["lead"]


# ---- r1.3 + r2.5: what the task makes clear changes only by a decision at its level ------------------------


def test_the_wording_changes_only_by_a_decision_at_the_tasks_level(world):
    province_task = services.create_task(
        world["plan"],
        task_input(
            world["lead"], title="Việc tỉnh", authority_level="province", authority_body="Chủ tịch UBND TP"
        ),
        user=world["province"],
    )
    with pytest.raises(WorkplanError, match="không đẩy lên") as refused:
        services.edit_task_wording(
            province_task,
            user=world["leader"],
            reason="Sửa",
            decided_by="Trần Văn Bí",
            accountable="Văn phòng",
        )
    assert refused.value.field == "decided_by"
    with pytest.raises(WorkplanError, match="không làm thay"):
        services.edit_task_wording(
            world["task"],
            user=world["province"],
            reason="Sửa",
            decided_by="Giám đốc Sở",
            accountable="Văn phòng",
        )
    with pytest.raises(WorkplanError) as no_reason:
        services.edit_task_wording(
            world["task"], user=world["leader"], reason=" ", decided_by="Trần Văn Bí", title="X"
        )
    assert no_reason.value.field == "reason"
    with pytest.raises(WorkplanError) as no_decider:
        services.edit_task_wording(
            world["task"], user=world["leader"], reason="Sửa", decided_by="", title="X"
        )
    assert no_decider.value.field == "decided_by"
    with pytest.raises(PermissionDenied):
        services.edit_task_wording(
            world["task"], user=world["clerk"], reason="Sửa", decided_by="Ai đó", title="X"
        )
    assert _fresh(province_task).accountable == "Người chủ trì" and _fresh(world["task"]).title != "X"

    event = services.edit_task_wording(
        world["task"],
        user=world["leader"],
        reason="Sửa cho rõ",
        decided_by="Trần Văn Bí",
        accountable="Văn phòng",
    )
    assert (event.reason, event.decided_by, event.decided_level) == ("Sửa cho rõ", "Trần Văn Bí", "commune")
    assert event.after == {"accountable": "Văn phòng"} and _fresh(world["task"]).accountable == "Văn phòng"


# ---- r2.8: a change leaves a task that still makes the six things clear ----------------------------------


def test_a_change_cannot_blank_the_result_or_leave_a_milestone_behind(world):
    decision = {"user": world["leader"], "reason": "Điều chỉnh", "decided_by": "Trần Văn Bí"}
    with pytest.raises(WorkplanError) as blank:
        services.change_task(world["task"], expected_result=" ", **decision)
    assert blank.value.field == "expected_result"
    task = services.create_task(
        world["plan"],
        task_input(
            world["lead"],
            title="Việc dài",
            deadline=dt.date(2026, 6, 30),
            milestones=((dt.date(2026, 6, 1), "Mốc 1"),),
        ),
        user=world["leader"],
    )
    with pytest.raises(WorkplanError, match="01/06/2026") as late:
        services.change_task(task, deadline=dt.date(2026, 3, 1), **decision)
    assert late.value.field == "milestones"
    with pytest.raises(WorkplanError, match="Đỗ Văn Xa") as outsider:
        services.change_task(task, lead=services.TaskInput(lead_official=world["far"]), **decision)
    assert outsider.value.field == "lead_official"
    fresh = _fresh(task)
    assert (fresh.deadline, fresh.lead_official) == (dt.date(2026, 6, 30), world["lead"])
    assert _fresh(world["task"]).expected_result == "Báo cáo kết quả rà soát"


# ---- r2.9, r2.11, r1.9, r1.1: a new task's people, level and dates ------------------------------------------


def test_a_task_is_given_only_to_people_of_the_plans_unit(world):
    with pytest.raises(WorkplanError, match="Đỗ Văn Xa") as refused:
        services.create_task(world["plan"], task_input(world["far"]), user=world["province"])
    assert refused.value.field == "lead_official"
    with pytest.raises(WorkplanError) as coworker:
        services.create_task(
            world["plan"], task_input(world["lead"], coworkers=(world["far"],)), user=world["leader"]
        )
    assert coworker.value.field == "coworkers"
    assert world["plan"].tasks.count() == 1


def test_a_lead_is_not_also_a_coworker(world):
    with pytest.raises(WorkplanError, match="Lê Thị Chủ") as refused:
        services.create_task(
            world["plan"],
            task_input(world["lead"], coworkers=(world["lead"], world["other"])),
            user=world["leader"],
        )
    assert refused.value.field == "coworkers"


def test_a_commune_does_not_push_its_task_up_to_the_province(world):
    with pytest.raises(WorkplanError, match="không đẩy lên") as refused:
        services.create_task(
            world["plan"],
            task_input(world["lead"], authority_level="province", authority_body="Chủ tịch UBND TP"),
            user=world["leader"],
        )
    assert refused.value.field == "authority_level"
    # The province may give a commune's task its own level.
    services.create_task(
        world["plan"],
        task_input(world["lead"], authority_level="province", authority_body="Chủ tịch UBND TP"),
        user=world["province"],
    )


def test_every_plan_level_problem_is_listed_at_once(world):
    body_plan = services.create_plan(
        user=world["province"],
        province_id=HAI_PHONG,
        body="Sở Nội vụ",
        title="Kế hoạch của Sở",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        source_kind="plan",
        source_number="1/KH",
        source_date=dt.date(2025, 12, 1),
        source_body="UBND TP",
    )
    with pytest.raises(WorkplanError) as refused:
        services.create_task(
            body_plan,
            task_input(world["lead"], authority_level="commune", deadline=dt.date(2026, 9, 1)),
            user=world["province"],
        )
    fields = [name for name, _ in refused.value.problems]
    assert fields == ["authority_level", "deadline", "lead_official"]
    assert "cấp tỉnh" in refused.value.message_vi and "30/06/2026" in refused.value.message_vi


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"period_start": dt.date(2002, 1, 1)}, "period_start", "01/01/2002"),
        ({"period_end": dt.date(2206, 12, 31)}, "period_end", "2206"),
        ({"source_date": dt.date(2099, 1, 1)}, "source_date", "01/01/2099"),
    ],
)
def test_a_plan_with_a_mistyped_year_is_refused(world, values, field, words):
    fields = {
        "user": world["leader"],
        "commune": Commune.objects.get(code=world["a"]),
        "title": "Kế hoạch",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 12, 31),
        "source_kind": "plan",
        "source_number": "1/KH",
        "source_date": dt.date(2025, 12, 1),
        "source_body": "UBND xã",
    }
    with pytest.raises(WorkplanError, match=words) as refused:
        services.create_plan(**{**fields, **values})
    assert refused.value.field == field


def test_a_task_dated_before_two_tier_government_is_refused(world):
    plan = world["plan"]
    plan.period_start = dt.date(2002, 1, 1)  # a plan stored before the bounds
    with pytest.raises(WorkplanError, match="01/07/2025") as refused:
        services.create_task(plan, task_input(world["lead"], start=dt.date(2002, 1, 1)), user=world["leader"])
    assert refused.value.field == "start"


# ---- r2.6, r2.7: months close in order, and never before the rule on the closing day ------------------------


def test_months_close_in_order_and_the_year_says_which_it_counts(world):
    closing.close_month(_province(), JAN, user=world["province"])
    with pytest.raises(WorkplanError, match="02/2026") as refused:
        closing.close_month(_province(), MAR, user=world["province"])
    assert "01/2026" in refused.value.message_vi and refused.value.field == "month"
    with pytest.raises(WorkplanError, match="đã chốt"):
        closing.close_month(_province(), JAN, user=world["province"])
    closing.close_month(_province(), FEB, user=world["province"])
    assert list(MonthClose.objects.order_by("month").values_list("month", flat=True)) == [JAN, FEB]
    year = figures.year_figures(HAI_PHONG, 2026, today=dt.date(2026, 3, 10))
    assert year.counted == (JAN, FEB, MAR) and year.provisional == (MAR,)


def test_closing_a_month_before_the_rule_is_a_bilingual_error(world, capsys):
    assert main(["workplans", "close", "--province", HAI_PHONG, "--month", "2025-06", "--user", "tinh"]) == 2
    err = capsys.readouterr().err
    assert "06/2025" in err and "Traceback" not in err and "task_closing_day_default" not in err
    assert not MonthClose.objects.exists()


def test_a_closing_day_is_not_set_for_a_closed_month(world):
    closing.close_month(_province(), JAN, user=world["province"])
    with pytest.raises(WorkplanError, match="01/2026"):
        closing.set_closing_day(_province(), user=world["province"], day=20, valid_from=JAN)
    assert not ClosingDay.objects.exists()


# ---- r2.9 + r2.11 in the import: the page's people, every problem on its cell -----------------------------


def test_the_import_names_only_the_plans_people_and_lists_every_problem_on_its_cell(world, tmp_path):
    plan = {**EXAMPLE_PLAN, "commune": world["a"], "period_end": "30/06/2026", "source_date": "01/01/2099"}
    row = {
        **EXAMPLE_TASK,
        "lead_official": world["far"].citizen_id,
        "coworkers": "",
        "deadline": "30/09/2026",
    }
    path = tmp_path / "kh.xlsx"
    write_template(
        path,
        plans=[plan, {**plan, "plan_key": "KH2", "source_date": "20/12/2025"}],
        tasks=[row, {**row, "plan_key": "KH2"}],
    )
    report = import_plans(path, user=world["province"])  # the province officer may name people of commune B
    assert not report.written
    found = [(i.sheet, i.row, i.column.split(" ")[0]) for i in report.issues]
    # The first plan's source dated ahead, on its cell; the second plan's task: the lead outside the commune
    # and the deadline outside the period, each on its own cell.
    assert found == [("Kế hoạch", 2, "J"), ("Nhiệm vụ", 3, "C"), ("Nhiệm vụ", 3, "L")]
    task_issues = [i for i in report.issues if i.sheet == "Nhiệm vụ"]
    assert any("Đỗ Văn Xa" in i.render() for i in task_issues)
    assert any("30/06/2026" in i.render() for i in task_issues)
    assert not Task.objects.filter(lead_official=world["far"]).exists()


def test_reports_open_from_the_period_today_falls_in(world):
    assert closing.open_from(HAI_PHONG, dt.date(2026, 2, 25)) == dt.date(
        2026, 1, 26
    )  # February's closing day
    assert closing.open_from(HAI_PHONG, dt.date(2026, 2, 26)) == dt.date(2026, 2, 26)  # March's period began
    closing.set_closing_day(_province(), user=world["province"], day=10, valid_from=MAR)
    assert closing.open_from(HAI_PHONG, dt.date(2026, 3, 11)) == dt.date(2026, 3, 11)
    assert closing.open_from(HAI_PHONG, dt.date(2025, 7, 10)) == dt.date.min  # no rule before July 2025's
