"""`cadre users create`: one user, one role, one scope; bad input creates nothing."""

import json

import pytest
from django.contrib.auth import authenticate, get_user_model

from cadre.accounts.models import RoleGrant
from cadre.cli import main


def test_creates_a_user_who_can_sign_in_with_the_printed_password(geography, capsys):
    assert main(["users", "create", "lan", "--role", "board_officer", "--scope", "31"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["username"] == "lan" and len(printed["password"]) >= 12
    user = authenticate(username="lan", password=printed["password"])
    assert user is not None and not user.is_superuser
    (grant,) = RoleGrant.objects.filter(user=user)
    assert (grant.role, grant.scope_code) == ("board_officer", "31")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["users", "create", "lan", "--role", "king", "--scope", "31"], "No role 'king'"),
        (["users", "create", "lan", "--role", "board_officer", "--scope", "999"], "No scope '999'"),
    ],
)
def test_bad_role_or_scope_exits_2_and_creates_nobody(argv, message, geography, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("Lỗi: ")
    assert not get_user_model().objects.filter(username="lan").exists()


def test_a_username_already_taken_is_refused(geography, capsys):
    assert main(["users", "create", "lan", "--role", "commune_user", "--scope", "VN"]) == 0
    assert main(["users", "create", "lan", "--role", "administrator", "--scope", "VN"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert list(RoleGrant.objects.values_list("role", flat=True)) == ["commune_user"]


def test_a_token_acts_on_the_api_with_the_users_scope_and_renewing_revokes_it(geography, capsys, client):
    assert main(["users", "create", "lan", "--role", "commune_user", "--scope", "VN"]) == 0
    capsys.readouterr()
    assert main(["users", "token", "lan"]) == 0
    key = json.loads(capsys.readouterr().out)["token"]
    assert client.get("/api/positions/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert main(["users", "token", "lan", "--renew"]) == 0
    renewed = json.loads(capsys.readouterr().out)["token"]
    assert renewed != key
    assert client.get("/api/positions/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert client.get("/api/positions/", HTTP_AUTHORIZATION=f"Token {renewed}").status_code == 200
    assert main(["users", "token", "nobody"]) == 2
