"""The work plans workbook to fill in: its two sheets with the import's own headers, and a guide sheet that
explains each column in the words of the six clears, with an example row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from openpyxl import Workbook

from cadre.spreadsheet import Column, Table, text_row

from . import schema

CODE_COLUMNS = {"lead_official", "lead_unit_head", "coworkers"}
DATE_COLUMNS = {"period_start", "period_end", "source_date", "start", "deadline"}

# One plan and one of its tasks, as a commune would write them (shown on the guide; the tests import it).
EXAMPLE_PLAN = {
    "plan_key": "KH1",
    "commune": "Xã An Lão, Hải Phòng",
    "title": "Kế hoạch công tác năm 2026",
    "period_start": "01/01/2026",
    "period_end": "31/12/2026",
    "source_kind": "Chỉ thị",
    "source_number": "05-CT/TU",
    "source_date": "20/12/2025",
    "source_body": "Ban Thường vụ Thành ủy Hải Phòng",
    "source_title": "Về nhiệm vụ trọng tâm năm 2026",
}
EXAMPLE_TASK = {
    "plan_key": "KH1",
    "title": "Rà soát, cập nhật cơ sở dữ liệu hộ nghèo",
    "lead_official": "031190000123",
    "coworkers": "031190000456; 031190000789",
    "coworker_units": "Công an xã",
    "result_kind": "Văn bản",
    "expected_result": "Báo cáo kết quả rà soát",
    "completion_criterion": "Báo cáo được Thường trực Đảng ủy thông qua",
    "start": "05/01/2026",
    "deadline": "31/03/2026",
    "milestones": "15/02/2026: Dự thảo báo cáo; 15/03/2026: Trình Thường trực Đảng ủy",
    "accountable": "Người chủ trì",
    "report_to": "Thường trực Đảng ủy xã",
    "authority_level": "Xã",
    "authority_body": "Chủ tịch UBND xã",
}
EXAMPLES = {"plans": EXAMPLE_PLAN, "tasks": EXAMPLE_TASK}


def _kind(key: str) -> str:
    return "code" if key in CODE_COLUMNS else "date" if key in DATE_COLUMNS else "text"


def _sheet(book: Workbook, spec: schema.SheetSpec) -> Table:
    columns = [Column(c.label + (" *" if c.required else ""), kind=_kind(c.key)) for c in spec.columns]
    return Table(book, spec.title, columns)


def write_template(path, plans: Iterable[Mapping] = (), tasks: Iterable[Mapping] = ()) -> None:
    """The empty workbook (or, given rows as column key -> value, a filled one), with its guide."""
    book = Workbook(write_only=True)
    for spec, rows in ((schema.PLANS, plans), (schema.TASKS, tasks)):
        table = _sheet(book, spec)
        for row in rows:
            table.append([row.get(c.key, "") for c in spec.columns])
        table.close()
    _guide(book)
    book.save(path)


def _guide(book: Workbook) -> None:
    sheet = book.create_sheet(schema.GUIDE_TITLE)
    lines = [
        ["Sổ kế hoạch công tác / Work plans workbook"],
        [
            "Sheet «Kế hoạch»: mỗi dòng một kế hoạch công tác của một xã/phường hoặc một cơ quan cấp tỉnh, với "
            "văn bản làm căn cứ. Sheet «Nhiệm vụ»: mỗi dòng một nhiệm vụ, chỉ kế hoạch của mình bằng «Mã kế "
            "hoạch». Mỗi nhiệm vụ phải đủ «sáu rõ»: rõ người (đúng một người hoặc một đơn vị chủ trì), rõ việc, "
            "rõ kết quả, rõ thời gian, rõ trách nhiệm, rõ thẩm quyền. Cột có dấu * là bắt buộc. Ngày ghi "
            "dd/mm/yyyy. Nếu có bất kỳ lỗi nào, không dữ liệu nào được ghi; mọi lỗi được liệt kê theo sheet, "
            "dòng, cột."
        ],
        [
            "Sheet 'Kế hoạch': one row per work plan of a commune or a province body, with the document it "
            "comes from. Sheet 'Nhiệm vụ': one row per task, naming its plan by its key. Every task must make "
            "six things clear: the person (exactly one lead, a person or a unit), the task, the result, the "
            "time, the responsibility and the authority. Columns marked * are required. Dates read dd/mm/yyyy. "
            "If there is any error nothing is written, and every error is listed by sheet, row and column."
        ],
        [],
        [
            "Sheet",
            "Cột / Column",
            "Khóa / Key",
            "Bắt buộc / Required",
            "Cách ghi",
            "How to write it",
            "Ví dụ",
        ],
    ]
    for line in lines:
        sheet.append(text_row(sheet, line))
    for spec in schema.SHEETS:
        example = EXAMPLES[spec.key]
        for column in spec.columns:
            sheet.append(
                text_row(
                    sheet,
                    [
                        spec.title,
                        column.label,
                        column.key,
                        "x" if column.required else "",
                        column.help_vi,
                        column.help_en,
                        example.get(column.key, ""),
                    ],
                )
            )
