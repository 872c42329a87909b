"""The refusal and error pages are pages of the site: in the user's language, with the menu (what the user may
do) and a way back; the server-error page renders with no database and no request context."""

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from cadre.web.views import server_error
from tests.users import make_user

HAI_PHONG = "31"


@pytest.fixture
def standing(client, db):
    make_user("btv", role="standing_member", scope=HAI_PHONG)
    client.login(username="btv", password="mat-khau-dai-123")
    return client


def test_a_page_the_role_may_not_open_is_refused_in_vietnamese_with_the_menu_and_a_way_home(standing):
    response = standing.get("/people/import/", HTTP_REFERER="http://testserver/people/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Không có quyền mở trang này</h1>" in html
    assert "Forbidden" not in html and 'href="/plans/"' in html  # the site's menu, not a bare error
    assert re.search(r'<a href="http://testserver/people/"[^>]*>Quay lại trang trước</a>', html)
    assert re.search(r'<a href="/"[^>]*>Về trang chủ</a>', html)


def test_a_missing_page_says_so_in_vietnamese_and_in_english_when_chosen(standing):
    response = standing.get("/plans/999999/")
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in response.content.decode()
    standing.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = standing.get("/no-such-page/").content.decode()
    assert "<h1>Page not found</h1>" in html and '<html lang="en">' in html and "Not Found" not in html


def test_a_way_back_never_leads_off_the_site(standing):
    html = standing.get("/no-such-page/", HTTP_REFERER="https://evil.example/phish").content.decode()
    assert "evil.example" not in html and "Quay lại trang trước" not in html


@pytest.mark.urls("tests.web.boom_urls")
def test_a_server_error_is_a_page_of_the_site(standing):
    standing.raise_request_exception = False
    response = standing.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500 and not settings.DEBUG
    assert "<h1>Máy chủ gặp lỗi</h1>" in html and re.search(r'<a href="/"[^>]*>Về trang chủ</a>', html)
    assert "Server Error" not in html and "a bug" not in html  # nothing of the failure leaks to the page


def test_the_server_error_page_needs_no_database_and_no_request_context():
    # No `db` fixture: any query would raise. The request has no session, no user, no middleware.
    response = server_error(RequestFactory().get("/anything/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Máy chủ gặp lỗi" in html and "Cadre" in html


def test_a_form_sent_without_its_token_is_refused_in_words_a_user_understands(db):
    make_user("bto", role="board_officer", scope=HAI_PHONG)
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/login/", {"username": "bto", "password": "mat-khau-dai-123"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Biểu mẫu đã hết hạn</h1>" in html and "CSRF" not in html and "Forbidden" not in html
