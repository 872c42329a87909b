"""Each province plans against its own non-local target, in force on the rotation date and named by its
document; a province with none falls back on the national reference, and says so. The Board sets its own
province's targets on the web, with a document and a reason recorded in the history; no one else may."""

import datetime as dt

import pytest
from django.urls import reverse

from cadre.cli import main
from cadre.core.policy import national_policy
from cadre.dashboard.figures import dashboard
from cadre.geo.models import Province
from cadre.rotation.compile import compile_problem
from cadre.rotation.document_facts import _target, legal_bases
from cadre.rotation.models import PlanRun, ProvinceTarget
from cadre.rotation.targets import TargetError, set_target, target_in_force
from tests.rotation.registry import (
    HAI_PHONG,
    LAI_CHAU,
    ON,
    communes,
    fixture_lai_chau,  # noqa: F401  (the lai_chau fixture)
)
from tests.users import make_user

LAI_CHAU_PLAN = "Kế hoạch số 15-KH/TU ngày 02/9/2025 của Ban Thường vụ Tỉnh ủy Lai Châu"
HAI_PHONG_PLAN = "Kế hoạch số 40-KH/TU ngày 10/10/2025 của Ban Thường vụ Thành ủy Hải Phòng"
FROM = dt.date(2025, 9, 2)


def _set(code, share, document, *, on=FROM, post_type="secretary", user=None, reason="Theo kế hoạch"):
    return set_target(
        Province.objects.get(code=code), post_type, share, on, document=document, reason=reason, user=user
    )


@pytest.fixture
def two_targets(lai_chau, db):
    """Lai Châu wants 5% non-local secretaries, Hải Phòng 40%."""
    _set(LAI_CHAU, 0.05, LAI_CHAU_PLAN)
    _set(HAI_PHONG, 0.40, HAI_PHONG_PLAN)


def test_each_province_plans_against_its_own_target(two_targets):
    assert compile_problem(LAI_CHAU, on=ON).document["floors"][0]["min_non_local_share"] == 0.05
    hai_phong = compile_problem(HAI_PHONG, on=ON)
    assert hai_phong.document["floors"][0]["min_non_local_share"] == 0.40
    assert hai_phong.params["target_source"]["document"] == HAI_PHONG_PLAN
    assert hai_phong.params["target_source"]["provincial"] is True
    # A target given for the run wins, and the run says it is its own.
    assert compile_problem(LAI_CHAU, target=0.5, on=ON).params["target_source"] is None


def test_plan_run_uses_the_provinces_target_and_names_its_document(two_targets, capsys):
    date = ON.isoformat()
    assert main(["plan", "run", "--province", LAI_CHAU, "--date", date]) == 0
    out = capsys.readouterr().out
    run = PlanRun.objects.get()
    assert run.target == 0.05 and "0.0% → 5.3%" in out  # both non-local directors moved in: 2 of 38
    assert "Chỉ tiêu / target: 5%, từ / from 02/09/2025" in out and LAI_CHAU_PLAN in out
    # The plan's documents cite the province's plan, not the national reference.
    assert legal_bases(run)[-1] == LAI_CHAU_PLAN
    assert (
        _target(run)
        == f"chỉ tiêu tối thiểu 5% của tỉnh/thành áp dụng từ ngày 02/09/2025 theo {LAI_CHAU_PLAN}"
    )


def test_before_the_provinces_target_the_national_reference_applies_and_says_so(two_targets):
    before = FROM - dt.timedelta(days=1)
    found = target_in_force(LAI_CHAU, "secretary", before)
    national = national_policy().entry("non_local_secretary_target", before)
    assert (found.share, found.provincial, found.unverified) == (national.value, False, True)
    assert found.source.en.startswith("No provincial target set; national reference value applies")
    assert target_in_force(LAI_CHAU, "secretary", before).share == national.value
    assert target_in_force(LAI_CHAU, "secretary", ON).share == 0.05
    # The chairs have their own target: none set in Lai Châu, so the national one.
    assert not target_in_force(LAI_CHAU, "chair", ON).provincial


