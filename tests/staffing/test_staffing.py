"""Staffing from the registry: each commune's quota and balance, a transfer plan compiled from the holders of job
positions (within the commute distance, rated well enough), carried through the workflow into the registry, and
the pages that show it, within each user's scope."""

import datetime as dt

import pytest

from cadre.geo.models import Commune
from cadre.people.models import Position, Posting
from cadre.staffing.compile import StaffingError, compile_transfers
from cadre.staffing.models import CommuneStaffing, PositionQuota, TransferPlan
from cadre.staffing.services import commune_table, run_transfers
from cadre.workflow.models import DecisionEvent
from cadre.workflow.services import WorkflowError, approve, decide, propose
from cadre.workflow.states import State
from tests.people.factories import make_official, post
from tests.staffing.registry import (
    HAI_PHONG,
    LAI_CHAU,
    ON,
    fixture_registry,  # noqa: F401  (the registry fixture)
)
from tests.users import make_user

PASSWORD = "mat-khau-dai-123"


def test_a_communes_quota_comes_from_its_population_unless_the_province_set_one(geography):
    ward = Commune.objects.filter(province_id=HAI_PHONG, kind="phuong").order_by("code").first()
    rural = Commune.objects.filter(province_id=HAI_PHONG, kind="xa").order_by("code").first()
    CommuneStaffing.objects.create(commune=ward, population=57_074)  # 32 + 20 steps of 2,000 above 16,000
    CommuneStaffing.objects.create(
        commune=rural, population=10_000, quota_override=30, override_reason="NQ 12"
    )
    for n in range(3):
        post(make_official(f"Công Chức {n}"), "cv_van_phong", commune=rural.code, start=dt.date(2021, 1, 1))
    rows = {r.code: r for r in commune_table(Commune.objects.filter(code__in=[ward.code, rural.code]), ON)}
    assert (rows[ward.code].quota, rows[ward.code].overridden, rows[ward.code].staff) == (52, False, 0)
    assert (rows[rural.code].quota, rows[rural.code].overridden, rows[rural.code].staff) == (30, True, 3)
    assert rows[rural.code].balance == -27 and rows[ward.code].balance == -52


def test_the_transfer_problem_offers_only_near_communes_with_that_position_to_people_rated_well(registry):
    document, params = compile_transfers(HAI_PHONG, ON)
    staff = {s["id"]: s for s in document["staff"]}
    one, two, three = (str(p.pk) for p in registry["people"])
    assert [d["unit"] for d in staff[one]["destinations"]] == [registry["b"]]  # FAR is beyond 30 km
    assert staff[three]["destinations"] == []  # rated HTNV last year: stays
    assert params["policy"]["staffing_transfer_max_km"] == 30.0
    assert {u["id"]: u["quota"] for u in document["units"]}[registry["b"]] == {"cv_tai_chinh": 2}


def test_a_province_without_quotas_is_refused_in_both_languages(geography):
    with pytest.raises(StaffingError) as refused:
        compile_transfers(LAI_CHAU, ON)
    assert "định mức" in refused.value.message_vi and "quotas" in refused.value.message_en


