"""The exit list and a person's exit options, as staff meet them: who the rules flag and why, who is
protected, what each way out would pay on the estimated inputs, in the user's scope and language."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from cadre.core.dates import PartialDate
from cadre.core.rules.exit_benefits import exit_benefit
from cadre.core.rules.exit_case import ExitCase, PersonFacts
from cadre.people import views
from cadre.people.exits import listing
from cadre.people.models import Official
from cadre.web.views import XLSX
from tests.users import make_user

from ..factories import make_official, post, rate, registry

pytestmark = pytest.mark.usefixtures("geography")

# Leaving on 1/1/2026, after Decree 178 closed (Decree 154 applies), with the base salary of 2024.
DATES = {"leave_date": "2026-01-01", "decision_date": "2025-07-01"}
# Leaving on 1/9/2025, Decree 178's last leave date, in month 3 of the restructuring: Decree 178 applies.
DATES_178 = {"leave_date": "2025-09-01", "decision_date": "2025-07-01"}
HAI_PHONG, HA_NOI = "31", "01"
THANH_DONG, BA_DINH = "10507", "00004"  # communes of Hải Phòng and Hà Nội


@pytest.fixture
def signed_in(client):
    client.force_login(make_user())
    return client


def civil_servant(name="Lò Văn Dũng", *, sex="male", commune=THANH_DONG, **fields) -> Official:
    """A commune civil servant (a job post, not elected) rated KHTNV in 2024 and 2025."""
    official = make_official(name, sex=sex, born=dt.date(1980, 3, 10), **fields)
    post(official, "cv_van_phong", commune=commune, start=dt.date(2010, 1, 1))
    rate(official, {2023: "HTNV", 2024: "KHTNV", 2025: "KHTNV"})
    return official


def early_retiree() -> Official:
    """A man whose pension at the statutory age starts on 1/1/2029 (62 in December 2028): 36 months after
    leaving on 1/1/2026, with 25 years of service since his first posting."""
    official = make_official("Đỗ Văn Hưng", born=dt.date(1966, 12, 5))
    post(official, "cv_van_phong", commune=THANH_DONG, start=dt.date(2001, 1, 1))
    rate(official, {2025: "HTNV"})
    return official


# Hưng's estimated facts: 300 insured months from his first posting; a job post, grade A1, step 9 (25 years).
HUNG = PersonFacts(
    birth=PartialDate(1966, 12, 5),
    sex="male",
    salary_coefficient=Decimal("4.98"),
    position_allowance_coefficient=Decimal(0),
    public_service_allowance_pct=Decimal(25),
    social_insurance_months=300,
    leave_date=dt.date(2026, 1, 1),
    restructuring_decision_date=dt.date(2025, 7, 1),
)


def rows(client, **params):
    """The rows of the exit list; every flag unless `flag` says otherwise (the page's default is only the
    evaluation rules' flags: `test_the_exit_list_shows_by_default_the_people_the_evaluation_rules_flag`)."""
    response = client.get(reverse("people:exit_list"), {"flag": "all", **DATES, **params})
    assert response.status_code == 200
    return list(response.context["table"].data)


def row_of(client, official, **params):
    found = [row for row in rows(client, **params) if row.person.pk == official.pk]
    assert len(found) <= 1
    return found[0] if found else None


def test_two_consecutive_khtnv_years_dismiss_a_civil_servant(signed_in):
    dung = civil_servant()
    row = row_of(signed_in, dung)
    assert row.flag == "dismissal" and row.protection is None
    html = signed_in.get(reverse("people:exit_list"), DATES).content.decode()
    assert "Giải quyết thôi việc" in html and "2 năm liên tiếp (2024, 2025) không hoàn thành nhiệm vụ" in html


# "maternity" is the registry's one protection for a woman who is pregnant or raising a child under 36 months.
@pytest.mark.parametrize(
    ("protection", "sex", "why"),
    [
        ("maternity", "female", "Đang mang thai hoặc nuôi con dưới 36 tháng tuổi"),
        ("discipline", "male", "Đang bị xem xét kỷ luật"),
        ("prosecution", "male", "Đang bị truy cứu trách nhiệm hình sự"),
    ],
)
def test_a_protected_civil_servant_is_listed_as_protected_with_why(signed_in, protection, sex, why):
    dung = civil_servant(sex=sex, protection=protection)
    row = row_of(signed_in, dung)
    assert row is not None, "a protected person must never be dropped from the list"
    assert row.flag == "dismissal_deferred" and row.protection.vi == why
    html = signed_in.get(reverse("people:exit_list"), DATES).content.decode()
    assert (
        "Thôi việc, chưa giải quyết (diện bảo vệ)" in html
        and why in html
        and "chưa giải quyết thôi việc" in html
    )
    assert row_of(signed_in, dung, protected="yes") is not None
    assert row_of(signed_in, dung, protected="no") is None


def test_an_elected_chair_is_relieved_of_office_and_a_protection_is_shown_not_hidden(signed_in):
    chair = make_official("Trần Thị Bình", sex="female", born=dt.date(1980, 1, 1), protection="maternity")
    post(chair, "chu_tich_ubnd", commune=BA_DINH, start=dt.date(2020, 7, 1))
    rate(chair, {2024: "KHTNV", 2025: "KHTNV"})
    row = row_of(signed_in, chair)
    assert row.flag == "relieved_of_office" and "miễn nhiệm" in row.reason.vi
    assert row.protection.vi.startswith("Đang mang thai") and "không hoãn miễn nhiệm" in row.protection.vi


def test_two_non_consecutive_khtnv_years_reassign_a_civil_servant(signed_in):
    official = make_official("Hà Văn Tú", born=dt.date(1985, 5, 5))
    post(official, "cv_tu_phap", commune=THANH_DONG, start=dt.date(2012, 1, 1))
    rate(official, {2023: "KHTNV", 2024: "HTNV", 2025: "KHTNV"})
    row = row_of(signed_in, official)
    assert row.flag == "reassignment" and "2023, 2025" in row.reason.vi
    assert [r.person.pk for r in rows(signed_in, flag="reassignment")] == [official.pk]


def test_three_years_from_retirement_with_25_insured_years_may_retire_early_under_decree_154(signed_in):
    hung = early_retiree()
    row = row_of(signed_in, hung)
    assert row.flag == "early_retirement"
    assert row.facts == HUNG
    expected = exit_benefit(ExitCase("decree-154", "early_retirement", HUNG))
    # L = 4.98 × 2,340,000 × 1.25 = 14,566,500; 36 months = 3 years: 5 × 3 + (5 + 0.5 × (25 − 20)) = 22.5
    assert expected.months_early == 36 and expected.total == 327_746_250  # 14,566,500 × 22.5
    assert (row.best.scheme, row.best.kind) == ("decree-154", "early_retirement")
    assert "áp dụng nghỉ hưu trước tuổi (Nghị định 154)" in row.reason.vi
    # Decree 178 had closed on 1/1/2026; Decree 154 quitting is for those who may not retire early.
    assert row.total("decree-178", "early_retirement") is None
    assert row.total("decree-154", "quit") is None


def test_before_decree_178_closed_it_applies_and_is_the_most_favourable(signed_in):
    hung = early_retiree()
    row = row_of(signed_in, hung, **DATES_178)
    # 01/09/2025 → 01/01/2029: 40 months. L × (40 + 5 × 3.5 + (4 + 0.5 × (25 − 15))) = L × 66.5 under Decree 178,
    # against L × (5 × 3.5 + 7.5) = L × 25 under Decree 154.
    assert (row.best.scheme, row.best.kind) == ("decree-178", "early_retirement")
    assert row.best.total == 968_672_250  # 14,566,500 × 66.5
    # Decree 154 would pay 14,566,500 × 25 = 364,162,500, but it does not cover Decree 178's cases.
    assert row.total("decree-154", "early_retirement") is None
    html = signed_in.get(reverse("people:official_detail", args=[hung.pk]), DATES_178).content.decode()
    section = html[html.index('id="exit-options"') : html.index('id="history"')]
    applies = section[section.index('id="exit-decree-178-early_retirement"') :]
    assert "Chế độ áp dụng (có lợi nhất)" in applies[: applies.index("</header>")]
    assert "Áp dụng Nghỉ hưu trước tuổi (Nghị định 178): có lợi nhất" in section


def test_a_decision_after_31_august_closes_decree_178_on_the_persons_page(signed_in):
    hung = early_retiree()
    late = {**DATES_178, "exit_decision_date": "2025-08-31"}
    html = signed_in.get(reverse("people:official_detail", args=[hung.pk]), late).content.decode()
    section = html[html.index('id="exit-options"') : html.index('id="history"')]
    assert "Nghị định 178 đã kết thúc" in section and "Quyết định nghỉ việc ngày 31/08/2025" in section
    assert "Áp dụng Nghỉ hưu trước tuổi (Nghị định 154)" in section
    assert "phải hoàn trả số tiền trợ cấp đã nhận" in section  # the refund, a condition of Decree 154
    assert "31/08/2025" in section[section.index("Ngày ban hành quyết định nghỉ việc") :]


def test_an_exit_decision_after_the_leave_date_is_refused_clearly(signed_in):
    hung = early_retiree()
    bad = {**DATES_178, "exit_decision_date": "2025-09-02"}
    response = signed_in.get(reverse("people:official_detail", args=[hung.pk]), bad)
    assert response.status_code == 200
    refusal = "Quyết định nghỉ việc phải được ban hành trước hoặc đúng ngày nghỉ"
    assert refusal in response.content.decode()
    listed = signed_in.get(reverse("people:exit_list"), {"flag": "all", **bad})
    assert listed.status_code == 200 and refusal in listed.content.decode()
    assert list(listed.context["table"].data) == []
    export = signed_in.get(reverse("people:exit_export"), {"flag": "all", **bad})
    assert export.status_code == 400 and refusal in export.content.decode()


def test_an_exit_decision_after_the_default_leave_date_is_refused_clearly(signed_in):
    """No leave date typed: the default one (the 1st of next month) is the one the decision must not follow."""
    hung = early_retiree()
    after_default = {"exit_decision_date": "2100-12-31"}  # after any default leave date
    refusal = "Quyết định nghỉ việc phải được ban hành trước hoặc đúng ngày nghỉ"
    page = signed_in.get(reverse("people:official_detail", args=[hung.pk]), after_default)
    html = page.content.decode()
    assert page.status_code == 200 and refusal in html
    assert "exit_decision_date:" not in html and page.context["exits"] is None
    listed = signed_in.get(reverse("people:exit_list"), {"flag": "all", **after_default})
    assert listed.status_code == 200 and refusal in listed.content.decode()
    export = signed_in.get(reverse("people:exit_export"), {"flag": "all", **after_default})
    assert export.status_code == 400 and refusal in export.content.decode()


def test_twelve_years_from_retirement_may_quit_but_not_retire_early(signed_in):
    young = make_official("Phan Văn Khoa", born=dt.date(1976, 1, 20))  # 62 in January 2038
    post(young, "cv_van_phong", commune=THANH_DONG, start=dt.date(2000, 1, 1))
    row = row_of(signed_in, young)
    assert row.flag == "quit"
    assert row.total("decree-178", "early_retirement") is None
    assert row.total("decree-154", "quit") > 0 and row.best is not None
    assert "Thôi việc ngay (Nghị định 154)" in row.reason.vi


def test_someone_past_retirement_is_not_flagged(signed_in):
    retired = make_official("Vũ Văn Lão", born=dt.date(1955, 1, 1))
    post(retired, "cv_van_phong", commune=THANH_DONG, start=dt.date(1990, 1, 1))
    assert row_of(signed_in, retired) is None


def test_rows_are_sorted_by_severity_then_name(signed_in):
    early_retiree()
    civil_servant("Bùi Văn Ba")
    civil_servant("An Văn Cả", protection="discipline")
    civil_servant("Cao Văn Dân")
    flags = [(row.flag, row.person.full_name) for row in rows(signed_in)]
    assert flags == [
        ("dismissal", "Bùi Văn Ba"),
        ("dismissal", "Cao Văn Dân"),
        ("dismissal_deferred", "An Văn Cả"),
        ("early_retirement", "Đỗ Văn Hưng"),
    ]


@pytest.fixture
def two_provinces():
    return {
        "dung": civil_servant(),  # Hải Phòng, dismissal
        "lan": civil_servant("Ngô Thị Lan", sex="female", commune=BA_DINH, protection="maternity"),  # Hà Nội
        "hung": early_retiree(),  # Hải Phòng
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"dung", "lan", "hung"}),
        ({"province": HAI_PHONG}, {"dung", "hung"}),
        ({"province": HA_NOI}, {"lan"}),
        ({"commune": BA_DINH}, {"lan"}),
        ({"flag": "dismissal"}, {"dung"}),
        ({"flag": "dismissal_deferred"}, {"lan"}),
        ({"flag": "early_retirement"}, {"hung"}),
        ({"flag": "quit"}, set()),
        ({"protected": "yes"}, {"lan"}),
        ({"protected": "no"}, {"dung", "hung"}),
        ({"province": HA_NOI, "protected": "no"}, set()),
    ],
)
def test_each_filter_narrows_the_list(signed_in, two_provinces, filters, expected):
    names = {
        key
        for key, official in two_provinces.items()
        for row in rows(signed_in, **filters)
        if row.person.pk == official.pk
    }
    assert names == expected


