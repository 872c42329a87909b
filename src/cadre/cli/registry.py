"""The registry's commands: `cadre import`, `cadre export template|officials`."""

from __future__ import annotations

import json
from pathlib import Path

from cadre.cli import common


def cmd_import(args) -> int:
    from cadre.people.workbook.importer import import_workbook

    return common.import_file(
        args.file,
        lambda path: import_workbook(path, dry_run=args.dry_run, progress=common.progress),
        lang=args.lang,
        dry_run=args.dry_run,
    )


def _output(path: str) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise common.UserError(
            f"Tên tệp xuất phải có đuôi .xlsx, không phải «{target.name}».",
            f"The output file must end in .xlsx, not '{target.name}'.",
        )
    if not target.parent.exists():
        raise common.UserError(
            f"Không có thư mục «{target.parent}».", f"The folder '{target.parent}' does not exist."
        )
    return target


def cmd_export_template(args) -> int:
    from cadre.people.workbook.export import write_template

    target = _output(args.output)
    common.ensure_database()
    write_template(target)
    print(common.as_json({"file": str(target)}))
    return common.EXIT_OK


def cmd_export_officials(args) -> int:
    from cadre.people.filtersets import OfficialFilterSet
    from cadre.people.models import Official
    from cadre.people.workbook.export import export_registry

    target = _output(args.output)
    common.ensure_geography()
    officials = Official.objects.all()
    if args.province:
        filters = OfficialFilterSet({"province": args.province}, queryset=officials)
        if not filters.is_valid():
            raise common.UserError(
                f"Không có tỉnh/thành phố mã «{args.province}».",
                f"There is no province with code '{args.province}'.",
            )
        officials = filters.qs
    counts = export_registry(target, officials, progress=common.progress)
    print(json.dumps({"file": str(target), **counts}, ensure_ascii=False))
    return common.EXIT_OK


def register(sub) -> None:
    add = common.add_command
    importer = add(
        sub,
        "import",
        cmd_import,
        "import a registry workbook (.xlsx); nothing is written if any row has an error",
        "Check every sheet, row and cell of a registry workbook and list every error as 'sheet, row N, column "
        "X: message'. If there is none, write it all in one transaction; re-importing updates the same people "
        "(the citizen ID is the key). Exit status 1 when there are errors.",
    )
    importer.add_argument("file", help="the .xlsx workbook (see `cadre export template`)")
    importer.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    importer.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the error list")

    export_sub = common.add_group(
        sub, "export", "write the registry, or an empty template, as an .xlsx workbook"
    )
    template = add(
        export_sub, "template", cmd_export_template, "an empty workbook with the headers and a guide sheet"
    )
    template.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    officials = add(
        export_sub,
        "officials",
        cmd_export_officials,
        "every official with their postings, evaluations, succession plans and relatives",
        "Write the registry in the import's own format: importing the file into an empty database gives the "
        "same registry. Citizen IDs are written as text, so leading zeros are kept.",
    )
    officials.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    officials.add_argument("--province", help="only this province (code, e.g. 31)")
