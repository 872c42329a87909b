"""The officials pages as staff meet them: the filtered list, a person's page, the import and the downloads."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from cadre.core.dates import add_months
from cadre.geo.models import Commune
from cadre.people import forms
from cadre.people.models import Evaluation, Official, Posting, Relation
from cadre.people.tables import OfficialTable
from cadre.people.workbook.importer import WorkbookError, import_workbook
from cadre.web.views import XLSX
from tests.people.workbook.crafted import far_cell
from tests.users import make_user

from .factories import discipline, make_official, post, registry, three_people

pytestmark = pytest.mark.usefixtures("geography")


@pytest.fixture
def signed_in(client, django_user_model):
    client.force_login(make_user())
    return client


@pytest.fixture
def people(db, geography):
    return three_people()


def listed(client, **filters) -> set[str]:
    response = client.get(reverse("people:official_list"), filters)
    assert response.status_code == 200
    return {row.record.full_name for row in response.context["table"].page.object_list}


@pytest.mark.parametrize(
    "name", ["people:official_list", "people:import", "people:template", "people:export", "dashboard:home"]
)
def test_pages_need_a_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_home_page_links_to_the_officials_list(signed_in):
    home = signed_in.get("/")  # the dashboard (tests/web/test_dashboard.py)
    assert home.status_code == 200 and f'href="{reverse("people:official_list")}"' in home.content.decode()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}),
        ({"province": "31"}, {"Nguyễn Văn An"}),
        ({"province": "01"}, {"Trần Thị Bình"}),
        ({"commune": "00004"}, {"Trần Thị Bình"}),
        ({"commune": "10507"}, set()),  # An's earlier post: the list is about current posts
        ({"position": "bi_thu"}, {"Nguyễn Văn An"}),
        ({"age_band": "35_44"}, {"Lê Văn Cường"}),
        ({"evaluation": "KHTNV"}, {"Trần Thị Bình"}),
        ({"evaluation": "HTXSNV"}, {"Nguyễn Văn An"}),
        ({"local": "yes"}, {"Trần Thị Bình"}),
        ({"local": "no"}, {"Nguyễn Văn An"}),
        ({"local": "unknown"}, {"Lê Văn Cường"}),
        ({"sex": "female"}, {"Trần Thị Bình"}),
        ({"q": "nguyen van"}, {"Nguyễn Văn An"}),
        ({"q": "001180"}, {"Trần Thị Bình"}),
        ({"province": "01", "local": "no"}, set()),
    ],
)
def test_each_filter_narrows_the_list(signed_in, people, filters, expected):
    assert listed(signed_in, **filters) == expected


def test_the_list_shows_each_column_in_vietnamese(signed_in, people):
    html = signed_in.get(reverse("people:official_list"), {"province": "01"}).content.decode()
    assert "<h1>Cán bộ, công chức</h1>" in html and "1 kết quả" in html
    binh_link = reverse("people:official_detail", args=[people["binh"].pk])
    assert f'href="{binh_link}"' in html
    row = html[html.index("001180000002") - 400 :]
    assert ">1980<" in row  # only the year of birth is known, so only the year is shown
    for text in ("Nữ", "Chủ tịch UBND", "Phường Ba Đình", "Thành phố Hà Nội", "KHTNV", "Có"):
        assert text in row
    assert "Xuất danh sách này ra Excel" in html


def test_a_month_and_year_birth_shows_as_such(signed_in, people):
    html = signed_in.get(reverse("people:official_list"), {"q": "cuong"}).content.decode()
    assert f">{people['cuong'].birth_date.strftime('%m/%Y')}<" in html


def test_an_unknown_province_is_reported_not_crashed(signed_in, people):
    response = signed_in.get(reverse("people:official_list"), {"province": "99"})
    assert response.status_code == 200 and "0 kết quả" in response.content.decode()


def _list_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:official_list"), params).status_code == 200
    return len(queries)


def test_the_list_runs_a_fixed_number_of_queries_whatever_the_number_of_rows(
    signed_in, django_assert_max_num_queries
):
    registry(6)
    few = _list_queries(signed_in)
    registry(54)
    assert Official.objects.count() == 60
    # Session, user, their grants, one COUNT, the province and post choices of the filter form, the names the
    # commune box offers, one page of rows.
    with django_assert_max_num_queries(8):
        signed_in.get(reverse("people:official_list"), {"per_page": 100})
    assert _list_queries(signed_in, per_page=100) == few
    assert _list_queries(signed_in, province="31", position="cv_van_phong", evaluation="HTNV") <= few + 2


def test_a_persons_page_shows_history_retirement_and_the_rules(
    signed_in, people, django_assert_max_num_queries
):
    an = people["an"]
    # Session, user, their grants, the person with places, postings, evaluations, plans, relations both ways,
    # disciplines, and the change history (one query per history table: 6, however long the history is).
    with django_assert_max_num_queries(16):
        response = signed_in.get(reverse("people:official_detail", args=[an.pk]))
    html = response.content.decode()
    assert "<h1>Nguyễn Văn An</h1>" in html and "05/06/1975" in html
    # The movement history, oldest first: the earlier post was closed the day before the next began.
    history = html[html.index('id="history"') :]
    assert history.index("<td>Phó Bí thư Đảng ủy</td>") < history.index("<td>Bí thư Đảng ủy</td>")
    assert "01/01/2016" in history and "30/06/2025" in history and "QĐ 12-QĐ/TU" in history
    assert "Phường Thành Đông, Thành phố Hải Phòng" in history
    # Men reach 62 from 2028: born in June 1975, he retires at the end of June 2037.
    assert '<td id="retirement-date">30/06/2037</td>' in html and "01/07/2037" in html
    assert "62 tuổi 0 tháng" in html and "Bộ luật Lao động 2019" in html
    # Born and raised in Thành Đông, posted to Phường Hải Dương: not a local person there.
    rules = html[html.index('id="rules"') : html.index('id="history"')]
    assert "Không là người địa phương của Phường Hải Dương" in rules
    assert "Quy định 65-QĐ/TW" in rules and "Chưa kiểm chứng" in rules
    assert "Không thuộc trường hợp phải xử lý" in rules  # rated well, so no evaluation consequence
    evaluations = html[html.index('id="evaluations"') :]
    assert "Hoàn thành xuất sắc nhiệm vụ (HTXSNV)" in evaluations


def test_two_years_of_khtnv_relieve_an_elected_chair_and_a_year_only_birth_is_explained(signed_in, people):
    html = signed_in.get(reverse("people:official_detail", args=[people["binh"].pk])).content.decode()
    assert "miễn nhiệm" in html and "2024, 2025" in html
    assert "Người địa phương của Phường Ba Đình" in html
    # Born in 1980, only the year known: 1 January is used; women reach 60 from 2035.
    assert '<td id="retirement-date">31/01/2040</td>' in html and "chỉ biết năm" in html


def test_a_persons_page_in_english(signed_in, people):
    signed_in.post(reverse("set_language"), {"language": "en"})
    html = signed_in.get(reverse("people:official_detail", args=[people["binh"].pk])).content.decode()
    assert "Retirement date" in html and "Movement history" in html
    assert "Chair of the People&#x27;s Committee" in html
    assert "Did not complete tasks in 2 consecutive years (2024, 2025): relieved of office." in html


def test_a_persons_page_shows_their_disciplines_and_the_wait_for_a_higher_post(client, people):
    an = people["an"]
    decided = add_months(dt.date.today(), -12)  # a year ago: the 36 months after a warning still run
    discipline(an, "warning", decided, body="Ủy ban Kiểm tra Thành ủy Hải Phòng", decision="15-QĐ/UBKT")
    client.force_login(make_user("tinh", role="board_officer", scope="31"))
    response = client.get(reverse("people:official_detail", args=[an.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="disciplines"') : html.index('id="changes"')]
    day = f"{decided:%d/%m/%Y}"
    assert day in section and "Cảnh cáo" in section and "Ủy ban Kiểm tra Thành ủy Hải Phòng" in section
    assert "15-QĐ/UBKT" in section
    # What the planner's rule says of it today, with its source (Quy định 377-QĐ/TW, 36 months after a warning).
    free = add_months(decided, 36) + dt.timedelta(days=1)
    assert (
        f"Bị cảnh cáo ngày {day}, chưa đủ 36 tháng (từ ngày {free:%d/%m/%Y} mới được bố trí chức vụ cao hơn)."
        in html
    )
    assert "377-QĐ/TW" in html
    # The row history lists its creation.
    changes = html[html.index('id="changes"') :]
    assert f"Cảnh cáo · {day}" in changes


def test_an_annulled_discipline_is_shown_struck_out_and_bars_nothing(client, people):
    an = people["an"]
    decided = add_months(dt.date.today(), -12)
    discipline(
        an, "warning", decided, decision="15-QĐ/UBKT", annulled="21-QĐ/UBKT hủy bỏ quyết định 15-QĐ/UBKT"
    )
    client.force_login(make_user("tinh", role="board_officer", scope="31"))
    html = client.get(reverse("people:official_detail", args=[an.pk])).content.decode()
    section = html[html.index('id="disciplines"') : html.index('id="changes"')]
    assert f"<s>{decided:%d/%m/%Y}</s>" in section and "<s>Cảnh cáo</s>" in section
    assert "Đã hủy bỏ theo 21-QĐ/UBKT hủy bỏ quyết định 15-QĐ/UBKT." in section
    assert (
        "Không có kỷ luật nào ngăn việc bổ nhiệm chức vụ cao hơn." in html and "chưa đủ 36 tháng" not in html
    )


def test_a_persons_disciplines_are_not_shown_outside_the_users_scope(client, people):
    an = people["an"]
    discipline(an, "warning", dt.date(2025, 2, 3))
    client.force_login(make_user("hanoi", role="board_officer", scope="01"))
    response = client.get(reverse("people:official_detail", args=[an.pk]))
    assert response.status_code in (403, 404)
    assert "03/02/2025" not in response.content.decode()


def test_a_missing_person_is_a_404(signed_in, db):
    assert signed_in.get(reverse("people:official_detail", args=[999999])).status_code == 404


# ---- import ------------------------------------------------------------------------------------------------

OFFICIALS = ["Số định danh cá nhân", "Họ và tên", "Giới tính", "Ngày sinh", "Nơi sinh", "Nơi lớn lên"]
POSTINGS = ["Số định danh cá nhân", "Chức vụ", "Đơn vị", "Từ ngày", "Đến ngày"]


def workbook(sheets: dict[str, list[list]], name: str = "so-dang-ky.xlsx") -> io.BytesIO:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = name
    return data


def good_workbook() -> io.BytesIO:
    return workbook(
        {
            "Cán bộ": [
                OFFICIALS,
                ["031075000011", "Phạm Văn Dũng", "Nam", "12/03/1978", *["Phường Thành Đông, Hải Phòng"] * 2],
                ["031080000012", "Vũ Thị Em", "Nữ", "1982", "", ""],
            ],
            "Quá trình công tác": [
                POSTINGS,
                ["031075000011", "Chủ tịch UBND", "Phường Thành Đông, Hải Phòng", "01/07/2025", ""],
            ],
            "Đánh giá": [["Số định danh cá nhân", "Năm", "Xếp loại"], ["031075000011", 2025, "HTTNV"]],
        }
    )


def bad_workbook() -> io.BytesIO:
    return workbook(
        {
            "Cán bộ": [
                OFFICIALS,
                ["03107500001", "Phạm Văn Dũng", "Nam", "12/03/1978", "", ""],  # 11 digits
                ["031080000012", "Vũ Thị Em", "Nữ", "31/02/1982", "", ""],  # no such day
            ],
            "Quá trình công tác": [
                POSTINGS,
                # There is no such post.
                ["031080000012", "Thủ tướng", "Phường Thành Đông, Hải Phòng", "01/07/2025", ""],
            ],
        }
    )


def import_page(client, upload, dry_run: bool):
    data = {"file": upload}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("people:import"), data)


def test_the_import_page_checks_only_by_default_and_links_the_template_and_export(signed_in):
    html = signed_in.get(reverse("people:import")).content.decode()
    assert 'name="dry_run" role="switch" checked' in html
    assert reverse("people:template") in html and reverse("people:export") in html


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_bad_workbook_lists_every_error_and_writes_nothing(signed_in, dry_run):
    response = import_page(signed_in, bad_workbook(), dry_run)
    html = response.content.decode()
    assert "3 lỗi: không dữ liệu nào được ghi." in html
    issues = response.context["issues"]
    assert [(sheet, row) for sheet, row, _column, _message in issues] == [
        ("Cán bộ", 2),
        ("Cán bộ", 3),
        ("Quá trình công tác", 2),
    ]
    assert "12 chữ số" in issues[0][3] and issues[0][2].startswith("A (")
    assert "Không có chức vụ «Thủ tướng»" in issues[2][3]
    assert Official.objects.count() == 0 and Posting.objects.count() == 0


def test_a_workbook_made_to_exhaust_the_reader_gets_an_error_page_not_a_dead_server(signed_in, tmp_path):
    upload = SimpleUploadedFile("far.xlsx", far_cell(tmp_path).read_bytes())
    response = import_page(signed_in, upload, True)
    assert response.status_code == 200
    assert "Trang tính «Cán bộ» trải tới ô XFD1048576" in response.content.decode()
    assert Official.objects.count() == 0


def test_errors_are_in_english_when_the_page_is(signed_in):
    signed_in.post(reverse("set_language"), {"language": "en"})
    html = import_page(signed_in, bad_workbook(), True).content.decode()
    assert "3 errors: nothing was written." in html and "There is no post &#x27;Thủ tướng&#x27;" in html


def test_a_good_workbook_is_checked_then_imported(signed_in):
    checked = import_page(signed_in, good_workbook(), True).content.decode()
    assert "không có lỗi. Chưa ghi dữ liệu nào" in checked and Official.objects.count() == 0

    imported = import_page(signed_in, good_workbook(), False)
    html = imported.content.decode()
    assert "Đã nhập" in html
    assert ("Cán bộ được thêm", 2) in imported.context["counts"]
    dung = Official.objects.get(citizen_id="031075000011")
    assert dung.current_position.code == "chu_tich_ubnd" and dung.is_local is True
    assert Evaluation.objects.get().level == "HTTNV"


def test_a_file_that_is_not_xlsx_is_refused_with_a_clear_message(signed_in):
    upload = io.BytesIO(b"ho_ten;ngay_sinh\n")
    upload.name = "danh-sach.csv"
    html = import_page(signed_in, upload, True).content.decode()
    assert "Chỉ nhập được sổ Excel .xlsx" in html and 'aria-invalid="true"' in html


def test_a_damaged_xlsx_reports_the_workbook_error(signed_in):
    damaged = b"this is not a zip file"
    with pytest.raises(WorkbookError) as error:
        import_workbook(io.BytesIO(damaged))
    upload = io.BytesIO(damaged)
    upload.name = "hong.xlsx"
    response = import_page(signed_in, upload, True)
    assert response.context["form"].errors["file"] == [error.value.message_vi]
    assert escape(error.value.message_vi) in response.content.decode()


def test_a_file_over_the_limit_is_refused(signed_in, monkeypatch):
    monkeypatch.setattr(forms, "MAX_UPLOAD_MB", 0.001)  # about 1 KB; the smallest workbook is bigger
    html = import_page(signed_in, good_workbook(), True).content.decode()
    assert "Tệp lớn hơn 0.001 MB" in html
    assert Official.objects.count() == 0


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def test_the_template_downloads_as_a_workbook(signed_in):
    response = signed_in.get(reverse("people:template"))
    assert 'filename="mau-so-dang-ky-can-bo.xlsx"' in response["Content-Disposition"]
    assert {"Cán bộ", "Quá trình công tác", "Đánh giá", "Hướng dẫn"} <= set(_xlsx(response).sheetnames)


def test_the_export_follows_the_list_filters(signed_in, people):
    book = _xlsx(signed_in.get(reverse("people:export"), {"province": "01"}))
    ids = [row[0] for row in book["Cán bộ"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["001180000002"]
    everyone = _xlsx(signed_in.get(reverse("people:export")))
    assert len(list(everyone["Cán bộ"].iter_rows(min_row=2))) == 3


def test_a_page_never_holds_more_than_500_rows_whatever_the_url_asks(signed_in):
    response = signed_in.get(reverse("people:official_list"), {"per_page": 190000})
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == 500


def _body(html: str) -> str:
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", body)).replace("<td >", "<td>")


def test_the_list_writes_its_rows_in_one_pass_exactly_as_django_tables2_would(rf, people):
    """The officials list is the page read most: its rows are written without django-tables2's per-cell work
    (`CadreTable.rows_html`), and say the same thing, cell for cell (unknown values, links, abbreviations)."""
    registry(12)
    make_official("Không Có Chức Vụ")  # no post, commune, province or evaluation: each column's default
    request = rf.get(reverse("people:official_list"))
    request.user = make_user()
    officials = Official.objects.select_related("current_position", "current_commune", "current_province")
    fast = OfficialTable(officials.order_by("search_key"))
    assert fast.rows_html() is not None  # the one-pass body is the one the page uses
    reference = OfficialTable(officials.order_by("search_key"), template_name="django_tables2/table.html")
    fast_html, reference_html = fast.as_html(request), reference.as_html(request)
    assert _body(fast_html) == _body(reference_html)
    assert _body(fast_html).count("<tr") == 16 and "—" in _body(fast_html)


def test_a_persons_page_runs_as_many_queries_however_long_their_record(signed_in, people):
    """Postings, evaluations, succession plans, relatives and changes are each read in one query: a record of
    one of each (the relatives' scope is read only when there are relatives) costs what a long one does."""
    few = people["binh"]
    Relation.objects.create(
        official=few, relative=make_official("Người Thân Một", birthplace="10507"), kind="sibling"
    )
    with CaptureQueriesContext(connection) as baseline:
        assert signed_in.get(reverse("people:official_detail", args=[few.pk])).status_code == 200
    many = make_official("Trần Văn Nhiều", birthplace="10507", raised="10507")
    communes = list(
        Commune.objects.filter(province_id="31").order_by("code").values_list("code", flat=True)[:6]
    )
    for index, commune in enumerate(communes):
        post(many, "cv_van_phong", commune=commune, start=dt.date(2010 + index * 2, 1, 1))
    Evaluation.objects.bulk_create(Evaluation(official=many, year=y, level="HTNV") for y in range(2012, 2026))
    for index in range(4):
        relative = make_official(f"Người Thân {index}", birthplace="10507")
        Relation.objects.create(official=many, relative=relative, kind="sibling")
    for index in range(5):  # five edits: five rows in the change log
        many.full_name = f"Trần Văn Nhiều {index}"
        many.save()
    with CaptureQueriesContext(connection) as long_record:
        response = signed_in.get(reverse("people:official_detail", args=[many.pk]))
    assert response.status_code == 200 and "Người Thân 3" in response.content.decode()
    assert len(long_record) <= len(baseline)
