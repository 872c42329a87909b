"""A rotation plan's support budget (kinh phí hỗ trợ): each moved person's monthly and one-time support under
the province's policy on the rotation date, the total of each calendar year, the section on the plan's page
and the workbook's "Hỗ trợ" sheets, in a bounded number of queries."""

import io
import textwrap

import pytest
from django.conf import settings as django_settings
from openpyxl import load_workbook

from cadre.people.models import Official
from cadre.rotation.models import PlanRun
from cadre.rotation.report import workbook_bytes
from cadre.rotation.services import run_plan
from cadre.rotation.support import plan_support
from cadre.workflow.services import approve, decide, propose
from tests.rotation.plans import lai_chau_plan
from tests.rotation.registry import HAI_PHONG, LAI_CHAU, ON, communes, lai_chau_registry, planned
from tests.users import make_user

# A test policy for Lai Châu (the shipped file has none): modelled on the Hải Phòng demo.
LAI_CHAU_POLICY = """
[[policy]]
province = "12"
province_name = "Lai Châu"
from = 2026-01-01
title = "Chính sách thử"
source = "Nghị quyết thử của HĐND tỉnh Lai Châu"

[[policy.rule]]
id = "one_time"
label_vi = "Hỗ trợ một lần khi về xã"
label_en = "One-time support on moving to a commune"
pay = "one_time"
amount_vnd = 3000000
origins = ["province", "district"]

[[policy.rule]]
id = "living"
label_vi = "Hỗ trợ sinh hoạt hằng tháng"
label_en = "Monthly living support"
pay = "monthly"
amount_vnd = 1500000

[[policy.rule]]
id = "travel"
label_vi = "Hỗ trợ đi lại hằng tháng"
label_en = "Monthly travel support"
pay = "monthly"
months = 24
bands = [{ from_km = 15, below_km = 40, amount_vnd = 1000000 }, { from_km = 40, amount_vnd = 1500000 }]

[[policy.rule]]
id = "rent"
label_vi = "Hỗ trợ thuê nhà ở hằng tháng"
label_en = "Monthly rent support"
pay = "monthly"
months = 12
bands = [{ from_km = 30, base_salary_multiple = 1.0 }]
unless = ["official_housing"]

[[policy.rule]]
id = "women"
label_vi = "Hỗ trợ thêm cho cán bộ nữ"
label_en = "Extra support for women"
pay = "monthly"
amount_vnd = 300000
sex = "female"
extra = true
"""
BASE = 2_527_200  # the base salary announced from 1/7/2026, the rotation date ON
# One man from a province post, over 40 km, from 1/7/2026 for 36 months: one-time 3,000,000 + 10 × BASE;
# living 1,500,000 × 36; travel 1,500,000 × 24; rent BASE × 12.
ONE_TIME = 3_000_000 + 10 * BASE
MONTHLY = 1_500_000 + 1_500_000 + BASE
PER_YEAR = {
    2026: ONE_TIME + 6 * MONTHLY,  # July to December
    2027: 12 * 1_500_000 + 12 * 1_500_000 + 6 * BASE,
    2028: 12 * 1_500_000 + 6 * 1_500_000,
    2029: 6 * 1_500_000,  # January to June: the 36th month
}


@pytest.fixture
def lai_chau_policy(settings, tmp_path, geography):
    """Lai Châu's test policy, through the setting that replaces the shipped file."""
    path = tmp_path / "support.toml"
    path.write_text(textwrap.dedent(LAI_CHAU_POLICY), encoding="utf-8")
    settings.CADRE_SUPPORT_POLICY_FILE = str(path)
    return path


@pytest.fixture
def board(client, lai_chau_policy):
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    return client


