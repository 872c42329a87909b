"""A relative outside the user's scope: the person's page, its change log, the API and the registry export say
that the relative exists, how they are related and where within the scope they hold a key post, never who they
are. Within the scope, and for a user who sees the whole country, the relative is named as before."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from schemathesis.specs.openapi.checks import response_schema_conformance

from cadre.accounts.permissions import IMPORT
from cadre.geo.models import Commune
from cadre.people.models import Official, Relation
from cadre.people.workbook import schema
from cadre.people.workbook.importer import import_workbook
from tests.rotation.registry import communes
from tests.users import make_user

from .factories import make_official, post
from .test_api import basic_auth, fuzzed, in_process_requests  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("geography")
HAI_PHONG, HA_NOI = "31", "01"
START = dt.date(2025, 7, 1)
RELATIONS = next(spec.title for spec in schema.SHEETS if spec.key == "relations")
OUTSIDE = "Một người thân ngoài phạm vi quản lý của bạn"


@pytest.fixture
def family(db, geography):
    """Phương works in Hải Phòng commune A. Her father Ngoại is Party secretary of a Hà Nội commune and also
    chairs commune A's People's Council (a key post within Hải Phòng); her brother Nội is Party secretary of
    Hải Phòng commune B. Both relations are recorded (with their history)."""
    a, b = communes(HAI_PHONG, 2)
    (c,) = communes(HA_NOI, 1)
    phuong = make_official("Đặng Thị Phương", citizen_id="031085000101", sex="female")
    post(phuong, "cv_van_phong", commune=a, start=START)
    ngoai = make_official("Vũ Văn Ngoại", citizen_id="001060000102")
    post(ngoai, "bi_thu", commune=c, start=START)
    post(ngoai, "chu_tich_hdnd", commune=a, start=START)
    noi = make_official("Đặng Văn Nội", citizen_id="031082000103")
    post(noi, "bi_thu", commune=b, start=START)
    Relation.objects.create(official=phuong, relative=ngoai, kind="parent")  # Ngoại is Phương's parent
    Relation.objects.create(official=phuong, relative=noi, kind="sibling")
    names = dict(Commune.objects.filter(code__in=[a, b, c]).values_list("code", "name"))
    return {
        "phuong": phuong,
        "ngoai": ngoai,
        "noi": noi,
        "a": names[a],
        "b": names[b],
        "c": names[c],
        "codes": (a, b),
    }


def _page(client, user, person) -> str:
    client.force_login(user)
    response = client.get(reverse("people:official_detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}">')
    return html[start : html.index("</section>", start)]


def _leaks(text: str, person: Official) -> list[str]:
    """What of `person` the text gives away: their name, citizen ID or the link to their page."""
    marks = (person.full_name, person.citizen_id, reverse("people:official_detail", args=[person.pk]))
    return [mark for mark in marks if mark in text]


def test_a_province_officer_sees_that_an_outside_relative_exists_and_where_in_scope_they_hold_a_key_post(
    client, family
):
    officer = make_user("tinh", role="board_officer", scope=HAI_PHONG)
    html = _page(client, officer, family["phuong"])
    assert _leaks(html, family["ngoai"]) == []
    relatives = _section(html, "relatives")
    assert f"{OUTSIDE} (Cha/mẹ) — giữ chức vụ chủ chốt tại {family['a']}" in relatives
    assert family["c"] not in relatives  # the key post in Hà Nội is outside the officer's scope
    # The brother, within the scope, is named and linked as before, with the key post he holds.
    noi = family["noi"]
    link = reverse("people:official_detail", args=[noi.pk])
    assert (
        f'<a href="{link}">Đặng Văn Nội</a>: Anh/chị/em — giữ chức vụ chủ chốt tại {family["b"]}' in relatives
    )


def test_a_commune_officer_sees_neither_relative_outside_the_commune(client, family):
    officer = make_user("xa", role="commune_user", scope=family["codes"][0])
    html = _page(client, officer, family["phuong"])
    assert _leaks(html, family["ngoai"]) == [] and _leaks(html, family["noi"]) == []
    relatives = _section(html, "relatives")
    assert f"{OUTSIDE} (Cha/mẹ) — giữ chức vụ chủ chốt tại {family['a']}" in relatives
    assert (
        f"{OUTSIDE} (Anh/chị/em) — không giữ chức vụ chủ chốt tại xã, phường nào trong phạm vi" in relatives
    )


def test_the_change_log_does_not_name_an_outside_relative(client, family):
    officer = make_user("tinh", role="board_officer", scope=HAI_PHONG)
    changes = _section(_page(client, officer, family["phuong"]), "changes")
    assert _leaks(changes, family["ngoai"]) == []
    assert "một người thân ngoài phạm vi quản lý của bạn" in changes and "Đặng Văn Nội" in changes
    # Seen from the father's side, the daughter, outside a Hà Nội officer's scope, is not named either.
    hanoi = make_user("hanoi", role="board_officer", scope=HA_NOI)
    changes = _section(_page(client, hanoi, family["ngoai"]), "changes")
    assert _leaks(changes, family["phuong"]) == [] and "Con" in changes


def test_a_national_user_still_sees_every_relative_by_name(client, family):
    ministry = make_user("bo", role="ministry_viewer", scope="VN")
    html = _page(client, ministry, family["phuong"])
    relatives = _section(html, "relatives")
    ngoai = reverse("people:official_detail", args=[family["ngoai"].pk])
    assert f'<a href="{ngoai}">Vũ Văn Ngoại</a>: Cha/mẹ' in relatives and OUTSIDE not in relatives
    assert "Đặng Văn Nội" in relatives
    assert "Vũ Văn Ngoại" in _section(html, "changes")


def _api_relatives(client, user, person) -> tuple[str, list[dict]]:
    client.force_login(user)
    response = client.get(f"/api/officials/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode(), response.json()["relatives"]


def test_the_api_gives_an_outside_relative_without_id_or_name(client, family):
    officer = make_user("tinh", role="board_officer", scope=HAI_PHONG)
    body, relatives = _api_relatives(client, officer, family["phuong"])
    assert "Vũ Văn Ngoại" not in body and family["ngoai"].citizen_id not in body
    noi = family["noi"]
    assert relatives == [
        {
            "id": noi.pk,
            "full_name": "Đặng Văn Nội",
            "relation": "sibling",
            "outside_scope": False,
            "holds_key_post_in": [{"code": family["codes"][1], "name": family["b"]}],
        },
        {
            "relation": "parent",
            "outside_scope": True,
            "holds_key_post_in": [{"code": family["codes"][0], "name": family["a"]}],
        },
    ]
    ministry = make_user("bo", role="ministry_viewer", scope="VN")
    _body, relatives = _api_relatives(client, ministry, family["phuong"])
    assert {(r["full_name"], r["outside_scope"]) for r in relatives} == {
        ("Vũ Văn Ngoại", False),
        ("Đặng Văn Nội", False),
    }
    assert [r["id"] for r in relatives if r["full_name"] == "Vũ Văn Ngoại"] == [family["ngoai"].pk]


@pytest.mark.usefixtures("in_process_requests")
def test_an_outside_relative_keeps_to_the_published_schema(family):
    make_user("tinh", password="mat-khau-dai-123", role="board_officer", scope=HAI_PHONG)
    case = fuzzed["/api/officials/{id}/"]["GET"].Case(path_parameters={"id": family["phuong"].pk})
    response = case.call(headers=basic_auth("tinh", "mat-khau-dai-123"))
    assert response.status_code == 200 and json.loads(response.content)["relatives"][1]["outside_scope"]
    case.validate_response(response, checks=[response_schema_conformance])


def _cells(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


def _relations_only(content: bytes) -> io.BytesIO:
    """The export's relatives sheet alone (re-importing the whole export is the registry round trip's own test)."""
    book = load_workbook(io.BytesIO(content))
    for sheet in list(book.worksheets):
        if sheet.title != RELATIONS:
            book.remove(sheet)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.mark.parametrize("scope", ["province", "commune"])
def test_an_export_names_no_outside_relative_and_imports_back_keeping_the_relation(client, family, scope):
    where = HAI_PHONG if scope == "province" else family["codes"][0]
    officer = make_user("tinh", role="board_officer", scope=where)
    client.force_login(officer)
    response = client.get(reverse("people:export"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert _leaks(_cells(content), family["ngoai"]) == []
    rows = list(load_workbook(io.BytesIO(content), read_only=True)[RELATIONS].iter_rows(values_only=True))[1:]
    phuong, noi = family["phuong"].citizen_id, family["noi"].citizen_id
    assert rows == ([(phuong, noi, "Anh/chị/em")] if scope == "province" else [])
    # Re-imported by the same officer: nothing refused, and the relation the file could not show is kept (a
    # relation missing from the sheet is left as it is, never deleted).
    relations = set(Relation.objects.values_list("official_id", "relative_id", "kind"))
    report = import_workbook(_relations_only(content), allowed=Official.objects.restrict(officer, IMPORT))
    assert report.issues == [] and report.written
    assert set(Relation.objects.values_list("official_id", "relative_id", "kind")) == relations
