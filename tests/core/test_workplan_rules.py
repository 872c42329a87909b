"""The six clears and the two nos, as pure rules (Kết luận 226-KL/TW; POLICY.md §8)."""

import datetime as dt

import pytest

from cadre.core.rules.workplan import (
    CLEARS,
    Change,
    Decider,
    Lead,
    TaskDraft,
    WorkplanError,
    check_change,
    check_draft,
    check_handback,
    missing_clears,
)

JAN, MAR = dt.date(2026, 1, 5), dt.date(2026, 3, 31)


def clear_draft(**fields) -> TaskDraft:
    values = {
        "leads": (Lead(person="1"),),
        "title": "Rà soát hộ nghèo",
        "expected_result": "Báo cáo",
        "completion_criterion": "Được Thường trực thông qua",
        "start": JAN,
        "deadline": MAR,
        "accountable": "Người chủ trì",
        "report_to": "Thường trực Đảng ủy",
        "authority_level": "commune",
        "authority_body": "Chủ tịch UBND xã",
    }
    values.update(fields)
    return TaskDraft(**values)


def test_a_draft_that_makes_the_six_things_clear_passes():
    assert missing_clears(clear_draft()) == []
    check_draft(clear_draft())


def test_an_empty_draft_misses_every_one_of_the_six_clears():
    missing = missing_clears(TaskDraft())
    assert {m.clear for m in missing} == set(CLEARS)
    assert all(m.text.vi and m.text.en for m in missing)


@pytest.mark.parametrize(
    ("leads", "words"),
    [
        ((), "phải có đúng một"),
        ((Lead(person="1"), Lead(person="2")), "có 2 người/đơn vị chủ trì"),
        ((Lead(person="1"), Lead(unit="Văn phòng", head="2")), "có 2 người/đơn vị chủ trì"),
        ((Lead(unit="Văn phòng"),), "người đứng đầu"),
        ((Lead(unit="  "),), "phải có đúng một"),
    ],
)
def test_a_task_has_exactly_one_lead(leads, words):
    (problem,) = [m for m in missing_clears(clear_draft(leads=leads)) if m.clear == "person"]
    assert words in problem.text.vi


def test_a_unit_with_its_head_is_a_lead():
    assert missing_clears(clear_draft(leads=(Lead(unit="Văn phòng HĐND và UBND", head="7"),))) == []


def test_time_must_run_forward_and_milestones_fall_within_it():
    (problem,) = missing_clears(clear_draft(deadline=dt.date(2026, 1, 1)))
    assert problem.field == "deadline" and "trước ngày bắt đầu" in problem.text.vi
    (outside,) = missing_clears(clear_draft(milestones=((dt.date(2026, 5, 1), "Sơ kết"),)))
    assert outside.field == "milestones" and "nằm ngoài" in outside.text.vi
    assert missing_clears(clear_draft(milestones=((dt.date(2026, 2, 1), "Sơ kết"),))) == []


def test_the_refusal_lists_every_missing_clear_in_both_languages():
    with pytest.raises(WorkplanError) as refused:
        check_draft(clear_draft(title=" ", report_to=""))
    assert "Chưa rõ việc" in refused.value.message_vi and "nơi báo cáo" in refused.value.message_vi
    assert "Task not clear" in refused.value.message_en
    assert refused.value.field == "title"


def test_an_unknown_deciding_level_is_not_clear():
    (problem,) = missing_clears(clear_draft(authority_level="ministry"))
    assert problem.clear == "authority"


COMMUNE = Decider("Trần Văn Bí", "commune")


def test_a_change_needs_a_reason_a_named_decider_and_the_deciding_level():
    with pytest.raises(WorkplanError, match="lý do") as no_reason:
        check_change("commune", Change({"deadline": MAR}, " ", COMMUNE))
    assert no_reason.value.field == "reason"
    with pytest.raises(WorkplanError, match="người quyết định"):
        check_change("commune", Change({"deadline": MAR}, "Mưa bão", Decider(" ", "commune")))
    with pytest.raises(WorkplanError, match="cấp trên không làm thay"):
        check_change("commune", Change({"deadline": MAR}, "Mưa bão", Decider("Sở Nội vụ", "province")))
    with pytest.raises(WorkplanError, match="cấp dưới không đẩy lên"):
        check_change("province", Change({"lead": "x"}, "Quá tải", COMMUNE))
    check_change("commune", Change({"deadline": MAR, "lead": "x"}, "Mưa bão", COMMUNE))


def test_a_change_that_changes_nothing_is_refused():
    with pytest.raises(WorkplanError, match="chưa có nội dung"):
        check_change("commune", Change({}, "Lý do", COMMUNE))


def test_only_the_lead_deadline_and_result_change_by_decision():
    with pytest.raises(ValueError):
        check_change("commune", Change({"title": "x"}, "Lý do", COMMUNE))


def test_a_handback_says_where_it_goes_and_why():
    check_handback("up", "Vượt thẩm quyền của xã")
    with pytest.raises(WorkplanError) as where:
        check_handback("down", "x")
    assert where.value.field == "direction"
    with pytest.raises(WorkplanError) as why:
        check_handback("sideways", "")
    assert why.value.field == "reason"
