"""The staff rebalancing command: `cadre staffing solve` (a problem file, no database)."""

from __future__ import annotations

from cadre.cli import common

STATUS_WORDS = {
    "optimal": "tối ưu (đã chứng minh)",
    "feasible": "khả thi (thiếu hụt đã chứng minh, chi phí làm tròn)",
    "unknown": "chưa có phương án được chứng minh",
}


def summary_lines(document: dict) -> list[str]:
    """The plan in a few lines, in Vietnamese and English."""
    status = document["status"]
    lines = [f"Trạng thái / status: {STATUS_WORDS.get(status, status)} / {status}"]
    if status == "unknown":
        diagnosis = document.get("diagnosis") or {}
        return [
            *lines,
            f"Lý do: {diagnosis.get('message_vi', '')}",
            f"Reason: {diagnosis.get('message_en', '')}",
        ]
    before, after = document["summary"]["before"], document["summary"]["after"]
    lines += [
        f"Thiếu hụt lớn nhất / largest deficit: {before['max']} ({before['cells_at_max']} ô / cells) → "
        f"{after['max']} ({after['cells_at_max']})",
        f"Tổng thiếu hụt / total deficit: {before['total']:,} → {after['total']:,}; "
        f"tổng bình phương / sum of squares: {before['sum_of_squares']:,} → {after['sum_of_squares']:,}",
        f"Số người điều động / moves: {document['summary']['moves']:,}   tổng chi phí / total cost: "
        f"{document['total_cost']:,.3f}   cận dưới / bound: {document['bound']:,.3f}",
    ]
    if document.get("cost_resolution"):
        lines.append(f"Chi phí được làm tròn tới / costs rounded to {document['cost_resolution']:g}")
    return lines


def cmd_staffing_solve(args) -> int:
    from cadre.core.rebalancing.problem import ProblemError, load_problem
    from cadre.core.rebalancing.solver import solve

    output = common.checked_output(args.output)
    try:
        problem = load_problem(args.problem)
    except ProblemError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    plan = solve(problem, time_limit=args.time_limit)
    document = plan.to_document(problem)
    common.write_json(output, document)
    print("\n".join(summary_lines(document)))
    return common.EXIT_OK if plan.has_plan else common.EXIT_FAILED


def cmd_staffing_run(args) -> int:
    from cadre.staffing.compile import StaffingError
    from cadre.staffing.services import run_transfers

    common.ensure_database()
    try:
        plan = run_transfers(args.province, common.optional_date(args.date))
    except StaffingError as error:
        raise common.UserError(error.message_vi, error.message_en) from error
    print(f"Phương án điều động / transfer plan #{plan.pk} ({args.province}, {plan.transfer_date:%d/%m/%Y})")
    print("\n".join(summary_lines(plan.plan)))
    return common.EXIT_OK if plan.has_solution else common.EXIT_FAILED


def register(sub) -> None:
    add = common.add_command
    staffing_sub = common.add_group(sub, "staffing", "staff rebalancing between units: solve a problem file")
    solve = add(
        staffing_sub,
        "solve",
        cmd_staffing_solve,
        "rebalance staff between units (JSON problem) and write the plan (JSON)",
        "Solve a version-1 rebalancing problem: each staff member stays or moves to one of their listed "
        "units, keeping their position. The deficits (quota − holders, when positive) are made as even as possible "
        "(the sorted deficit vector lexicographically smallest), then the total cost of the moves least. The "
        "plan carries its status and a proven bound on the cost. Exit status 0 for a plan, 1 when the time "
        "limit ran out before a proven plan, 2 for a malformed problem (nothing is written).",
    )
    solve.add_argument("problem", help="the problem file (JSON, version 1)")
    solve.add_argument("-o", "--output", required=True, help="the plan file to write (JSON)")
    solve.add_argument("--time-limit", type=common.positive_seconds, help="seconds (default: no limit)")
    solve.set_defaults(needs_django=False)
    run = add(
        staffing_sub,
        "run",
        cmd_staffing_run,
        "plan the moves of a province's commune staff from surplus to shortage and store the plan",
        "Compile the province's communes, their job-position quotas and the holders of those positions into a "
        "rebalancing problem (each person may go to communes within the dated commute distance of where they "
        "work, if rated well enough), solve it and store it as a draft transfer plan for the workflow.",
    )
    run.add_argument("--province", required=True, help="the province code, e.g. 31")
    run.add_argument("--date", help="the transfer date, YYYY-MM-DD (default today)")
