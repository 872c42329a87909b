"""The work plans' API as the province's document-management system and a lead's script use it: each caller sees
their scope only, a task is created making the six things clear (one lead, named by citizen ID), its lead,
deadline and result change only by a decision with a reason, progress and handbacks go through the same rules as
the pages, and no input, however wrong, gets a 500."""

import base64
import datetime as dt
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from cadre.core.rules import task_month
from cadre.workplans import services
from cadre.workplans.models import Handback, ProgressReport, Task, WorkPlan
from tests.people.test_api import _openapi_document, basic_auth, in_process_requests  # noqa: F401
from tests.users import make_user
from tests.workplans.registry import PASSWORD, fixture_world, task_input  # noqa: F401

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def other_commune(world):
    """A plan and a task in commune B, made by B's own leader."""
    leader_b = make_user("bithu_b", PASSWORD, "commune_leader", world["b"])
    plan = services.create_plan(
        user=leader_b,
        commune=world["far"].current_commune,
        title="Kế hoạch công tác xã B năm 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        source_kind="plan",
        source_number="12-KH/ĐU",
        source_date=dt.date(2026, 1, 2),
        source_body="Đảng ủy xã B",
    )
    task = services.create_task(plan, task_input(world["far"], title="Chuyển đổi số"), user=leader_b)
    return {"plan": plan, "task": task, "leader": leader_b}


def new_task(world, **fields) -> dict:
    body = {
        "plan": world["plan"].pk,
        "title": "Tổ chức Đại hội thể dục thể thao xã",
        "lead_official": world["other"].citizen_id,
        "expected_result": "Đại hội được tổ chức",
        "completion_criterion": "Báo cáo tổng kết được Đảng ủy thông qua",
        "start": "2026-04-01",
        "deadline": "2026-06-30",
        "accountable": "Người chủ trì",
        "report_to": "Thường trực Đảng ủy xã",
        "authority_level": "commune",
        "authority_body": "Chủ tịch UBND xã",
    }
    body.update(fields)
    return body


# ---- seeing: scoped lists and rows ------------------------------------------------------------------------------


def test_a_commune_user_sees_their_communes_plans_and_tasks_only(world, other_commune):
    clerk = signed_in(world["clerk"])
    tasks = clerk.get("/api/tasks/").json()
    assert [t["id"] for t in tasks["results"]] == [world["task"].pk]
    plans = clerk.get("/api/workplans/").json()["results"]
    assert [p["title"] for p in plans] == ["Kế hoạch công tác năm 2026"] and plans[0]["task_count"] == 1
    for path in (
        f"/api/tasks/{other_commune['task'].pk}/",
        f"/api/tasks/{other_commune['task'].pk}/history/",
        f"/api/tasks/{other_commune['task'].pk}/reports/",
        f"/api/workplans/{other_commune['plan'].pk}/",
    ):
        assert clerk.get(path).status_code == 404, path


def test_a_province_officer_and_the_ministry_see_every_commune_and_filter_like_the_board(
    world, other_commune
):
    for user in (world["province"], make_user("bo", PASSWORD, "ministry_viewer", "VN")):
        client = signed_in(user)
        assert client.get("/api/tasks/").json()["count"] == 2
        only_b = client.get("/api/tasks/", {"commune": world["b"]}).json()["results"]
        assert [t["title"] for t in only_b] == ["Chuyển đổi số"]
        by_lead = client.get("/api/tasks/", {"lead": "Lê Thị"}).json()["results"]
        assert [t["id"] for t in by_lead] == [world["task"].pk]
        by_commune = client.get("/api/workplans/", {"commune": world["b"]}).json()["results"]
        assert [p["title"] for p in by_commune] == ["Kế hoạch công tác xã B năm 2026"]
        assert client.get("/api/workplans/", {"period_from": "2027-01-01"}).json()["count"] == 0


