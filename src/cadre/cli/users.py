"""`cadre users create`: a user with a role over a scope (and, with --official, linked to a registry person);
`cadre users link`: an existing user linked to a registry person; `cadre users reset-password`: a forgotten
password."""

from __future__ import annotations

from cadre.cli import common


def cmd_users_create(args) -> int:
    from cadre.accounts.services import GrantError, create_user
    from cadre.people.services import LoginLinkError, create_official_user

    common.ensure_geography()
    printed = {}
    try:
        if args.official is None:
            user, password = create_user(args.username, args.role, args.scope)
        else:
            user, password, person = create_official_user(args.username, args.role, args.scope, args.official)
            printed = {"official": person.full_name, "citizen_id": person.citizen_id}
    except (GrantError, LoginLinkError) as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    print(
        common.as_json(
            {
                "username": user.username,
                "role": args.role,
                "scope": args.scope,
                **printed,
                "password": password,
            }
        )
    )
    _hand_over()
    return common.EXIT_OK


def cmd_users_link(args) -> int:
    from django.contrib.auth import get_user_model

    from cadre.people.services import LoginLinkError, link_login

    common.ensure_database()
    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        raise common.UserError(f"Không có người dùng «{args.username}».", f"No user '{args.username}'.")
    try:
        login = link_login(user, args.citizen_id)
    except LoginLinkError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    print(
        common.as_json(
            {
                "username": user.username,
                "official": login.official.full_name,
                "citizen_id": login.official.citizen_id,
            }
        )
    )
    return common.EXIT_OK


def _hand_over() -> None:
    common.err(
        "Hãy giao mật khẩu dùng một lần này cho người dùng: lần đăng nhập đầu tiên, họ phải đổi nó mới làm việc được."
        "\nGive this one-time password to the user: at their first sign-in they must change it before anything else."
    )


def cmd_users_reset_password(args) -> int:
    from cadre.accounts.services import GrantError, reset_password

    common.ensure_database()
    try:
        user, password = reset_password(args.username)
    except GrantError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    print(common.as_json({"username": user.username, "password": password}))
    _hand_over()
    return common.EXIT_OK


def cmd_users_token(args) -> int:
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    common.ensure_database()
    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise common.UserError(
            f"Không có người dùng «{args.username}» đang hoạt động.", f"No active user '{args.username}'."
        )
    if args.renew:
        Token.objects.filter(user=user).delete()
    token, _ = Token.objects.get_or_create(user=user)
    print(common.as_json({"username": user.username, "token": token.key}))
    return common.EXIT_OK


def register(sub) -> None:
    add = common.add_command
    users_sub = common.add_group(sub, "users", "user accounts with a role over a scope")
    create = add(
        users_sub,
        "create",
        cmd_users_create,
        "create a user with one role over the whole country (VN), a province or a commune",
        "Create a user with a random one-time password (printed once; they must change it at their first "
        "sign-in) and one role over a scope: VN for the whole "
        "country, a province code (e.g. 31) or a commune code. Exit status 2 for an unknown role or scope, or "
        "a username already taken, and with --official for an unknown person or one already linked to an "
        "account; nothing is created then.",
    )
    create.add_argument("username")
    # Checked by the service (no Django while the parser is built): an unknown role is a bilingual error.
    create.add_argument(
        "--role",
        required=True,
        help="ministry_viewer, board_officer, standing_member, home_affairs, commune_leader, commune_user or administrator",
    )
    create.add_argument(
        "--scope", required=True, metavar="CODE", help="VN, a province code or a commune code"
    )
    create.add_argument(
        "--official",
        metavar="CITIZEN_ID",
        help="link the new user to the registry person with this citizen ID (their 'My tasks')",
    )
    link = add(
        users_sub,
        "link",
        cmd_users_link,
        "link an existing user to a registry person (one account per person)",
        "Link the user's account to the registry person with the citizen ID, so that the work plans' 'My "
        "tasks' page shows that person's tasks. Exit status 2 for no such user or person, or when the person "
        "or the user is already linked; nothing is changed then.",
    )
    link.add_argument("username")
    link.add_argument("citizen_id", metavar="CITIZEN_ID")
    reset = add(
        users_sub,
        "reset-password",
        cmd_users_reset_password,
        "give a user who forgot their password a new one-time password",
        "Replace the user's password with a random one-time password (printed once), which they must change at "
        "their next sign-in; their sessions and a lock after failed sign-ins end. Exit status 2 for no such "
        "active user.",
    )
    reset.add_argument("username")
    token = add(
        users_sub,
        "token",
        cmd_users_token,
        "the user's API token (created once; --renew replaces it)",
        "Print the user's token for the REST API, to send as 'Authorization: Token <key>'. The token acts with "
        "the user's roles and scopes. --renew revokes the old token and makes a new one.",
    )
    token.add_argument("username")
    token.add_argument("--renew", action="store_true", help="revoke the current token and make a new one")
