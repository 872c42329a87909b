"""The permission matrix: every role over every kind of scope, on pages, the API, exports and imports alike.

No leak (a row outside the scope is never shown, exported or written) and no missing access (everything inside
it is)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadre.accounts.models import Role
from cadre.accounts.permissions import EXPORT, IMPORT, ROLE_ACTIONS, VIEW
from cadre.geo.models import Commune
from cadre.people.models import Official
from cadre.people.workbook.importer import WorkbookError, import_workbook
from tests.people.factories import make_official, post
from tests.people.workbooks import EVALUATION_HEADERS, OFFICIAL_HEADERS, POSTING_HEADERS, good_sheets, write
from tests.rotation.registry import communes
from tests.users import make_user

HAI_PHONG, HA_NOI = "31", "01"
START = dt.date(2025, 7, 1)


@pytest.fixture
def world(geography):
    """Two officials in two communes of Hải Phòng, one at its province level, one in a Hà Nội commune."""
    a, b = communes(HAI_PHONG, 2)
    (c,) = communes(HA_NOI, 1)
    people = {}
    for name, commune in (("Ở Xã A", a), ("Ở Xã B", b), ("Ở Hà Nội", c)):
        people[name] = make_official(name)
        post(people[name], "bi_thu", commune=commune, start=START)
    people["Ở Tỉnh"] = make_official("Ở Tỉnh")
    post(people["Ở Tỉnh"], "giam_doc_so", province=HAI_PHONG, start=START)
    scopes = {
        "VN": set(people),
        HAI_PHONG: {"Ở Xã A", "Ở Xã B", "Ở Tỉnh"},
        a: {"Ở Xã A"},
        HA_NOI: {"Ở Hà Nội"},
    }
    return people, scopes


ROLES = list(Role.values)
SCOPES = ["VN", HAI_PHONG, "commune", HA_NOI]


def _user(role, scope, world):
    people, scopes = world
    code = next(k for k in scopes if len(k) > 2) if scope == "commune" else scope
    return make_user(f"{role}-{code}", role=role, scope=code), scopes[code]


def _names(response):
    return {row["full_name"] for row in response.json()["results"]}


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_scope_on_the_page_and_the_api(role, scope, world, client):
    people, _ = world
    user, visible = _user(role, scope, world)
    client.force_login(user)
    assert VIEW in ROLE_ACTIONS[role]
    page = client.get(reverse("people:official_list"), {"per_page": 100}).content.decode()
    assert {name for name in people if name in page} == visible
    assert _names(client.get("/api/officials/")) == visible
    for name, official in people.items():
        expected = 200 if name in visible else 404  # outside the scope a person is not found, not forbidden
        assert client.get(reverse("people:official_detail", args=[official.pk])).status_code == expected
        assert client.get(f"/api/officials/{official.pk}/").status_code == expected
    postings = client.get("/api/postings/").json()["results"]
    assert {p["official"] for p in postings} == {people[name].pk for name in visible}


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_exports_hold_exactly_the_scope_and_only_roles_that_may_export_get_one(role, scope, world, client):
    user, visible = _user(role, scope, world)
    client.force_login(user)
    response = client.get(reverse("people:export"))
    if EXPORT not in ROLE_ACTIONS[role]:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert {row[1] for row in rows[1:] if row[1]} == visible


@pytest.mark.parametrize("role", ROLES)
def test_only_roles_that_may_import_open_the_import_page(role, world, client):
    user, _ = _user(role, HAI_PHONG, world)
    client.force_login(user)
    expected = 200 if IMPORT in ROLE_ACTIONS[role] else 403
    assert client.get(reverse("people:import")).status_code == expected


def test_an_import_reaching_outside_the_importers_province_writes_nothing(world, tmp_path):
    path = tmp_path / "registry.xlsx"
    write(path, good_sheets())  # people who work in Hải Phòng
    before = Official.objects.count()
    outsider, _ = _user(Role.BOARD_OFFICER, HA_NOI, world)
    with pytest.raises(WorkbookError, match="outside the scope"):
        import_workbook(path, allowed=Official.objects.restrict(outsider, IMPORT))
    assert Official.objects.count() == before
    insider, _ = _user(Role.BOARD_OFFICER, HAI_PHONG, world)
    report = import_workbook(path, allowed=Official.objects.restrict(insider, IMPORT))
    assert report.written and Official.objects.count() > before


def _takeover(world, target: str, commune_code: str, tmp_path):
    """A workbook that renames `target`, gives them a post in `commune_code`, a failing rating, and a posting
    that overlaps the one they really hold (so a check would describe it, were it run)."""
    people, _scopes = world
    commune = Commune.objects.select_related("province").get(code=commune_code)
    place = f"{commune.name}, {commune.province.name}"
    victim = people[target].citizen_id
    sheets = {
        "Cán bộ": [
            OFFICIAL_HEADERS,
            [
                victim,
                "Tên Bị Đổi",
                "Nam",
                "05/06/1975",
                "",
                "",
                "",
                "",
                place,
                "Bí thư Đảng ủy",
                "01/08/2026",
            ],
        ],
        "Quá trình công tác": [
            POSTING_HEADERS,
            [victim, "Bí thư Đảng ủy", place, "", "01/01/2025", "31/12/2025", ""],
            [UNUSED_ID, "Bí thư Đảng ủy", place, "", "01/01/2025", "31/12/2025", ""],
        ],
        "Đánh giá": [EVALUATION_HEADERS, [victim, 2025, "Không hoàn thành nhiệm vụ", None]],
    }
    return victim, write(tmp_path / "takeover.xlsx", sheets)


UNUSED_ID = "031099000999"  # nobody has it


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_importer_cannot_take_over_an_official_outside_their_commune(world, tmp_path, dry_run):
    people, scopes = world
    commune_a = next(code for code in scopes if len(code) > 2)
    officer = make_user("bto-xa-a", role=Role.BOARD_OFFICER, scope=commune_a)
    victim, path = _takeover(world, "Ở Xã B", commune_a, tmp_path)
    report = import_workbook(path, dry_run=dry_run, allowed=Official.objects.restrict(officer, IMPORT))
    assert not report.ok and not report.written
    refused = {(issue.sheet, issue.row): issue for issue in report.issues}
    assert "không thuộc phạm vi bạn được nhập" in refused[("Cán bộ", 2)].message_vi
    # Outside the scope, the official is answered exactly as a citizen ID nobody has.
    unknown = refused[("Quá trình công tác", 3)].message_en.replace(UNUSED_ID, "ID")
    assert refused[("Quá trình công tác", 2)].message_en.replace(victim, "ID") == unknown
    assert refused[("Đánh giá", 2)].message_en.replace(victim, "ID") == unknown
    b = Official.objects.get(citizen_id=victim)
    assert b.full_name == "Ở Xã B" and b.current_commune_id != commune_a


def test_no_import_error_describes_an_official_outside_the_scope(world, tmp_path):
    """A check-only run by another province's officer learns nothing of a Hải Phòng official's postings."""
    people, _scopes = world
    (ha_noi_commune,) = communes(HA_NOI, 1)
    officer = make_user("bto-hn", role=Role.BOARD_OFFICER, scope=HA_NOI)
    victim, path = _takeover(world, "Ở Xã A", ha_noi_commune, tmp_path)
    report = import_workbook(path, dry_run=True, allowed=Official.objects.restrict(officer, IMPORT))
    assert not report.ok
    text = " ".join(f"{issue.message_vi} {issue.message_en}" for issue in report.issues)
    assert "01/07/2025" not in text and "bi_thu" not in text and "Bí thư" not in text
    assert Official.objects.get(citizen_id=victim).full_name == "Ở Xã A"


def test_a_user_with_no_role_sees_nothing_and_anonymous_callers_are_refused(world, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("norole", password="mat-khau-dai-123"))
    assert _names(client.get("/api/officials/")) == set()
    assert client.get(reverse("people:export")).status_code == 403
    client.logout()
    assert client.get("/api/officials/").status_code in (401, 403)
