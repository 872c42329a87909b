"""The registry workbook: its sheets and columns, and how each cell is read.

One description serves the template, the import and the export, so the three never disagree. Headers may be
the Vietnamese labels of the template or the English keys; both are matched without case or diacritics.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cadre.core import dates
from cadre.core.errors import BilingualError
from cadre.core.place_names import fold
from cadre.core.policy import national_policy
from cadre.core.rules.eligibility import MEASURES


class CellError(BilingualError):
    """A cell that cannot be read as its column requires."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    help_vi: str
    help_en: str
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    title_en: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


C = Column
_ID = C(
    "citizen_id", "Số định danh cá nhân", "12 chữ số, định dạng Text", "12 digits, formatted as text", True
)
OFFICIALS = SheetSpec(
    "officials",
    "Cán bộ",
    "Officials",
    (
        _ID,
        C("full_name", "Họ và tên", "", "", True),
        C("sex", "Giới tính", "Nam / Nữ", "male / female", True),
        C("birth_date", "Ngày sinh", "dd/mm/yyyy, mm/yyyy hoặc yyyy", "dd/mm/yyyy, mm/yyyy or yyyy", True),
        C(
            "birthplace",
            "Nơi sinh",
            "Địa chỉ cũ hoặc mới, đến cấp xã",
            "Old or new address, to commune level",
        ),
        C("hometown", "Quê quán", "Địa chỉ cũ hoặc mới, đến cấp xã", "Old or new address, to commune level"),
        C(
            "raised_in",
            "Nơi lớn lên",
            "Địa chỉ cũ hoặc mới, đến cấp xã",
            "Old or new address, to commune level",
        ),
        C(
            "years_by_unit",
            "Thời gian học tập, công tác",
            "Đơn vị: số năm; cách nhau bởi «;», ví dụ «Huyện Tứ Kỳ, Hải Dương: 12; Hải Phòng: 8»",
            "Unit: years, separated by ';', e.g. 'Huyện Tứ Kỳ, Hải Dương: 12; Hải Phòng: 8'",
        ),
        C("ethnicity", "Dân tộc", "", ""),
        C("education", "Trình độ chuyên môn", "", ""),
        C("political_theory", "Lý luận chính trị", "Sơ cấp / Trung cấp / Cao cấp / Cử nhân", "basic / ..."),
        C("party_joined", "Ngày vào Đảng", "dd/mm/yyyy", "dd/mm/yyyy"),
        C("health_concern", "Hạn chế sức khỏe", "x nếu có", "x if so"),
        C("early_retirement", "Thuộc diện nghỉ hưu sớm", "x nếu có", "x if so"),
        C(
            "protection",
            "Đang được bảo vệ",
            "Đang xem xét kỷ luật / Truy cứu / Thai sản",
            "under discipline review / prosecution / ...",
        ),
        C("current_commune", "Đơn vị hiện nay (xã/phường)", "Địa chỉ xã/phường", "Commune address"),
        C(
            "current_position",
            "Chức vụ hiện nay",
            "Tên hoặc mã chức vụ (xem sheet Chức vụ)",
            "Post name or code",
        ),
        C("position_since", "Giữ chức vụ từ", "dd/mm/yyyy", "dd/mm/yyyy"),
    ),
)
POSTINGS = SheetSpec(
    "postings",
    "Quá trình công tác",
    "Postings",
    (
        _ID,
        C("position", "Chức vụ", "Tên hoặc mã chức vụ", "Post name or code", True),
        C(
            "unit",
            "Đơn vị",
            "Xã/phường; huyện cũ; hoặc tỉnh, theo cấp của chức vụ",
            "Commune, former district or province, as the post's level requires",
            True,
        ),
        C("body", "Cơ quan", "Ví dụ: Sở Nội vụ", "E.g. Department of Home Affairs"),
        C("start_date", "Từ ngày", "dd/mm/yyyy", "dd/mm/yyyy", True),
        C("end_date", "Đến ngày", "Để trống nếu đang giữ", "Empty while held"),
        C("decision", "Số quyết định", "", ""),
    ),
)
EVALUATIONS = SheetSpec(
    "evaluations",
    "Đánh giá",
    "Evaluations",
    (
        _ID,
        C("year", "Năm", "yyyy", "yyyy", True),
        C("level", "Xếp loại", "HTXSNV / HTTNV / HTNV / KHTNV", "HTXSNV / HTTNV / HTNV / KHTNV", True),
        C("score", "Điểm", "0–100 (từ năm 2026)", "0–100 (from 2026)"),
    ),
)
SUCCESSION = SheetSpec(
    "succession_plans",
    "Quy hoạch",
    "Succession plans",
    (
        _ID,
        C("position", "Chức danh quy hoạch", "Tên hoặc mã chức vụ", "Post name or code", True),
        C(
            "pool",
            "Nơi quy hoạch",
            "Tỉnh, hoặc huyện cũ và tỉnh",
            "Province, or former district and province",
            True,
        ),
        C("term_start", "Nhiệm kỳ từ năm", "yyyy", "yyyy", True),
        C("term_end", "Nhiệm kỳ đến năm", "yyyy", "yyyy", True),
    ),
)
RELATIONS = SheetSpec(
    "relations",
    "Quan hệ gia đình",
    "Relations",
    (
        _ID,
        C("relative_citizen_id", "Số định danh người thân", "12 chữ số", "12 digits", True),
        C("relation", "Quan hệ", "Vợ/chồng, Cha/mẹ, Con, Anh/chị/em", "spouse, parent, child, sibling", True),
    ),
)
DISCIPLINES = SheetSpec(
    "disciplines",
    "Kỷ luật",
    "Disciplines",
    (
        _ID,
        C(
            "measure",
            "Hình thức kỷ luật",
            " / ".join(m.vi for m in MEASURES),
            " / ".join(m.en.lower() for m in MEASURES),
            True,
        ),
        C("decided_on", "Ngày quyết định", "dd/mm/yyyy", "dd/mm/yyyy", True),
        C(
            "deciding_body",
            "Cơ quan quyết định",
            "Ví dụ: Ủy ban Kiểm tra Tỉnh ủy",
            "E.g. the Provincial Inspection Committee",
            True,
        ),
        C("decision", "Số quyết định", "", ""),
        C("note", "Ghi chú", "", ""),
        C(
            "annulled",
            "Hủy bỏ",
            "Quyết định hủy bỏ kỷ luật, nếu có; để trống khi kỷ luật còn hiệu lực",
            "The decision annulling the measure, if any; empty while it stands",
        ),
    ),
)
SHEETS: tuple[SheetSpec, ...] = (OFFICIALS, POSTINGS, EVALUATIONS, SUCCESSION, RELATIONS, DISCIPLINES)
GUIDE_TITLE = "Hướng dẫn"
POSITIONS_TITLE = "Chức vụ"


