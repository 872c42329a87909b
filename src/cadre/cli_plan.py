"""The planner's commands: `cadre plan solve` (a problem file, no database) and the registry-backed ones."""

from __future__ import annotations

import json
from pathlib import Path

from cadre import cli

EXIT_INFEASIBLE = 3


def _write_json(path: Path, document: dict) -> None:
    """Write whole or not at all: a partial plan file must never be left behind."""
    if not path.parent.exists():
        raise cli.UserError(
            f"Không có thư mục «{path.parent}».", f"The folder '{path.parent}' does not exist."
        )
    temporary = path.with_name(path.name + ".part")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    temporary.replace(path)


def print_plan(document: dict) -> int:
    from cadre.core.planning.summary import summary_lines

    print("\n".join(summary_lines(document)))
    return EXIT_INFEASIBLE if document["status"] == "infeasible" else cli.EXIT_OK


def cmd_plan_solve(args) -> int:
    from cadre.core.planning.problem import ProblemError, load_problem
    from cadre.core.planning.solver import solve

    try:
        problem = load_problem(args.problem)
        if args.time_limit is not None:
            problem.time_limit_s = args.time_limit
    except ProblemError as error:
        raise cli.UserError(error.message_vi, error.message_en) from error
    plan = solve(problem)
    document = plan.to_document(problem)
    _write_json(Path(args.output), document)
    return print_plan(document)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e6:
        raise cli.argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


def register(sub, add) -> None:
    plan = add(sub, "plan", None, "rotation plans: solve a problem file, or plan from the registry")
    plan_sub = plan.add_subparsers(title="plan commands", metavar="COMMAND", required=True)
    solve = add(
        plan_sub,
        "solve",
        cmd_plan_solve,
        "solve a rotation problem file (JSON) and write the plan (JSON)",
        "Solve a version-1 problem document: every post gets one holder from its eligible pairs, each person "
        "holds at most one post, each group meets its non-local floor, at the least total cost. The plan "
        "carries its status, objective and a proven bound. Exit status 0 for an optimal or feasible plan, 3 "
        "when no plan exists (the reason is printed and written), 2 for a malformed problem.",
    )
    solve.add_argument("problem", help="the problem file (JSON, version 1)")
    solve.add_argument("-o", "--output", required=True, help="the plan file to write (JSON)")
    solve.add_argument("--time-limit", type=_positive, help="seconds, overriding the problem's options")
    solve.set_defaults(needs_django=False)
