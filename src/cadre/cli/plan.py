"""The planner's commands: `cadre plan solve` (a problem file, no database) and the registry-backed ones."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from cadre.cli import common
from cadre.core.planning import diagnosis
from cadre.core.text import Text

EXIT_INFEASIBLE = 3
# The rules' short names live beside the diagnoses that count them.
RULE_NAMES = diagnosis.RULE_NAMES


def print_plan(document: dict) -> int:
    from cadre.core.planning.summary import summary_lines

    print("\n".join(summary_lines(document)))
    if document["status"] == "unknown":  # no plan in time, and no proof that none exists
        return common.EXIT_FAILED
    return EXIT_INFEASIBLE if document["status"] == "infeasible" else common.EXIT_OK


def cmd_plan_solve(args) -> int:
    from cadre.core.planning.problem import ProblemError, load_problem
    from cadre.core.planning.solver import solve

    try:
        problem = load_problem(args.problem)
        if args.time_limit is not None:
            problem.time_limit_s = args.time_limit
    except ProblemError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    plan = solve(problem)
    document = plan.to_document(problem)
    common.write_json(Path(args.output), document)
    return print_plan(document)


# ---- registry-backed: plan run, export-problem, show -------------------------------------------------------


def _target(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 1:
        raise common.UserError(
            f"Chỉ tiêu phải là một số từ 0 đến 1 (ví dụ 0.30), không phải «{text}».",
            f"The target must be a number from 0 to 1 (e.g. 0.30), not '{text}'.",
        )
    return value


def _planning_inputs(args) -> dict:
    """The checked inputs of `plan run` and `plan export-problem`; bad input stops here, before any write."""
    from cadre.core.errors import BilingualError
    from cadre.geo.models import Province
    from cadre.rotation.post_types import parse_post_types

    try:
        post_types = parse_post_types(args.posts)
    except BilingualError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    inputs = {
        "target": _target(args.target),
        "chair_target": _target(args.chair_target),
        "post_types": post_types,
        "on": common.optional_date(args.date),
        "district_floors": args.district_floors,
    }
    common.ensure_geography()
    if not Province.objects.filter(code=args.province).exists():
        raise common.UserError(
            f"Không có tỉnh/thành mã «{args.province}» (xem `cadre geo load` để biết các mã).",
            f"No province has the code '{args.province}' (see `cadre geo load` for the codes).",
        )
    return {"province_code": args.province, **inputs}


def _compile_error(error) -> common.UserError:
    return common.UserError(error.message_vi, error.message_en)


def cmd_plan_run(args) -> int:
    from cadre.rotation.compile import CompileError
    from cadre.rotation.services import run_plan

    inputs = _planning_inputs(args)
    try:
        run = run_plan(**inputs)
    except CompileError as error:
        raise _compile_error(error) from error
    status = print_plan(run.plan)
    print(_target_line(run))
    excluded = run.plan.get("excluded", [])
    print(f"Không đủ điều kiện / not eligible for any post: {len(excluded)} người / people")
    # Which rules keep people out is what a committee asks when a target cannot be reached.
    tally = Counter(reason["rule"] for person in excluded for reason in person["reasons"])
    for rule, count in tally.most_common():
        vi, en = RULE_NAMES.get(rule, Text(rule, rule))
        print(f"  {count:>4} × {vi} / {en}")
    print(f"Mã phương án / plan id: {run.pk}  (cadre plan show {run.pk} --format xlsx -o FILE.xlsx)")
    return status


def _target_line(run) -> str:
    """Which target each post type of the plan met and where it comes from: the province's document, the
    national reference, or the run's own (`--target`, `--chair-target`)."""
    from cadre.rotation.post_types import SECRETARY_POST, TITLE
    from cadre.rotation.targets import plan_targets

    targets = plan_targets(run)
    lines = []
    for target in targets:
        whose = "" if [t.kind for t in targets] == [SECRETARY_POST] else f" {TITLE[target.kind].vi}"
        whose_en = "" if not whose else f" ({TITLE[target.kind].en})"
        percent = f"{target.share * 100:g}%"
        if target.source is None:
            option = "--target" if target.kind == SECRETARY_POST else "--chair-target"
            lines.append(
                f"Chỉ tiêu{whose} / target{whose_en}: {percent} (đặt cho lần chạy này / set for this run with "
                f"{option})"
            )
            continue
        vi, en = target.source.source
        unverified = " [chưa kiểm chứng / unverified]" if target.source.unverified else ""
        since = f"{target.source.effective_from:%d/%m/%Y}"
        lines.append(
            f"Chỉ tiêu{whose} / target{whose_en}: {percent}, từ / from {since} — {vi} / {en}{unverified}"
        )
    return "\n".join(lines)


