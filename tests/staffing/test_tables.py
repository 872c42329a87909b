"""The staffing table and a transfer plan's moves as the Department of Home Affairs works with them: searched by
name with or without diacritics, sorted by a column, paged with a chosen page size, downloaded as a workbook
with the rows the page selects; and each move says why it was chosen."""

import io
import re

import pytest
from openpyxl import load_workbook

from cadre.geo.models import Commune, LegacyCommuneLink
from cadre.staffing.models import CommuneStaffing
from cadre.staffing.services import run_transfers
from tests.staffing.registry import (
    HAI_PHONG,
    ON,
    fixture_registry,  # noqa: F401  (the registry fixture)
)
from tests.users import make_user

PASSWORD = "mat-khau-dai-123"


@pytest.fixture
def officer(client, registry):
    make_user("snv", role="home_affairs", scope=HAI_PHONG)
    client.login(username="snv", password=PASSWORD)
    return client


def moved(page: str) -> list[str]:
    return re.findall(r'<tr data-staff="\d+"><td><a [^>]*>([^<]+)</a>', page)


def test_each_move_says_why_and_the_moves_are_searched_sorted_and_paged(officer, registry):
    plan = run_transfers(HAI_PHONG, ON)
    a, b = (Commune.objects.get(code=registry[k]).name for k in ("a", "b"))
    url = f"/staffing/transfers/{plan.pk}/"
    page = officer.get(url).content.decode()
    assert sorted(moved(page)) == ["Kế Toán Hai", "Kế Toán Một"]
    why = re.findall(r'<td class="why">([^<]+)</td>', page)
    assert why and all(f"{b} thiếu 2" in w and "(định mức 2, có 0)" in w for w in why)
    assert all(f"{a} thừa 2 (định mức 1, có 3)" in w and " km." in w for w in why)
    assert moved(officer.get(url, {"q": "ke toan mot"}).content.decode()) == ["Kế Toán Một"]  # no diacritics
    assert moved(officer.get(url, {"sort": "-name"}).content.decode()) == ["Kế Toán Một", "Kế Toán Hai"]
    assert moved(officer.get(url, {"sort": "name"}).content.decode()) == ["Kế Toán Hai", "Kế Toán Một"]
    nothing = officer.get(url, {"q": "không có ai"}).content.decode()
    assert moved(nothing) == [] and "0 dòng" in nothing
    odd = officer.get(url, {"sort": "'; drop", "per_page": "9999", "page": "x"})
    assert odd.status_code == 200 and len(moved(odd.content.decode())) == 2  # bad values fall back


def test_the_moves_download_holds_the_rows_the_page_selects(officer, registry):
    plan = run_transfers(HAI_PHONG, ON)
    response = officer.get(f"/staffing/transfers/{plan.pk}/", {"export": "xlsx", "q": "Hai"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Cán bộ", "Vị trí việc làm") and rows[0][-1] == "Lý do điều động"
    assert [r[0] for r in rows[1:]] == ["Kế Toán Hai"] and "thiếu 2" in rows[1][-1]


def test_the_staffing_table_is_paged_with_a_chosen_size_sorted_and_downloaded(officer, registry):
    communes = Commune.objects.filter(province_id=HAI_PHONG).count()
    seen = []
    for number in range(1, 6):
        page = officer.get("/staffing/", {"per_page": 25, "page": number}).content.decode()
        seen += re.findall(r'<tr data-commune="(\w+)"', page)
    assert len(seen) == len(set(seen)) == communes > 100
    assert f"Trang 1/{-(-communes // 25)}" in officer.get("/staffing/", {"per_page": 25}).content.decode()
    for code, quota in ((registry["a"], 1), (registry["b"], 2)):  # A has 3 staff (+2), B none (−2)
        CommuneStaffing.objects.create(commune_id=code, quota_override=quota, override_reason="Thử")

    def first(sort):
        return re.findall(
            r'<tr data-commune="(\w+)"', officer.get("/staffing/", {"sort": sort}).content.decode()
        )[0]

    assert first("balance") == registry["b"] and first("-balance") == registry["a"]
    found = officer.get("/staffing/", {"q": "thanh dong"}).content.decode()  # Thành Đông, typed plainly
    names = re.findall(r'<tr data-commune="\w+">\s*<td>(?:<a [^>]*>)?([^<]+)<', found)
    assert names and all("Thành Đông" in n for n in names)
    tu_ky = set(
        LegacyCommuneLink.objects.filter(legacy_commune__district__name="Huyện Tứ Kỳ").values_list(
            "commune_id", flat=True
        )
    )
    found = officer.get("/staffing/", {"q": "Tứ Kỳ", "per_page": 200}).content.decode()
    assert set(re.findall(r'<tr data-commune="(\w+)"', found)) == tu_ky  # the former district's communes
    book = officer.get("/staffing/", {"export": "xlsx", "sort": "balance"})
    rows = list(load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Xã" and len(rows) == communes + 1
    assert rows[1][0] == Commune.objects.get(code=registry["b"]).name
