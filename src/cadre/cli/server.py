"""`cadre serve`, `cadre migrate` and `cadre manage`: running the web app and looking after its database."""

from __future__ import annotations

import argparse

from cadre.cli import common


def cmd_serve(args) -> int:
    workers = common.web_processes(args.workers)
    common.ensure_database()
    return common.serve_web_app(args.host, args.port, workers)


def cmd_migrate(args) -> int:
    common.ensure_database(verbose=True)
    print("Cơ sở dữ liệu đã cập nhật / The database is up to date.")
    return common.EXIT_OK


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cadre manage", *args.args])
    return common.EXIT_OK


def register(sub) -> None:
    serve = common.add_command(sub, "serve", cmd_serve, "serve the web app on an existing database")
    common.add_server_options(serve)
    common.add_command(sub, "migrate", cmd_migrate, "create or upgrade the database schema")


def register_manage(sub) -> None:
    """`manage` on its own: it comes last in the help, as the administrators' way into Django."""
    manage = common.add_command(
        sub, "manage", cmd_manage, "run a Django management command (for administrators)"
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the command and its arguments")
