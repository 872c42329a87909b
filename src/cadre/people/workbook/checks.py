"""Checking every row of a registry workbook before anything is written.

Each sheet is read into plain records; every problem becomes an issue against its sheet, row and column, and
checking goes on so that one pass reports them all. Rows that refer to people (postings, evaluations, plans,
relatives) are checked against the officials sheet and the database together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cadre.core.place_names import fold
from cadre.core.rules.evaluation import Level, band_for_score

from ..models import Discipline, Official, Position, Posting
from ..postings import HistoryChanges, PostingFact, merge_postings
from ..services import recorded_postings
from . import schema
from .plausible import birth_dates, birth_problem, too_young

# The longest text each free-text column can hold, from the model fields it is stored in.
MAX_LENGTH = {
    key: model._meta.get_field(field).max_length
    for key, model, field in (
        ("full_name", Official, "full_name"),
        ("ethnicity", Official, "ethnicity"),
        ("education", Official, "education"),
        ("birthplace", Official, "birthplace_text"),
        ("hometown", Official, "hometown_text"),
        ("raised_in", Official, "raised_text"),
        ("body", Posting, "body"),
        ("decision", Posting, "decision"),
        ("deciding_body", Discipline, "deciding_body"),
        ("note", Discipline, "note"),
        ("annulled", Discipline, "annulled"),
    )
}
MISSING = object()
INVALID = object()
CHUNK = 5000


@dataclass
class Checked:
    officials: dict[str, dict[str, Any]] = field(default_factory=dict)  # citizen ID -> model fields given
    history: HistoryChanges = field(default_factory=HistoryChanges)
    evaluations: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    plans: dict[tuple[str, str, int], dict[str, Any]] = field(default_factory=dict)
    relations: dict[tuple[str, str], str] = field(default_factory=dict)
    # (citizen ID, decided on, deciding body) -> the other fields given
    disciplines: dict[tuple[str, dt.date, str], dict[str, Any]] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)  # every well-formed citizen ID on the officials sheet


class RowReader:
    """Reads one row's cells, adding an issue for each bad one; `ok` tells whether the row is clean. `limits`:
    the longest text each column may hold (by default the registry's)."""

    def __init__(self, sheet, row, issues, limits: dict[str, int] = MAX_LENGTH):
        self.sheet, self.row, self.issues, self.ok = sheet, row, issues, True
        self.limits = limits

    def present(self, key: str) -> bool:
        return key in self.sheet.columns

    def __call__(self, key: str, reader=schema.text, required: bool = False):
        raw = self.sheet.cell(self.row, key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required and key not in self.sheet.columns:
                self.ok = False  # the missing column is reported once, on the header row
            elif required:
                self.fail(key, "Ô này không được để trống.", "This cell must not be empty.")
            return MISSING
        if isinstance(raw, str) and (control := ILLEGAL_CHARACTERS_RE.search(raw)):
            code = f"U+{ord(control.group()):04X}"
            self.fail(
                key,
                f"Ô này có ký tự điều khiển không in được ({code}), thường do dán từ phần mềm khác: hãy gõ lại.",
                f"This cell holds an unprintable control character ({code}), usually pasted from another "
                "program: type it again.",
            )
            return INVALID
        try:
            value = reader(raw)
        except schema.CellError as error:
            self.fail(key, error.message_vi, error.message_en)
            return INVALID
        limit = self.limits.get(key)
        if limit and isinstance(value, str) and len(value) > limit:
            self.fail(
                key,
                f"Ô này dài {len(value)} ký tự; tối đa {limit}.",
                f"This cell is {len(value)} characters long; at most {limit} fit.",
            )
            return INVALID
        return value

    def resolve(self, key: str, resolver, value):
        """Apply `resolver` to a cell's value read before; a CellError it raises becomes the cell's issue."""
        if value is MISSING or value is INVALID:
            return INVALID
        try:
            return resolver(value)
        except schema.CellError as error:
            self.fail(key, error.message_vi, error.message_en)
            return INVALID

    def fail(self, key: str | None, message_vi: str, message_en: str) -> None:
        self.ok = False
        self.issues.add(self.sheet, self.row, key, message_vi, message_en)


def check_sheets(sheets, issues, resolver, progress, hidden: frozenset[str] = frozenset()) -> Checked:
    """`hidden`: recorded citizen IDs outside the importer's scope. Every row naming one is refused, on the
    other sheets with the answer an unknown ID gets, and nothing recorded about them is read."""
    checked = Checked()
    known = set(Official.objects.values_list("citizen_id", flat=True)) - hidden
    incoming: list[PostingFact] = []
    if "officials" in sheets:
        _officials(sheets["officials"], issues, resolver, checked, incoming, progress, hidden)
        sheets["officials"].rows.clear()  # the records are kept; the raw rows are not needed any more
    # A person whose own row has an error is still known: their other rows are checked, not all flagged.
    people = known | checked.seen
    steps = (
        ("postings", lambda sheet: _postings(sheet, issues, resolver, people, incoming)),
        ("evaluations", lambda sheet: _evaluations(sheet, issues, people, checked)),
        ("succession_plans", lambda sheet: _plans(sheet, issues, resolver, people, checked)),
        ("relations", lambda sheet: _relations(sheet, issues, people, checked)),
        ("disciplines", lambda sheet: _disciplines(sheet, issues, people, checked, known)),
    )
    for key, check in steps:
        if key in sheets:
            check(sheets[key])
            sheets[key].rows.clear()
    progress("Kiểm tra quá trình công tác / Checking the movement history")
    checked.touched |= {fact.official for fact in incoming}
    checked.history = merge_postings(
        recorded_postings(sorted({f.official for f in incoming} & known)), incoming
    )
    for problem in checked.history.problems:
        sheet, row, column = problem.origin or (next(iter(sheets.values())), 1, None)
        issues.add(sheet, row, column, problem.message_vi, problem.message_en)
    births = birth_dates(checked.officials, {f.official for f in incoming} & known)
    for posting, reason in too_young(incoming, births, dt.date.today()):
        issues.add(*posting.origin, *reason)
    return checked


def _unknown_person(read: RowReader, key: str, citizen_id, people: set[str]) -> bool:
    if citizen_id in (MISSING, INVALID):
        return True
    if citizen_id not in people:
        read.fail(
            key,
            f"Không có cán bộ có số định danh {citizen_id} trong sheet Cán bộ hay trong cơ sở dữ liệu.",
            f"No official with citizen ID {citizen_id} is in the officials sheet or the database.",
        )
        return True
    return False


def _place(read: RowReader, key: str, resolver, record: dict, prefix: str) -> None:
    if not read.present(key):
        return
    text = read(key)
    if text is MISSING:
        record.update({f"{prefix}_text": "", prefix + "_id": None, f"{prefix}_district_id": None})
        return
    try:
        unit = resolver.unit(text, "commune")
    except schema.CellError as error:
        read.fail(key, error.message_vi, error.message_en)
        return
    record.update(
        {f"{prefix}_text": text, prefix + "_id": unit.commune, f"{prefix}_district_id": unit.district}
    )


def _years(read: RowReader, resolver, record: dict) -> None:
    items = read("years_by_unit", schema.years_by_unit)
    if items is INVALID or not read.present("years_by_unit"):
        return
    resolved = []
    for text, years in items if items is not MISSING else ():
        try:
            unit = resolver.any_unit(text)
        except schema.CellError as error:
            read.fail("years_by_unit", error.message_vi, error.message_en)
            continue
        resolved.append({"keys": sorted(unit.keys()), "text": text, "years": years})
    record["years_by_unit"] = resolved


_SIMPLE = (
    ("full_name", schema.text),
    ("sex", schema.sex),
    ("ethnicity", schema.text),
    ("education", schema.text),
    ("political_theory", schema.political_theory),
    ("party_joined", schema.date),
    ("health_concern", schema.flag),
    ("early_retirement", schema.flag),
    ("protection", schema.protection),
)
_BLANK = {
    "ethnicity": "",
    "education": "",
    "political_theory": "none",
    "party_joined": None,
    "protection": "",
}


def _officials(sheet, issues, resolver, checked: Checked, incoming: list, progress, hidden) -> None:
    first_row: dict[str, int] = {}
    for count, row in enumerate(sheet.rows, start=1):
        if count % 10000 == 0:
            progress(f"{sheet.title}: {count}/{len(sheet.rows)}")
        read = RowReader(sheet, row, issues)
        citizen_id = read("citizen_id", schema.citizen_id, required=True)
        record: dict[str, Any] = {}
        for key, reader in _SIMPLE:
            if read.present(key):
                value = read(key, reader, required=key in ("full_name", "sex"))
                record[key] = _BLANK.get(key, False) if value is MISSING else value
        birth = read("birth_date", schema.partial_date, required=True)
        if birth not in (MISSING, INVALID) and (doubt := birth_problem(birth, dt.date.today())):
            read.fail("birth_date", *doubt)
        elif birth not in (MISSING, INVALID):
            record["birth_date"] = birth.anchor()
            record["birth_precision"] = birth.precision
        if "full_name" in record and isinstance(record["full_name"], str):
            record["search_key"] = fold(record["full_name"])
        _place(read, "birthplace", resolver, record, "birthplace")
        _place(read, "hometown", resolver, record, "hometown")
        _place(read, "raised_in", resolver, record, "raised")
        _years(read, resolver, record)
        current = _current_posting(read, resolver, citizen_id)
        if citizen_id in (MISSING, INVALID):
            continue
        if citizen_id in first_row:
            read.fail(
                "citizen_id",
                f"Số định danh {citizen_id} đã có ở dòng {first_row[citizen_id]}.",
                f"Citizen ID {citizen_id} is already on row {first_row[citizen_id]}.",
            )
            continue
        first_row[citizen_id] = row.number
        if citizen_id in hidden:
            read.fail(
                "citizen_id",
                f"Không thể nhập cán bộ có số định danh {citizen_id}: không thuộc phạm vi bạn được nhập.",
                f"The official with citizen ID {citizen_id} cannot be imported: not within the scope you may "
                "import.",
            )
            continue
        checked.seen.add(citizen_id)
        if read.ok:
            checked.officials[citizen_id] = record
            if current:
                incoming.append(current)


def _current_posting(read: RowReader, resolver, citizen_id) -> PostingFact | None:
    position_text = read("current_position")
    if position_text is MISSING:
        return None
    try:
        position = resolver.position(position_text)
    except schema.CellError as error:
        read.fail("current_position", error.message_vi, error.message_en)
        return None
    unit_text = read("current_commune", required=True)
    since = read("position_since", schema.date, required=True)
    if MISSING in (unit_text, since) or INVALID in (since, citizen_id):
        return None
    try:
        unit = resolver.unit(unit_text, position.unit_level)
    except schema.CellError as error:
        read.fail("current_commune", error.message_vi, error.message_en)
        return None
    origin = (read.sheet, read.row, "current_position")
    return PostingFact(
        citizen_id,
        position.code,
        position.track,
        unit.province,
        unit.district,
        unit.commune,
        since,
        origin=origin,
        post=position.label,
    )


def _postings(sheet, issues, resolver, people: set[str], incoming: list) -> None:
    for row in sheet.rows:
        # Every cell is checked on its own; only what depends on a bad cell is skipped.
        read = RowReader(sheet, row, issues)
        citizen_id = read("citizen_id", schema.citizen_id, required=True)
        _unknown_person(read, "citizen_id", citizen_id, people)
        position = read.resolve("position", resolver.position, read("position", required=True))
        unit_text = read("unit", required=True)
        unit = INVALID
        if isinstance(position, Position):
            unit = read.resolve("unit", partial(resolver.unit, level=position.unit_level), unit_text)
        start, end = read("start_date", schema.date, required=True), read("end_date", schema.end_date)
        body, decision = read("body"), read("decision")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            read.fail(
                "end_date", "Ngày kết thúc trước ngày bắt đầu.", "The end date is before the start date."
            )
        if not read.ok:
            continue
        incoming.append(
            PostingFact(
                citizen_id,
                position.code,
                position.track,
                unit.province,
                unit.district,
                unit.commune,
                start,
                None if end is MISSING else end,
                "" if body is MISSING else body,
                "" if decision is MISSING else decision,
                origin=(sheet, row, "start_date"),
                post=position.label,
            )
        )


def _evaluations(sheet, issues, people: set[str], checked: Checked) -> None:
    first_row: dict[tuple[str, int], int] = {}
    for row in sheet.rows:
        read = RowReader(sheet, row, issues)
        citizen_id = read("citizen_id", schema.citizen_id, required=True)
        year = read("year", schema.year, required=True)
        level = read("level", schema.evaluation_level, required=True)
        score = read("score", schema.score)
        if _unknown_person(read, "citizen_id", citizen_id, people) or not read.ok:
            continue
        key = (citizen_id, year)
        if key in first_row:
            read.fail(
                "year",
                f"Năm {year} của người này đã có ở dòng {first_row[key]}.",
                f"Year {year} for this person is already on row {first_row[key]}.",
            )
            continue
        first_row[key] = row.number
        if score is not MISSING:
            _check_score(read, year, level, score)
        checked.evaluations[key] = {"level": level, "score": None if score is MISSING else score}
        checked.touched.add(citizen_id)


def _disciplines(sheet, issues, people: set[str], checked: Checked, known: set[str]) -> None:
    """One row per person, day and deciding body (a body decides one measure about a person on a day); not in
    the future, nor before their birth. A filled "Hủy bỏ" records the decision that annulled the measure; an
    empty one (in a sheet that has the column) clears it, as with every other column."""
    first_row: dict[tuple[str, dt.date, str], int] = {}
    today = dt.date.today()
    dated: list[tuple[RowReader, str, dt.date]] = []
    for row in sheet.rows:
        read = RowReader(sheet, row, issues)
        citizen_id = read("citizen_id", schema.citizen_id, required=True)
        measure = read("measure", schema.discipline_measure, required=True)
        decided = read("decided_on", schema.day, required=True)
        body = read("deciding_body", required=True)
        decision, note, annulled = read("decision"), read("note"), read("annulled")
        if isinstance(decided, dt.date) and decided > today:
            read.fail(
                "decided_on",
                f"Ngày quyết định {decided:%d/%m/%Y} ở tương lai.",
                f"The decision date {decided:%d/%m/%Y} is in the future.",
            )
        if _unknown_person(read, "citizen_id", citizen_id, people) or not read.ok:
            continue
        body = " ".join(body.split())
        key = (citizen_id, decided, body)
        # One body however it is spelt: "Đảng ủy xã" and "Đảng uỷ xã" (the tone mark on u or y), case, spaces.
        same = (citizen_id, decided, fold(body))
        if same in first_row:
            read.fail(
                "deciding_body",
                f"Kỷ luật người này ngày {decided:%d/%m/%Y} của «{body}» đã có ở dòng {first_row[same]}: một cơ "
                "quan chỉ quyết định một hình thức kỷ luật trong một ngày.",
                f"A discipline of this person on {decided:%d/%m/%Y} by '{body}' is already on row "
                f"{first_row[same]}: a body decides one measure about a person on a day.",
            )
            continue
        first_row[same] = row.number
        checked.disciplines[key] = {
            "measure": measure,
            "decision": "" if decision is MISSING else decision,
            "note": "" if note is MISSING else note,
        }
        if read.present("annulled"):
            checked.disciplines[key]["annulled"] = "" if annulled is MISSING else annulled
        checked.touched.add(citizen_id)
        dated.append((read, citizen_id, decided))
    births = birth_dates(checked.officials, {cid for _, cid, _ in dated} & known)
    for read, citizen_id, decided in dated:
        born = births.get(citizen_id)
        if born is not None and decided < born:
            read.fail(
                "decided_on",
                f"Ngày quyết định {decided:%d/%m/%Y} trước ngày sinh của người này ({born:%d/%m/%Y}).",
                f"The decision date {decided:%d/%m/%Y} is before the person's birth ({born:%d/%m/%Y}).",
            )


def _check_score(read: RowReader, year: int, level: str, score) -> None:
    """On the 100-point scale a level may be lower than the score's band (the cap on "excellent", or
    discipline), never higher."""
    band = band_for_score(float(score), year, disciplined=False)
    if band is not None and Level[level].value[0] > band.value[0]:
        read.fail(
            "level",
            f"Điểm {score:g} năm {year} chỉ đạt mức {band.name}; không thể xếp loại {level}.",
            f"A score of {score:g} in {year} reaches {band.name} at most, not {level}.",
        )


def _pool(resolver, text: str):
    """A succession pool: "Huyện Tứ Kỳ, Hải Dương" is a former district's (and never falls back to the
    province when the district is unknown); a lone "Hải Dương" is the province's."""
    failure = None
    for level in ("district",) if "," in text else ("province", "district"):
        try:
            return resolver.unit(text, level)
        except schema.CellError as error:
            failure = failure or error
    raise failure


def _plans(sheet, issues, resolver, people: set[str], checked: Checked) -> None:
    for row in sheet.rows:
        read = RowReader(sheet, row, issues)
        citizen_id = read("citizen_id", schema.citizen_id, required=True)
        _unknown_person(read, "citizen_id", citizen_id, people)
        position = read.resolve("position", resolver.position, read("position", required=True))
        unit = read.resolve("pool", lambda text: _pool(resolver, text), read("pool", required=True))
        term_start = read("term_start", schema.year, required=True)
        term_end = read("term_end", schema.year, required=True)
        if isinstance(term_start, int) and isinstance(term_end, int) and term_end < term_start:
            read.fail(
                "term_end", "Năm kết thúc nhiệm kỳ trước năm bắt đầu.", "The term ends before it starts."
            )
        if not read.ok:
            continue
        key = (citizen_id, position.code, term_start)
        checked.plans[key] = {
            "term_end": term_end,
            "province_id": unit.province,
            "district_id": unit.district,
        }


def _relations(sheet, issues, people: set[str], checked: Checked) -> None:
    flipped = {"parent": "child", "child": "parent"}
    for row in sheet.rows:
        read = RowReader(sheet, row, issues)
        first = read("citizen_id", schema.citizen_id, required=True)
        second = read("relative_citizen_id", schema.citizen_id, required=True)
        kind = read("relation", schema.relation, required=True)
        unknown = _unknown_person(read, "citizen_id", first, people)
        unknown = _unknown_person(read, "relative_citizen_id", second, people) or unknown
        if unknown or not read.ok:
            continue
        if first == second:
            read.fail(
                "relative_citizen_id",
                "Một người không thể là người thân của chính mình.",
                "A person cannot be their own relative.",
            )
            continue
        key, kind = ((first, second), kind) if first < second else ((second, first), flipped.get(kind, kind))
        if checked.relations.get(key, kind) != kind:
            read.fail(
                "relation",
                "Quan hệ giữa hai người này đã ghi khác ở dòng trước.",
                "This pair is already given another relation on an earlier row.",
            )
            continue
        checked.relations[key] = kind
