"""The `cadre` command. Each subcommand parses its arguments, calls one service and prints the result.

One module per command group adds its subcommands (`register(sub)`); what they share (errors, exit statuses,
database checks, output files, progress) is in `common`. Command modules never import each other or this
package's `__init__`.

Exit status: 0 success, 1 failure, 2 bad input (a clear message in Vietnamese and English on stderr).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cadre.cli import audit, calc, common, demo, geo, plan, registry, server, staffing, users, workplans


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadre",
        description="Cadre: rotation, appointment and staffing plans for Vietnam's local government. "
        "The database is ./var/cadre.sqlite3 (or CADRE_DATA_DIR), or DATABASE_URL when set.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    # The order of the help's list of commands.
    for group in (demo, server, geo, calc, registry, plan, users, audit, staffing, workplans):
        group.register(sub)
    server.register_manage(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "needs_django", True):
        common.setup_django()
    try:
        return args.handler(args)
    except common.UserError as error:
        common.err(f"Lỗi: {error.message_vi}\nError: {error.message_en}")
        return common.EXIT_BAD_INPUT
    except KeyboardInterrupt:
        common.err("Đã dừng / Stopped.")
        return common.EXIT_FAILED
    except BrokenPipeError:
        # The reader stopped early (`cadre plan show 1 | head`): nothing more to say, and no traceback.
        sys.stderr.close()
        return common.EXIT_OK
