"""Sơ yếu lý lịch: a person's résumé in the standard form of cadres and civil servants, Mẫu 2C-BNV/2008
(Quyết định 02/2008/QĐ-BNV of the Minister of Home Affairs), filled from the registry.

The form has 32 numbered items. The registry knows some of them (name, birth date, sex, birthplace, home town,
ethnicity, education, political theory, the Party admission date, the citizen ID, the current post, the career
from the postings, the yearly ratings, the relatives who are themselves in the registry); every other item is
left as a dotted line, as a clerk leaves what they do not know, never guessed. A relative outside what the
reader may see (`visible`) is not named: their row is left for the clerk.

`add_resume` writes the form into a document (the annex of a Tờ trình has one per moved person);
`resume_docx` is one person's form on its own, the download on the person's page.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cadre.documents.layout import (
    DOTS,
    TEXT_MM,
    field,
    form_table,
    line,
    new_document,
    page_break,
    para,
    side_by_side,
    to_bytes,
)

from .models import Evaluation, Official, Posting, Relation

FORM = "Mẫu 2C-BNV/2008"
FORM_SOURCE = "ban hành kèm theo Quyết định số 02/2008/QĐ-BNV ngày 06/10/2008 của Bộ trưởng Bộ Nội vụ"
TITLE = "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC"
SIZE = 13
SEX = {"male": "Nam", "female": "Nữ"}
THEORY = {"basic": "Sơ cấp", "intermediate": "Trung cấp", "advanced": "Cao cấp", "bachelor": "Cử nhân"}
RATING = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
# How the relative is related to the person, as the form says it; `Relation.kind` is how `relative` is related
# to `official`, so from the other side a parent is a child and a child a parent.
KIN = {"spouse": "Vợ (chồng)", "parent": "Cha (mẹ)", "child": "Con", "sibling": "Anh, chị, em ruột"}
FLIPPED = {"parent": "child", "child": "parent"}
TRAINING_COLUMNS = [
    ("Tên trường", 38),
    ("Chuyên ngành đào tạo, bồi dưỡng", 38),
    ("Từ tháng, năm - đến tháng, năm", 30),
    ("Hình thức đào tạo", 27),
    ("Văn bằng, chứng chỉ, trình độ gì", TEXT_MM - 133),
]
CAREER_COLUMNS = [
    ("Từ tháng, năm đến tháng, năm", 40),
    (
        "Chức danh, chức vụ, đơn vị công tác (đảng, chính quyền, đoàn thể, tổ chức xã hội), kể cả thời gian "
        "được đào tạo, bồi dưỡng về chuyên môn, nghiệp vụ",
        TEXT_MM - 40,
    ),
]
FAMILY_COLUMNS = [
    ("Mối quan hệ", 30),
    ("Họ và tên", 40),
    ("Năm sinh", 20),
    (
        "Quê quán, nghề nghiệp, chức danh, chức vụ, đơn vị công tác, học tập, nơi ở (trong, ngoài nước); "
        "thành viên các tổ chức chính trị - xã hội",
        TEXT_MM - 90,
    ),
]
SALARY_COLUMNS = [("Tháng/năm", 55), ("Mã ngạch/bậc", 55), ("Hệ số lương", TEXT_MM - 110)]


def _birth(official: Official) -> str:
    """'Sinh ngày 05 tháng 03 năm 1975'; a part the registry does not know is left dotted."""
    day = official.birth_date
    precision = official.birth_precision
    d = f"{day.day:02d}" if precision == "day" else "……"
    m = f"{day.month:02d}" if precision in ("day", "month") else "……"
    return f"{d} tháng {m} năm {day.year}"


def _place(written: str, commune) -> str | None:
    """A place as the registry has it: the text as written, else the commune it was matched to."""
    if written.strip():
        return written
    return f"{commune.name}, {commune.province.name}" if commune else None


def _month(day: dt.date | None) -> str:
    return f"{day:%m/%Y}" if day else "nay"


def _unit(posting: Posting) -> str:
    units = [u for u in (posting.commune or posting.district, posting.province) if u]
    where = ", ".join(u.name[:1].lower() + u.name[1:] for u in units)
    what = posting.position.name + (f" ({posting.body})" if posting.body else "")
    return f"{what} {where}".strip()


def _body(posting: Posting) -> str:
    """The body a posting serves in: its own name when the registry has one, else the unit."""
    units = [u.name for u in (posting.commune or posting.district, posting.province) if u]
    return ", ".join([posting.body, *units] if posting.body else units)


PLACES = ("position", "province", "district", "commune")
KIN_PLACES = ("current_position", "current_commune", "current_province")
BORN = ("birthplace__province", "hometown__province")  # load with the person: items 4 and 5


def with_registry(officials: QuerySet) -> QuerySet:
    """`officials` with what their résumés read (postings with their places, ratings) in two more queries,
    however many people there are."""
    return officials.prefetch_related(
        Prefetch("postings", queryset=Posting.objects.select_related(*PLACES).order_by("start", "pk")),
        Prefetch("evaluations", queryset=Evaluation.objects.order_by("-year")),
    )


def _prefetched(official: Official, name: str) -> list | None:
    cache = getattr(official, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def relatives_of(officials: list[Official], visible: QuerySet) -> dict[int, list[list[str]]]:
    """Each person's relatives the registry holds and the reader may see (`visible`), as the form's rows: how
    they are related, name, year of birth and current post. Two queries for everyone."""
    ids = {official.pk for official in officials}
    found: dict[int, list] = {pk: [] for pk in ids}
    relations = (
        Relation.objects.filter(Q(official_id__in=ids) | Q(relative_id__in=ids))
        .select_related(*(f"official__{f}" for f in KIN_PLACES), *(f"relative__{f}" for f in KIN_PLACES))
        .order_by("pk")
    )
    for relation in relations:
        if relation.official_id in found:
            found[relation.official_id].append((relation.relative, relation.kind))
        if relation.relative_id in found:
            found[relation.relative_id].append((relation.official, FLIPPED.get(relation.kind, relation.kind)))
    others = {other.pk for pairs in found.values() for other, _kind in pairs}
    shown = set(visible.filter(pk__in=others).values_list("pk", flat=True)) if others else set()
    return {pk: [_kin_row(o, kind) for o, kind in pairs if o.pk in shown] for pk, pairs in found.items()}


def _kin_row(other: Official, kind: str) -> list[str]:
    post = other.current_position.name if other.current_position else ""
    where = ", ".join(u.name for u in (other.current_commune, other.current_province) if u)
    return [KIN.get(kind, DOTS), other.full_name, str(other.birth_date.year), f"{post} {where}".strip()]


def add_resume(
    doc,
    official: Official,
    *,
    visible: QuerySet,
    on: dt.date | None = None,
    relatives: list[list[str]] | None = None,
) -> None:
    """The filled form of `official`, from the registry as of `on` (default today). `relatives`: the person's
    rows from `relatives_of`, when the caller has them (an annex of many people)."""
    on = on or timezone.localdate()
    postings = _prefetched(official, "postings")
    if postings is None:
        postings = list(official.postings.select_related(*PLACES).order_by("start", "pk"))
    current = [p for p in postings if p.start <= on and (p.end is None or p.end >= on)]
    main = next((p for p in current if official.holds_as_main(p)), current[0] if current else None)
    _head(doc, main)
    item = lambda *pairs: field(doc, *pairs, size=SIZE)  # noqa: E731
    item(("1) Họ và tên khai sinh (viết chữ in hoa)", official.full_name.upper()))
    item(("2) Tên gọi khác", None))
    item(("3) Sinh ngày", _birth(official)), ("Giới tính (nam, nữ)", SEX.get(official.sex)))
    item(("4) Nơi sinh", _place(official.birthplace_text, official.birthplace)))
    item(("5) Quê quán", _place(official.hometown_text, official.hometown)))
    item(("6) Dân tộc", official.ethnicity), ("7) Tôn giáo", None))
    item(("8) Nơi đăng ký hộ khẩu thường trú", None))
    item(("9) Nơi ở hiện nay", None))
    item(("10) Nghề nghiệp khi được tuyển dụng", None))
    item(("11) Ngày tuyển dụng", None), ("Vào cơ quan nào, ở đâu", None))
    held = [main, *(p for p in current if p is not main)] if main else []
    item(("12) Chức vụ (chức danh) hiện tại", "; ".join(_unit(p) for p in held)))
    item(("13) Công việc chính được giao", None))
    item(("14) Ngạch công chức (viên chức)", None), ("Mã ngạch", None))
    item(("Bậc lương", None), ("Hệ số", None), ("Ngày hưởng", None))
    item(("Phụ cấp chức vụ", None), ("Phụ cấp khác", None))
    item(("15.1- Trình độ giáo dục phổ thông (đã tốt nghiệp lớp mấy/thuộc hệ nào)", None))
    item(("15.2- Trình độ chuyên môn cao nhất", official.education))
    item(("15.3- Lý luận chính trị", THEORY.get(official.political_theory)), ("15.4- Quản lý nhà nước", None))
    item(("15.5- Ngoại ngữ", None), ("15.6- Tin học", None))
    joined = f"{official.party_joined:%d/%m/%Y}" if official.party_joined else None
    item(("16) Ngày vào Đảng Cộng sản Việt Nam", joined), ("Ngày chính thức", None))
    item(("17) Ngày tham gia tổ chức chính trị - xã hội", None))
    item(("18) Ngày nhập ngũ", None), ("Ngày xuất ngũ", None), ("Quân hàm cao nhất", None))
    item(("19) Danh hiệu được phong tặng cao nhất", None))
    item(("20) Sở trường công tác", None))
    item(("21) Khen thưởng", None), ("22) Kỷ luật", None))
    item(("23) Tình trạng sức khỏe", None), ("Chiều cao", None), ("Cân nặng", None), ("Nhóm máu", None))
    item(("24) Là thương binh hạng", None), ("Là con gia đình chính sách", None))
    item(("25) Số định danh cá nhân (số chứng minh nhân dân)", official.citizen_id), ("Ngày cấp", None))
    item(("26) Số sổ bảo hiểm xã hội", None))

    _section(doc, "27) ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, NGOẠI NGỮ, TIN HỌC")
    form_table(doc, TRAINING_COLUMNS, [], blank_rows=3)
    _section(doc, "28) TÓM TẮT QUÁ TRÌNH CÔNG TÁC")
    career = [[f"{p.start:%m/%Y} - {_month(p.end)}", _unit(p)] for p in postings if p.start <= on]
    form_table(doc, CAREER_COLUMNS, career, blank_rows=0 if career else 3)
    _section(doc, "29) ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN")
    line(doc, DOTS * 4, size=SIZE, align="left")
    _section(doc, "30) QUAN HỆ GIA ĐÌNH")
    line(
        doc,
        "a) Về bản thân: Cha, Mẹ, Vợ (hoặc chồng), các con, anh chị em ruột",
        size=SIZE,
        bold=True,
        align="left",
    )
    family = relatives_of([official], visible)[official.pk] if relatives is None else relatives
    form_table(doc, FAMILY_COLUMNS, family, blank_rows=3)
    line(
        doc,
        "b) Về bên vợ (hoặc chồng): Cha, Mẹ, anh chị em ruột",
        size=SIZE,
        bold=True,
        align="left",
    )
    form_table(doc, FAMILY_COLUMNS, [], blank_rows=3)
    _section(doc, "31) DIỄN BIẾN QUÁ TRÌNH LƯƠNG CỦA CÁN BỘ, CÔNG CHỨC")
    form_table(doc, SALARY_COLUMNS, [], blank_rows=3)
    _section(doc, "32) NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG CÁN BỘ, CÔNG CHỨC")
    ratings = _prefetched(official, "evaluations")
    ratings = (
        ratings if ratings is not None else Evaluation.objects.filter(official=official).order_by("-year")
    )[:5]
    if ratings:
        listed = "; ".join(f"năm {e.year}: {RATING.get(e.level, e.level)}" for e in ratings)
        line(doc, f"Kết quả đánh giá, xếp loại chất lượng: {listed}.", size=SIZE, align="left")
    line(doc, DOTS * 4, size=SIZE, align="left")
    _signatures(doc)


def _head(doc, main: Posting | None) -> None:
    user = _body(main) if main else None

    def left(cell):
        field(cell, ("Cơ quan, đơn vị có thẩm quyền quản lý CBCC", None), size=11)
        field(cell, ("Cơ quan, đơn vị sử dụng CBCC", user), size=11)

    def right(cell):
        line(cell, FORM, size=11, bold=True)
        line(cell, f"({FORM_SOURCE})", size=9, italic=True)
        field(cell, ("Số hiệu cán bộ, công chức", None), size=11)

    side_by_side(doc, (TEXT_MM * 0.6, TEXT_MM * 0.4), left, right)
    line(doc, "")

    def photo(cell):
        line(cell, "", size=SIZE)
        line(cell, "Ảnh màu", size=11)
        line(cell, "(4 x 6 cm)", size=11)
        line(cell, "", size=SIZE)

    def name(cell):
        line(cell, "", size=SIZE)
        line(cell, TITLE, size=14, bold=True)

    side_by_side(doc, (32, TEXT_MM - 32), photo, name, framed=(0,))
    line(doc, "")


def _section(doc, text: str) -> None:
    line(doc, "", size=6)
    line(doc, text, size=SIZE, bold=True, align="left")


def _signatures(doc) -> None:
    def declarant(cell):
        line(cell, "Người khai", size=SIZE, bold=True)
        line(cell, "Tôi xin cam đoan những lời khai trên đây là đúng sự thật", size=11, italic=True)
        line(cell, "(Ký tên, ghi rõ họ tên)", size=11, italic=True)

    def head_of_body(cell):
        line(cell, "……, ngày …… tháng …… năm ……", size=SIZE, italic=True)
        line(cell, "Thủ trưởng cơ quan, đơn vị quản lý và sử dụng CBCC", size=SIZE, bold=True)
        line(cell, "(Ký tên, đóng dấu)", size=11, italic=True)

    line(doc, "")
    side_by_side(doc, (TEXT_MM / 2, TEXT_MM / 2), declarant, head_of_body)


def resume_docx(official: Official, *, visible: QuerySet) -> bytes:
    """One person's Sơ yếu lý lịch as a DOCX file."""
    doc = new_document()
    add_resume(doc, official, visible=visible)
    return to_bytes(doc)


def add_resumes(
    doc, officials: list[Official], *, visible: QuerySet, heading: list[str], on: dt.date | None = None
) -> None:
    """An annex: its heading on a new page, then one form per person as of `on`, each on a new page. A fixed
    number of queries, however many people."""
    page_break(doc)
    for n, text in enumerate(heading):
        line(doc, text, bold=n < 2, italic=n >= 2)
    chosen = Official.objects.filter(pk__in=[o.pk for o in officials]).select_related(*BORN)
    loaded = with_registry(chosen).in_bulk()
    people = [loaded[o.pk] for o in officials if o.pk in loaded]
    relatives = relatives_of(people, visible)
    for n, official in enumerate(people):
        if n:
            page_break(doc)
        else:
            line(doc, "")
        add_resume(doc, official, visible=visible, on=on, relatives=relatives[official.pk])
    if not people:
        para(doc, "Không có cán bộ nào được luân chuyển, điều động.")
