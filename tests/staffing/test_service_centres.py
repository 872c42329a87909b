"""The staffing page's service centre section: the communes whose public administration service centre has no
director or no deputy director among the people posted now, named, counted, in the user's scope, and as a
workbook for those who may export."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cadre.core.job_positions import centre_rule
from cadre.core.policy import national_policy
from cadre.geo.models import Commune
from cadre.staffing.services import centre_gaps
from tests.people.factories import make_official, post
from tests.staffing.registry import (
    HAI_PHONG,
    LAI_CHAU,
    fixture_registry,  # noqa: F401  (the registry fixture)
)
from tests.users import make_user

PASSWORD = "mat-khau-dai-123"
START = dt.date(2025, 7, 1)


@pytest.fixture
def centres(registry):
    """A's centre has a director and a deputy; B's only a director (whose deputy left); in Lai Châu one
    commune has a deputy and no director."""
    a, b = registry["a"], registry["b"]
    post(make_official("Giám Đốc An"), "giam_doc_tthcc", commune=a, start=START)
    post(make_official("Phó Giám Đốc Ba"), "pho_giam_doc_tthcc", commune=a, start=START)
    post(make_official("Giám Đốc Bình"), "giam_doc_tthcc", commune=b, start=START)
    post(
        make_official("Phó Đã Chuyển"),
        "pho_giam_doc_tthcc",
        commune=b,
        start=START,
        end=dt.date(2025, 12, 31),
    )
    lai_chau = Commune.objects.filter(province_id=LAI_CHAU).order_by("code").first()
    post(make_official("Phó Lai Châu"), "pho_giam_doc_tthcc", commune=lai_chau.code, start=START)
    return {**registry, "lai_chau": lai_chau}


def _centre_rows(page: str) -> str:
    return page.split('id="centre-rows"', 1)[1].split("</table>", 1)[0]


def test_a_province_sees_its_communes_whose_centre_lacks_a_director_or_a_deputy(client, centres):
    make_user("snv", PASSWORD, role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    page = client.get(f"/staffing/?province={HAI_PHONG}").content.decode()
    rows = _centre_rows(page)
    b = Commune.objects.get(code=centres["b"])
    assert f'data-centre="{centres["b"]}"' in rows and b.name in rows and "Giám Đốc Bình" in rows
    assert f'data-centre="{centres["a"]}"' not in rows  # A has both
    assert "Phó Đã Chuyển" not in rows  # left: B has no deputy now
    assert centres["lai_chau"].name not in rows  # another province's commune
    total = Commune.objects.filter(province_id=HAI_PHONG).count()
    assert f"{total - 1} xã trong số {total} xã" in page  # all but A
    assert f"{total - 2} xã không có Giám đốc" in page  # A and B have one
    assert f"{total - 1} xã không có Phó Giám đốc" in page
    assert "332/NQ-CP" in page  # the rule in force, with its source


def test_another_province_sees_only_its_own_communes(client, centres):
    make_user("snv-lc", PASSWORD, role="home_affairs", scope=LAI_CHAU)
    client.login(username="snv-lc", password=PASSWORD)
    page = client.get("/staffing/").content.decode()
    rows = _centre_rows(page)
    assert f'data-centre="{centres["lai_chau"].code}"' in rows and "Phó Lai Châu" in rows
    assert f'data-centre="{centres["b"]}"' not in rows and "Giám Đốc Bình" not in page


def test_the_list_downloads_as_a_workbook_with_names_and_counts(client, centres):
    make_user("snv", PASSWORD, role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    response = client.get(f"/staffing/?province={HAI_PHONG}&export=centres")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    b = rows[Commune.objects.get(code=centres["b"]).name]
    assert b[2:] == (1, "Giám Đốc Bình", 0, None, "Phó Giám đốc")
    assert Commune.objects.get(code=centres["a"]).name not in rows
    assert centres["lai_chau"].name not in rows


def test_who_may_only_view_gets_no_workbook(client, centres):
    make_user("xa", PASSWORD, role="commune_user", scope=centres["b"])
    client.login(username="xa", password=PASSWORD)
    assert client.get("/staffing/?export=centres").status_code == 403


def test_under_decree_118_the_director_is_a_vice_chair_and_only_deputies_are_looked_for(centres):
    """On 01/08/2025 (Decree 118/2025) the director is a vice-chair, concurrently, which the registry cannot
    record: a commune with a deputy is not short of anything; on 15/01/2026 (Decree 367/2025) it needs its own
    director, ranked with a department head."""
    policy = national_policy()
    communes = Commune.objects.filter(province_id=LAI_CHAU)
    lai_chau = centres["lai_chau"].code
    on_118 = dt.date(2025, 8, 1)
    rows, counts = centre_gaps(communes, on_118, centre_rule(policy, on_118))
    assert counts["no_director"] is None and lai_chau not in {r.code for r in rows}
    assert counts["no_deputy"] == counts["communes"] - 1
    on_367 = dt.date(2026, 1, 15)
    rule = centre_rule(policy, on_367)
    rows, counts = centre_gaps(communes, on_367, rule)
    assert lai_chau in {r.code for r in rows} and counts["no_director"] == counts["communes"]
    sentences = [s.en for s in rule.sentences]
    assert "The director ranks with a department head." in sentences
    assert "The deputy director ranks with a deputy department head." in sentences


def test_the_page_says_the_rule_once_and_that_it_is_from_press_reports(client, centres):
    make_user("snv", PASSWORD, role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    page = client.get(f"/staffing/?province={HAI_PHONG}").content.decode()
    rule = page.split('id="centre-rule"', 1)[1].split("</details>", 1)[0]
    assert "Giám đốc tương đương Trưởng phòng." in rule and "367/2025/NĐ-CP" in rule
    assert page.count("chưa đối chiếu văn bản gốc") == 1
