"""The work plans' workbook: its two sheets and their columns, and how the cells particular to it are read.

One description serves the template, its guide and the import. The column and sheet types, the header matching
(Vietnamese label or English key, without case or diacritics) and the common cell readers (text, citizen ID,
dates, closed lists) are the registry workbook's (`cadre.people.workbook.schema`). Each column's help says which
of the six clears (sáu rõ) it makes clear. Nothing here imports Django: the confined reader loads it.
"""

from __future__ import annotations

import datetime as dt

from cadre.people.workbook.schema import CellError, Column, SheetSpec, choice, citizen_id, day, text

C = Column
PLANS = SheetSpec(
    "plans",
    "Kế hoạch",
    "Plans",
    (
        C(
            "plan_key",
            "Mã kế hoạch",
            "Mã ngắn do bạn đặt (ví dụ KH1); các dòng ở sheet «Nhiệm vụ» dùng mã này để chỉ kế hoạch của mình",
            "A short key of your own (e.g. KH1); the rows of the 'Nhiệm vụ' sheet name their plan by it",
            True,
        ),
        C(
            "commune",
            "Xã/phường",
            "Tên xã/phường kèm tỉnh (Xã An Lão, Hải Phòng) hoặc mã xã; để trống nếu là kế hoạch của cơ quan cấp tỉnh",
            "The commune's name with its province (Xã An Lão, Hải Phòng) or its code; empty for a province body's plan",
        ),
        C(
            "body",
            "Cơ quan cấp tỉnh",
            "Tên cơ quan cấp tỉnh (Sở Nội vụ); chỉ ghi khi kế hoạch không thuộc một xã",
            "The province body (Department of Home Affairs); only when the plan is no commune's",
        ),
        C(
            "province",
            "Tỉnh/thành phố",
            "Tên hoặc mã tỉnh; cần cho kế hoạch của cơ quan cấp tỉnh khi bạn được giao nhiều tỉnh",
            "The province's name or code; needed for a province body's plan when your scope spans provinces",
        ),
        C("title", "Tên kế hoạch", "Ví dụ: Kế hoạch công tác năm 2026", "E.g. the 2026 work plan", True),
        C("period_start", "Từ ngày", "dd/mm/yyyy", "dd/mm/yyyy", True),
        C("period_end", "Đến ngày", "dd/mm/yyyy", "dd/mm/yyyy", True),
        C(
            "source_kind",
            "Loại văn bản",
            "Chỉ thị / Nghị quyết / Kết luận / Kế hoạch / Công văn / Khác",
            "directive / resolution / conclusion / plan / letter / other",
            True,
        ),
        C("source_number", "Số văn bản", "Ví dụ: 05-CT/TU", "E.g. 05-CT/TU", True),
        C("source_date", "Ngày ban hành", "dd/mm/yyyy", "dd/mm/yyyy", True),
        C(
            "source_body",
            "Cơ quan ban hành",
            "Ví dụ: Ban Thường vụ Thành ủy",
            "E.g. the City Party Standing Committee",
            True,
        ),
        C("source_title", "Trích yếu", "Nội dung tóm tắt của văn bản", "What the document is about"),
    ),
)
TASKS = SheetSpec(
    "tasks",
    "Nhiệm vụ",
    "Tasks",
    (
        C(
            "plan_key",
            "Mã kế hoạch",
            "Mã của kế hoạch ở sheet «Kế hoạch»",
            "The plan's key on the 'Kế hoạch' sheet",
            True,
        ),
        C("title", "Nội dung công việc", "Rõ việc: việc gì phải làm", "Clear task: what is to be done", True),
        C(
            "lead_official",
            "Người chủ trì",
            "Rõ người: số định danh cá nhân (12 chữ số, định dạng Text) của đúng một người chủ trì; hoặc để trống "
            "và ghi đơn vị chủ trì",
            "Clear person: the citizen ID (12 digits, formatted as text) of exactly one lead; or empty, and a lead "
            "unit instead",
        ),
        C(
            "lead_unit",
            "Đơn vị chủ trì",
            "Rõ người: đơn vị chủ trì khi không giao cho một người (ví dụ Văn phòng HĐND-UBND)",
            "Clear person: the lead unit when no one person leads (e.g. the People's Committee's office)",
        ),
        C(
            "lead_unit_head",
            "Người đứng đầu đơn vị chủ trì",
            "Rõ người: số định danh người đứng đầu đơn vị chủ trì, người chịu trách nhiệm",
            "Clear person: the citizen ID of the lead unit's head, who answers for it",
        ),
        C(
            "coworkers",
            "Người phối hợp",
            "Số định danh của những người phối hợp, cách nhau bởi «;»",
            "The co-workers' citizen IDs, separated by ';'",
        ),
        C("coworker_units", "Đơn vị phối hợp", "Các đơn vị phối hợp", "The co-working units"),
        C(
            "result_kind",
            "Loại kết quả",
            "Rõ kết quả: Văn bản / Chỉ tiêu / Dịch vụ (để trống là Văn bản)",
            "Clear result: document / figure / service (empty: document)",
        ),
        C(
            "expected_result",
            "Sản phẩm đầu ra",
            "Rõ kết quả: sản phẩm phải có (báo cáo, chỉ tiêu đạt, dịch vụ đã cung cấp)",
            "Clear result: the output (a report, a figure reached, a service delivered)",
            True,
        ),
        C(
            "completion_criterion",
            "Tiêu chí hoàn thành",
            "Rõ kết quả: căn cứ đánh giá đã hoàn thành",
            "Clear result: how completion is judged",
            True,
        ),
        C("start", "Ngày bắt đầu", "Rõ thời gian: dd/mm/yyyy", "Clear time: dd/mm/yyyy", True),
        C(
            "deadline",
            "Thời hạn",
            "Rõ thời gian: dd/mm/yyyy, trong kỳ kế hoạch",
            "Clear time: dd/mm/yyyy, within the plan's period",
            True,
        ),
        C(
            "milestones",
            "Mốc tiến độ",
            "Rõ thời gian (việc dài): «dd/mm/yyyy: nội dung; dd/mm/yyyy: nội dung»",
            "Clear time (long tasks): 'dd/mm/yyyy: what; dd/mm/yyyy: what'",
        ),
        C(
            "accountable",
            "Người chịu trách nhiệm",
            "Rõ trách nhiệm: ai chịu trách nhiệm nếu chậm",
            "Clear responsibility: who answers if it is late",
            True,
        ),
        C(
            "report_to",
            "Báo cáo cho",
            "Rõ trách nhiệm: báo cáo kết quả cho ai",
            "Clear responsibility: to whom it is reported",
            True,
        ),
        C(
            "authority_level",
            "Cấp quyết định",
            "Rõ thẩm quyền: Xã / Tỉnh, cấp có quyền điều chỉnh nhiệm vụ",
            "Clear authority: commune / province, the level that may change the task",
            True,
        ),
        C(
            "authority_body",
            "Người/cơ quan quyết định",
            "Rõ thẩm quyền: người hoặc cơ quan quyết định (ví dụ Chủ tịch UBND xã)",
            "Clear authority: who decides on it (e.g. the commune's People's Committee chair)",
            True,
        ),
    ),
)
SHEETS: tuple[SheetSpec, ...] = (PLANS, TASKS)
GUIDE_TITLE = "Hướng dẫn"