def sheet_for(title: str, sheets: tuple[SheetSpec, ...] = SHEETS) -> SheetSpec | None:
    """The sheet of `sheets` (by default the registry's) that a tab titled `title` is."""
    key = fold(title).replace("_", " ")
    for sheet in sheets:
        if key in {fold(sheet.title), sheet.key.replace("_", " "), fold(sheet.title_en)}:
            return sheet
    return None


def column_for(sheet: SheetSpec, header: str) -> Column | None:
    key = fold(header).replace("_", " ").rstrip(" *")
    for column in sheet.columns:
        if key in {fold(column.label), column.key.replace("_", " ")}:
            return column
    return None


# Cell readers: each takes the raw openpyxl value and returns a Python value, or raises CellError.


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def citizen_id(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = text(value)
        if len(digits) < 12:
            raise CellError(
                f"Số định danh «{digits}» được lưu dạng số nên đã mất số 0 ở đầu: hãy định dạng cột là Text.",
                f"The ID '{digits}' is stored as a number and lost its leading zeros: format the column as Text.",
            )
    else:
        digits = text(value).replace(" ", "")
    if not re.fullmatch(r"[0-9]{12}", digits):
        raise CellError(
            f"Số định danh cá nhân phải gồm đúng 12 chữ số, không phải «{digits}».",
            f"A citizen ID has exactly 12 digits, not '{digits}'.",
        )
    return digits


def partial_date(value) -> dates.PartialDate:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return dates.PartialDate.of(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = text(value)
    try:
        return dates.parse_vn(text(value))
    except dates.DateError as error:
        raise CellError(error.message_vi, error.message_en) from None


def date(value) -> dt.date:
    """A start date: a month or a year alone means its first day."""
    return partial_date(value).anchor()


def day(value) -> dt.date:
    """A date known to the day (a decision's): a month or a year alone is refused."""
    known = partial_date(value)
    if known.day is None:
        raise CellError(
            f"Ngày «{known.format_vn()}» phải ghi đủ ngày, tháng, năm (dd/mm/yyyy).",
            f"The date '{known.format_vn()}' must give the day, month and year (dd/mm/yyyy).",
        )
    return known.anchor()


def end_date(value) -> dt.date:
    """An end date: a month or a year alone means its last day, so "2015–2019" then "2019–2025" read as
    31/12/2019 then 01/01/2019 and are reported as overlapping only when they really do."""
    known = partial_date(value)
    if known.month is None:
        return dt.date(known.year, 12, 31)
    return dates.end_of_month(known.anchor()) if known.day is None else known.anchor()


def year(value) -> int:
    raw = text(value)
    if not (raw.isdigit() and 1900 <= int(raw) <= 2100):
        raise CellError(f"Năm «{raw}» không hợp lệ (yyyy).", f"'{raw}' is not a valid year (yyyy).")
    return int(raw)


def score(value) -> Decimal:
    raw = text(value).replace(",", ".")
    top = national_policy().value("evaluation_score_bands", dt.date.max)["max_points"]
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not (0 <= number <= top):
        raise CellError(
            f"Điểm «{raw}» phải là số từ 0 đến {top}.", f"The score '{raw}' must be a number from 0 to {top}."
        )
    return number.quantize(Decimal("0.01"))


_TRUE = {"x", "co", "yes", "true", "1", "c", "y"}
_FALSE = {"", "khong", "no", "false", "0", "k", "n"}


def flag(value) -> bool:
    key = fold(text(value))
    if key in _TRUE and (key or not text(value)):
        return True
    if key in _FALSE and (key or not text(value)):  # "?" folds to nothing but is no answer
        return False
    raise CellError(
        f"«{text(value)}»: hãy ghi «x» (có) hoặc để trống.",
        f"'{text(value)}': write 'x' (yes) or leave empty.",
    )


def _choice_key(value: str) -> str:
    """'Vợ/chồng', 'vo / chong' and 'VO CHONG' are one spelling."""
    return " ".join(fold(value).replace("/", " ").split())


def choice(aliases: dict[str, str], what_vi: str, what_en: str):
    """A reader for a closed list: `aliases` maps folded spellings to stored values."""

    aliases = {_choice_key(k): v for k, v in aliases.items()}

    def read(value) -> str:
        key = _choice_key(text(value))
        if key in aliases:
            return aliases[key]
        shown = ", ".join(sorted({k for k in aliases if k})[:8])
        raise CellError(
            f"{what_vi} «{text(value)}» không hợp lệ; dùng một trong: {shown}.",
            f"{what_en} '{text(value)}' is not valid; use one of: {shown}.",
        )

    return read


sex = choice(
    {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female", "f": "female"},
    "Giới tính",
    "Sex",
)
political_theory = choice(
    {
        "": "none",
        "khong": "none",
        "none": "none",
        "so cap": "basic",
        "basic": "basic",
        "trung cap": "intermediate",
        "intermediate": "intermediate",
        "cao cap": "advanced",
        "advanced": "advanced",
        "cu nhan": "bachelor",
        "bachelor": "bachelor",
    },
    "Trình độ lý luận",
    "Political theory level",
)
protection = choice(
    {
        "": "",
        "khong": "",
        "none": "",
        "dang xem xet ky luat": "discipline",
        "ky luat": "discipline",  # the label before the disciplines sheet, still accepted
        "discipline": "discipline",
        "truy cuu": "prosecution",
        "prosecution": "prosecution",
        "thai san": "maternity",
        "maternity": "maternity",
    },
    "Diện bảo vệ",
    "Protection",
)
evaluation_level = choice(
    {
        "htxsnv": "HTXSNV",
        "hoan thanh xuat sac nhiem vu": "HTXSNV",
        "httnv": "HTTNV",
        "hoan thanh tot nhiem vu": "HTTNV",
        "htnv": "HTNV",
        "hoan thanh nhiem vu": "HTNV",
        "khtnv": "KHTNV",
        "khong hoan thanh nhiem vu": "KHTNV",
    },
    "Xếp loại",
    "Evaluation level",
)
relation = choice(
    {
        "vo/chong": "spouse",
        "vo": "spouse",
        "chong": "spouse",
        "spouse": "spouse",
        "cha/me": "parent",
        "cha": "parent",
        "me": "parent",
        "bo": "parent",
        "parent": "parent",
        "con": "child",
        "child": "child",
        "anh/chi/em": "sibling",
        "anh": "sibling",
        "chi": "sibling",
        "em": "sibling",
        "sibling": "sibling",
    },
    "Quan hệ",
    "Relation",
)
discipline_measure = choice(
    {spelling: m.key for m in MEASURES for spelling in (m.vi, m.en, m.key)},
    "Hình thức kỷ luật",
    "Disciplinary measure",
)
SEX_LABELS = {"male": "Nam", "female": "Nữ"}
THEORY_LABELS = {
    "none": "",
    "basic": "Sơ cấp",
    "intermediate": "Trung cấp",
    "advanced": "Cao cấp",
    "bachelor": "Cử nhân",
}
PROTECTION_LABELS = {
    "": "",
    "discipline": "Đang xem xét kỷ luật",
    "prosecution": "Truy cứu",
    "maternity": "Thai sản",
}
RELATION_LABELS = {"spouse": "Vợ/chồng", "parent": "Cha/mẹ", "child": "Con", "sibling": "Anh/chị/em"}
MEASURE_LABELS = {m.key: m.vi for m in MEASURES}


def years_by_unit(value) -> list[tuple[str, float]]:
    """'Huyện Tứ Kỳ, Hải Dương: 12; Hải Phòng: 8' -> [('Huyện Tứ Kỳ, Hải Dương', 12.0), ('Hải Phòng', 8.0)]."""
    items = []
    for chunk in text(value).split(";"):
        if not chunk.strip():
            continue
        place, sep, amount = chunk.rpartition(":")
        try:
            years = float(amount.strip().replace(",", "."))
        except ValueError:
            years = -1.0
        if not sep or not place.strip() or not (0 <= years <= 80):
            raise CellError(
                f"«{chunk.strip()}» phải có dạng «đơn vị: số năm».",
                f"'{chunk.strip()}' must read 'unit: years'.",
            )
        items.append((place.strip(), years))
    return items


def format_date(value: dt.date | None, precision: str = "day") -> str:
    """A stored date as the import reads it back: 'dd/mm/yyyy', or 'mm/yyyy' or 'yyyy' when partly known."""
    if value is None:
        return ""
    known = dates.PartialDate.of(value)
    if precision != "day":
        known = dates.PartialDate(value.year, value.month if precision == "month" else None, None)
    return known.format_vn()