def test_each_moved_person_and_each_year_of_the_plan(lai_chau_policy):
    run, outsiders = lai_chau_plan()
    support = plan_support(run)
    assert sorted(p.candidate for p in support.people) == sorted(str(o.pk) for o in outsiders)
    for person in support.people:
        assert (person.kind, person.origin) == ("new", "province")  # department directors
        paid = person.support
        assert paid.move.km >= 40 and paid.move.sex == "male"
        assert (paid.monthly, paid.one_time, paid.months) == (MONTHLY, ONE_TIME, 36)
        assert paid.by_year() == PER_YEAR
        rules = [c.rule for c in paid.components]
        assert rules == [
            "12/2026-01-01/one_time",
            "12/2026-01-01/living",
            "12/2026-01-01/travel",
            "12/2026-01-01/rent",
            "decree-178-art-12/one_time",
            "decree-178-art-12/early_salary_step",
        ]
    assert support.years == tuple((year, 2 * amount) for year, amount in PER_YEAR.items())
    assert support.total == 2 * sum(PER_YEAR.values()) and support.duration_months == 36
    assert support.policy.province_name == "Lai Châu" and not support.demo
    assert support.unverified  # the base salary of 1/7/2026 is only announced


def test_official_housing_is_a_run_parameter_and_not_provided_by_default(lai_chau_policy):
    run, _ = lai_chau_plan()
    assert not plan_support(run).official_housing
    housed = plan_support(run, official_housing=True)
    assert housed.official_housing and housed.total == 2 * (sum(PER_YEAR.values()) - 12 * BASE)
    assert housed.people[0].support.excluded[0][0] == "12/2026-01-01/rent"
    run.params = {**run.params, "official_housing": True}
    assert plan_support(run).total == housed.total


def test_a_province_without_a_policy_gets_the_decree_178_items_only(geography):
    run, _ = lai_chau_plan()  # the shipped file has no Lai Châu policy
    support = plan_support(run)
    assert support.policy is None
    assert [(p.support.monthly, p.support.one_time) for p in support.people] == [(0, 10 * BASE)] * 2
    assert support.years == ((2026, 2 * 10 * BASE),)


def test_the_budget_uses_the_stored_plan_even_after_the_decision_moved_the_people(lai_chau_policy):
    run, outsiders = lai_chau_plan()
    before = plan_support(run)
    board = make_user("bto", role="board_officer", scope=LAI_CHAU)
    standing = make_user("btv", role="standing_member", scope=LAI_CHAU)
    run = approve(propose(run, board, "Trình"), standing, "Thống nhất")
    run = decide(run, standing, "Ban hành", decision="15-QĐ/TU")
    for outsider in outsiders:  # the registry now has them at the commune, and another sex for one
        outsider.refresh_from_db()
        assert outsider.current_commune_id is not None
    Official.objects.filter(pk=outsiders[0].pk).update(sex="female")
    after = plan_support(run)
    assert [(p.origin, p.support.total) for p in after.people] == [
        (p.origin, p.support.total) for p in before.people
    ]


def test_a_rotation_between_communes_comes_from_a_commune_and_reads_km_from_the_problem(
    lai_chau_policy, django_assert_num_queries
):
    """A stored plan whose explanation has no km: the problem's pair gives it; a commune secretary moved to
    another commune gets no Decree 178 Art. 12 allowance and no one-time provincial support."""
    run = PlanRun(
        province_id=LAI_CHAU,
        rotation_date=ON,
        params={},
        problem={"pairs": {"candidate": ["7", "7"], "post": ["A", "B"], "km": [3.0, 35.0]}},
        plan={
            "people": {"7": {"label": "Nguyễn Thị Bảy", "sex": "female"}},
            "explanation": {
                "assignments": [{"post": "B", "post_label": "Xã B", "candidate": "7", "kind": "moves"}]
            },
        },
    )
    with django_assert_num_queries(0):
        support = plan_support(run)
    (person,) = support.people
    assert (person.origin, person.support.move.km, person.label) == ("commune", 35.0, "Nguyễn Thị Bảy")
    # living 1,500,000 + travel 1,000,000 (15–<40 km) + rent BASE (≥ 30 km) + the women's extra 300,000
    assert (person.support.monthly, person.support.one_time) == (1_500_000 + 1_000_000 + BASE + 300_000, 0)