def test_a_task_reads_with_its_six_clears_its_lead_by_name_and_citizen_id_and_its_status_today(world):
    row = signed_in(world["clerk"]).get(f"/api/tasks/{world['task'].pk}/").json()
    lead = world["lead"]
    assert row["lead"] == {"name": "Lê Thị Chủ", "citizen_id": lead.citizen_id, "full_name": "Lê Thị Chủ"}
    assert row["lead_official"]["citizen_id"] == lead.citizen_id and row["lead_unit_head"] is None
    assert (row["title"], row["expected_result"], row["start"], row["deadline"]) == (
        "Rà soát, cập nhật cơ sở dữ liệu hộ nghèo",
        "Báo cáo kết quả rà soát",
        "2026-01-05",
        "2026-03-31",
    )
    assert (row["accountable"], row["report_to"], row["authority_level_vi"]) == (
        "Người chủ trì",
        "Thường trực Đảng ủy xã",
        "cấp xã",
    )
    task = world["task"]
    today = task_month.task_status(task.facts(), timezone.localdate())
    assert row["status"] == today and row["status_vi"] == task_month.STATUS_LABELS[today].vi
    assert row["percent"] == 0 and row["unit_name"] == world["plan"].commune.name


# ---- creating -------------------------------------------------------------------------------------------------


def test_a_task_with_no_lead_or_two_leads_is_refused_naming_the_lead_and_nothing_is_written(world):
    leader = signed_in(world["leader"])
    before = Task.objects.count()
    none = post(leader, "/api/tasks/", new_task(world, lead_official=""))
    assert none.status_code == 400
    assert none.json()["field"] == "lead" and "Chưa rõ người" in none.json()["detail_vi"]
    assert none.json()["detail_en"].startswith(
        "The task does not make the six things clear: Person not clear"
    )
    two = post(
        leader,
        "/api/tasks/",
        new_task(world, lead_unit="Văn phòng HĐND và UBND", lead_unit_head=world["secretary"].citizen_id),
    )
    assert two.status_code == 400 and two.json()["field"] == "lead"
    assert "2 người/đơn vị chủ trì" in two.json()["detail"]
    assert Task.objects.count() == before


def test_a_task_that_leaves_clears_out_is_refused_naming_every_one_in_the_callers_language(world):
    leader = signed_in(world["leader"])
    bare = {"plan": world["plan"].pk, "lead_official": world["other"].citizen_id, "title": "Họp dân"}
    answer = post(leader, "/api/tasks/", bare)
    assert answer.status_code == 400 and answer.json()["field"] == "expected_result"
    for missing in ("Chưa rõ kết quả", "Chưa rõ thời gian", "Chưa rõ trách nhiệm", "Chưa rõ thẩm quyền"):
        assert missing in answer.json()["detail"]
    leader.cookies["django_language"] = "en"
    answer = post(leader, "/api/tasks/", {**bare, "start": "2026-13-01"})
    assert answer.json()["field"] == "start" and answer.json()["detail"] == answer.json()["detail_en"]
    assert "Ngày" in answer.json()["detail_vi"]  # the library's own messages, in Vietnamese too


def test_a_task_is_created_from_citizen_ids_and_its_history_starts(world):
    leader = signed_in(world["leader"])
    body = new_task(
        world,
        lead_official="",
        lead_unit="Văn phòng HĐND và UBND",
        lead_unit_head=world["secretary"].citizen_id,
        coworkers=[world["lead"].citizen_id],
        milestones=[{"due": "2026-05-15", "description": "Xong kế hoạch tổ chức"}],
    )
    created = post(leader, "/api/tasks/", body)
    assert created.status_code == 201, created.content
    row = created.json()
    assert row["number"] == 2 and row["lead"]["name"] == "Văn phòng HĐND và UBND (Trần Văn Bí)"
    assert row["lead"]["citizen_id"] == world["secretary"].citizen_id
    assert [c["full_name"] for c in row["coworkers"]] == ["Lê Thị Chủ"]
    assert row["milestones"] == [{"due": "2026-05-15", "description": "Xong kế hoạch tổ chức"}]
    history = leader.get(f"/api/tasks/{row['id']}/history/").json()["results"]
    assert [(e["kind"], e["user"]) for e in history] == [("created", "bithu")]


