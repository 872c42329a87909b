"""`cadre users create`: one user, one role, one scope; bad input creates nothing."""

import json

import pytest
from django.contrib.auth import authenticate, get_user_model

from cadre.accounts.models import RoleGrant
from cadre.cli import main
from cadre.people.models import OfficialLogin
from tests.people.factories import make_official


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


# ---- Linking an account to a registry person (`--official`, `users link`) --------------------------------------


def test_create_with_official_links_the_new_user_to_the_person(geography, capsys):
    person = make_official("Lê Thị Chủ", citizen_id="031190000123")
    argv = ["users", "create", "chu", "--role", "commune_user", "--scope", "31", "--official", "031190000123"]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["official"] == "Lê Thị Chủ" and printed["citizen_id"] == "031190000123"
    login = OfficialLogin.objects.get(user__username="chu")
    assert login.official == person


@pytest.mark.parametrize(
    "citizen_id, message",
    [
        ("031190009999", "No one in the registry has the citizen ID 031190009999"),
        ("12ab", "exactly 12 digits"),
    ],
)
def test_create_with_an_unknown_person_creates_nobody(citizen_id, message, geography, capsys):
    argv = ["users", "create", "chu", "--role", "commune_user", "--scope", "31", "--official", citizen_id]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("Lỗi: ")
    assert not get_user_model().objects.filter(username="chu").exists()


def test_create_with_a_person_already_linked_creates_nobody(geography, capsys):
    make_official("Lê Thị Chủ", citizen_id="031190000123")
    assert (
        main(
            [
                "users",
                "create",
                "chu",
                "--role",
                "commune_user",
                "--scope",
                "31",
                "--official",
                "031190000123",
            ]
        )
        == 0
    )
    capsys.readouterr()
    argv = [
        "users",
        "create",
        "chu2",
        "--role",
        "commune_user",
        "--scope",
        "31",
        "--official",
        "031190000123",
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Lê Thị Chủ đã gắn với tài khoản «chu»" in err and "already linked to the account 'chu'" in err
    assert not get_user_model().objects.filter(username="chu2").exists()


def test_link_links_an_existing_user_once(geography, capsys):
    first = make_official("Lê Thị Chủ", citizen_id="031190000123")
    make_official("Phạm Văn Phối", citizen_id="031190000456")
    assert main(["users", "create", "chu", "--role", "commune_user", "--scope", "31"]) == 0
    capsys.readouterr()
    assert main(["users", "link", "chu", "031190000123"]) == 0
    assert json.loads(capsys.readouterr().out)["official"] == "Lê Thị Chủ"
    assert OfficialLogin.objects.get(user__username="chu").official == first
    # The user already has a person: a second one is refused, and the first link stays.
    assert main(["users", "link", "chu", "031190000456"]) == 2
    assert "The account 'chu' is already linked to Lê Thị Chủ" in capsys.readouterr().err
    assert OfficialLogin.objects.get(user__username="chu").official == first


def test_link_refuses_an_unknown_user_or_person(geography, capsys):
    make_official("Lê Thị Chủ", citizen_id="031190000123")
    assert main(["users", "link", "nobody", "031190000123"]) == 2
    assert "No user 'nobody'" in capsys.readouterr().err
    assert main(["users", "create", "chu", "--role", "commune_user", "--scope", "31"]) == 0
    capsys.readouterr()
    assert main(["users", "link", "chu", "031190009999"]) == 2
    assert "No one in the registry" in capsys.readouterr().err
    assert not OfficialLogin.objects.exists()
