"""The plan page tells the Standing Committee what a plan costs people (moves, km, the support budget in đồng per
year), in their words; the solver's figures and the cost weights, named with their units, stay in a "Chi tiết kỹ
thuật" disclosure; the run form keeps the weights as named settings under "Nâng cao"."""

import re

import pytest

from cadre.rotation.models import PlanRun
from tests.rotation.plans import lai_chau_plan
from tests.rotation.registry import LAI_CHAU, ON
from tests.tasks import run_queued_tasks
from tests.users import make_user


@pytest.fixture
def board(client, geography):
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    return client


def technical(html: str) -> str:
    return re.search(r"<details data-technical.*?</details>", html, re.S).group(0)


def test_the_summary_says_what_the_plan_costs_people_and_keeps_the_solver_behind_a_disclosure(board):
    run, _ = lai_chau_plan()
    html = board.get(f"/plans/{run.pk}/").content.decode()
    summary = html[html.index('id="figures-heading"') : html.index("<details data-technical")]
    assert "Số người luân chuyển" in summary and 'data-figure="moves">2<' in summary
    assert "Quãng đường từ nơi ở đến nơi công tác" in summary and "xa nhất" in summary and " km" in summary
    assert "Bí thư không là người địa phương · Tỉnh Lai Châu" in summary  # the province by name, not "12"
    assert "Tổng chi phí" not in html and "cận dưới" not in summary and "{'" not in html
    details = technical(html)
    assert "<summary>Chi tiết kỹ thuật</summary>" in details
    assert "Cận dưới đã chứng minh" in details and "Mã SHA-256" in details and run.problem_sha256 in details
    assert "<th>Trọng số khoảng cách (mỗi km)</th><td>1 điểm mỗi km</td>" in details
    assert "<th>Hệ số khoảng cách với người lớn tuổi</th><td>× 1,5</td>" in details
    assert "per_km" not in html and "older_factor" not in html
    assert run.problem_sha256 not in html.replace(details, "")  # the hash is shown to auditors only


def test_the_support_budget_is_in_dong_per_year(board):
    run, _ = lai_chau_plan()
    html = board.get(f"/plans/{run.pk}/").content.decode()
    if 'data-figure="support-budget"' not in html:
        pytest.skip("Lai Châu's plan pays no support on this date")  # pragma: no cover
    card = re.search(r'data-figure="support-budget">([^<]*)<', html).group(1)
    assert card.endswith(" đồng") and re.fullmatch(r"[\d.]+ đồng", card)


def test_the_run_form_names_its_weights_under_advanced_with_the_policys_values(board):
    html = board.get("/plans/new/").content.decode()
    advanced = re.search(r'<details class="advanced".*?</details>', html, re.S).group(0)
    assert "<summary>Nâng cao</summary>" in advanced
    assert "Trọng số khoảng cách (mỗi km)" in advanced and 'name="per_km" value="1.0"' in advanced
    assert 'name="per_rating_step" value="10.0"' in advanced
    before = html[: html.index('<details class="advanced"')]
    assert 'name="per_km"' not in before and 'name="target_percent"' in before


@pytest.mark.parametrize(
    ("sent", "kept"), [({}, {}), ({"per_km": "1.0"}, {}), ({"per_km": "2"}, {"per_km": 2.0})]
)
def test_only_a_weight_changed_from_the_policy_is_kept_for_the_run(
    board, django_capture_on_commit_callbacks, sent, kept
):
    lai_chau_plan()
    form = {"province": LAI_CHAU, "rotation_date": ON.isoformat(), "target_percent": "5", **sent}
    with django_capture_on_commit_callbacks(execute=True):
        assert board.post("/plans/new/", form).status_code == 302
    run_queued_tasks()
    assert PlanRun.objects.latest("pk").params["weights"] == kept


def test_a_weight_out_of_bounds_opens_the_advanced_settings_with_its_error(board):
    html = board.post(
        "/plans/new/", {"province": LAI_CHAU, "rotation_date": ON.isoformat(), "per_km": "100000"}
    ).content.decode()
    assert '<details class="advanced" id="advanced-settings" open>' in html and "field-error" in html
