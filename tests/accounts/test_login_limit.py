"""Failed sign-ins: after five in fifteen minutes the name is locked, even for the right password, on the login
page and the API alike; the lock ends with its window, and a success clears the count."""

import base64
import datetime as dt
import threading
import time

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from cadre.accounts.models import FailedLogin
from tests.users import make_user

PASSWORD = "mat-khau-dai-123"


def sign_in(client, password):
    return client.post(reverse("login"), {"username": "canbo", "password": password})


def basic(client, password):
    token = base64.b64encode(f"canbo:{password}".encode()).decode()
    return client.get("/api/positions/", HTTP_AUTHORIZATION=f"Basic {token}")


def test_five_failures_lock_the_name_even_for_the_right_password(db, client):
    make_user(password=PASSWORD)
    for _ in range(5):
        assert sign_in(client, "sai").status_code == 200  # the form again, with an error
    response = sign_in(client, PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "Quá nhiều lần đăng nhập sai" in response.content.decode()
    assert basic(client, PASSWORD).status_code == 401


def test_the_lock_ends_with_its_window(db, client):
    make_user(password=PASSWORD)
    for _ in range(5):
        sign_in(client, "sai")
    FailedLogin.objects.update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert sign_in(client, PASSWORD).status_code == 302
    assert not FailedLogin.objects.exists()  # a success clears the count


def test_a_success_in_between_starts_the_count_again(db, client):
    make_user(password=PASSWORD)
    for _ in range(4):
        sign_in(client, "sai")
    assert basic(client, PASSWORD).status_code == 200
    for _ in range(4):
        sign_in(client, "sai")
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["can\x00bo", "canbo\x00", "x" * 151, "x" * 5000])
def test_a_name_no_account_can_have_is_a_401_not_a_server_error(db, client, username):
    """On PostgreSQL a NUL in the name, or a name longer than the column, made the sign-in's own query fail."""
    make_user(password=PASSWORD)
    token = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
    assert client.get("/api/positions/", HTTP_AUTHORIZATION=f"Basic {token}").status_code == 401
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert not FailedLogin.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/people/?q=%00",
        "/people/?province=%00",
        "/geo/communes/?q=a%00b",
        "/api/officials/?q=%00",
        "/api/plans/?province=%00",
        "/people/%00/",
        "/plans/?q=%00",
    ],
)
def test_a_nul_in_an_address_is_never_a_server_error(db, client, url):
    client.force_login(make_user())
    assert client.get(url).status_code in (200, 400, 404)


def test_failures_from_elsewhere_do_not_lock_the_person_out_of_their_own_office(db, client):
    """Anyone could once lock any account, the administrator's included, with five requests."""
    make_user(password=PASSWORD)
    for _ in range(5):
        token = base64.b64encode(b"canbo:sai").decode()
        response = client.get(
            "/api/positions/", HTTP_AUTHORIZATION=f"Basic {token}", REMOTE_ADDR="203.0.113.9"
        )
        assert response.status_code == 401
    assert basic(client, PASSWORD).status_code == 200  # from the office's own address (127.0.0.1)
    assert sign_in(client, PASSWORD).status_code == 302
    right_elsewhere = base64.b64encode(f"canbo:{PASSWORD}".encode()).decode()
    elsewhere = client.get(
        "/api/positions/", HTTP_AUTHORIZATION=f"Basic {right_elsewhere}", REMOTE_ADDR="203.0.113.9"
    )
    assert elsewhere.status_code == 401  # but the guessing address stays locked


def test_attempts_older_than_the_window_are_pruned(db, client):
    make_user(password=PASSWORD)
    for _ in range(3):
        sign_in(client, "sai")
    FailedLogin.objects.update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    sign_in(client, "sai")
    assert FailedLogin.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent sign-ins need PostgreSQL")
def test_attempts_at_the_same_moment_cannot_each_slip_under_the_limit(monkeypatch):
    """Forty wrong passwords at once were once each checked (twelve got through a limit of five)."""
    make_user(password=PASSWORD)
    checked = []
    real_check = AbstractBaseUser.check_password

    def slow_check(user, raw):
        checked.append(raw)
        time.sleep(0.2)  # a password hash takes time: every attempt is in flight at once
        return real_check(user, raw)

    monkeypatch.setattr(AbstractBaseUser, "check_password", slow_check)
    start = threading.Barrier(20)

    def attempt():
        try:
            start.wait()
            try:
                authenticate(None, username="canbo", password="sai")
            except PermissionDenied:
                pass
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(checked) <= 5  # none at all is right too, when every attempt is written before any is counted
