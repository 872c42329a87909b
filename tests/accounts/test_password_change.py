"""Changing one's own password, and the one-time password `cadre users create` prints: until its user has chosen
their own, every page sends them to the change page and the API refuses them (403), in both languages."""

import base64
import json

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import Client
from django.urls import reverse

from cadre.accounts.backends import ThrottledModelBackend
from cadre.accounts.models import FailedLogin, OneTimePassword
from cadre.accounts.services import ensure_demo_officials, must_change_password
from cadre.cli import main
from tests.users import make_user

CHANGE = "/account/password/"
NEW = "mat-khau-rieng-cua-toi"


def created(capsys, username="lan"):
    """A user made by `cadre users create`, and the one-time password it printed."""
    assert main(["users", "create", username, "--role", "board_officer", "--scope", "31"]) == 0
    return json.loads(capsys.readouterr().out)["password"]


def sign_in(client, password, username="lan"):
    return client.post(reverse("login"), {"username": username, "password": password})


def basic(client, password, username="lan", url="/api/positions/"):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return client.get(url, HTTP_AUTHORIZATION=f"Basic {token}")


def change(client, old, new1, new2=None):
    return client.post(CHANGE, {"old_password": old, "new_password1": new1, "new_password2": new2 or new1})


def test_a_one_time_password_leads_to_the_change_page_and_nowhere_else(geography, client, capsys):
    one_time = created(capsys)
    assert sign_in(client, one_time).status_code == 302
    for url in ["/", "/people/", "/plans/", "/staffing/", "/geo/communes/", "/admin/", "/api/docs/"]:
        response = client.get(url)
        assert (response.status_code, response.url) == (302, CHANGE), url
    page = client.get(CHANGE).content.decode()
    assert "Đổi mật khẩu" in page and "mật khẩu dùng một lần" in page
    assert client.post(reverse("logout")).status_code == 302  # signing out still works
    assert client.get("/").url.startswith("/login/")


def test_the_api_refuses_a_one_time_password_with_a_reason_in_both_languages(geography, client, capsys):
    one_time = created(capsys)
    refused = basic(client, one_time)
    assert refused.status_code == 403
    detail = refused.json()["detail"]
    assert "đổi mật khẩu" in detail and "change it first" in detail
    assert basic(client, one_time, url="/api/schema/").status_code == 403
    sign_in(client, one_time)
    by_session = client.get("/api/officials/")
    assert by_session.status_code == 403 and "change it first" in by_session.json()["detail"]


def test_changing_it_keeps_the_session_clears_the_flag_and_retires_the_old_password(
    geography, client, capsys
):
    one_time = created(capsys)
    sign_in(client, one_time)
    response = change(client, one_time, NEW)
    assert (response.status_code, response.url) == (302, "/")
    dashboard = client.get("/")
    assert dashboard.status_code == 200  # still signed in, and no longer sent away
    assert "Mật khẩu của bạn đã được đổi." in dashboard.content.decode()
    assert not OneTimePassword.objects.exists()
    assert authenticate(username="lan", password=one_time) is None
    assert basic(Client(), NEW).status_code == 200


@pytest.mark.parametrize(
    "old, new1, new2, message",
    [
        ("sai-mat-khau", NEW, NEW, "Mật khẩu cũ không chính xác"),
        (None, NEW, "mat-khau-khac-han", "Hai trường mật khẩu không giống nhau"),
        (None, "ngan", "ngan", "Mật khẩu này quá ngắn"),
        (None, "password123", "password123", "Mật khẩu này quá phổ biến"),
        (None, None, None, "Mật khẩu mới phải khác mật khẩu hiện tại"),
    ],
    ids=["wrong current password", "mismatch", "too short", "too common", "same as the one-time one"],
)
def test_bad_input_is_refused_and_changes_nothing(geography, client, capsys, old, new1, new2, message):
    one_time = created(capsys)
    sign_in(client, one_time)
    response = change(client, old or one_time, new1 or one_time, new2 or one_time)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert OneTimePassword.objects.filter(user__username="lan").exists()
    assert authenticate(username="lan", password=one_time) is not None
    assert client.get("/").url == CHANGE


def test_guessing_the_current_password_counts_towards_the_sign_in_lock(db, client):
    """A session left open on a shared PC must not let anyone guess the password behind it without limit."""
    client.force_login(make_user(password="mat-khau-dai-123"))
    for _ in range(5):
        assert "Mật khẩu cũ không chính xác" in change(client, "doan-sai", NEW).content.decode()
    refused = change(client, "mat-khau-dai-123", NEW).content.decode()
    assert "Quá nhiều lần đăng nhập sai" in refused
    assert authenticate(username="canbo", password=NEW) is None
    assert sign_in(Client(), "mat-khau-dai-123", username="canbo").status_code == 200  # locked there too


def test_the_page_speaks_english_when_chosen(geography, client, capsys):
    one_time = created(capsys)
    sign_in(client, one_time)
    client.cookies["django_language"] = "en"
    page = client.get(CHANGE).content.decode()
    assert "Change password" in page and "one-time password" in page
    refused = change(client, one_time, one_time).content.decode()
    assert "The new password must differ from the current one." in refused


def test_any_signed_in_user_can_change_their_password_from_the_header(db, client):
    client.force_login(make_user(password="mat-khau-dai-123"))
    dashboard = client.get("/")
    assert dashboard.status_code == 200 and f'href="{CHANGE}"' in dashboard.content.decode()
    assert change(client, "mat-khau-dai-123", NEW).status_code == 302
    assert authenticate(username="canbo", password=NEW) is not None


def test_the_change_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(password="mat-khau-dai-123"))
    assert change(client, "mat-khau-dai-123", NEW).status_code == 403
    assert authenticate(username="canbo", password="mat-khau-dai-123") is not None


def test_reset_password_gives_a_new_one_time_password(geography, client, capsys):
    one_time = created(capsys)
    sign_in(client, one_time)
    change(client, one_time, NEW)
    FailedLogin.objects.create(username="lan", address="127.0.0.1")
    assert main(["users", "reset-password", "lan"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["username"] == "lan" and printed["password"] not in (one_time, NEW)
    assert client.get("/").url.startswith("/login/")  # the session of the old password ended
    assert not FailedLogin.objects.exists()  # a lock after failed sign-ins ends too
    assert authenticate(username="lan", password=NEW) is None
    sign_in(client, printed["password"])
    assert client.get("/").url == CHANGE
    assert main(["users", "reset-password", "nobody"]) == 2
    assert "No active user 'nobody'" in capsys.readouterr().err


def test_a_chosen_password_is_not_flagged_and_the_demo_logins_browse_at_once(geography, tmp_path, client):
    make_user("chon", password="mat-khau-dai-123")
    (login, *_) = ensure_demo_officials(tmp_path, "31")
    assert not OneTimePassword.objects.exists()
    assert sign_in(client, login.password, username=login.username).status_code == 302
    assert client.get("/").status_code == 200


def test_the_flag_comes_with_the_signed_in_user_at_no_extra_query(
    geography, capsys, django_assert_num_queries
):
    created(capsys)
    pk = get_user_model().objects.get(username="lan").pk
    user = ThrottledModelBackend().get_user(pk)
    with django_assert_num_queries(0):
        assert must_change_password(user)
