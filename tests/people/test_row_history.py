"""Row history: every write to the registry, bulk ones included, keeps who, when, before and after, and why."""

import datetime as dt
import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadre.people.models import Discipline, Evaluation, Official, Position, Posting, Relation, SuccessionPlan
from cadre.people.row_history import change_reason
from cadre.people.services import close_posting, record_posting
from cadre.people.workbook.importer import import_workbook
from tests.users import make_user

from .factories import make_official, post, registry, three_people
from .test_pages import good_workbook, import_page
from .workbooks import AN, BINH, CUONG, good_sheets, write

pytestmark = pytest.mark.usefixtures("geography")
TRACKED = (Official, Posting, Evaluation, SuccessionPlan, Relation, Discipline)
APPROVAL = "Phương án luân chuyển #7 đã phê duyệt: đủ tiêu chuẩn, đúng quy trình"


def history_sizes() -> tuple[int, ...]:
    return tuple(model.history.count() for model in TRACKED)


def registry_sizes() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in TRACKED)


@pytest.fixture
def signed_in(client, db):
    user = make_user("to-chuc", role="administrator", scope="VN")
    client.force_login(user)
    client.user = user
    return client


def page(client, official, language="vi") -> str:
    client.post(reverse("set_language"), {"language": language})
    response = client.get(reverse("people:official_detail", args=[official.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="changes"') :]


# ---- the import ----------------------------------------------------------------------------------------------


def test_an_import_keeps_one_history_row_per_row_it_creates_with_the_file_as_the_reason(tmp_path):
    report = import_workbook(write(tmp_path / "so-dang-ky.xlsx", good_sheets()))
    assert report.ok and registry_sizes() == (3, 4, 3, 2, 1, 1)
    assert history_sizes() == registry_sizes()
    for model in TRACKED:
        rows = model.history.all()
        assert {(r.history_type, r.history_change_reason, r.history_user_id) for r in rows} == {
            ("+", "Nhập từ tệp so-dang-ky.xlsx", None)  # from the command line: no user
        }
        # Each history row is a copy of the row it records.
        assert {r.id for r in rows} == set(model.objects.values_list("pk", flat=True))
    an = Official.history.get(citizen_id=AN)
    assert (an.full_name, an.birthplace_text) == ("Nguyễn Văn An", "Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương")
    assert (
        an.birthplace_id == "11113" and an.years_by_unit == Official.objects.get(citizen_id=AN).years_by_unit
    )
    assert Evaluation.history.get(official__citizen_id=AN, year=2025).score == 92


def test_an_import_from_the_page_records_the_signed_in_user(signed_in):
    assert "Đã nhập" in import_page(signed_in, good_workbook(), False).content.decode()
    assert history_sizes() == registry_sizes() == (2, 1, 1, 0, 0, 0)
    users = {r.history_user_id for model in TRACKED for r in model.history.all()}
    reasons = {r.history_change_reason for model in TRACKED for r in model.history.all()}
    assert users == {signed_in.user.pk} and reasons == {"Nhập từ tệp so-dang-ky.xlsx"}


def test_reimporting_the_same_file_changes_nothing_and_adds_no_history(tmp_path):
    path = write(tmp_path / "so-dang-ky.xlsx", good_sheets())
    import_workbook(path)
    before = history_sizes()
    report = import_workbook(path)
    assert not any(report.counts.values())
    assert history_sizes() == before


def test_a_dry_run_leaves_no_history(tmp_path):
    import_workbook(write(tmp_path / "so-dang-ky.xlsx", good_sheets()), dry_run=True)
    assert history_sizes() == (0, 0, 0, 0, 0, 0)


def test_a_changing_import_adds_one_row_per_changed_row_with_before_and_after(tmp_path):
    import_workbook(write(tmp_path / "so-dang-ky.xlsx", good_sheets()))
    before = history_sizes()
    sheets = good_sheets()
    sheets["Cán bộ"][2][1] = "Trần Thị Bình An"  # a corrected name
    sheets["Đánh giá"][3][2] = "HTTNV"  # Bình's 2025 rating, was HTNV
    sheets["Quá trình công tác"].append([AN, "bi_thu", "Xã Hoằng Phú, Thanh Hóa", "", "15/01/2026", "", ""])
    sheets["Kỷ luật"][1][5] = "Đã khắc phục"  # a note on Cường's warning
    user = make_user("nhap-lieu", role="home_affairs", scope="VN")
    with change_reason("Rà soát sổ đăng ký quý I/2026", user=user):
        report = import_workbook(write(tmp_path / "sua.xlsx", sheets))
    assert report.counts["officials_updated"] == 1 and report.counts["evaluations_updated"] == 1
    assert report.counts["postings_created"] == 1 and report.counts["postings_closed"] == 1
    # One more row for Bình, for her rating, for the posting it closes and for the one it creates, and for the
    # discipline's note.
    assert history_sizes() == (
        before[0] + 1,
        before[1] + 2,
        before[2] + 1,
        before[3],
        before[4],
        before[5] + 1,
    )
    assert report.counts["disciplines_updated"] == 1
    noted = Discipline.history.filter(official__citizen_id=CUONG).order_by("history_id")
    assert [(r.history_type, r.note) for r in noted] == [("+", ""), ("~", "Đã khắc phục")]
    binh = Official.objects.get(citizen_id=BINH)
    old, new = binh.history.order_by("history_id")
    assert (old.full_name, new.full_name) == ("Trần Thị Bình", "Trần Thị Bình An")
    assert (new.history_type, new.history_user, new.history_change_reason) == (
        "~",
        user,
        "Rà soát sổ đăng ký quý I/2026",  # the caller's reason, not the file's
    )
    closed = Posting.history.filter(official__citizen_id=AN, end=dt.date(2026, 1, 14)).get()
    assert closed.history_type == "~" and closed.history_user == user


# ---- the services --------------------------------------------------------------------------------------------


def test_recording_a_posting_keeps_before_after_the_user_and_the_reason():
    an = make_official("Nguyễn Văn An")
    post(an, "bi_thu", commune="10507", start=dt.date(2020, 1, 1), decision="QĐ 1")
    approver = make_user("thuong-truc", role="standing_member", scope="VN")
    with change_reason(APPROVAL, user=approver):
        new = record_posting(
            an, Position.objects.get(code="bi_thu"), province="31", commune="10525", start=dt.date(2026, 7, 1)
        )
    first = Posting.objects.get(official=an, commune_id="10507")
    created, changed = first.history.order_by("history_id")
    assert (created.history_type, created.end, created.history_change_reason) == (
        "+",
        None,
        "Ghi quá trình công tác theo QĐ 1",  # the service's own reason when the caller gives none
    )
    assert (changed.history_type, changed.end, changed.history_user, changed.history_change_reason) == (
        "~",
        dt.date(2026, 6, 30),
        approver,
        APPROVAL,
    )
    (made,) = new.history.all()
    assert (made.history_type, made.history_user, made.history_change_reason) == ("+", approver, APPROVAL)
    # The derived facts follow from the postings and are not kept: only the person's creation is.
    assert an.history.count() == 1


def test_closing_a_posting_is_recorded_with_the_reason_in_force():
    an = make_official("Nguyễn Văn An")
    post(an, "bi_thu", commune="10507", start=dt.date(2020, 1, 1))
    with change_reason(APPROVAL):  # no user given, none from a request: recorded without one
        assert close_posting(an, Position.objects.get(code="bi_thu"), "10507", dt.date(2026, 6, 30)) == 1
    last = Posting.objects.get(official=an).history.latest()
    assert (last.end, last.history_user, last.history_change_reason) == (dt.date(2026, 6, 30), None, APPROVAL)
    assert close_posting(an, Position.objects.get(code="bi_thu"), "10507", dt.date(2026, 6, 30)) == 0
    assert Posting.history.count() == 2  # closing nothing records nothing


def test_reasons_nest_and_the_inner_one_keeps_the_outer_user():
    an = make_official("Nguyễn Văn An")
    user = make_user("to-chuc", role="board_officer", scope="VN")
    with change_reason("ngoài", user=user), change_reason("trong"):
        post(an, "bi_thu", commune="10507", start=dt.date(2020, 1, 1))
    made = Posting.history.get()
    assert (made.history_user, made.history_change_reason) == (user, "trong")


# ---- the page ------------------------------------------------------------------------------------------------


def test_the_page_shows_who_when_before_after_and_why_in_vietnamese(signed_in):
    an = make_official("Nguyễn Văn An", citizen_id="031075000001")
    post(an, "pho_bi_thu", commune="10507", start=dt.date(2016, 1, 1))
    with change_reason(APPROVAL, user=signed_in.user):
        post(an, "bi_thu", commune="10525", start=dt.date(2026, 7, 1))
    html = page(signed_in, an)
    rows = re.findall(r"<tr>(.*?)</tr>", html[html.index("<tbody>") :], re.S)
    # Newest first: the move (the new posting, then the closing of the old one), then the first posting.
    assert "Bí thư Đảng ủy · Phường Hải Dương, Thành phố Hải Phòng · 01/07/2026" in rows[0]
    closing = rows[1]
    assert (
        "Quá trình công tác · Phó Bí thư Đảng ủy · Phường Thành Đông, Thành phố Hải Phòng · 01/01/2016"
        in closing
    )
    assert "Đến ngày: — → 30/06/2026" in closing
    assert "to-chuc" in closing and APPROVAL in closing
    when = Posting.history.filter(end__isnull=False).get().history_date
    assert when.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M") in closing
    assert "Ghi quá trình công tác" in rows[2]
    assert "Thông tin cá nhân" in rows[3] and "Họ và tên: — → Nguyễn Văn An" in rows[3]


def test_the_page_shows_the_same_in_english(signed_in):
    an = make_official("Nguyễn Văn An", ethnicity="Kinh")
    with change_reason("Sửa theo lý lịch gốc", user=signed_in.user):
        an.ethnicity = "Tày"
        an.save()
    Evaluation.objects.create(official=an, year=2025, level="HTNV")
    evaluation = Evaluation.objects.get()
    evaluation.level = "HTTNV"
    evaluation.save()
    html = page(signed_in, an, "en")
    assert "Change history" in html and "What changed" in html
    assert (
        "Personal data" in html
        and "Ethnicity (dân tộc): Kinh → Tày" in html
        and "Sửa theo lý lịch gốc" in html
    )
    assert "Evaluation · 2025" in html
    assert "Level (xếp loại): Completed (HTNV) → Completed well (HTTNV)" in html
    assert "to-chuc" in html


def test_relations_and_plans_are_named_from_either_side(signed_in, tmp_path):
    import_workbook(write(tmp_path / "so-dang-ky.xlsx", good_sheets()))
    an, binh = Official.objects.get(citizen_id=AN), Official.objects.get(citizen_id=BINH)
    assert "Quan hệ gia đình · Trần Thị Bình" in page(signed_in, an)
    assert "Quan hệ gia đình · Nguyễn Văn An" in page(signed_in, binh)
    assert "Quy hoạch · Bí thư Đảng ủy · Huyện Tứ Kỳ, Thành phố Hải Phòng · 2025–2030" in page(signed_in, an)


def test_rows_recorded_before_the_history_began_show_their_first_change_only(signed_in):
    """The migration keeps the registry as it stood as one snapshot per row; the page lists what changed since."""
    people = three_people()
    for model in TRACKED:
        model.history.all().delete()
    migration = importlib.import_module("cadre.people.migrations.0003_history")
    migration.record_rows_already_there(apps, SimpleNamespace(connection=connection))
    assert history_sizes() == registry_sizes()
    an = people["an"]
    assert "<table" not in page(signed_in, an)  # nothing has changed since
    with change_reason("Đính chính", user=signed_in.user):
        an.full_name = "Nguyễn Văn Ân"
        an.save()
    html = page(signed_in, an)
    assert "Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân" in html and "Đính chính" in html
    assert len(re.findall(r"<tr>", html)) == 2  # the header and the one change


def test_someone_outside_the_users_scope_is_not_found(client):
    people = three_people()
    client.force_login(make_user("xa", role="commune_user", scope="00004"))  # Bình's ward in Hà Nội
    assert client.get(reverse("people:official_detail", args=[people["binh"].pk])).status_code == 200
    assert client.get(reverse("people:official_detail", args=[people["an"].pk])).status_code == 404


def test_the_history_costs_a_fixed_number_of_queries_however_long(signed_in):
    def count(official) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(reverse("people:official_detail", args=[official.pk])).status_code == 200
        return len(captured)

    (short,) = registry(1)
    (long,) = registry(1)
    for year in range(2010, 2024):
        Evaluation.objects.create(official=long, year=year, level="HTNV")
    for number in range(5):
        long.education = f"Bằng {number}"
        long.save()
    post(long, "bi_thu", commune=long.current_commune_id, start=dt.date(2026, 1, 1))
    assert count(long) == count(short)