def _export_rows(response) -> list[tuple]:
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = book.worksheets[0]
    return [(r[0], r[5], r[9]) for r in sheet.iter_rows(min_row=2, values_only=True)]


def _page_rows(client, **params) -> list[tuple]:
    return [
        (r.person.citizen_id, str(r.flag_label), r.best.total if r.best else None)
        for r in rows(client, **params)
    ]


@pytest.mark.parametrize(
    "filters",
    [{"flag": ""}, {"flag": "all"}, {"flag": "all", "province": HAI_PHONG}, {"flag": "early_retirement"}],
)
def test_the_export_has_the_pages_rows(signed_in, two_provinces, filters):
    exported = _export_rows(signed_in.get(reverse("people:exit_export"), {**DATES, **filters}))
    assert exported == _page_rows(signed_in, **filters) and exported


def test_a_province_user_never_sees_another_provinces_people(client, two_provinces):
    client.force_login(make_user("lan-hp", role="board_officer", scope=HAI_PHONG))
    seen = {row.person.pk for row in rows(client)}
    assert seen == {two_provinces["dung"].pk, two_provinces["hung"].pk}
    assert not {row.person.pk for row in rows(client, province=HA_NOI)}
    exported = _export_rows(client.get(reverse("people:exit_export"), {**DATES, "flag": "all"}))
    assert {cid for cid, _flag, _total in exported} == {
        two_provinces["dung"].citizen_id,
        two_provinces["hung"].citizen_id,
    }
    assert client.get(reverse("people:official_detail", args=[two_provinces["lan"].pk])).status_code == 404