def test_a_later_target_takes_over_and_an_ended_one_stops(two_targets):
    _set(LAI_CHAU, 0.10, "Kết luận số 99-KL/TU", on=dt.date(2026, 6, 1))
    assert target_in_force(LAI_CHAU, "secretary", dt.date(2026, 5, 31)).share == 0.05
    assert target_in_force(LAI_CHAU, "secretary", ON).document == "Kết luận số 99-KL/TU"
    _set(HAI_PHONG, 0.45, HAI_PHONG_PLAN, on=dt.date(2026, 1, 1))
    set_target(
        Province.objects.get(code=HAI_PHONG),
        "secretary",
        0.45,
        dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 3, 31),
        document=HAI_PHONG_PLAN,
        reason="Hết hiệu lực",
        user=None,
    )
    assert target_in_force(HAI_PHONG, "secretary", dt.date(2026, 3, 31)).share == 0.45
    assert target_in_force(HAI_PHONG, "secretary", ON).share == 0.40  # the earlier, open-ended one again


@pytest.mark.parametrize(
    "share, until, document, reason",
    [
        (1.5, None, "KH 1", "x"),
        (-0.1, None, "KH 1", "x"),
        (0.3, FROM - dt.timedelta(days=1), "KH 1", "x"),
        (0.3, None, " ", "x"),
        (0.3, None, "KH 1", ""),
    ],
)
def test_the_service_refuses_a_bad_target_and_writes_nothing(db, geography, share, until, document, reason):
    with pytest.raises(TargetError):
        set_target(
            Province.objects.get(code=LAI_CHAU),
            "secretary",
            share,
            FROM,
            valid_until=until,
            document=document,
            reason=reason,
            user=None,
        )
    assert not ProvinceTarget.objects.exists()


def test_the_dashboard_shows_each_provinces_target_and_its_document(two_targets, client):
    rows = {row.code: row for row in dashboard(make_user(), on=ON)["shares"]}
    assert (rows[LAI_CHAU].target, rows[LAI_CHAU].target_document) == (0.05, LAI_CHAU_PLAN)
    assert (rows[HAI_PHONG].target, rows[HAI_PHONG].target_document) == (0.40, HAI_PHONG_PLAN)
    client.force_login(make_user("bo", role="ministry_viewer", scope="VN"))
    html = client.get(reverse("dashboard:home")).content.decode()
    assert LAI_CHAU_PLAN in html and HAI_PHONG_PLAN in html
    assert "chưa đặt chỉ tiêu" in html or "no provincial target set" in html  # the other provinces
    # A change of target is seen at once, though the registry's figures are cached.
    _set(LAI_CHAU, 0.08, "Kế hoạch số 20-KH/TU", on=dt.date(2026, 1, 1))
    page = client.get(reverse("dashboard:home"))
    assert next(r for r in page.context["shares"] if r.code == LAI_CHAU).target == 0.08


def _form(**changes):
    data = {
        "post_type": "secretary",
        "share_percent": "35",
        "valid_from": "01/01/2026",
        "valid_until": "",
        "document": "Kế hoạch số 21-KH/TU ngày 20/12/2025",
        "reason": "Đại hội đảng bộ tỉnh giao chỉ tiêu mới",
    }
    return {**data, **changes}


def test_the_board_sets_its_provinces_target_and_the_change_is_in_the_history(lai_chau, db, client):
    board = make_user("ban-to-chuc", role="board_officer", scope=LAI_CHAU)
    client.force_login(board)
    url = reverse("rotation:target_detail", args=[LAI_CHAU])
    page = client.get(url).content.decode()
    assert "no provincial target set" in page or "chưa đặt chỉ tiêu" in page
    response = client.post(url, _form())
    assert response.status_code == 302
    response = client.post(url, _form(share_percent="40", reason="Điều chỉnh theo Kết luận 210"))
    assert response.status_code == 302
    row = ProvinceTarget.objects.get()
    assert (row.share, row.valid_from, row.set_by) == (0.40, dt.date(2026, 1, 1), board)
    history = client.get(url).context["history"]
    assert [entry.reason for entry in history] == [
        "Điều chỉnh theo Kết luận 210",
        "Đại hội đảng bộ tỉnh giao chỉ tiêu mới",
    ]
    latest = history[0]
    assert latest.user == board and [
        (c.before, c.after)
        for c in latest.changes
        if "share" in c.label.lower() or "tỷ lệ" in c.label.lower()
    ] == [("35%", "40%")]
    assert compile_problem(LAI_CHAU, on=ON).document["floors"][0]["min_non_local_share"] == 0.40


