"""The work plans' commands: `cadre workplans import|export|close|template`.

Each acts as a named user (`--user`), with that user's rights and scope, exactly as the pages do: the import
checks every cell and writes nothing unless all is well, the export is the board's monthly report workbook, and
the close freezes a province's month and prints how its tasks counted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cadre.cli import common
from cadre.core.dates import parse_month
from cadre.core.text import Text


def _user(username: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise common.UserError(
            f"Không có người dùng «{username}» đang hoạt động.", f"No active user '{username}'."
        )
    return user


def _refused(username: str, what: Text) -> common.UserError:
    return common.UserError(
        f"Người dùng «{username}» không có quyền {what.vi}.", f"The user '{username}' may not {what.en}."
    )


def _xlsx(path: str) -> Path:
    target = common.checked_output(path)
    if target.suffix.lower() != ".xlsx":
        raise common.UserError(
            f"Tên tệp phải có đuôi .xlsx, không phải «{target.name}».",
            f"The file name must end in .xlsx, not '{target.name}'.",
        )
    return target


def cmd_import(args) -> int:
    from django.core.exceptions import PermissionDenied

    from cadre.workplans.workbook.importer import import_plans

    def run(path):
        user = _user(args.user)
        try:
            return import_plans(path, user=user, dry_run=args.dry_run, progress=common.progress)
        except PermissionDenied:
            raise _refused(args.user, Text("giao việc", "assign work")) from None

    return common.import_file(args.file, run, lang=args.lang, dry_run=args.dry_run)


def cmd_export(args) -> int:
    from cadre.accounts.permissions import EXPORT, allows
    from cadre.workplans.filtersets import TaskFilterSet
    from cadre.workplans.models import Task
    from cadre.workplans.workbook.export import TooManyTasks, describe, export_board

    target = _xlsx(args.output)
    common.ensure_database()
    user = _user(args.user)
    if not allows(user, EXPORT):
        raise _refused(args.user, Text("xuất dữ liệu", "export"))
    data = {key: value for key, value in (("province", args.province), ("commune", args.commune)) if value}
    filters = TaskFilterSet(data or None, queryset=Task.objects.restrict(user, EXPORT))
    if data and not filters.is_valid():
        raise common.UserError(
            f"Không có tỉnh/thành phố mã «{args.province}» trong phạm vi của người dùng.",
            f"There is no province with code '{args.province}' within the user's scope.",
        )
    words = describe(filters)
    counts = {}
    try:
        common.write_output(
            target, lambda path: counts.update(export_board(path, filters.qs, description=words))
        )
    except TooManyTasks as error:
        raise common.UserError(
            f"Có hơn {error.args[0]:,} nhiệm vụ: hãy chọn --province hoặc --commune.".replace(",", "."),
            f"More than {error.args[0]:,} tasks: choose --province or --commune.",
        ) from None
    print(common.as_json({"file": str(target), **counts}))
    return common.EXIT_OK


def _month(text: str) -> dt.date:
    month = parse_month(text)
    if month is None:
        raise common.UserError(
            f"Tháng không hợp lệ: «{text}» (cần dạng YYYY-MM, ví dụ 2026-03).",
            f"Not a valid month: '{text}' (YYYY-MM is needed, e.g. 2026-03).",
        )
    return month


def cmd_close(args) -> int:
    from django.core.exceptions import PermissionDenied

    from cadre.core.rules import task_month
    from cadre.core.rules.workplan import WorkplanError
    from cadre.geo.models import Province
    from cadre.workplans import closing
    from cadre.workplans.models import TaskMonthResult

    month = _month(args.month)
    common.ensure_database()
    user = _user(args.user)
    province = Province.objects.filter(code=args.province).first()
    if province is None:
        raise common.UserError(
            f"Không có tỉnh/thành phố mã «{args.province}».",
            f"There is no province with code '{args.province}'.",
        )
    try:
        close = closing.close_month(province, month, user=user)
    except PermissionDenied:
        raise _refused(
            args.user, Text(f"chốt tháng của {province.name}", f"close {province.name}'s months")
        ) from None
    except WorkplanError as error:
        raise common.UserError(error.message_vi, error.message_en) from None
    tally = task_month.tally(TaskMonthResult.objects.filter(close=close).values_list("outcome", flat=True))
    print(
        f"Đã chốt tháng {close.month:%m/%Y} của {province.name} (kỳ báo cáo {close.first_day:%d/%m/%Y}–"
        f"{close.last_day:%d/%m/%Y}) / {province.name}, {close.month:%m/%Y} closed"
    )
    for outcome in task_month.OUTCOMES:
        label = task_month.OUTCOME_LABELS[outcome]
        print(f"  {label.vi} / {label.en}: {getattr(tally, outcome):,} nhiệm vụ / tasks".replace(",", "."))
    share = tally.on_time_share
    shown = "—" if share is None else f"{share * 100:.1f}%".replace(".", ",")
    print(f"  Tỷ lệ đúng hạn / on-time share: {shown} ({tally.on_time}/{tally.scored})")
    return common.EXIT_OK


def cmd_template(args) -> int:
    from cadre.workplans.workbook.template import write_template

    target = _xlsx(args.output)
    common.write_output(target, write_template)
    print(common.as_json({"file": str(target)}))
    return common.EXIT_OK


def register(sub) -> None:
    add = common.add_command
    group = common.add_group(
        sub, "workplans", "work plans with the six clears: import, export, monthly close"
    )
    importer = add(
        group,
        "import",
        cmd_import,
        "import work plans and their tasks from a workbook (.xlsx); nothing is written if any row has an error",
        "Check every row and cell of a work plans workbook as the user would on the page (the six clears, the "
        "plan's period, the user's scope) and list every error as 'sheet, row N, column X: message'. If there "
        "is none, write it all in one transaction. Exit status 1 when there are errors.",
    )
    importer.add_argument("file", help="the .xlsx workbook (see `cadre workplans template`)")
    importer.add_argument("--user", required=True, help="the username the import is made as")
    importer.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    importer.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the error list")
    export = add(
        group,
        "export",
        cmd_export,
        "the tasks a user may export, as the board's monthly report workbook",
        "One row per task (plan, unit, number, task, lead, co-workers, expected result, dates, status today, "
        "progress, last report), and a summary by status and by unit for the last closed month.",
    )
    export.add_argument("output", help="the .xlsx file to write")
    export.add_argument("--user", required=True, help="the username whose scope is exported")
    export.add_argument("--province", help="only this province (code, e.g. 31)")
    export.add_argument("--commune", help="only this commune (code)")
    close = add(
        group,
        "close",
        cmd_close,
        "close a province's month: every task counts once (a task not reported by the closing day: not done)",
        "Freeze how each task of the province counted in the month (on time, late, not done, on track) and "
        "print the counts. Refused before the closing day has passed and for a month already closed.",
    )
    close.add_argument("--province", required=True, help="the province code, e.g. 31")
    close.add_argument("--month", required=True, help="the month, YYYY-MM")
    close.add_argument("--user", required=True, help="the username who closes it")
    template = add(group, "template", cmd_template, "the empty work plans workbook, with its guide sheet")
    template.add_argument("output", help="the .xlsx file to write")
    template.set_defaults(needs_django=True)