def cmd_plan_export_problem(args) -> int:
    from cadre.rotation.compile import CompileError, compile_problem

    inputs = _planning_inputs(args)
    output = Path(args.output)
    try:
        compiled = compile_problem(**inputs)
    except CompileError as error:
        raise _compile_error(error) from error
    common.write_json(output, compiled.document)
    from cadre.core.planning.problem import canonical_sha256

    document = compiled.document
    print(
        f"{len(document['posts'])} vị trí / posts · {len(document['candidates'])} ứng viên / candidates · "
        f"{len(document['pairs']['cost'])} cặp / pairs → {output}"
    )
    print(f"SHA-256: {canonical_sha256(document)}")
    return common.EXIT_OK


def _stored_plan(plan_id: str):
    """The stored plan `plan_id` names (a number), or a bilingual refusal."""
    from cadre.rotation.models import PlanRun

    common.ensure_database()
    run = PlanRun.objects.filter(pk=int(plan_id)).first() if re.fullmatch(r"[0-9]{1,12}", plan_id) else None
    if run is None:
        raise common.UserError(
            f"Không có phương án mã «{plan_id}».", f"There is no plan with the id '{plan_id}'."
        )
    return run


def cmd_plan_show(args) -> int:
    from cadre.rotation.report import plan_report, write_workbook
    from cadre.workflow.integrity import PlanAltered, check_plan

    run = _stored_plan(args.plan_id)
    try:
        check_plan(run)  # a plan changed outside the workflow is not presented
    except PlanAltered as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    if args.format == "xlsx":
        output = Path(args.output or f"plan-{run.pk}.xlsx")
        common.write_output(output, lambda temporary: write_workbook(run, temporary))
        print(f"Đã ghi / written: {output}")
    elif args.output:
        common.write_json(Path(args.output), plan_report(run))
        print(f"Đã ghi / written: {args.output}")
    else:
        print(json.dumps(plan_report(run), ensure_ascii=False, indent=1))
    return common.EXIT_OK


def cmd_plan_document(args) -> int:
    from cadre.core.errors import BilingualError
    from cadre.rotation.documents import decision_docx, proposal_docx

    run = _stored_plan(args.plan_id)
    build = proposal_docx if args.kind == "proposal" else decision_docx
    try:
        document = build(run)
    except BilingualError as error:  # not approved, changed outside the workflow, or the log's head is gone
        raise common.UserError(error.message_vi, error.message_en) from error
    output = Path(args.output or f"plan-{run.pk}-{args.kind}.docx")
    common.write_output(output, lambda temporary: temporary.write_bytes(document))
    print(f"Đã ghi / written: {output}")
    return common.EXIT_OK


def _planning_arguments(parser) -> None:
    parser.add_argument("--province", required=True, metavar="CODE", help="the province code, e.g. 31")
    parser.add_argument(
        "--target",
        metavar="SHARE",
        help=(
            "least share of non-local secretaries, 0 to 1 (default: the province's target in force on the date, "
            "or the national reference value where it has set none)"
        ),
    )
    parser.add_argument(
        "--posts",
        default="secretary",
        metavar="TYPES",
        help="the posts planned together, comma-separated: secretary (Bí thư Đảng ủy), chair (Chủ tịch UBND); "
        "default secretary",
    )
    parser.add_argument(
        "--chair-target",
        metavar="SHARE",
        help="least share of non-local People's Committee chairs, 0 to 1, with --posts secretary,chair or "
        "--posts chair (default: the province's target in force on the date, or the national reference value "
        "where it has set none)",
    )
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the rotation date (default today)")
    parser.add_argument(
        "--district-floors",
        action="store_true",
        help="also require the share in each former district (huyện cũ)",
    )


