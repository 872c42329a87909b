"""What every command module shares: the error a user sees, exit statuses, the database checks, writing output
files, reading dates and time limits, and the progress lines on stderr.

Command modules import this module and never each other, nor the package's `__init__`, so a command group can
be read, changed or removed on its own. Nothing here imports Django at module level: `cadre calc` and the
`solve` commands run without it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from cadre.core.errors import BilingualError
from cadre.core.text import Text

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class UserError(BilingualError):
    """Bad input from the user: printed without a traceback, exit status 2."""


# ---- the parser --------------------------------------------------------------------------------------------


def add_command(sub, name: str, handler: Callable | None, help_text: str, description: str | None = None):
    """A subcommand whose handler `main` calls with the parsed arguments (None for a group of subcommands)."""
    parser = sub.add_parser(name, help=help_text, description=description or help_text)
    parser.set_defaults(handler=handler)
    return parser


def add_group(sub, name: str, help_text: str):
    """A group of subcommands (`cadre plan …`): the subparsers its commands are added to."""
    group = add_command(sub, name, None, help_text)
    return group.add_subparsers(title=f"{name} commands", metavar="COMMAND", required=True)


def add_server_options(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument(
        "--workers",
        type=positive_count,
        default=None,
        help="web server processes (PostgreSQL only; default: 1 on SQLite, one per core plus one on "
        "PostgreSQL; see docs/operations.md)",
    )


def positive_count(text: str) -> int:
    """argparse type of a number of processes."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 0 < value <= 64:
        raise argparse.ArgumentTypeError(f"not a number of processes from 1 to 64: {text!r}")
    return value


def positive_seconds(text: str) -> float:
    """argparse type of a time limit."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


def optional_date(text: str | None):
    """A --date given as YYYY-MM-DD (None when not given); an impossible day is a bilingual refusal."""
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"Ngày không hợp lệ: «{text}» (cần một ngày có thật, dạng YYYY-MM-DD).",
            f"Not a valid date: '{text}' (a real day as YYYY-MM-DD is needed).",
        ) from None


# ---- printing ----------------------------------------------------------------------------------------------


def err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def progress(message: str) -> None:
    err(f"… {message}")


def as_json(value) -> str:
    """One line of JSON, Vietnamese letters kept as they are."""
    return json.dumps(value, ensure_ascii=False)


# ---- output files ------------------------------------------------------------------------------------------


def checked_output(text: str) -> Path:
    """An output file's path, refused before any work when it cannot be written: a missing folder, a folder."""
    path = Path(text)
    if not path.parent.is_dir():
        raise UserError(f"Không có thư mục «{path.parent}».", f"The folder '{path.parent}' does not exist.")
    if path.is_dir():
        raise UserError(f"«{path}» là một thư mục.", f"'{path}' is a folder; give a file name.")
    return path


def write_output(path: Path, write: Callable[[Path], None]) -> None:
    """Write whole or not at all (`files.write_atomically`): a partial file is never left behind, and a bad
    path is a clear error."""
    from cadre.files import write_atomically

    checked_output(str(path))
    try:
        write_atomically(path, write)
    except OSError as error:
        raise UserError(
            f"Không ghi được «{path}» ({error.strerror}).", f"Cannot write '{path}' ({error.strerror})."
        ) from error


def write_json(path: Path, document: dict) -> None:
    def dump(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)

    write_output(path, dump)


# ---- Django and the database -------------------------------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    import django

    django.setup()


