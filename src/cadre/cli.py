"""The `cadre` command. Each subcommand parses its arguments, calls one service and prints the result.

Exit status: 0 success, 1 failure, 2 bad input (a clear message in Vietnamese and English on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cadre.core.errors import BilingualError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class UserError(BilingualError):
    """Bad input from the user: printed without a traceback, exit status 2."""


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


def positive_seconds(text: str) -> float:
    """argparse type of a time limit."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    import django

    django.setup()


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _progress(message: str) -> None:
    _err(f"… {message}")


def ensure_database(verbose: bool = False) -> None:
    """Create or upgrade the database schema when it is behind (the first run needs no configuration)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        _progress("Đang tạo/cập nhật cơ sở dữ liệu / Migrating the database")
        call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def ensure_geography() -> dict[str, int]:
    from cadre.geo.services import geography_counts, load_geography

    ensure_database()
    counts = geography_counts()
    if counts["communes"] == 0:
        _progress("Đang nạp đơn vị hành chính / Loading the administrative units")
        counts = load_geography(progress=_progress)
    return counts


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# ---- geo ------------------------------------------------------------------------------------------------


def cmd_geo_load(args) -> int:
    from cadre.geo.services import load_geography

    ensure_database()
    counts = load_geography(progress=_progress)
    print(_json({k: counts[k] for k in ("provinces", "communes", "legacy_communes")}))
    return EXIT_OK


def _place(address: str):
    from cadre.core.places import AddressError
    from cadre.geo.services import normalize_address

    try:
        return normalize_address(address)
    except AddressError as error:
        raise UserError(error.message_vi, error.message_en) from error


def cmd_geo_normalize(args) -> int:
    ensure_geography()
    placement = _place(args.address)
    print(
        _json(placement.as_dict())
        if args.compact
        else json.dumps(placement.as_dict(), ensure_ascii=False, indent=2)
    )
    return EXIT_OK


def cmd_geo_distance(args) -> int:
    from cadre.geo.models import Commune
    from cadre.geo.services import distance_km

    ensure_geography()
    communes = []
    for text in (args.a, args.b):
        commune = Commune.objects.filter(code=text.strip()).first()
        if commune is None:
            commune = Commune.objects.get(code=_place(text).commune.code)
        communes.append(commune)
    a, b = communes
    print(
        _json(
            {
                "from": a.code,
                "from_name": a.name,
                "to": b.code,
                "to_name": b.name,
                "km": round(distance_km(a, b), 2),
            }
        )
    )
    return EXIT_OK


# ---- calc (pure rules: no database, no Django) ---------------------------------------------------------


def cmd_calc_retirement(args) -> int:
    from cadre.core.dates import DateError, parse_iso
    from cadre.core.policy import PolicyError
    from cadre.core.rules.retirement import AGE_PARAMETERS, retirement

    if args.sex not in AGE_PARAMETERS:
        raise UserError(
            f"--sex phải là male (nam) hoặc female (nữ), không phải «{args.sex}».",
            f"--sex must be male or female, not '{args.sex}'.",
        )
    try:
        result = retirement(args.sex, parse_iso(args.birth), early=args.early)
    except DateError as error:
        raise UserError(error.message_vi, error.message_en) from error
    except PolicyError as error:
        raise UserError(
            f"Tệp chính sách không có tuổi nghỉ hưu cho người sinh {args.birth}.",
            f"The policy file has no retirement age for someone born {args.birth} ({error}).",
        ) from error
    print(
        _json(
            {
                "retirement_age_months": result.age_months,
                "retirement_age": result.age_text,
                "retirement_date": result.retirement_date.isoformat(),
                "pension_start": result.pension_start.isoformat(),
            }
        )
    )
    return EXIT_OK


def _calc_date(text: str | None):
    """A full date from --date (default today)."""
    import datetime as dt

    from cadre.core.dates import DateError, parse_iso

    if text is None:
        return dt.date.today()
    try:
        day = parse_iso(text)
    except DateError as error:
        raise UserError(error.message_vi, error.message_en) from error
    if day.precision != "day":
        raise UserError(
            f"--date cần đủ ngày, tháng, năm (YYYY-MM-DD), không phải «{text}».",
            f"--date needs a full date (YYYY-MM-DD), not '{text}'.",
        )
    return day.anchor()


def cmd_calc_quota(args) -> int:
    from cadre.core.policy import PolicyError
    from cadre.core.rules.staffing_quota import KINDS, staffing_quota

    text = args.population.strip()
    if not (text.isascii() and text.isdigit()):
        raise UserError(
            f"--population phải là số dân, một số nguyên không âm (16000), không phải «{args.population}».",
            f"--population must be the number of inhabitants, a whole number of 0 or more (16000), not "
            f"'{args.population}'.",
        )
    if args.kind not in KINDS:
        raise UserError(
            f"--kind phải là commune (xã), ward (phường) hoặc special_zone (đặc khu), không phải «{args.kind}».",
            f"--kind must be commune, ward or special_zone, not '{args.kind}'.",
        )
    on = _calc_date(args.date)
    try:
        result = staffing_quota(int(text), args.kind, mountain=args.mountain, on=on)
    except PolicyError as error:
        raise UserError(
            f"Tệp chính sách không có định mức biên chế cấp xã vào ngày {on:%d/%m/%Y}.",
            f"The policy file has no commune staffing quota on {on.isoformat()} ({error}).",
        ) from error
    print(
        _json(
            {
                "quota": result.quota,
                "base": result.base,
                "added": result.added,
                "cap": result.cap,
                "unverified": result.unverified,
                "sources": list(result.sources),
            }
        )
    )
    return EXIT_OK


def cmd_calc_exit(args) -> int:
    from decimal import Decimal

    from cadre.core.errors import BilingualError
    from cadre.core.rules.exit_benefits import exit_benefit
    from cadre.core.rules.exit_case import parse_case

    try:
        if args.input == "-":
            text = sys.stdin.read()
        else:
            with open(args.input, encoding="utf-8") as file:
                text = file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(
            f"Không đọc được tệp {args.input} ({error}).", f"Cannot read the file {args.input} ({error})."
        ) from error
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise UserError(
            f"Tệp {args.input} không phải JSON hợp lệ: dòng {error.lineno}, cột {error.colno}: {error.msg}.",
            f"The file {args.input} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}.",
        ) from error
    try:
        result = exit_benefit(parse_case(document))
    except BilingualError as error:
        raise UserError(error.message_vi, error.message_en) from error
    print(_json(result.as_dict()))
    return EXIT_OK


# ---- demo, serve, migrate ------------------------------------------------------------------------------


def _print_units_by_province() -> None:
    from django.db.models import Count, Q

    from cadre.geo.models import Province

    rows = Province.objects.annotate(
        xa=Count("communes", filter=Q(communes__kind="xa")),
        phuong=Count("communes", filter=Q(communes__kind="phuong")),
        dac_khu=Count("communes", filter=Q(communes__kind="dac_khu")),
        total=Count("communes"),
    ).order_by("code")
    print(f"{'Mã':<3} {'Tỉnh / thành phố (province)':<28} {'Xã':>4} {'Phường':>6} {'Đặc khu':>7} {'Tổng':>5}")
    totals = [0, 0, 0, 0]
    for p in rows:
        print(f"{p.code:<3} {p.name:<28} {p.xa:>4} {p.phuong:>6} {p.dac_khu:>7} {p.total:>5}")
        totals = [t + v for t, v in zip(totals, (p.xa, p.phuong, p.dac_khu, p.total), strict=True)]
    print(
        f"{'':<3} {f'Cả nước: {len(rows)} tỉnh/thành':<28} {totals[0]:>4} {totals[1]:>6} {totals[2]:>7} {totals[3]:>5}"
    )


def cmd_demo(args) -> int:
    from django.conf import settings

    from cadre.accounts.services import ensure_demo_admin, ensure_demo_officials
    from cadre.people.demo import demo_province_codes, generate_registry, summary_lines
    from cadre.rotation.demo import carry_demo_plan

    counts = ensure_geography()
    print("Cadre — đơn vị hành chính từ 01/07/2025 / administrative units since 1 July 2025")
    _print_units_by_province()
    print(
        f"Đơn vị cũ (trước 2025) / pre-2025 units: {counts['legacy_provinces']} tỉnh, "
        f"{counts['legacy_districts']} huyện, {counts['legacy_communes']} xã"
    )
    provinces = demo_province_codes(args.scale)
    made = generate_registry(provinces, progress=_progress)
    print("\n".join(summary_lines(made, provinces)))
    from cadre.rotation.models import PlanRun
    from cadre.rotation.services import run_plan

    (home,) = demo_province_codes("province")
    run = PlanRun.objects.filter(province_id=home).first()
    if run is None:
        _progress("Đang lập phương án luân chuyển bí thư / Planning the secretaries' rotation")
        run = run_plan(home)
    before = run.plan["before"]
    after = next((g for g in run.plan["metrics"].get("groups", []) if g["group"] == home), None)
    print(
        f"Phương án luân chuyển / rotation plan #{run.pk} ({run.rotation_date:%d/%m/%Y}): {run.status}, "
        f"chỉ tiêu / target ≥ {run.target:.0%}"
    )
    after_text = (
        "—" if after is None else f"{after['share_after']:.1%} ({after['non_local_after']}/{after['posts']})"
    )
    print(
        f"  Bí thư không là người địa phương / non-local secretaries: "
        f"{before['share']:.1%} ({before['non_local']}/{before['posts']}) → {after_text}"
    )
    if run.status == "infeasible":
        print(f"  Lý do: {run.plan['diagnosis'].get('message_vi', '')}")
        print(f"  Reason: {run.plan['diagnosis'].get('message_en', '')}")
    officials = ensure_demo_officials(settings.DATA_DIR, home)
    run = carry_demo_plan(run)
    print(f"  Bước xử lý / workflow state: {run.state} {run.decision}".rstrip())
    from cadre.staffing import demo as staffing_demo

    print("\n".join(staffing_demo.summary_lines(staffing_demo.demo_transfer_plan(home))))
    login = ensure_demo_admin(settings.DATA_DIR)
    print(f"Cơ sở dữ liệu / database: {settings.DATABASES['default']['NAME']}")
    for each in (login, *officials):
        if each.password:
            print(f"Đăng nhập / login: {each.username} / {each.password}")
        else:
            print(
                f"Đăng nhập / login: {each.username} (mật khẩu đã được đổi / the password was changed since)"
            )
    if args.no_serve:
        return EXIT_OK
    return _serve(args.host, args.port)


def cmd_serve(args) -> int:
    ensure_database()
    return _serve(args.host, args.port)


def _serve(host: str, port: int) -> int:
    from waitress import serve

    from cadre.worker import BackgroundWorker
    from cadre.wsgi import application

    worker = BackgroundWorker(name=f"serve-{port}").start()
    print(
        f"Cadre đang chạy tại / is running at http://{host}:{port}/  (Ctrl+C để dừng / to stop)", flush=True
    )
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


def cmd_migrate(args) -> int:
    ensure_database(verbose=True)
    print("Cơ sở dữ liệu đã cập nhật / The database is up to date.")
    return EXIT_OK


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cadre manage", *args.args])
    return EXIT_OK


# ---- parser ---------------------------------------------------------------------------------------------


def _add(sub, name: str, handler: Callable, help_text: str, description: str | None = None):
    parser = sub.add_parser(name, help=help_text, description=description or help_text)
    parser.set_defaults(handler=handler)
    return parser


def _add_server_options(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadre",
        description="Cadre: rotation, appointment and staffing plans for Vietnam's local government. "
        "The database is ./var/cadre.sqlite3 (or CADRE_DATA_DIR), or DATABASE_URL when set.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    demo = _add(
        sub,
        "demo",
        cmd_demo,
        "set up the demo database, print a summary and serve the web app",
        "Migrate, load the administrative units, fill the registry with demo officials (Hải Phòng, or all "
        "34 provinces with --scale national), create the admin login, print a summary, then serve the web "
        "app. Safe to run again: a province that already has officials is left as it is.",
    )
    demo.add_argument("--no-serve", action="store_true", help="stop after the summary instead of serving")
    demo.add_argument(
        "--scale",
        choices=("province", "national"),
        default="province",
        help="demo registry for Hải Phòng (default) or all 34 provinces, about 190,000 people (benchmarks)",
    )
    _add_server_options(demo)

    serve = _add(sub, "serve", cmd_serve, "serve the web app on an existing database")
    _add_server_options(serve)

    _add(sub, "migrate", cmd_migrate, "create or upgrade the database schema")

    geo = _add(sub, "geo", None, "administrative units: load, place addresses, distances")
    geo_sub = geo.add_subparsers(title="geo commands", metavar="COMMAND", required=True)
    _add(
        geo_sub,
        "load",
        cmd_geo_load,
        "load the 34 provinces, 3,321 communes and the pre-2025 units with their mapping (idempotent)",
        "Load the units in force since 1 July 2025 and the pre-2025 units, with the old-to-new mapping, from "
        "the vietnamadminunits package. The last line of output is JSON with the counts.",
    )
    normalize = _add(
        geo_sub,
        "normalize",
        cmd_geo_normalize,
        "place a free-text address, old or new, on the new commune (JSON)",
        "Place an address such as 'Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương' or "
        "'P. Thanh Binh, TP Hai Duong' on the commune in force since 1 July 2025. Exit status 2 "
        "when it cannot be placed.",
    )
    normalize.add_argument("address", help="the address, in quotes")
    normalize.add_argument("--compact", action="store_true", help="print the JSON on one line")
    distance = _add(
        geo_sub,
        "distance",
        cmd_geo_distance,
        "great-circle km between two communes",
        "Great-circle distance in km between two communes, each given by code or address.",
    )
    distance.add_argument("a", help="commune code or address")
    distance.add_argument("b", help="commune code or address")

    calc = _add(sub, "calc", None, "legal calculations that need no database")
    calc_sub = calc.add_subparsers(title="calc commands", metavar="COMMAND", required=True)
    retire = _add(
        calc_sub,
        "retirement",
        cmd_calc_retirement,
        "retirement age, date and pension start (JSON)",
        "The statutory retirement of a person (Labour Code 2019 Art. 169, Decree 135/2020): the age reached, "
        "the last day of the retirement month and the first day of the pension, as JSON. A birth given as a "
        "year is taken as 1 January, as a month as its 1st. Exit status 2 on bad input.",
    )
    retire.add_argument("--sex", required=True, metavar="male|female", help="male or female")
    retire.add_argument("--birth", required=True, metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY")
    retire.add_argument(
        "--early",
        action="store_true",
        help="the person qualifies for early retirement (heavy or hazardous work, extremely difficult "
        "areas, or loss of working capacity): the lowest age allowed",
    )
    retire.set_defaults(needs_django=False)
    quota = _add(
        calc_sub,
        "quota",
        cmd_calc_quota,
        "a commune's government staffing quota (JSON)",
        "The government staffing quota (biên chế) of a commune-level unit (Công văn 09/CV-BCĐ, 30/5/2025): a "
        "base, more posts for a population above the threshold, and a cap for a commune or a ward, as JSON. "
        "The reading of the rule is unverified (see docs/staffing.md). Exit status 2 on bad input.",
    )
    quota.add_argument("--population", required=True, metavar="N", help="inhabitants, a whole number")
    quota.add_argument(
        "--kind",
        required=True,
        metavar="commune|ward|special_zone",
        help="commune (xã), ward (phường) or special zone (đặc khu, capped as a commune)",
    )
    quota.add_argument("--mountain", action="store_true", help="the unit is in a mountain or highland area")
    quota.add_argument("--date", metavar="YYYY-MM-DD", help="the rule in force on this day (default today)")
    quota.set_defaults(needs_django=False)
    exit_ = _add(
        calc_sub,
        "exit",
        cmd_calc_exit,
        "exit benefits of one case: early retirement, quitting, resignation (JSON)",
        "The benefits of leaving the service under Decree 178/2024 (as amended by Decree 67/2025), Decree "
        "154/2025 or Decree 170/2025 Art. 58, from a case file, as JSON with each component's formula and "
        "amount in VND (rounded to the đồng). A case the scheme does not cover exits with status 2 and the "
        'reason. See docs/policy.md, "Exit benefits".',
    )
    exit_.add_argument("--input", required=True, metavar="CASE.json", help="the case file ('-' for stdin)")
    exit_.set_defaults(needs_django=False)

    from cadre import cli_audit, cli_plan, cli_registry, cli_staffing, cli_users

    cli_registry.register(sub, _add)
    cli_plan.register(sub, _add)
    cli_users.register(sub, _add)
    cli_audit.register(sub, _add)
    cli_staffing.register(sub, _add)

    manage = _add(sub, "manage", cmd_manage, "run a Django management command (for administrators)")
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the command and its arguments")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "needs_django", True):
        _setup_django()
    try:
        return args.handler(args)
    except UserError as error:
        _err(f"Lỗi: {error.message_vi}\nError: {error.message_en}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _err("Đã dừng / Stopped.")
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader stopped early (`cadre plan show 1 | head`): nothing more to say, and no traceback.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    # Run the imported module, not this __main__ copy, so that subcommand modules share its classes.
    from cadre.cli import main as cadre_main

    sys.exit(cadre_main())