def test_a_transfer_plan_evens_the_shortage_and_its_decision_writes_it_into_the_registry(registry):
    plan = run_transfers(HAI_PHONG, ON)
    assert plan.status == "optimal" and plan.state == State.DRAFT
    moved = {m["staff"] for m in plan.plan["moves"]}
    one, two, three = (str(p.pk) for p in registry["people"])
    assert moved == {one, two} and all(m["to"] == registry["b"] for m in plan.plan["moves"])
    assert plan.plan["summary"]["before"]["max"] == 2 and plan.plan["summary"]["after"]["max"] == 1
    officer = make_user("snv", role="home_affairs", scope=HAI_PHONG)
    board = make_user("bto", role="board_officer", scope=HAI_PHONG)
    standing = make_user("btv", role="standing_member", scope=HAI_PHONG)
    with pytest.raises(WorkflowError):
        propose(plan, board, "Không phải việc của Ban Tổ chức")  # transfers are the Department's
    plan = approve(propose(plan, officer, "Điều động kế toán"), standing, "Đồng ý")
    # Approval is not yet a decision: nobody has moved.
    assert not Posting.objects.filter(decision__contains=f"#{plan.pk}").exists()
    plan = decide(plan, standing, "Ban hành", decision="20/QĐ-UBND")
    for person in registry["people"][:2]:
        now = Posting.objects.get(official=person, end__isnull=True)
        assert (now.commune_id, now.position.code, now.start) == (registry["b"], "cv_tai_chinh", ON)
        old = Posting.objects.get(official=person, commune_id=registry["a"])
        assert old.end == ON - dt.timedelta(days=1)
        reason = old.history.order_by("-history_date", "-history_id").first().history_change_reason
        assert reason == f"Phương án điều động #{plan.pk}, quyết định 20/QĐ-UBND: Ban hành"
        assert "20/QĐ-UBND" in now.decision
    assert list(DecisionEvent.objects.values_list("subject", "kind")) == [
        (f"transfer-plan:{plan.pk}", "propose"),
        (f"transfer-plan:{plan.pk}", "approve"),
        (f"transfer-plan:{plan.pk}", "decide"),
    ]


def test_the_staffing_pages_show_the_balance_and_carry_a_plan_within_scope(client, registry):
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    make_user("snv-lc", role="home_affairs", scope=LAI_CHAU)
    for code, quota in ((registry["a"], 1), (registry["b"], 2)):
        CommuneStaffing.objects.create(commune_id=code, quota_override=quota, override_reason="Thử")
    client.login(username="snv", password=PASSWORD)
    page = client.get("/staffing/?balance=short").content.decode()
    assert f'data-commune="{registry["b"]}"' in page and f'data-commune="{registry["a"]}"' not in page
    response = client.post(
        "/staffing/transfers/new/", {"province": HAI_PHONG, "transfer_date": ON.isoformat()}
    )
    plan = TransferPlan.objects.get()
    assert response["Location"] == f"/staffing/transfers/{plan.pk}/"
    detail = client.get(f"/staffing/transfers/{plan.pk}/").content.decode()
    assert 'data-figure="max-before">2<' in detail and 'data-figure="max-after">1<' in detail
    assert all(p.full_name in detail for p in registry["people"][:2])
    assert "/step/propose/" in detail and "/step/approve/" not in detail
    client.post(f"/staffing/transfers/{plan.pk}/step/propose/", {"reason": "Trình"})
    assert TransferPlan.objects.get().state == State.PROPOSED
    client.logout()
    client.login(username="snv-lc", password=PASSWORD)
    assert client.get(f"/staffing/transfers/{plan.pk}/").status_code == 404
    assert f'data-commune="{registry["b"]}"' not in client.get("/staffing/").content.decode()
    bad = client.post("/staffing/transfers/new/", {"province": HAI_PHONG, "transfer_date": "2026-02-30"})
    assert bad.status_code == 302 and TransferPlan.objects.count() == 1


def test_the_department_sets_a_quota_with_its_reason_and_the_history_says_who_and_why(client, registry):
    officer = make_user("snv", role="home_affairs", scope=HAI_PHONG)
    make_user("bto", role="board_officer", scope=HAI_PHONG)
    a = registry["a"]
    client.login(username="bto", password=PASSWORD)
    assert client.get(f"/staffing/communes/{a}/").status_code == 404  # no staffing permission
    client.login(username="snv", password=PASSWORD)
    client.cookies["django_language"] = "en"
    url = f"/staffing/communes/{a}/"
    refused = client.post(url, {"population": "20000", "quota_override": "40", "why": "Điều chỉnh"})
    assert (
        "needs its reason" in refused.content.decode()
        and not CommuneStaffing.objects.filter(quota_override=40).exists()
    )
    saved = client.post(
        url,
        {
            "population": "20000",
            "quota_override": "40",
            "override_reason": "NQ 05/2026",
            "why": "Theo Nghị quyết 05",
            "cv_tai_chinh": "2",
            "cv_cntt": "1",
        },
    )
    assert saved.status_code == 302
    staffing = CommuneStaffing.objects.get(commune_id=a)
    assert (staffing.population, staffing.quota_override) == (20_000, 40)
    quotas = dict(PositionQuota.objects.filter(commune_id=a).values_list("position_id", "quota"))
    assert quotas == {"cv_tai_chinh": 2, "cv_cntt": 1}
    last = staffing.history.order_by("-history_date", "-history_id").first()
    assert (last.history_user, last.history_change_reason) == (officer, "Theo Nghị quyết 05")
    client.post(
        url, {"population": "20000", "quota_override": "", "why": "Bỏ định mức CNTT", "cv_tai_chinh": "2"}
    )
    assert dict(PositionQuota.objects.filter(commune_id=a).values_list("position_id", "quota")) == {
        "cv_tai_chinh": 2
    }
    assert client.get(f"/staffing/communes/{registry['far']}x/").status_code == 404


