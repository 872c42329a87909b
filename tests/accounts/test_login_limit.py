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


PROXY = "10.0.0.2"


def through_proxy(client, password, forwarded_for):
    return basic_from(client, password, PROXY, forwarded_for=forwarded_for)


def test_behind_a_trusted_proxy_the_guesser_is_locked_not_the_office(db, client, settings):
    """Behind a reverse proxy every request came from the proxy's address, so one guesser locked the name for
    everyone; the proxy's X-Forwarded-For now names the client, and only the proxy's own word counts."""
    settings.CADRE_TRUSTED_PROXIES = ["10.0.0.0/24"]
    make_user(password=PASSWORD)
    for _ in range(5):
        # The client may write what it likes before the proxy's entry: the lock falls on its real address.
        assert through_proxy(client, "sai", "198.51.100.1, 203.0.113.9").status_code == 401
    assert FailedLogin.objects.filter(address="203.0.113.9").count() == 5
    assert through_proxy(client, PASSWORD, "192.0.2.10").status_code == 200  # the office, through the proxy
    assert through_proxy(client, PASSWORD, "203.0.113.9").status_code == 401  # the guesser stays locked


def test_forwarded_for_from_an_untrusted_address_is_ignored(db, client, settings):
    """Anyone can send X-Forwarded-For: from an address that is not a listed proxy it would let a guesser take
    a new address for every five guesses."""
    settings.CADRE_TRUSTED_PROXIES = ["10.0.0.0/24"]
    make_user(password=PASSWORD)
    token = base64.b64encode(b"canbo:sai").decode()
    for n in range(6):
        client.get(
            "/api/positions/",
            HTTP_AUTHORIZATION=f"Basic {token}",
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert set(FailedLogin.objects.values_list("address", flat=True)) == {"203.0.113.9"}
    assert basic_from(client, PASSWORD, "203.0.113.9", forwarded_for="192.0.2.99").status_code == 401


def test_a_forged_forwarded_address_falls_back_to_the_proxy(db, client, settings):
    settings.CADRE_TRUSTED_PROXIES = ["10.0.0.0/24"]
    make_user(password=PASSWORD)
    assert through_proxy(client, "sai", "not-an-address\x00").status_code == 401
    assert list(FailedLogin.objects.values_list("address", flat=True)) == [PROXY]


def basic_from(client, password, address, forwarded_for=""):
    token = base64.b64encode(f"canbo:{password}".encode()).decode()
    return client.get(
        "/api/positions/",
        HTTP_AUTHORIZATION=f"Basic {token}",
        REMOTE_ADDR=address,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_mistyped_proxy_setting_stops_the_start_with_its_reason():
    from django.core.exceptions import ImproperlyConfigured

    from cadre.settings import _trusted_proxies

    assert _trusted_proxies(" 10.0.0.1, 10.1.0.0/16 ,") == ["10.0.0.1", "10.1.0.0/16"]
    with pytest.raises(ImproperlyConfigured, match="proxy.example"):
        _trusted_proxies("10.0.0.1,proxy.example")
