"""`cadre demo`: set up the demo database (the `cadre.demo` service), print its summary, then serve."""

from __future__ import annotations

from cadre.cli import common


def cmd_demo(args) -> int:
    from cadre.demo import set_up_demo

    workers = None if args.no_serve else common.web_processes(args.workers)
    counts = common.ensure_geography()
    set_up_demo(args.scale, counts, say=print, progress=common.progress)
    if args.no_serve:
        return common.EXIT_OK
    return common.serve_web_app(args.host, args.port, workers)


def register(sub) -> None:
    demo = common.add_command(
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
    common.add_server_options(demo)