def test_holders_of_a_position_the_commune_has_no_quota_for_are_left_where_they_are(registry):
    """A commune with quotas for some positions only: its holders of the others are neither surplus nor short."""
    a, b = registry["a"], registry["b"]
    PositionQuota.objects.filter(commune_id=a).delete()
    PositionQuota.objects.create(commune_id=a, position_id="cv_cntt", quota=1)
    document, _params = compile_transfers(HAI_PHONG, ON)
    assert [s for s in document["staff"] if s["unit"] == a] == []
    assert run_transfers(HAI_PHONG, ON).plan["moves"] == []
    row = next(r for r in commune_table(Commune.objects.filter(code=a), ON))
    assert row.positions == {"cv_cntt": (1, 0)} and row.staff == 3  # still counted as the commune's staff
    assert b


def test_the_decision_refuses_a_plan_the_registry_has_moved_past_and_writes_nothing(registry):
    from cadre.people.services import close_posting
    from cadre.workflow.audit import verify_chain

    plan = run_transfers(HAI_PHONG, ON)
    officer = make_user("snv", role="home_affairs", scope=HAI_PHONG)
    standing = make_user("btv", role="standing_member", scope=HAI_PHONG)
    plan = approve(propose(plan, officer, "Trình"), standing, "Đồng ý")
    mover = registry["people"][0]
    position = Posting.objects.get(official=mover).position
    close_posting(mover, position, registry["a"], dt.date(2026, 5, 31))
    postings = Posting.objects.count()
    with pytest.raises(WorkflowError) as refused:
        decide(plan, standing, "Ban hành", decision="20/QĐ-UBND")
    assert mover.full_name in refused.value.message_vi and "out of date" in refused.value.message_en
    # Told in words: the post's and the commune's names, never their codes.
    commune = Commune.objects.get(code=registry["a"])
    assert position.name in refused.value.message_vi and commune.name in refused.value.message_vi
    assert (
        f"«{position.code}»" not in refused.value.message_vi and registry["a"] not in refused.value.message_vi
    )
    plan.refresh_from_db()
    assert plan.state == State.APPROVED and Posting.objects.count() == postings
    assert verify_chain().intact


def test_people_moved_on_a_later_date_are_counted_where_they_are_until_then(registry):
    plan = run_transfers(HAI_PHONG, dt.date(2026, 12, 20))
    officer = make_user("snv", role="home_affairs", scope=HAI_PHONG)
    standing = make_user("btv", role="standing_member", scope=HAI_PHONG)
    decide(approve(propose(plan, officer, "Trình"), standing, "Đồng ý"), standing, "Ban hành", decision="21")
    rows = {
        r.code: r for r in commune_table(Commune.objects.filter(code__in=[registry["a"], registry["b"]]), ON)
    }
    assert rows[registry["a"]].positions["cv_tai_chinh"] == (1, 3) and rows[registry["b"]].staff == 0
    later = {
        r.code: r
        for r in commune_table(
            Commune.objects.filter(code__in=[registry["a"], registry["b"]]), dt.date(2026, 12, 20)
        )
    }
    assert later[registry["a"]].positions["cv_tai_chinh"] == (1, 1)
    assert later[registry["b"]].positions["cv_tai_chinh"] == (2, 2)


