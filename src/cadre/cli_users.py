"""`cadre users create`: a user with a role over a scope."""

from __future__ import annotations

from cadre import cli


def cmd_users_create(args) -> int:
    from cadre.accounts.services import GrantError, create_user

    cli.ensure_geography()
    try:
        user, password = create_user(args.username, args.role, args.scope)
    except GrantError as error:
        raise cli.UserError(error.message_vi, error.message_en) from error
    print(
        cli._json({"username": user.username, "role": args.role, "scope": args.scope, "password": password})
    )
    cli._err(
        "Hãy giao mật khẩu này cho người dùng và đề nghị đổi ngay.\nGive this password to the user; ask them to change it."
    )
    return cli.EXIT_OK


def register(sub, add) -> None:
    users = add(sub, "users", None, "user accounts with a role over a scope")
    users_sub = users.add_subparsers(title="users commands", metavar="COMMAND", required=True)
    create = add(
        users_sub,
        "create",
        cmd_users_create,
        "create a user with one role over the whole country (VN), a province or a commune",
        "Create a user with a random password (printed once) and one role over a scope: VN for the whole "
        "country, a province code (e.g. 31) or a commune code. Exit status 2 for an unknown role or scope, or "
        "a username already taken; nothing is created then.",
    )
    create.add_argument("username")
    # Checked by the service (no Django while the parser is built): an unknown role is a bilingual error.
    create.add_argument(
        "--role",
        required=True,
        help="ministry_viewer, board_officer, standing_member, home_affairs, commune_user or administrator",
    )
    create.add_argument(
        "--scope", required=True, metavar="CODE", help="VN, a province code or a commune code"
    )