def ensure_database(verbose: bool = False) -> None:
    """Create or upgrade the database schema when it is behind (the first run needs no configuration)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        progress("Đang tạo/cập nhật cơ sở dữ liệu / Migrating the database")
        call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def ensure_geography() -> dict[str, int]:
    from cadre.geo.services import geography_counts, load_geography

    ensure_database()
    counts = geography_counts()
    if counts["communes"] == 0:
        progress("Đang nạp đơn vị hành chính / Loading the administrative units")
        counts = load_geography(progress=progress)
    return counts


# ---- the web app -------------------------------------------------------------------------------------------


def import_file(file: str, run: Callable[[Path], object], *, lang: str, dry_run: bool) -> int:
    """A workbook import from the command line (the registry's, the work plans'): `run(path)` imports or checks
    the existing file `file` and returns its report. An unreadable workbook (a `BilingualError`) or any error in
    it exits EXIT_FAILED with every error printed by cell; otherwise the counts are printed as JSON."""
    path = Path(file)
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp «{path}».", f"The file '{path}' does not exist.")
    ensure_geography()
    try:
        report = run(path)
    except UserError:
        raise  # bad input (an unknown user, one without the right): exit status 2
    except BilingualError as error:
        err(f"Lỗi: {error.message_vi}\nError: {error.message_en}")
        return EXIT_FAILED
    for warning in report.warnings:
        err(Text(f"Chú ý: {warning.vi}", f"Warning: {warning.en}").in_language(lang))
    if report.issues:
        for issue in report.issues:
            print(issue.render(lang))
        err(
            f"Có {len(report.issues)} lỗi; không dữ liệu nào được ghi.\n"
            f"{len(report.issues)} error(s); nothing was written."
        )
        return EXIT_FAILED
    print(as_json({"status": "dry_run" if dry_run else "written", **report.counts}))
    if dry_run:
        err("Kiểm tra xong, không có lỗi; chưa ghi gì (--dry-run).\nChecked, no errors; nothing written.")
    return EXIT_OK


def web_processes(workers: int | None) -> int:
    """The number of web processes `--workers` asks for (None: the default for the database in use), refused
    before any work where it cannot be had."""
    from django.db import connection

    from cadre.serving import default_workers

    vendor = connection.vendor
    if workers is None:
        return default_workers(vendor)
    if workers > 1 and vendor != "postgresql":
        raise UserError(
            f"--workers {workers}: SQLite chỉ chạy một tiến trình (mỗi lúc chỉ một bên được ghi). Hãy bỏ "
            "--workers, hoặc dùng PostgreSQL (DATABASE_URL) để chạy nhiều tiến trình.",
            f"--workers {workers}: SQLite runs one process only (one writer at a time). Leave out --workers, "
            "or use PostgreSQL (DATABASE_URL) to run several processes.",
        )
    if workers > 1 and sys.platform == "win32":
        raise UserError(
            f"--workers {workers}: trên Windows máy chủ chỉ chạy một tiến trình. Hãy bỏ --workers.",
            f"--workers {workers}: on Windows the server runs one process. Leave out --workers.",
        )
    return workers


def serve_web_app(host: str, port: int, workers: int = 1) -> int:
    """Serve the web app with its background worker until Ctrl+C or SIGTERM (`cadre serve`, and `cadre demo`
    after its summary): one process with threads, or on PostgreSQL several (`cadre.serving`); `workers` comes
    from `web_processes`."""
    from django.db import connections

    _check_port_free(host, port)
    from cadre.wsgi import application

    print(
        f"Cadre đang chạy tại / is running at http://{host}:{port}/  (Ctrl+C để dừng / to stop)", flush=True
    )
    if workers == 1:
        return _serve_one_process(application, host, port)
    from cadre.serving import serve_with_gunicorn

    print(f"… {workers} tiến trình web / web processes", file=sys.stderr, flush=True)
    connections.close_all()  # the web processes are forked from this one: none may share its connection
    try:
        serve_with_gunicorn(application, host, port, workers, task_worker_name=f"serve-{port}")
    except SystemExit as stop:
        return EXIT_OK if stop.code in (None, 0) else EXIT_FAILED
    return EXIT_OK


def _check_port_free(host: str, port: int) -> None:
    import socket

    try:
        probe = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as error:
        raise UserError(
            f"Không mở được cổng {host}:{port} ({error.strerror}). Hãy chọn cổng khác với --port.",
            f"Cannot listen on {host}:{port} ({error.strerror}). Choose another port with --port.",
        ) from error
    probe.close()


def _serve_one_process(application, host: str, port: int) -> int:
    from waitress import serve

    from cadre.worker import BackgroundWorker

    worker = BackgroundWorker(name=f"serve-{port}").start()
    try:
        serve(application, host=host, port=port, threads=8, ident="cadre", _quiet=True)
    except OSError as error:
        raise UserError(
            f"Không mở được cổng {host}:{port} ({error.strerror}). Hãy chọn cổng khác với --port.",
            f"Cannot listen on {host}:{port} ({error.strerror}). Choose another port with --port.",
        ) from error
    finally:
        worker.stop(timeout=5)
    return EXIT_OK