def test_a_transfer_date_before_any_rule_is_refused_not_a_server_error(registry, client):
    with pytest.raises(StaffingError) as refused:
        compile_transfers(HAI_PHONG, dt.date(2000, 1, 1))
    assert "01/01/2000" in refused.value.message_en
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    response = client.post("/staffing/transfers/new/", {"province": HAI_PHONG, "transfer_date": "2000-01-01"})
    assert response.status_code == 302 and not TransferPlan.objects.exists()


def test_opening_the_quota_form_writes_nothing(client, registry):
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    assert client.get(f"/staffing/communes/{registry['b']}/").status_code == 200
    assert not CommuneStaffing.objects.exists()
    huge = client.post(
        f"/staffing/communes/{registry['b']}/",
        {"quota_override": "40000", "override_reason": "x", "why": "y"},
    )
    assert huge.status_code == 200 and not CommuneStaffing.objects.exists()


def test_the_dashboard_counts_position_shortages_and_names_them_in_the_users_language(client, registry):
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    # B is 2 short and FAR 1 short of accountants; no commune has a population or an override yet.
    assert "By job position: 2 communes are short in at least one (3 places missing)." in page
    assert "Officer for finance (2)" in page and "have no population or quota yet" in page


def test_the_quota_form_offers_the_ministrys_job_positions_under_their_group(client, registry):
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    page = client.get(f"/staffing/communes/{registry['b']}/").content.decode()
    legends = page.split("<legend>")[2:]  # the first is the commune's own fields
    assert (
        len(legends) == 1
        and legends[0].startswith("Định mức theo vị trí việc làm")
        and "Chuyên môn, nghiệp vụ" in legends[0]
    )
    for name in ("Chuyên viên lĩnh vực tài chính", "Chuyên viên lĩnh vực y tế", "Trợ lý Ban Chỉ huy quân sự"):
        assert name in legends[0]
    # Leadership posts get no job-position quota; the old "Tài chính - kế toán" is the finance position.
    assert "Giám đốc Trung tâm" not in legends[0] and "Tài chính - kế toán" not in page
    response = client.post(
        f"/staffing/communes/{registry['b']}/",
        {
            "population": "20000",
            "quota_override": "",
            "why": "Định mức 2026",
            "cv_y_te": "1",
            "cv_tai_chinh": "2",
        },
    )
    assert response.status_code == 302
    assert dict(
        PositionQuota.objects.filter(commune_id=registry["b"]).values_list("position_id", "quota")
    ) == {
        "cv_y_te": 1,
        "cv_tai_chinh": 2,
    }


def test_a_position_without_a_group_still_gets_its_field_and_keeps_its_quota(client, registry):
    """A post a province left without a group (or an edited one) is shown under "Other positions": saving the
    form does not delete a quota the user never saw."""
    Position.objects.filter(code="cv_tai_chinh").update(group="")
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    page = client.get(f"/staffing/communes/{registry['b']}/").content.decode()
    other = page.split("Vị trí khác", 1)[1]
    assert 'name="cv_tai_chinh"' in other and 'value="2"' in other.split('name="cv_tai_chinh"', 1)[1][:80]
    client.post(
        f"/staffing/communes/{registry['b']}/",
        {"population": "20000", "quota_override": "", "why": "Định mức 2026", "cv_tai_chinh": "2"},
    )
    assert PositionQuota.objects.get(commune_id=registry["b"], position_id="cv_tai_chinh").quota == 2


def test_a_quota_left_on_a_post_that_is_no_longer_a_job_position_shows_no_shortage_and_plans_nothing(
    registry,
):
    """A quota on a leadership post (as cv_quan_su became) is not a job position's: no false "(−1)" on the
    staffing page, and the transfer problem leaves it out."""
    a = registry["a"]
    PositionQuota.objects.create(commune_id=a, position_id="cv_quan_su", quota=1)
    rows = {row.code: row for row in commune_table(Commune.objects.filter(code=a), ON)}
    assert "cv_quan_su" not in rows[a].positions and rows[a].short_positions == []
    document, _params = compile_transfers(HAI_PHONG, ON)
    assert all("cv_quan_su" not in unit["quota"] for unit in document["units"])