def test_a_user_who_may_not_export_gets_no_workbook(client, two_provinces):
    client.force_login(make_user("xa", role="commune_user", scope=THANH_DONG))
    assert {row.person.pk for row in rows(client)} == {two_provinces["dung"].pk, two_provinces["hung"].pk}
    assert client.get(reverse("people:exit_export"), DATES).status_code == 403


def _list_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:exit_list"), {"flag": "all", **DATES, **params}).status_code == 200
    return len(queries)


def test_the_list_runs_a_fixed_number_of_queries_whatever_the_number_of_people(signed_in):
    registry(6)
    few, few_rows = _list_queries(signed_in, per_page=100), len(rows(signed_in, per_page=100))
    registry(40)
    civil_servant()
    many, many_rows = _list_queries(signed_in, per_page=100), len(rows(signed_in, per_page=100))
    assert many_rows > few_rows + 30
    # Session, user, grants, the province choices of the form, the names the commune box offers, the people, the
    # poor ratings and the posts.
    assert few == many <= 8
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(reverse("people:exit_export"), DATES).status_code == 200
    assert len(queries) <= 6


def test_the_persons_page_shows_the_five_options_in_vietnamese(signed_in):
    hung = early_retiree()
    html = signed_in.get(reverse("people:official_detail", args=[hung.pk]), DATES).content.decode()
    section = html[html.index('id="exit-options"') : html.index('id="history"')]
    for name in (
        "Nghỉ hưu trước tuổi (Nghị định 178)",
        "Thôi việc (Nghị định 178)",
        "Nghỉ hưu trước tuổi (Nghị định 154)",
        "Thôi việc ngay (Nghị định 154)",
        "Tự nguyện thôi việc (Nghị định 170, Điều 58)",
    ):
        assert name in section
    assert (
        "Trợ cấp cho số năm nghỉ sớm" in section and "L × (5 + 0,5 × (25 − 20))" in section
    )  # decimal comma
    assert "Nghị định 178 đã kết thúc" in section  # why Decree 178 does not apply on 1/1/2026
    # Resigning under Decree 170 Art. 58 pays 14,566,500 × (3 + 1.5 × 25) = 589,943,250, more than early
    # retirement's 327,746,250: early retirement applies by Cadre's reading, and is not called the most favourable.
    assert "Áp dụng Nghỉ hưu trước tuổi (Nghị định 154) cho ngày nghỉ 01/01/2026" in section
    assert "nghỉ hưu trước tuổi được ưu tiên vì được hưởng lương hưu ngay" in section
    assert "589.943.250 đồng" in section and "có lợi nhất" not in section
    applies = section[section.index('id="exit-decree-154-early_retirement"') :]
    assert (
        "Chế độ áp dụng (nghỉ hưu trước tuổi được ưu tiên vì được hưởng lương hưu ngay)"
        in applies[: applies.index("</header>")]
    )
    assert "Người này đủ điều kiện nghỉ hưu trước tuổi" in section  # why Decree 154 quitting does not apply
    total = exit_benefit(ExitCase("decree-154", "early_retirement", HUNG)).total
    assert f"{total:,}".replace(",", ".") + " đ" in section
    assert "ước tính" in section and "300 tháng" in section and "4,98" in section
    assert "từ lần công tác đầu tiên ghi trong sổ (01/01/2001)" in section