def test_the_budget_takes_one_query_whatever_the_number_of_people(lai_chau_policy, django_assert_num_queries):
    lai_chau_registry()
    for number, home in enumerate(communes(HAI_PHONG, 6)[2:]):
        planned(LAI_CHAU, home=home, name=f"Phó Giám Đốc {number}", sex="female" if number == 0 else "male")
    run = run_plan(LAI_CHAU, target=0.15, on=ON)  # 6 of 38 communes: all six outsiders move in
    with django_assert_num_queries(1):
        support = plan_support(run)
    assert len(support.people) == 6
    women = [p for p in support.people if p.support.move.sex == "female"]
    assert len(women) == 1 and women[0].support.monthly == MONTHLY + 300_000


def test_the_plan_page_shows_the_budget_in_vietnamese(board):
    run, outsiders = lai_chau_plan()
    page = board.get(f"/plans/{run.pk}/").content.decode()
    section = page.split('<section id="support"')[1].split("</section>")[0]
    assert "Kinh phí hỗ trợ" in section and "Lai Châu: Chính sách thử" in section
    for outsider in outsiders:
        row = section.split(f'data-candidate="{outsider.pk}"')[1].split("</tr>")[0]
        assert outsider.full_name in row
        assert f"{MONTHLY:,}".replace(",", ".") in row  # 5.527.200, the Vietnamese way
        assert f"{ONE_TIME:,}".replace(",", ".") in row
        assert "Hỗ trợ sinh hoạt hằng tháng: 1.500.000 × 36" in row
        assert "Trợ cấp một lần tăng cường cơ sở" in row and "Nâng bậc lương trước thời hạn" in row
        # Each item names its source in words, never the policy file's rule code.
        assert "12/2026-01-01/travel" not in row and "chính sách của tỉnh" in row
    for year, amount in PER_YEAR.items():
        assert (
            f'data-year="{year}"><td>{year}</td><td class="num">{2 * amount:,}'.replace(",", ".") in section
        )
    board.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = board.get(f"/plans/{run.pk}/").content.decode()
    section = english.split('<section id="support"')[1].split("</section>")[0]
    assert "Support budget" in section and "Monthly living support: 1,500,000 × 36" in section
    assert f'data-figure="support-total">{2 * sum(PER_YEAR.values()):,}<' in section


def test_an_unsolved_plan_shows_no_budget(board):
    run, _ = lai_chau_plan(target=0.5, when_infeasible="strict")
    assert run.status == "infeasible"
    assert 'id="support"' not in board.get(f"/plans/{run.pk}/").content.decode()


def test_the_workbook_adds_the_support_sheets_before_the_technical_one(board):
    run, outsiders = lai_chau_plan()
    book = load_workbook(io.BytesIO(workbook_bytes(run)))
    assert book.sheetnames == [
        "Phương án",
        "Không đủ điều kiện",
        "Không được bố trí",
        "Tỷ lệ",
        "Hỗ trợ",
        "Hỗ trợ theo năm",
        "Chi tiết kỹ thuật",
    ]
    rows = [list(row) for row in book["Hỗ trợ"].iter_rows(values_only=True)]
    header = rows[0]
    people = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(people) == {o.full_name for o in outsiders}
    for person in people.values():
        assert person["Hằng tháng (đồng)"] == MONTHLY
        assert person["Một lần (đồng)"] == ONE_TIME
        assert person["Số tháng"] == 36
        assert person["Tổng (đồng)"] == sum(PER_YEAR.values())
        assert person["Cấp công tác trước"] == "Cấp tỉnh"
        assert "Nâng bậc lương trước thời hạn" in person["Thành phần"]
        assert "Nghị quyết thử" in person["Quy định và nguồn"]
    assert book["Hỗ trợ"].cell(row=2, column=6).number_format == "#,##0"
    years_rows = [list(row) for row in book["Hỗ trợ theo năm"].iter_rows(values_only=True)]
    years = {row[0]: row[1] for row in years_rows if isinstance(row[0], int)}
    assert years == {year: 2 * amount for year, amount in PER_YEAR.items()}
    assert ["Tổng", 2 * sum(PER_YEAR.values())] == [r for r in years_rows if r[0] == "Tổng"][0][:2]
    response = board.get(f"/plans/{run.pk}/download/xlsx/")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames[-3] == "Hỗ trợ"