@pytest.mark.parametrize(
    "changes",
    [
        {"share_percent": "150"},
        {"share_percent": "-5"},
        {"share_percent": "ba mươi"},
        {"valid_from": "31/02/2026"},
        {"valid_until": "31/12/2025"},  # before the start
        {"document": ""},
        {"reason": ""},
        {"post_type": "pho_bi_thu"},
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(lai_chau, db, client, changes):
    client.force_login(make_user("ban-to-chuc", role="board_officer", scope=LAI_CHAU))
    response = client.post(reverse("rotation:target_detail", args=[LAI_CHAU]), _form(**changes))
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not ProvinceTarget.objects.exists()


def test_a_board_officer_cannot_read_or_set_another_provinces_targets(lai_chau, db, client):
    client.force_login(make_user("ban-to-chuc", role="board_officer", scope=LAI_CHAU))
    other = reverse("rotation:target_detail", args=[HAI_PHONG])
    assert client.get(other).status_code == 404
    assert client.post(other, _form()).status_code == 404
    assert not ProvinceTarget.objects.exists()
    # Another province's code slipped into the form is not read: the page's own province is the one set.
    own = reverse("rotation:target_detail", args=[LAI_CHAU])
    assert client.post(own, _form(province=HAI_PHONG, province_id=HAI_PHONG)).status_code == 302
    assert list(ProvinceTarget.objects.values_list("province_id", flat=True)) == [LAI_CHAU]
    listing = client.get(reverse("rotation:target_list")).content.decode()
    assert f'data-province="{LAI_CHAU}"' in listing and f'data-province="{HAI_PHONG}"' not in listing


def test_the_ministry_sees_every_province_read_only(two_targets, client):
    client.force_login(make_user("bo", role="ministry_viewer", scope="VN"))
    listing = client.get(reverse("rotation:target_list")).content.decode()
    assert LAI_CHAU_PLAN in listing and HAI_PHONG_PLAN in listing
    url = reverse("rotation:target_detail", args=[HAI_PHONG])
    page = client.get(url)
    assert (
        page.status_code == 200 and page.context["form"] is None and HAI_PHONG_PLAN in page.content.decode()
    )
    assert client.post(url, _form()).status_code == 403
    assert target_in_force(HAI_PHONG, "secretary", ON).share == 0.40


def test_a_commune_user_cannot_set_a_target(lai_chau, db, client):
    client.force_login(make_user("xa", role="commune_user", scope=communes(LAI_CHAU, 1)[0]))
    url = reverse("rotation:target_detail", args=[LAI_CHAU])
    assert client.get(url).status_code == 404
    assert client.post(url, _form()).status_code == 404
    assert not ProvinceTarget.objects.exists()


def test_the_menu_links_the_targets_and_the_run_form_shows_the_provinces_target(two_targets, client):
    client.force_login(make_user("ban-to-chuc", role="board_officer", scope=LAI_CHAU))
    html = client.get(reverse("rotation:plan_new")).content.decode()
    assert reverse("rotation:target_list") in html
    assert 'placeholder="5"' in html and LAI_CHAU_PLAN in html


def test_the_plan_page_names_the_document_of_its_target(two_targets, client):
    from cadre.rotation.services import run_plan

    own = run_plan(LAI_CHAU, on=ON)
    given = run_plan(LAI_CHAU, target=0.06, on=ON)
    client.force_login(make_user())
    page = client.get(reverse("rotation:plan_detail", args=[own.pk])).content.decode()
    assert LAI_CHAU_PLAN in page
    page = client.get(reverse("rotation:plan_detail", args=[given.pk])).content.decode()
    assert LAI_CHAU_PLAN not in page and 'id="target-source"' in page


def test_the_dashboard_names_the_chairs_target_and_says_only_secretaries_are_measured(two_targets, client):
    chairs_plan = "Kế hoạch số 16-KH/TU ngày 02/9/2025 của Ban Thường vụ Tỉnh ủy Lai Châu"
    _set(LAI_CHAU, 0.15, chairs_plan, post_type="chair")
    # Before the national chairs' reference starts, a province without its own has none in force.
    early = {row.code: row for row in dashboard(make_user(), on=dt.date(2025, 9, 3))["shares"]}
    assert early[LAI_CHAU].chair_target == 0.15 and early[HAI_PHONG].chair_target is None
    client.force_login(make_user("bo", role="ministry_viewer", scope="VN"))
    html = client.get(reverse("dashboard:home")).content.decode()
    assert "Trang này chỉ đo tỷ lệ bí thư" in html
    row = html.split(f'<tr data-province="{LAI_CHAU}">')[1].split("</tr>")[0]
    cell = row.split("data-chair-target>")[1].split("</td>")[0]
    assert "15,0%" in cell and chairs_plan in cell