def test_the_document_system_creates_a_task_with_its_token(world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world["leader"])
    answer = Client().post(
        "/api/tasks/",
        json.dumps(new_task(world)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert answer.status_code == 201, answer.content
    assert Task.objects.get(pk=answer.json()["id"]).lead_person == world["other"]
    assert Client().post("/api/tasks/", "{}", content_type="application/json").status_code == 401


def test_people_outside_the_registry_or_the_scope_and_plans_outside_it_are_refused(world, other_commune):
    leader = signed_in(world["leader"])
    unknown = post(leader, "/api/tasks/", new_task(world, lead_official="000000000000"))
    assert unknown.status_code == 400 and unknown.json()["field"] == "lead_official"
    assert "000000000000" in unknown.json()["detail_vi"]
    far = post(leader, "/api/tasks/", new_task(world, coworkers=[world["far"].citizen_id]))
    assert far.status_code == 400 and far.json()["field"] == "coworkers"
    elsewhere = post(leader, "/api/tasks/", new_task(world, plan=other_commune["plan"].pk))
    assert elsewhere.status_code == 400 and elsewhere.json()["field"] == "plan"
    assert Task.objects.count() == 2


def test_who_may_not_assign_work_is_refused(world):
    ministry = signed_in(make_user("bo", PASSWORD, "ministry_viewer", "VN"))
    assert post(ministry, "/api/tasks/", new_task(world)).status_code == 403
    assert post(ministry, "/api/workplans/", {"commune": world["a"]}).status_code == 403
    clerk = signed_in(world["clerk"])
    assert post(clerk, "/api/tasks/", new_task(world)).status_code == 403
    assert Task.objects.count() == 1


def test_a_commune_leader_creates_a_plan_for_their_commune_only(world):
    leader = signed_in(world["leader"])
    body = {
        "commune": world["a"],
        "title": "Kế hoạch thực hiện Chỉ thị 05",
        "period_start": "2026-02-01",
        "period_end": "2026-11-30",
        "source_kind": "directive",
        "source_number": "05-CT/TU",
        "source_date": "2025-12-20",
        "source_body": "Ban Thường vụ Thành ủy Hải Phòng",
    }
    created = post(leader, "/api/workplans/", body)
    assert created.status_code == 201, created.content
    assert created.json()["commune"]["code"] == world["a"] and created.json()["created_by"] == "bithu"
    assert post(leader, "/api/workplans/", {**body, "commune": world["b"]}).status_code == 403
    backwards = post(leader, "/api/workplans/", {**body, "period_end": "2026-01-01"})
    assert backwards.status_code == 400 and backwards.json()["field"] == "period_end"
    assert WorkPlan.objects.count() == 2


# ---- changing, by decision only ---------------------------------------------------------------------------------


def test_lead_deadline_and_result_are_not_edited_in_place(world):
    leader = signed_in(world["leader"])
    path = f"/api/tasks/{world['task'].pk}/"
    for method in (leader.put, leader.patch):
        body = json.dumps({"deadline": "2026-12-31"})
        assert method(path, body, content_type="application/json").status_code == 405
    assert Task.objects.get(pk=world["task"].pk).deadline == dt.date(2026, 3, 31)


def test_a_change_without_a_reason_is_refused_and_with_one_is_in_the_history(world):
    leader, task = signed_in(world["leader"]), world["task"]
    path = f"/api/tasks/{task.pk}/change/"
    change = {"decided_by": "Trần Văn Bí", "lead_official": world["other"].citizen_id}
    refused = post(leader, path, {**change, "reason": "  "})
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    assert "lý do" in refused.json()["detail_vi"] and "reason" in refused.json()["detail_en"]
    assert Task.objects.get(pk=task.pk).lead_person == world["lead"]
    done = post(leader, path, {**change, "reason": "Đồng chí Chủ đi học dài hạn", "deadline": "2026-04-30"})
    assert done.status_code == 201, done.content
    entry = leader.get(f"/api/tasks/{task.pk}/history/").json()["results"][-1]
    assert entry["kind"] == "changed" and entry["reason"] == "Đồng chí Chủ đi học dài hạn"
    assert entry["before"] == {"lead": "Lê Thị Chủ", "deadline": "31/03/2026"}
    assert entry["after"] == {"lead": "Phạm Văn Phối", "deadline": "30/04/2026"}
    assert entry["previous_lead"]["full_name"] == "Lê Thị Chủ" and entry["decided_level_vi"] == "cấp xã"
    assert (
        signed_in(world["clerk"]).get(f"/api/tasks/{task.pk}/").json()["lead"]["full_name"] == "Phạm Văn Phối"
    )


def test_the_province_does_not_decide_what_the_commune_decides(world):
    province = signed_in(world["province"])
    answer = post(
        province,
        f"/api/tasks/{world['task'].pk}/change/",
        {"reason": "Cần gấp", "decided_by": "Sở Nội vụ", "deadline": "2026-02-01"},
    )
    assert answer.status_code == 400 and "cấp trên không làm thay" in answer.json()["detail_vi"]


# ---- progress and handbacks -------------------------------------------------------------------------------------


def test_the_lead_reports_progress_with_evidence_and_the_rules_hold(world, monkeypatch):
    # In February's reporting period (26/01–25/02): a report may be dated back within it.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 2, 20))
    clerk, task = signed_in(world["clerk"]), world["task"]
    path = f"/api/tasks/{task.pk}/reports/"
    evidence = {"name": "bien-ban.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 ...").decode()}
    first = post(
        clerk,
        path,
        {"percent": 40, "note": "Đã rà soát 3/5 thôn", "reported_on": "2026-02-10", "evidence": evidence},
    )
    assert first.status_code == 201, first.content
    assert first.json()["has_evidence"] is True and first.json()["reported_by"] == "canbo_a"
    assert bytes(ProgressReport.objects.get().evidence) == b"%PDF-1.4 ..."
    back = post(clerk, path, {"percent": 30, "reported_on": "2026-02-11"})
    assert (
        back.status_code == 400 and back.json()["field"] == "percent" and "thấp hơn" in back.json()["detail"]
    )
    future = post(clerk, path, {"percent": 50, "reported_on": "2999-01-01"})
    assert future.status_code == 400 and future.json()["field"] == "reported_on"
    garbled = post(clerk, path, {"percent": 50, "evidence": {"name": "a.pdf", "content_base64": "@@@"}})
    assert garbled.status_code == 400 and garbled.json()["field"] == "evidence"
    assert [(r["percent"], r["note"]) for r in clerk.get(path).json()["results"]] == [
        (40, "Đã rà soát 3/5 thôn")
    ]
    assert clerk.get(f"/api/tasks/{task.pk}/").json()["percent"] == 40
    outsider = signed_in(make_user("xa_b", PASSWORD, "commune_leader", world["b"]))
    assert post(outsider, path, {"percent": 90}).status_code == 404


def test_a_handback_is_asked_by_the_lead_and_decided_by_the_deciding_level(world):
    clerk, leader, task = signed_in(world["clerk"]), signed_in(world["leader"]), world["task"]
    not_lead = post(leader, f"/api/tasks/{task.pk}/handback/", {"direction": "up", "reason": "Quá tải"})
    assert not_lead.status_code == 400 and "Chỉ người chủ trì" in not_lead.json()["detail_vi"]
    asked = post(
        clerk, f"/api/tasks/{task.pk}/handback/", {"direction": "sideways", "reason": "Lĩnh vực văn hóa"}
    )
    assert asked.status_code == 201, asked.content
    handback = asked.json()
    assert handback["status"] == "pending" and handback["requested_by"]["full_name"] == "Lê Thị Chủ"
    assert handback["direction_vi"] == "chuyển ngang cho đơn vị khác"
    decide = f"/api/handbacks/{handback['id']}/decide/"
    assert post(clerk, decide, {"accept": False, "decided_by": "x", "note": "x"}).status_code == 403
    no_lead = post(leader, decide, {"accept": True, "decided_by": "Trần Văn Bí", "note": "Đồng ý"})
    assert no_lead.status_code == 400 and no_lead.json()["field"] == "lead"
    assert Handback.objects.get(pk=handback["id"]).status == "pending"
    accepted = post(
        leader,
        decide,
        {
            "accept": True,
            "decided_by": "Trần Văn Bí",
            "note": "Đồng ý",
            "lead_official": world["other"].citizen_id,
        },
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Task.objects.get(pk=task.pk).lead_person == world["other"]
    again = post(leader, decide, {"accept": False, "decided_by": "Trần Văn Bí", "note": "Lại"})
    assert again.status_code == 400 and "đã được quyết định" in again.json()["detail_vi"]
    kinds = [e["kind"] for e in leader.get(f"/api/tasks/{task.pk}/history/").json()["results"]]
    assert kinds == ["created", "handback_requested", "handback_accepted"]
    assert [h["status"] for h in leader.get("/api/handbacks/", {"task": task.pk}).json()["results"]] == [
        "accepted"
    ]


# ---- hostile input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{not json", "body"),
        ("[" * 100_000 + "]" * 100_000, "body"),
        ('{"percent": 1e999}', "percent"),
        ('{"percent": NaN}', "body"),
        ('{"percent": ' + "9" * 5000 + "}", "body"),
        ('{"percent": "forty"}', "percent"),
        ('{"percent": true, "reported_on": "31/02/2026"}', "percent"),
        ('{"percent": 10, "reported_on": "99999-01-01"}', "reported_on"),
        ('{"percent": 10, "evidence": "x"}', "evidence"),
        ("[1, 2]", None),
        (b"\xff\xfe{}", "body"),
    ],
)
def test_bad_input_is_a_400_that_names_the_field_never_a_500(world, body, field):
    clerk = signed_in(world["clerk"])
    answer = clerk.post(f"/api/tasks/{world['task'].pk}/reports/", body, content_type="application/json")
    assert answer.status_code == 400, answer.content[:300]
    assert answer.json()["field"] == field and answer.json()["detail_vi"] and answer.json()["detail_en"]
    assert not ProgressReport.objects.exists()