def test_the_persons_page_shows_the_five_options_in_english(signed_in):
    hung = early_retiree()
    signed_in.post(reverse("set_language"), {"language": "en"})
    html = signed_in.get(reverse("people:official_detail", args=[hung.pk]), DATES).content.decode()
    section = html[html.index('id="exit-options"') : html.index('id="history"')]
    for name in (
        "Early retirement (Decree 178)",
        "Quitting (Decree 178)",
        "Early retirement (Decree 154)",
        "Quitting at once (Decree 154)",
        "Voluntary resignation (Decree 170 Art. 58)",
        "Allowance for the years early",
        "This person qualifies for early retirement",
        "Decree 178 has closed",
        "The regime that applies (early retirement comes first: it pays the pension at once)",
        "estimate",
        "300 months",
    ):
        assert name in section


def test_the_persons_page_keeps_its_query_count_with_the_exit_options(
    signed_in, django_assert_max_num_queries
):
    hung = early_retiree()
    with django_assert_max_num_queries(
        16
    ):  # as without the section (test_pages): it reads what the page loads
        assert signed_in.get(reverse("people:official_detail", args=[hung.pk])).status_code == 200


@pytest.mark.parametrize("params", [{"decision_date": "2025-02-30"}, {"leave_date": "sắp tới"}])
def test_bad_dates_give_a_clear_message_not_an_error(signed_in, params):
    hung = early_retiree()
    for url in (reverse("people:exit_list"), reverse("people:official_detail", args=[hung.pk])):
        response = signed_in.get(url, params)
        assert response.status_code == 200
        assert 'class="field-error" role="alert"' in response.content.decode()
    export = signed_in.get(reverse("people:exit_export"), params)
    assert export.status_code == 400 and "ngày" in export.content.decode().lower()
    assert rows(signed_in, **{**DATES, **params}) == []


