"""`@action_required`: a page or action a role lacks altogether answers 403; one it has is not refused."""

import pytest
from django.urls import reverse

from cadre.accounts.decorators import action_required
from tests.users import make_user

# (method, URL, a role without the action, a role with it) for every guarded view.
GUARDED = [
    ("get", lambda: reverse("people:export"), "commune_user", "ministry_viewer"),
    ("get", lambda: reverse("people:exit_export"), "commune_user", "ministry_viewer"),
    ("get", lambda: reverse("people:import"), "ministry_viewer", "home_affairs"),
    ("get", lambda: reverse("rotation:plan_new"), "standing_member", "board_officer"),
    ("post", lambda: reverse("rotation:plan_lock", args=[999999]), "standing_member", "board_officer"),
    ("post", lambda: reverse("staffing:transfer_new"), "board_officer", "home_affairs"),
]


@pytest.mark.parametrize(("method", "url", "without", "with_"), GUARDED)
def test_a_role_without_the_action_is_forbidden_and_one_with_it_is_let_through(
    method, url, without, with_, client, geography
):
    client.force_login(make_user("khong", role=without, scope="31"))
    assert getattr(client, method)(url()).status_code == 403
    client.force_login(make_user("co", role=with_, scope="31"))
    assert getattr(client, method)(url()).status_code != 403


def test_a_plan_outside_the_scope_is_not_found_once_the_action_is_allowed(client, geography):
    client.force_login(make_user("bto", role="board_officer", scope="31"))
    assert client.post(reverse("rotation:plan_lock", args=[999999])).status_code == 404


def test_a_guarded_post_only_view_still_refuses_get_first(client, geography):
    client.force_login(make_user("btv", role="standing_member", scope="31"))
    assert client.get(reverse("rotation:plan_lock", args=[1])).status_code == 405


def test_a_misspelt_action_fails_when_the_view_is_defined():
    with pytest.raises(ValueError, match="unknown action"):
        action_required("exprot")