def test_a_body_too_large_is_refused_before_it_is_parsed_and_a_large_evidence_file_passes(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 2, 20))
    leader, clerk = signed_in(world["leader"]), signed_in(world["clerk"])
    huge = json.dumps(new_task(world, title="x" * 300_000))
    answer = leader.post("/api/tasks/", huge, content_type="application/json")
    assert answer.status_code == 413 and answer.json()["code"] == "too_large"
    path = f"/api/tasks/{world['task'].pk}/reports/"
    too_big = {"name": "a.pdf", "content_base64": "A" * (8 * 1024 * 1024)}
    assert post(clerk, path, {"percent": 1, "evidence": too_big}).status_code == 413
    # 3 MB of evidence (4 MB as base64): more than a task's body, within a report's.
    scan = {"name": "bien-ban.pdf", "content_base64": base64.b64encode(b"%" * (3 * 1024 * 1024)).decode()}
    answer = post(clerk, path, {"percent": 10, "reported_on": "2026-02-01", "evidence": scan})
    assert answer.status_code == 201, answer.content[:300]
    assert len(bytes(ProgressReport.objects.get().evidence)) == 3 * 1024 * 1024


def test_unknown_and_huge_ids_are_404s(world):
    leader = signed_in(world["leader"])
    for path in ("/api/tasks/99999999999999999999999/", "/api/tasks/abc/history/", "/api/handbacks/0/"):
        assert leader.get(path).status_code == 404, path
    for value in ("1e308", "-1.5", "0.5"):
        answer = leader.get("/api/tasks/", {"plan": value})
        assert answer.status_code == 400 and "plan" in answer.json(), value
    assert leader.get("/api/handbacks/", {"task": "9" * 40}).status_code == 400
    too_big = post(leader, "/api/tasks/", new_task(world, plan=2**40))
    assert too_big.status_code == 400 and too_big.json()["field"] == "plan"