@pytest.mark.parametrize("params", [{"decision_date": "9999-12-31"}, {"commune": "khong-co"}])
def test_a_date_far_outside_any_plausible_range_or_an_unknown_commune_is_refused(signed_in, params):
    early_retiree()
    response = signed_in.get(reverse("people:exit_list"), params)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not list(response.context["table"].data)


def test_the_page_says_the_amounts_are_estimates_and_which_dates_were_assumed(signed_in):
    early_retiree()
    html = signed_in.get(reverse("people:exit_list"), {"decision_date": "2025-07-01"}).content.decode()
    assert "Các số tiền là ước tính" in html
    assumptions = html[html.index('id="exit-assumptions"') :]
    assert "do người dùng chọn" in assumptions and "mặc định" in assumptions  # the decision chosen, leave not


def test_the_officials_list_links_to_the_exit_list(signed_in):
    html = signed_in.get(reverse("people:official_list")).content.decode()
    assert f'href="{reverse("people:exit_list")}"' in html


def test_the_exit_list_needs_a_login(client, db):
    for name in ("people:exit_list", "people:exit_export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_too_many_people_for_one_computation_asks_to_narrow_the_list(signed_in, two_provinces, monkeypatch):
    monkeypatch.setattr(listing, "MAX_PEOPLE", 2)
    everyone = {**DATES, "flag": "all"}
    response = signed_in.get(reverse("people:exit_list"), everyone)
    assert response.status_code == 200 and not list(response.context["table"].data)
    with translation.override("vi"):
        assert escape(views.TOO_MANY % {"limit": 2}) in response.content.decode()
    assert signed_in.get(reverse("people:exit_export"), everyone).status_code == 400
    # An evaluation flag is narrowed in the database first, so the whole country can still be listed by it.
    assert {row.flag for row in rows(signed_in, flag="dismissal")} == {"dismissal"}
    assert len(rows(signed_in, province=HAI_PHONG)) == 2


def test_the_export_is_a_sheet_an_office_reads(signed_in, two_provinces):
    """Vietnamese sheet name and headers, the header frozen with filters, the citizen ID as text and the sums
    of money with thousands separators; the assumptions on their own sheet."""
    response = signed_in.get(reverse("people:exit_export"), DATES)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    assert book.sheetnames == ["Danh sách nghỉ việc", "Giả định"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet["B1"].value == "Họ và tên" and sheet["A1"].font.b
    assert sheet["A2"].number_format == "@" and isinstance(sheet["A2"].value, str)
    totals = [row[9] for row in sheet.iter_rows(min_row=2) if isinstance(row[9].value, int)]
    assert totals and all(cell.number_format == "#,##0" for cell in totals)


def test_after_decree_154_ended_the_persons_page_says_why_nothing_applies(signed_in):
    hung = early_retiree()
    after = {"leave_date": "2031-01-01", "decision_date": "2025-07-01"}
    response = signed_in.get(reverse("people:official_detail", args=[hung.pk]), after)
    assert response.status_code == 200
    section = response.content.decode()
    assert "chỉ áp dụng cho người nghỉ từ 16/06/2025 đến hết 31/12/2030" in section


def test_facts_that_cannot_be_right_are_shown_without_field_names(signed_in):
    young = make_official("Lê Thị Mai", sex="female", born=dt.date(2001, 5, 1))
    post(young, "cv_van_phong", commune=THANH_DONG, start=dt.date(2024, 1, 1))
    before_birth = {"leave_date": "01/01/2001", "decision_date": "01/01/2001"}
    html = signed_in.get(reverse("people:official_detail", args=[young.pk]), before_birth).content.decode()
    section = html[html.index('id="exit-options"') : html.index('id="history"')]
    assert 'role="alert">Ngày nghỉ phải sau ngày sinh.<' in section and "leave_date:" not in section