def register(sub) -> None:
    add = common.add_command
    plan_sub = common.add_group(
        sub, "plan", "rotation plans: solve a problem file, or plan from the registry"
    )
    solve = add(
        plan_sub,
        "solve",
        cmd_plan_solve,
        "solve a rotation problem file (JSON) and write the plan (JSON)",
        "Solve a version-1 problem document: every post gets one holder from its eligible pairs, each person "
        "holds at most one post, each group meets its non-local floor, at the least total cost. The plan "
        "carries its status, objective and a proven bound. Exit status 0 for an optimal or feasible plan, 3 "
        "when no plan exists (the reason is printed and written), 2 for a malformed problem. A problem whose "
        'options say "when_infeasible": "closest" gets, instead of exit 3, the closest plan (most posts '
        "filled, then the floors as near as possible, then the least cost), labelled as not meeting every "
        "requirement (exit 0).",
    )
    solve.add_argument("problem", help="the problem file (JSON, version 1)")
    solve.add_argument("-o", "--output", required=True, help="the plan file to write (JSON)")
    solve.add_argument(
        "--time-limit", type=common.positive_seconds, help="seconds, overriding the problem's options"
    )
    solve.set_defaults(needs_django=False)

    run = add(
        plan_sub,
        "run",
        cmd_plan_run,
        "plan the commune Party secretaries (and People's Committee chairs) of a province, and store the plan",
        "Compile the province's commune Party secretary posts (with --posts secretary,chair also its People's "
        "Committee chair posts, each type with its own floor) and the eligible people (incumbents and the "
        "succession-plan pools, under the rotation rules of the policy file) into a problem, solve it, "
        "explain it and store it. Prints the summary and the plan id. When no plan meets every rule, the "
        "closest plan is stored and printed, labelled as not meeting every requirement, with the reason and "
        "each post it leaves open. Exit status 0 for a plan (the closest one included), 2 for bad input.",
    )
    _planning_arguments(run)
    export = add(
        plan_sub,
        "export-problem",
        cmd_plan_export_problem,
        "write the province's rotation problem (JSON) without solving it",
        "Write the problem document `plan run` would solve, for `cadre plan solve` or another solver.",
    )
    _planning_arguments(export)
    export.add_argument("-o", "--output", required=True, help="the problem file to write (JSON)")
    show = add(
        plan_sub,
        "show",
        cmd_plan_show,
        "print or export a stored plan: each assignment with the person and the explanation",
        "Each post's holder with their birth date, sex, hometown, retirement date, succession-plan status "
        "and the explanation, as JSON (printed, or written with -o) or as an XLSX workbook.",
    )
    show.add_argument("plan_id", metavar="PLAN_ID", help="the plan id `plan run` printed")
    show.add_argument("--format", choices=("json", "xlsx"), default="json", help="json (default) or xlsx")
    show.add_argument("-o", "--output", help="the file to write (xlsx default: plan-PLAN_ID.xlsx)")
    document = add(
        plan_sub,
        "document",
        cmd_plan_document,
        "write the proposal (tờ trình) or the draft decision (quyết định) of an approved plan, as DOCX",
        "The Organisation Board's proposal to the Standing Committee (the non-local share before and after "
        "against the target, who goes where from when and why, the support each person receives, and an annex "
        "with each moved person's résumé, Mẫu 2C-BNV/2008), or the Standing Committee's decision with the list "
        "of moves attached; both are Party documents (Hướng dẫn 36-HD/VPTW: ĐẢNG CỘNG SẢN VIỆT NAM, "
        "Số 15-QĐ/TU, T/M BAN THƯỜNG VỤ). A decided plan's decision carries its number. Exit status 2, with "
        "nothing written, for a plan that is not approved or decided or has no solution.",
    )
    document.add_argument("plan_id", metavar="PLAN_ID", help="the plan id `plan run` printed")
    document.add_argument(
        "--kind", required=True, choices=("proposal", "decision"), help="proposal (tờ trình) or decision"
    )
    document.add_argument("-o", "--output", help="the file to write (default: plan-PLAN_ID-KIND.docx)")