source_kind = choice(
    {
        "chi thi": "directive",
        "directive": "directive",
        "nghi quyet": "resolution",
        "resolution": "resolution",
        "ket luan": "conclusion",
        "conclusion": "conclusion",
        "ke hoach": "plan",
        "plan": "plan",
        "cong van": "letter",
        "letter": "letter",
        "khac": "other",
        "other": "other",
    },
    "Loại văn bản",
    "Kind of document",
)
SOURCE_KIND_LABELS = {
    "directive": "Chỉ thị",
    "resolution": "Nghị quyết",
    "conclusion": "Kết luận",
    "plan": "Kế hoạch",
    "letter": "Công văn",
    "other": "Khác",
}
result_kind = choice(
    {
        "": "document",
        "van ban": "document",
        "document": "document",
        "chi tieu": "figure",
        "figure": "figure",
        "dich vu": "service",
        "service": "service",
    },
    "Loại kết quả",
    "Kind of result",
)
RESULT_KIND_LABELS = {"document": "Văn bản", "figure": "Chỉ tiêu", "service": "Dịch vụ"}
authority_level = choice(
    {
        "xa": "commune",
        "cap xa": "commune",
        "xa phuong": "commune",
        "commune": "commune",
        "tinh": "province",
        "cap tinh": "province",
        "thanh pho": "province",
        "province": "province",
    },
    "Cấp quyết định",
    "Deciding level",
)
LEVEL_LABELS = {"commune": "Xã", "province": "Tỉnh"}


def citizen_ids(value) -> tuple[str, ...]:
    """One or more citizen IDs separated by ';' (or ',' or new lines), each of 12 digits."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (citizen_id(value),)
    raw = str(value or "").replace(",", ";").replace("\n", ";")
    parts = [part.strip() for part in raw.split(";")]
    return tuple(citizen_id(part) for part in parts if part)


def milestones(value) -> tuple[tuple[dt.date, str], ...]:
    """'15/02/2026: Dự thảo báo cáo; 15/03/2026: Trình Thường trực' as (day, what) pairs."""
    items = []
    for chunk in text(value).split(";"):
        if not chunk.strip():
            continue
        when, sep, what = chunk.partition(":")
        if not sep or not what.strip():
            raise CellError(
                f"Mốc «{chunk.strip()}» phải có dạng «dd/mm/yyyy: nội dung».",
                f"The milestone '{chunk.strip()}' must read 'dd/mm/yyyy: what'.",
            )
        items.append((day(when.strip()), what.strip()))
    return tuple(items)
