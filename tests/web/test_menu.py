"""The top menu shows each role only what it may do, leads to the exits list, and folds on a phone."""

import re

import pytest

from tests.users import make_user

HAI_PHONG = "31"


def menu(client) -> str:
    html = client.get("/geo/").content.decode()
    return re.search(r"<header.*?</header>", html, re.S).group(0)


@pytest.mark.parametrize(
    ("role", "imports"),
    [("board_officer", True), ("standing_member", False), ("home_affairs", True), ("ministry_viewer", False)],
)
def test_the_menu_offers_import_only_to_those_who_may_import(client, db, role, imports):
    make_user("u", role=role, scope=HAI_PHONG if role != "ministry_viewer" else "VN")
    client.login(username="u", password="mat-khau-dai-123")
    header = menu(client)
    assert ('href="/people/import/"' in header) is imports
    assert 'href="/people/exits/">Danh sách nghỉ việc<' in header and 'href="/plans/"' in header
    assert 'href="/api/docs/"' not in header  # the API is the administrator's
    assert 'action="/logout/"' in header  # signing out is in the menu, folded or not
    if not imports:
        assert 'href="/people/import/"' not in client.get("/people/").content.decode()  # nor the list's link


def test_the_administrator_also_finds_the_api(client, db):
    make_user("quantri")
    client.login(username="quantri", password="mat-khau-dai-123")
    assert 'href="/api/docs/"' in menu(client)


def test_the_menu_folds_behind_a_toggle_without_a_script(client, db):
    make_user("u", role="board_officer", scope=HAI_PHONG)
    client.login(username="u", password="mat-khau-dai-123")
    header = menu(client)
    assert '<input type="checkbox" id="menu-toggle"' in header and '<label for="menu-toggle"' in header
    assert ">Trình đơn</label>" in header and "<script" not in header
