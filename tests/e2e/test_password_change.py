"""A new user's first sign-in in a real Chromium, in Vietnamese: the one-time password `cadre users create` printed
leads to the change page and nowhere else; a wrong current password, a mismatch, a weak password and the same
one again are each refused with the reason; their own password then opens the dashboard."""

import json

import pytest

from cadre.cli import main
from tests.e2e.conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "mat-khau-rieng-cua-toi"


def submit(page, old, new1, new2):
    page.fill("input[name=old_password]", old)
    page.fill("input[name=new_password1]", new1)
    page.fill("input[name=new_password2]", new2)
    with page.expect_navigation():
        page.click("form[action='/account/password/'] button[type=submit]")


def test_a_new_user_changes_the_one_time_password_then_reaches_the_dashboard(
    live_server, page, geography, capsys, shot
):
    assert main(["users", "create", "lan", "--role", "board_officer", "--scope", "31"]) == 0
    one_time = json.loads(capsys.readouterr().out)["password"]

    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", one_time)
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")
    assert page.url == f"{live_server.url}/account/password/"
    assert "mật khẩu dùng một lần" in page.inner_text("main")
    shot(page, "sent-to-change")

    page.goto(f"{live_server.url}/people/")  # any other page sends the user back
    assert page.url == f"{live_server.url}/account/password/"

    for old, new1, new2, reason in [
        ("sai-mat-khau", NEW, NEW, "Mật khẩu cũ không chính xác"),
        (one_time, NEW, NEW + "-khac", "Hai trường mật khẩu không giống nhau"),
        (one_time, "ngan", "ngan", "Mật khẩu này quá ngắn"),
        (one_time, "password123", "password123", "Mật khẩu này quá phổ biến"),
        (one_time, one_time, one_time, "Mật khẩu mới phải khác mật khẩu hiện tại"),
    ]:
        submit(page, old, new1, new2)
        assert page.url == f"{live_server.url}/account/password/"
        assert wait_until(page, "document.querySelector('.field-error') !== null")
        assert reason in page.inner_text("main"), reason

    submit(page, one_time, NEW, NEW)
    assert page.url == f"{live_server.url}/"
    assert wait_until(page, "document.getElementById('share-chart') !== null")
    assert "Mật khẩu của bạn đã được đổi." in page.inner_text("main")
    shot(page, "dashboard")
    page.goto(f"{live_server.url}/people/")  # and the rest of the site is open again
    assert page.url == f"{live_server.url}/people/"
