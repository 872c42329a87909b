"""A person's Sơ yếu lý lịch (Mẫu 2C-BNV/2008) from the registry, downloaded from the person's page as DOCX and
read as a clerk would: the form's items and headings, what the registry knows filled in, what it does not know
left dotted (never "None", never guessed), the career from the postings, the relatives the reader may see; and
the download refused ("not found") to a user outside the person's province, as the page is."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from cadre.documents.layout import DOTS
from cadre.geo.models import Commune
from cadre.people.models import Official, Relation
from tests.people.factories import make_official, post, rate
from tests.rotation.plans import texts
from tests.rotation.registry import communes
from tests.users import make_user

pytestmark = pytest.mark.usefixtures("geography")
HAI_PHONG, HA_NOI = "31", "01"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def an(db, geography):
    """An: a Hải Phòng deputy secretary from 2016, secretary of another commune from 1/7/2025, rated twice;
    his sister works in Hải Phòng, his father in Hà Nội. The registry has no religion for anyone."""
    a, b = communes(HAI_PHONG, 2)
    (c,) = communes(HA_NOI, 1)
    person = make_official(
        "Nguyễn Văn An",
        citizen_id="031075000001",
        birthplace=a,
        hometown=a,
        ethnicity="Kinh",
        education="Thạc sĩ Quản lý công",
        political_theory="advanced",
        party_joined=dt.date(1998, 5, 19),
    )
    post(person, "pho_bi_thu", commune=a, start=dt.date(2016, 1, 1))
    post(person, "bi_thu", commune=b, start=dt.date(2025, 7, 1))
    rate(person, {2024: "HTTNV", 2025: "HTXSNV"})
    sister = make_official(
        "Nguyễn Thị Bích", citizen_id="031080000002", sex="female", born=dt.date(1980, 2, 2)
    )
    post(sister, "cv_van_phong", commune=a, start=dt.date(2025, 7, 1))
    father = make_official("Nguyễn Văn Cha", citizen_id="001050000003", born=dt.date(1950, 1, 1))
    post(father, "bi_thu", commune=c, start=dt.date(2025, 7, 1))
    Relation.objects.create(official=person, relative=sister, kind="sibling")
    Relation.objects.create(official=person, relative=father, kind="parent")
    return person


def download(client, user, official):
    client.force_login(user)
    return client.get(reverse("people:resume", args=[official.pk]))


def table_with(doc, column: str) -> list[list[str]]:
    table = next(t for t in doc.tables if column in [c.text for c in t.rows[0].cells])
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_the_resume_fills_what_the_registry_knows_and_leaves_the_rest_dotted(client, an):
    response = download(client, make_user("bto", role="board_officer", scope=HAI_PHONG), an)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(response.content))
    text = texts(doc)
    whole = "\n".join(text)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    for heading in (
        "Mẫu 2C-BNV/2008",
        "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC",
        "27) ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, NGOẠI NGỮ, TIN HỌC",
        "28) TÓM TẮT QUÁ TRÌNH CÔNG TÁC",
        "30) QUAN HỆ GIA ĐÌNH",
        "32) NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG CÁN BỘ, CÔNG CHỨC",
    ):
        assert heading in text
    assert "1) Họ và tên khai sinh (viết chữ in hoa): NGUYỄN VĂN AN" in text
    assert "3) Sinh ngày: 05 tháng 06 năm 1975, Giới tính (nam, nữ): Nam" in text
    assert f"6) Dân tộc: Kinh, 7) Tôn giáo: {DOTS}" in text  # the registry has no religion: blank
    assert f"2) Tên gọi khác: {DOTS}" in text and f"9) Nơi ở hiện nay: {DOTS}" in text
    assert "15.2- Trình độ chuyên môn cao nhất: Thạc sĩ Quản lý công" in text
    assert f"15.3- Lý luận chính trị: Cao cấp, 15.4- Quản lý nhà nước: {DOTS}" in text
    assert f"16) Ngày vào Đảng Cộng sản Việt Nam: 19/05/1998, Ngày chính thức: {DOTS}" in text
    assert any(t.startswith("25) Số định danh cá nhân") and "031075000001" in t for t in text)
    assert "năm 2025: Hoàn thành xuất sắc nhiệm vụ; năm 2024: Hoàn thành tốt nhiệm vụ" in whole
    assert "None" not in whole and "null" not in whole.lower()

    career = table_with(doc, "Từ tháng, năm đến tháng, năm")
    assert [row[0] for row in career] == ["01/2016 - 06/2025", "07/2025 - nay"]
    assert career[0][1].startswith("Phó Bí thư") and career[1][1].startswith("Bí thư")
    current = next(t for t in text if t.startswith("12) Chức vụ (chức danh) hiện tại: "))
    assert current.endswith(career[1][1])


def test_relatives_are_named_only_within_the_readers_scope(client, an):
    inside = Document(
        io.BytesIO(download(client, make_user("hp", role="board_officer", scope=HAI_PHONG), an).content)
    )
    family = table_with(inside, "Mối quan hệ")
    named = [row for row in family if row[1]]
    assert [row[:3] for row in named] == [["Anh, chị, em ruột", "Nguyễn Thị Bích", "1980"]]
    assert "Nguyễn Văn Cha" not in "\n".join(texts(inside))  # the father works in Hà Nội: not named
    everyone = make_user("tw", role="board_officer", scope="VN")
    whole = Document(io.BytesIO(download(client, everyone, an).content))
    assert {row[1] for row in table_with(whole, "Mối quan hệ") if row[1]} == {
        "Nguyễn Thị Bích",
        "Nguyễn Văn Cha",
    }
    assert ["Cha (mẹ)", "Nguyễn Văn Cha", "1950"] in [row[:3] for row in table_with(whole, "Mối quan hệ")]


def test_a_partly_known_birth_date_leaves_the_unknown_parts_dotted(client, db, geography):
    (a,) = communes(HAI_PHONG, 1)
    binh = make_official(
        "Trần Thị Bình", sex="female", born=dt.date(1980, 1, 1), precision="year", birthplace=a
    )
    Official.objects.filter(pk=binh.pk).update(birthplace_text="")  # matched to a commune, no text kept
    post(binh, "chu_tich_ubnd", commune=a, start=dt.date(2020, 7, 1))
    doc = Document(
        io.BytesIO(download(client, make_user("bto", role="board_officer", scope=HAI_PHONG), binh).content)
    )
    text = texts(doc)
    assert "3) Sinh ngày: …… tháng …… năm 1980, Giới tính (nam, nữ): Nữ" in text
    assert f"6) Dân tộc: {DOTS}, 7) Tôn giáo: {DOTS}" in text  # no ethnicity recorded either
    assert f"15.3- Lý luận chính trị: {DOTS}, 15.4- Quản lý nhà nước: {DOTS}" in text
    commune = Commune.objects.select_related("province").get(code=a)
    assert f"4) Nơi sinh: {commune.name}, {commune.province.name}" in text
    assert f"5) Quê quán: {DOTS}" in text


def test_the_download_is_not_found_outside_the_persons_province_as_the_page_is(client, an):
    outsider = make_user("hn", role="board_officer", scope=HA_NOI)
    assert download(client, outsider, an).status_code == 404
    assert client.get(reverse("people:official_detail", args=[an.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("people:resume", args=[an.pk])).status_code in (302, 403)


def test_the_persons_page_links_to_the_resume(client, an):
    client.force_login(make_user("bto", role="board_officer", scope=HAI_PHONG))
    page = client.get(reverse("people:official_detail", args=[an.pk])).content.decode()
    assert f'href="{reverse("people:resume", args=[an.pk])}"' in page
    assert "Tải Sơ yếu lý lịch (Mẫu 2C)" in page


def test_a_person_holding_two_posts_at_once_has_both_as_the_current_post(client, an):
    b = communes(HAI_PHONG, 2)[1]
    post(an, "chu_tich_hdnd", commune=b, start=dt.date(2025, 7, 1))
    doc = Document(
        io.BytesIO(download(client, make_user("bto", role="board_officer", scope=HAI_PHONG), an).content)
    )
    current = next(t for t in texts(doc) if t.startswith("12) Chức vụ (chức danh) hiện tại: "))
    assert current.count("; ") == 1 and "Bí thư" in current and "Chủ tịch HĐND" in current


def test_an_annex_of_many_resumes_asks_the_database_the_same_number_of_times_as_one(an):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cadre.documents.layout import new_document
    from cadre.people.resume import add_resumes

    a, b = communes(HAI_PHONG, 2)
    others = []
    for n in range(4):
        person = make_official(f"Người Thứ {n}", birthplace=a)
        post(person, "pho_bi_thu", commune=b, start=dt.date(2020, 1, 1))
        rate(person, {2025: "HTTNV"})
        if n == 0:
            Relation.objects.create(official=an, relative=person, kind="sibling")
        others.append(person)
    visible = Official.objects.filter(current_province_id=HAI_PHONG)

    def counted(people):
        doc = new_document()
        with CaptureQueriesContext(connection) as queries:
            add_resumes(doc, people, visible=visible, heading=["PHỤ LỤC", "SƠ YẾU LÝ LỊCH", "(kèm theo)"])
        return len(queries), doc

    one, _doc = counted([an])
    five, doc = counted([an, *others])
    assert five == one
    text = texts(doc)
    assert text.count("SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC") == 5
    assert [t for t in text if t.startswith("1) Họ")][1:] == [
        f"1) Họ và tên khai sinh (viết chữ in hoa): NGƯỜI THỨ {n}" for n in range(4)
    ]
    # An's sister and the first of the others are his siblings; each résumé names them from its own side.
    names = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "Nguyễn Thị Bích" in names and "Người Thứ 0" in names and "Nguyễn Văn An" in names


def test_a_user_who_may_only_view_sees_the_page_but_not_the_resume(client, an):
    """The résumé carries the citizen id and the family: it is an export, as the registry's workbook is."""
    viewer = make_user("xa", role="commune_user", scope=an.current_commune_id)
    client.force_login(viewer)
    page = client.get(reverse("people:official_detail", args=[an.pk]))
    assert page.status_code == 200
    assert reverse("people:resume", args=[an.pk]) not in page.content.decode()
    assert download(client, viewer, an).status_code == 403
