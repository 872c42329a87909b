"""The service centre's monthly figures: entered and corrected on a commune's page (with its history), imported
from a workbook all or nothing, listed for a month with the communes that have not reported, and shown on a
commune's board. Each page for a user without the right, within the scope and outside it."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from cadre.core.dates import add_months
from cadre.core.rules.service_centre import CentreFigureError
from cadre.geo.models import Commune
from cadre.workplans import centre
from cadre.workplans.centre_workbook import import_centre_workbook
from cadre.workplans.models import ServiceCentreMonth
from tests.users import make_user
from tests.workplans.registry import HAI_PHONG, PASSWORD, fixture_world  # noqa: F401

pytestmark = pytest.mark.django_db

MONTH = dt.date(2026, 1, 1)  # a month past, after the two-tier system began
GOOD = {
    "received": "120",
    "settled_on_time": "100",
    "settled_late": "5",
    "returned": "3",
    "satisfaction": "96,5",
}
HEADERS = [
    "Xã/phường",
    "Tháng",
    "Hồ sơ tiếp nhận",
    "Giải quyết đúng hạn",
    "Giải quyết quá hạn",
    "Trả lại, yêu cầu bổ sung",
    "Mức độ hài lòng (%)",
]


def signed_in(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def edit_url(code, month=MONTH):
    return reverse("workplans:centre-edit", args=[code, f"{month:%Y-%m}"])


# ---- Entering a month -------------------------------------------------------------------------------------


def test_the_commune_leader_enters_a_month_and_the_list_shows_it(client, world):
    signed_in(client, "bithu")
    response = client.post(edit_url(world["a"]), GOOD)
    assert response.status_code == 302
    row = ServiceCentreMonth.objects.get(commune=world["a"], month=MONTH)
    assert (row.received, row.settled_on_time, row.settled_late, row.returned) == (120, 100, 5, 3)
    assert row.satisfaction == Decimal("96.50")
    assert row.source == "entered" and row.updated_by == world["leader"]
    page = client.get(response["Location"]).content.decode()
    commune = Commune.objects.get(code=world["a"])
    assert commune.name in page
    assert "95,2 %" in page  # 100 of the 105 settled, on time
    assert "96,5 %" in page


def test_bad_figures_are_refused_each_on_its_field_and_nothing_is_written(client, world):
    signed_in(client, "bithu")
    bad = {**GOOD, "received": "-3", "settled_late": "2,5", "returned": "", "satisfaction": "120%"}
    response = client.post(edit_url(world["a"]), bad)
    assert response.status_code == 200
    page = response.content.decode()
    for field in ("received", "settled_late", "returned", "satisfaction"):
        assert f'data-field="{field}"' in page
    assert 'data-field="settled_on_time"' not in page
    assert "Hồ sơ tiếp nhận: phải là số hồ sơ, số nguyên từ 0 đến 10.000.000." in page
    assert "Mức độ hài lòng (%): phải là tỷ lệ phần trăm từ 0 đến 100" in page
    assert not ServiceCentreMonth.objects.exists()


def test_the_errors_speak_english_when_english_is_chosen(client, world):
    signed_in(client, "bithu")
    client.cookies["django_language"] = "en"
    page = client.post(edit_url(world["a"]), {**GOOD, "received": "many"}).content.decode()
    assert "Dossiers received: must be a whole number of dossiers" in page


def test_a_future_month_and_a_month_before_the_two_tier_system_are_refused(client, world):
    signed_in(client, "bithu")
    future = add_months(timezone.localdate().replace(day=1), 1)
    for month, words in ((future, "chưa đến"), (dt.date(2025, 6, 1), "hai cấp")):
        page = client.get(edit_url(world["a"], month))
        assert page.status_code == 400
        assert words in page.content.decode()
        assert client.post(edit_url(world["a"], month), GOOD).status_code == 400
    assert not ServiceCentreMonth.objects.exists()
    with pytest.raises(CentreFigureError):
        centre.record_month(Commune.objects.get(code=world["a"]), future, user=world["leader"], **GOOD)


def test_a_month_that_is_no_month_is_not_found(client, world):
    signed_in(client, "bithu")
    assert client.get(f"/workplans/centres/{world['a']}/2026-13/").status_code == 404
    assert client.get(f"/workplans/centres/{world['a']}/tháng-một/").status_code == 404


def test_another_commune_is_not_found_and_a_commune_user_is_refused(client, world):
    signed_in(client, "bithu")
    assert client.get(edit_url(world["b"])).status_code == 404
    assert client.post(edit_url(world["b"]), GOOD).status_code == 404
    client.logout()
    signed_in(client, "canbo_a")  # a commune user: sees the commune, may not enter its figures
    assert client.get(edit_url(world["a"])).status_code == 403
    assert client.post(edit_url(world["a"]), GOOD).status_code == 403
    assert not ServiceCentreMonth.objects.exists()
    with pytest.raises(PermissionDenied):
        centre.record_month(Commune.objects.get(code=world["b"]), MONTH, user=world["leader"], **GOOD)


def test_a_correction_keeps_the_history_of_who_changed_what_and_why(client, world):
    signed_in(client, "bithu")
    client.post(edit_url(world["a"]), GOOD)
    client.logout()
    signed_in(client, "tinh")  # the province's Home Affairs officer corrects it
    response = client.post(edit_url(world["a"]), {**GOOD, "settled_late": "9", "reason": "Xã báo cáo nhầm"})
    assert response.status_code == 302
    assert ServiceCentreMonth.objects.get(commune=world["a"], month=MONTH).settled_late == 9
    assert ServiceCentreMonth.history.filter(commune_id=world["a"]).count() == 2
    page = client.get(edit_url(world["a"])).content.decode()
    history = page[page.index('id="centre-history"') :]
    assert "tinh" in history and "bithu" in history
    assert "Giải quyết quá hạn: 5 → 9" in history
    assert "Nhập trên trang" in history and "Source" not in history
    assert "Xã báo cáo nhầm" in history
    assert history.index("5 → 9") < history.index("bithu")  # newest first


# ---- The month's list -------------------------------------------------------------------------------------


def record(code, month=MONTH, user=None, **figures):
    values = {"received": 10, "settled_on_time": 8, "settled_late": 2, "returned": 0, **figures}
    admin = user or make_user("quantri_" + code)
    return centre.record_month(Commune.objects.get(code=code), month, user=admin, **values)


def test_the_list_shows_the_province_s_communes_with_those_not_reported_last(client, world):
    record(world["a"], settled_on_time=3, settled_late=1)
    signed_in(client, "tinh")
    response = client.get(reverse("workplans:centres"), {"month": "2026-01", "sort": "-share"})
    page = response.content.decode()
    communes = Commune.objects.filter(province_id=HAI_PHONG).count()
    assert f"1 / {communes}" in page
    rows = page[page.index('id="centre-rows"') :]
    assert rows.index(f'data-commune="{world["a"]}"') < rows.index("chưa báo cáo")
    assert "75 %" in rows
    other = Commune.objects.exclude(province_id=HAI_PHONG).first()
    assert f'data-commune="{other.code}"' not in page


def test_a_commune_user_sees_only_their_commune_without_a_link_to_enter(client, world):
    record(world["a"])
    signed_in(client, "canbo_a")
    page = client.get(reverse("workplans:centres"), {"month": "2026-01"}).content.decode()
    assert page.count("data-commune=") == 1
    assert reverse("workplans:centre-edit", args=[world["a"], "2026-01"]) not in page


def test_a_bad_month_in_the_address_is_said_and_the_latest_month_shown(client, world):
    signed_in(client, "tinh")
    page = client.get(reverse("workplans:centres"), {"month": "2024-05"}).content.decode()
    assert "hai cấp" in page
    latest = centre.latest_month(timezone.localdate())
    assert f'value="{latest:%Y-%m}"' in page


def test_the_ministry_s_list_of_every_commune_is_paged_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    make_user("bo", PASSWORD, "ministry_viewer", "VN")
    signed_in(client, "bo")
    for code in Commune.objects.order_by("code").values_list("code", flat=True)[:30]:
        record(code)
    url = reverse("workplans:centres")
    with django_assert_max_num_queries(6):
        page = client.get(url, {"month": "2026-01", "per_page": "50"}).content.decode()
    assert page.count("data-commune=") == 50
    assert f"30 / {Commune.objects.count()}" in page
    for code in Commune.objects.order_by("code").values_list("code", flat=True)[30:300]:
        record(code)
    with django_assert_max_num_queries(6):
        page = client.get(url, {"month": "2026-01", "sort": "received", "page": "3"}).content.decode()
    assert page.count("data-commune=") == 50


# ---- The commune's board ----------------------------------------------------------------------------------


def test_the_board_section_gives_this_and_last_month_with_links_only_to_who_may_enter(world):
    today = timezone.localdate()
    commune = Commune.objects.get(code=world["a"])
    last = add_months(today.replace(day=1), -1)
    record(world["a"], month=last, settled_on_time=9, settled_late=1)
    context = centre.board_context(commune, world["leader"], today)
    months = {item["month"]: item for item in context["centre_months"]}
    assert set(months) == {today.replace(day=1), last}
    assert months[last]["on_time_percent"] == 90.0
    assert months[today.replace(day=1)]["figures"] is None
    assert months[last]["edit_url"] == edit_url(world["a"], last)
    clerk = centre.board_context(commune, world["clerk"], today)
    assert all(item["edit_url"] == "" for item in clerk["centre_months"])
    outsider = make_user("khac", PASSWORD, "commune_leader", world["b"])
    assert centre.board_context(commune, outsider, today)["centre_months"] == []


# ---- The import -------------------------------------------------------------------------------------------


def workbook(*rows, headers=HEADERS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "Trung tâm PVHCC"
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "so-lieu.xlsx"
    return data


def import_page(client, data, dry_run=False):
    form = {"file": data}
    if dry_run:
        form["dry_run"] = "on"
    return client.post(reverse("workplans:centre-import"), form)


def test_a_good_workbook_is_imported_as_imported_rows_with_their_history(client, world):
    a = Commune.objects.get(code=world["a"])
    record(world["a"], month=dt.date(2026, 2, 1), user=world["leader"])
    signed_in(client, "bithu")
    data = workbook(
        (a.name, "01/2026", 50, 40, 2, 1, "90%"),
        (a.code, dt.datetime(2026, 2, 1), 60, 50, 5, 0, None),  # a correction, the month as a date cell
        (a.name, "03/2026"),  # a template line left empty: skipped
    )
    response = import_page(client, data)
    page = response.content.decode()
    assert "Imported" in page or "Đã nhập" in page
    rows = {row.month: row for row in ServiceCentreMonth.objects.filter(commune=a)}
    assert set(rows) == {dt.date(2026, 1, 1), dt.date(2026, 2, 1)}
    assert rows[dt.date(2026, 1, 1)].satisfaction == Decimal("90.00")
    assert rows[dt.date(2026, 2, 1)].received == 60
    assert all(row.source == "imported" for row in rows.values())
    history = ServiceCentreMonth.history.filter(commune_id=a.code).order_by("history_date", "history_id")
    assert [h.history_change_reason for h in history][-2:] == ["Nhập từ tệp so-lieu.xlsx"] * 2
    assert {h.history_user for h in history} == {world["leader"]}


def test_a_bad_workbook_is_refused_whole_with_every_error_at_its_cell(client, world):
    a = Commune.objects.get(code=world["a"])
    b = Commune.objects.get(code=world["b"])
    future = add_months(timezone.localdate().replace(day=1), 2)
    signed_in(client, "bithu")
    data = workbook(
        (a.name, "01/2026", 50, 40, 2, 1, "90%"),  # good, but not written: the file has errors
        ("Xã Không Có", "01/2026", 1, 1, 0, 0, None),
        (b.name, "01/2026", 1, 1, 0, 0, None),  # a commune outside the leader's scope
        (a.name, "2026", 1, 1, 0, 0, None),
        (a.name, f"{future:%m/%Y}", 1, 1, 0, 0, None),
        (a.name, "02/2026", -1, "mười", 2.5, 1, "101"),
        (a.code, "01/2026", 1, 1, 0, 0, None),  # the same month again
    )
    response = import_page(client, data)
    page = response.content.decode()
    assert "9 lỗi" in page
    issues = page[page.index("<tbody>", page.index("issues")) :]
    for row, column, words in [
        (3, "A (Xã/phường)", "Xã Không Có"),
        (4, "A (Xã/phường)", "Không tìm thấy"),
        (5, "B (Tháng)", "mm/yyyy"),
        (6, "B (Tháng)", "chưa đến"),
        (7, "C (Hồ sơ tiếp nhận)", "số nguyên"),
        (7, "D (Giải quyết đúng hạn)", "số nguyên"),
        (7, "E (Giải quyết quá hạn)", "số nguyên"),
        (7, "G (Mức độ hài lòng (%))", "từ 0 đến 100"),
        (8, "B (Tháng)", "dòng 2"),
    ]:
        line = f'<td class="num">{row}</td><td>{column}</td><td>'
        assert line in issues, (row, column)
        assert words in issues[issues.index(line) :].split("</tr>")[0]
    assert not ServiceCentreMonth.objects.exists()


def test_a_workbook_without_the_required_columns_or_not_a_workbook_is_refused(client, world):
    signed_in(client, "bithu")
    page = import_page(client, workbook(("x", "01/2026"), headers=["Xã/phường", "Tháng", "Ghi chú"])).content
    page = page.decode()
    assert "Ghi chú" in page and "Thiếu cột bắt buộc" in page
    not_a_book = io.BytesIO(b"PK\x03\x04 rubbish")
    not_a_book.name = "so-lieu.xlsx"
    page = import_page(client, not_a_book).content.decode()
    assert "không phải là sổ Excel" in page
    assert not ServiceCentreMonth.objects.exists()


def test_a_check_only_writes_nothing_and_the_import_is_refused_to_a_commune_user(client, world):
    a = Commune.objects.get(code=world["a"])
    signed_in(client, "bithu")
    page = import_page(client, workbook((a.name, "01/2026", 5, 5, 0, 0, None)), dry_run=True).content.decode()
    assert 'role="status"' in page
    assert not ServiceCentreMonth.objects.exists()
    client.logout()
    signed_in(client, "canbo_a")
    assert client.get(reverse("workplans:centre-import")).status_code == 403
    assert import_page(client, workbook((a.name, "01/2026", 5, 5, 0, 0, None))).status_code == 403
    assert client.get(reverse("workplans:centre-template")).status_code == 403
    assert not ServiceCentreMonth.objects.exists()


def test_the_template_lists_the_user_s_communes_and_imports_back_once_filled(client, world):
    signed_in(client, "tinh")
    response = client.get(reverse("workplans:centre-template"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Trung tâm PVHCC"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) - 1 == Commune.objects.filter(province_id=HAI_PHONG).count()
    filled = workbook(*[(*row[:2], 10, 9, 1, 0, None) for row in rows[1:4]], *[row[:2] for row in rows[4:]])
    report = import_centre_workbook(filled, user=world["province"])
    assert report.ok and report.counts["created"] == 3
    assert report.counts["skipped"] == len(rows) - 4
    assert ServiceCentreMonth.objects.filter(month=centre.latest_month(timezone.localdate())).count() == 3


def test_the_board_section_renders_the_figures_and_the_link_in_vietnamese(rf, world):
    from django.template.loader import render_to_string

    today = timezone.localdate()
    last = add_months(today.replace(day=1), -1)
    record(world["a"], month=last, settled_on_time=9, settled_late=1, satisfaction="88")
    context = centre.board_context(Commune.objects.get(code=world["a"]), world["leader"], today)
    html = render_to_string("workplans/_centre_month.html", context)
    assert "Trung tâm phục vụ hành chính công" in html
    assert "90 %" in html and "88 %" in html
    assert "chưa báo cáo" in html  # this month, not reported yet
    assert edit_url(world["a"], today) in html and "Nhập số liệu" in html


def test_a_name_two_communes_share_must_be_written_as_a_code(world):
    from django.db.models import Count

    shared = (
        Commune.objects.values("search_key").annotate(n=Count("code")).filter(n__gt=1).order_by("search_key")
    ).first()
    assert shared is not None  # the country has communes of the same name in different provinces
    twins = list(Commune.objects.filter(search_key=shared["search_key"]).order_by("code"))
    country = make_user("quantri_ca_nuoc")  # an administrator over the whole country
    report = import_centre_workbook(
        workbook((twins[0].name, "01/2026", 5, 5, 0, 0, None), (twins[1].code, "01/2026", 5, 5, 0, 0, None)),
        user=country,
    )
    assert [(issue.row, issue.column) for issue in report.issues] == [(2, "A (Xã/phường)")]
    assert "Hãy ghi mã xã/phường" in report.issues[0].message_vi
    assert twins[0].code in report.issues[0].message_vi and twins[1].code in report.issues[0].message_vi
    assert not ServiceCentreMonth.objects.exists()


def test_a_sheet_that_would_take_the_reader_too_far_is_refused_before_it_is_read(client, world):
    book = Workbook()
    sheet = book.active
    sheet.title = "Trung tâm PVHCC"
    sheet.append(HEADERS)
    sheet.cell(row=1_048_576, column=16_384, value=1)  # one cell at XFD1048576: 17 billion cells to lay out
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "so-lieu.xlsx"
    signed_in(client, "bithu")
    page = import_page(client, data).content.decode()
    assert "XFD1048576" in page
    assert not ServiceCentreMonth.objects.exists()


def test_the_centre_pages_speak_vietnamese_with_no_technical_word(client, world):
    from tests.web.crawl import PageText, forbidden_words, is_english

    record(world["a"], user=world["leader"], satisfaction="90")
    centre.record_month(
        Commune.objects.get(code=world["a"]), MONTH, user=world["province"], reason="Sửa", **GOOD
    )
    signed_in(client, "tinh")
    pages = {
        reverse("workplans:centres") + "?month=2026-01&sort=-share",
        reverse("workplans:centres") + "?month=2099-01",
        edit_url(world["a"]),
        edit_url(world["a"], dt.date(2025, 1, 1)),
        reverse("workplans:centre-import"),
    }
    problems = []
    for url in sorted(pages):
        text = PageText()
        text.feed(client.get(url).content.decode())
        for line in text.plain:
            if is_english(line) or any(pattern.search(line) for pattern in forbidden_words()):
                problems.append(f"{url}: {line}")
    assert problems == []


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc", "per_page": "99999", "sort": "__class__"},
        {"month": "9999-99", "province": "<script>"},
        {"month": "2026-1", "q": "x" * 5000},
        {"month": "", "sort": "-satisfaction", "page": "-1"},
    ],
)
def test_the_list_answers_any_address_with_a_page(client, world, query):
    signed_in(client, "tinh")
    response = client.get(reverse("workplans:centres"), query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('id="centre-rows"')[0].split("<main")[1]


def test_a_month_recorded_by_someone_else_at_the_same_moment_is_corrected_not_a_failure(world, monkeypatch):
    from django.db.models import QuerySet

    record(world["a"], user=world["leader"])
    first, calls = QuerySet.first, []

    def not_yet_there(queryset):  # the other person's row is written just after this one looked
        calls.append(1)
        return None if len(calls) == 1 else first(queryset)

    monkeypatch.setattr(QuerySet, "first", not_yet_there)
    row = centre.record_month(Commune.objects.get(code=world["a"]), MONTH, user=world["province"], **GOOD)
    monkeypatch.undo()
    assert calls
    assert ServiceCentreMonth.objects.get(commune=world["a"], month=MONTH).received == 120 == row.received
    assert ServiceCentreMonth.objects.filter(commune=world["a"]).count() == 1