# ---- cost -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/tasks/", "/api/workplans/", "/api/handbacks/"])
def test_a_list_runs_a_fixed_number_of_queries_whatever_the_number_of_rows(
    world, path, django_assert_max_num_queries
):
    province = signed_in(world["province"])

    def grow(count):
        for _ in range(count):
            task = services.create_task(
                world["plan"], task_input(world["other"], coworkers=(world["lead"],)), user=world["leader"]
            )
            services.request_handback(task, user=_lead_user(world), direction="up", reason="Quá tải")

    grow(2)
    with django_assert_max_num_queries(9) as few:
        assert province.get(path, {"page_size": 100}).status_code == 200
    grow(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert province.get(path, {"page_size": 100}).status_code == 200


def _lead_user(world):
    # `other` leads the grown tasks; give them an account once, so they may ask to hand a task back.
    from cadre.people.models import OfficialLogin

    login = OfficialLogin.objects.filter(official=world["other"]).first()
    if login:
        return login.user
    user = make_user("phoi", PASSWORD, "commune_user", world["a"])
    OfficialLogin.objects.create(user=user, official=world["other"])
    return user


# ---- fuzzing the work plans' endpoints against their own schema ------------------------------------------------

fuzzed = schemathesis.openapi.from_dict(_openapi_document()).include(
    path_regex=r"^/api/(workplans|tasks|handbacks)/"
)
fuzzed.app = WSGIHandler()


@pytest.fixture
def fuzz_world(request, world, other_commune):
    request.getfixturevalue("in_process_requests")
    services.report_progress(
        world["task"],
        user=world["clerk"],
        percent=20,
        reported_on=dt.date(2026, 2, 1),
        note="Đã bắt đầu",
        past=True,
    )
    services.request_handback(world["task"], user=world["clerk"], direction="up", reason="Quá tải")


@fuzzed.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_work_plans_endpoints_never_fail_and_keep_to_their_schema(case, fuzz_world):
    # The commune's leader: allowed to write, so the fuzzing reaches the rules, not only the permission check.
    response = case.call(headers=basic_auth("bithu", PASSWORD))
    assert response.status_code != 401
    case.validate_response(
        response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )


@pytest.mark.parametrize("part", ["history", "reports"])
def test_a_tasks_history_and_reports_run_a_fixed_number_of_queries(
    world, part, django_assert_max_num_queries
):
    clerk, task = signed_in(world["clerk"]), world["task"]
    path = f"/api/tasks/{task.pk}/{part}/"

    def report(percent, day):
        services.report_progress(
            task, user=world["clerk"], percent=percent, reported_on=dt.date(2026, 2, day), past=True
        )
        services.edit_task_wording(
            task,
            user=world["leader"],
            reason="Sửa lời",
            decided_by="Trần Văn Bí",
            title=f"Rà soát hộ nghèo, đợt {day}",
        )

    report(10, 1)
    with django_assert_max_num_queries(9) as few:
        assert clerk.get(path).status_code == 200
    for day in range(2, 12):
        report(10 + day, day)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = clerk.get(path).json()
    assert rows["count"] == {"reports": 11, "history": 12}[part]  # the assignment and 11 corrections
