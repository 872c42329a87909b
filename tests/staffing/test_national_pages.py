"""The staffing page for a scope of several provinces (the Ministry's): one row per province with its communes'
figures added up, each opening the province's communes; a province's communes paged when many; and the rows
read from the cache until the registry changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadre.geo.models import Commune
from cadre.staffing.models import CommuneStaffing
from cadre.staffing.services import save_commune_staffing
from tests.staffing.registry import (
    HAI_PHONG,
    LAI_CHAU,
    fixture_registry,  # noqa: F401  (the registry fixture)
)
from tests.users import make_user

PASSWORD = "mat-khau-dai-123"


@pytest.fixture
def ministry(client, registry):
    """A's three accountants against a quota of 10 (short by 7), B's none against a quota of 0 (even); the
    position quotas leave B 2 and FAR 1 accountant short and A 2 over. Signed in as a Ministry viewer."""
    CommuneStaffing.objects.create(commune_id=registry["a"], quota_override=10, override_reason="Thử")
    CommuneStaffing.objects.create(commune_id=registry["b"], quota_override=0, override_reason="Thử")
    make_user("bo", PASSWORD, role="ministry_viewer", scope="VN")
    client.login(username="bo", password=PASSWORD)
    return registry


def _province_row(page: str, code: str) -> str:
    return re.search(rf'<tr data-province="{code}">(.*?)</tr>', page, re.S).group(1)


def test_the_ministry_sees_one_row_per_province_with_its_communes_added_up(client, ministry):
    client.cookies["django_language"] = "en"
    page = client.get("/staffing/").content.decode()
    assert page.count("<tr data-province=") == 34 and "data-commune=" not in page
    row = _province_row(page, HAI_PHONG)
    assert f'href="?province={HAI_PHONG}"' in row
    assert f'<td class="num">{Commune.objects.filter(province_id=HAI_PHONG).count()}</td>' in row
    assert 'data-balance="-7"' in row  # 3 staff against the quota of 10, plus 0 against 0
    assert 'data-communes="short">1 <small>(−7)' in row and 'data-communes="even">1<' in row
    assert "2 set by the province" in row and "Officer for finance (−3)" in row
    assert "Officer for finance (+2)" in row
    # Lai Châu has no quota at all: its row says so, it is not "at the quota".
    assert 'data-balance="">—<' in _province_row(page, LAI_CHAU)
    # The figures at the top are the whole country's.
    assert 'data-figure="short">1<' in page and 'data-figure="even">1<' in page


def test_a_province_opens_on_its_communes_and_the_balance_filter_keeps_the_provinces_with_one(
    client, ministry
):
    short = client.get("/staffing/?balance=short").content.decode()
    assert re.findall(r'<tr data-province="(\w+)"', short) == [HAI_PHONG]
    assert f'href="?province={HAI_PHONG}&amp;balance=short"' in short
    page = client.get(f"/staffing/?province={HAI_PHONG}&balance=short").content.decode()
    assert re.findall(r'<tr data-commune="(\w+)"', page) == [ministry["a"]]
    assert 'id="all-provinces"' in page and "<tr data-province=" not in page


def test_a_province_officer_sees_their_communes_as_before(client, registry):
    make_user("snv", PASSWORD, role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    page = client.get("/staffing/").content.decode()
    communes = Commune.objects.filter(province_id=HAI_PHONG).count()
    assert page.count("<tr data-commune=") == communes and "data-province=" not in page
    assert 'id="all-provinces"' not in page


def test_a_large_province_is_paged_and_its_figures_count_every_commune(client, ministry):
    communes = list(
        Commune.objects.filter(province_id=HAI_PHONG).order_by("name").values_list("code", flat=True)
    )
    seen = []
    for number in (1, 2, 3):
        page = client.get(f"/staffing/?province={HAI_PHONG}&per_page=50&page={number}").content.decode()
        seen += re.findall(r'<tr data-commune="(\w+)"', page)
        assert 'data-figure="short">1<' in page  # the whole province's, on every page
    assert sorted(seen) == sorted(communes) and len(seen) == len(communes) > 100
    assert f"?province={HAI_PHONG}&amp;per_page=50&amp;page=2" in page


def _read_rows(queries) -> bool:
    return any("people_posting" in q["sql"] and "GROUP BY" in q["sql"] for q in queries.captured_queries)


def test_the_rows_come_from_the_cache_until_the_departments_form_changes_them(client, ministry):
    with CaptureQueriesContext(connection) as first:
        client.get("/staffing/")
    with CaptureQueriesContext(connection) as second:
        before = client.get("/staffing/").content.decode()
    assert _read_rows(first) and not _read_rows(second)
    assert 'data-figure="surplus">0<' in before
    staffing = CommuneStaffing.objects.get(commune_id=ministry["a"])
    staffing.quota_override = 1
    save_commune_staffing(staffing, {}, reason="Sửa định mức", user=None)
    after = client.get("/staffing/").content.decode()
    assert 'data-figure="surplus">1<' in after and 'data-balance="2"' in _province_row(after, HAI_PHONG)
