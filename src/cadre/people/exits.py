"""Who the rules flag for exit, and each person's ways out (danh sách nghỉ việc; phương án nghỉ việc).

`exit_rows(officials, assumptions, flag=None)` gives one `ExitRow` per official the rules flag, by the flag's
severity (the order of `FLAGS`), then by name; the exit list page and its XLSX export both call it. A person
is flagged when

- `consequences` (core.rules.evaluation) says their ratings lead to relief of office, dismissal (deferred
  while they are protected) or reassignment; a protected person stays in the list, marked, with why;
- or else `exit_options` (core.rules.exit_benefits) offers them Decree 178 early retirement, or some way to
  quit (Decree 178, Decree 154, Decree 170 Art. 58).

`person_exits(official, postings, assumptions)` gives one person's four options for their page.

The registry has no salary or social-insurance records. The benefits' other inputs are therefore estimated by
the documented rules of `ASSUMPTIONS` (national, overridden per province), and the leave and decision dates
come from the request (`Assumptions`); every estimated or assumed input is listed with its basis
(docs/exits.md). Reading the registry takes three queries, whatever the number of people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cadre.core.dates import add_months, months_between
from cadre.core.errors import BilingualError
from cadre.core.policy import PolicyError, national_policy
from cadre.core.rules.evaluation import Consequence, Level
from cadre.core.rules.exit_benefits import OPTIONS, ExitOption, exit_options
from cadre.core.rules.exit_case import PersonFacts

from .models import Evaluation, Position, PositionKind, Posting, Protection
from .profile import Bilingual, birth_of, latest_consequences

# Assumptions, not law: the inputs the registry lacks. A province's entry overrides the national one ("*").
# The salary grids are those of Decree 204/2004 (A1 chuyên viên, A2.1 chuyên viên chính); the position
# allowances follow the commune levels reported for Decree 07/2026 (chair 0.6, 0.7 in Hà Nội and TP.HCM),
# with the Party secretary (level 1) put one step above the chair. docs/exits.md explains each one.
_BIG_CITY_ALLOWANCES = {1: "0.8", 2: "0.7", 3: "0.6", 4: "0.35", 5: "0.2"}
ASSUMPTIONS: dict[str, dict] = {
    "*": {
        "insurance_start_age": 23,
        "years_per_salary_step": 3,
        "grid": {"code": "A1", "first": "2.34", "step": "0.33", "steps": 9},
        "leader_grid": {"code": "A2.1", "first": "4.40", "step": "0.34", "steps": 8},
        "leader_grid_up_to_level": 3,
        "position_allowance_by_level": {1: "0.7", 2: "0.6", 3: "0.5", 4: "0.25", 5: "0.15"},
        "public_service_allowance_pct": 25,
    },
    "01": {"name": "Hà Nội", "position_allowance_by_level": _BIG_CITY_ALLOWANCES},
    "79": {"name": "TP. Hồ Chí Minh", "position_allowance_by_level": _BIG_CITY_ALLOWANCES},
}

ESTIMATE, DEFAULT, GIVEN, UNVERIFIED = (
    Bilingual("ước tính", "estimate"),
    Bilingual("mặc định", "default"),
    Bilingual("do người dùng chọn", "chosen by the user"),
    Bilingual("chưa kiểm chứng", "unverified"),
)
NOTE = Bilingual(
    "Các số tiền là ước tính: sổ đăng ký không có hệ số lương, phụ cấp và thời gian đóng BHXH, nên các đầu "
    "vào ghi «ước tính» được suy ra theo quy tắc, có ghi căn cứ. Đối chiếu hồ sơ lương, BHXH trước khi quyết "
    "định.",
    "The amounts are estimates: the registry holds no salary coefficients, allowances or insured months, so "
    "the inputs marked 'estimate' follow rules, each shown with its basis. Check the payroll and insurance "
    "records before deciding.",
)
FLAGS: dict[str, Bilingual] = {
    "relieved_of_office": Bilingual("Miễn nhiệm, cho thôi làm nhiệm vụ", "Relieved of office"),
    "dismissal": Bilingual("Giải quyết thôi việc", "Dismissed"),
    "dismissal_deferred": Bilingual(
        "Thôi việc, chưa giải quyết (diện bảo vệ)", "Dismissal deferred (protected)"
    ),
    "reassignment": Bilingual("Bố trí công tác khác hoặc vị trí thấp hơn", "Reassigned or moved down"),
    "early_retirement": Bilingual("Có thể nghỉ hưu trước tuổi", "Could retire early"),
    "quit": Bilingual("Có thể thôi việc", "Could quit"),
}
SEVERITY = {code: rank for rank, code in enumerate(FLAGS)}
CONSEQUENCE_FLAGS = ("relieved_of_office", "dismissal", "dismissal_deferred", "reassignment")
EARLY = ("decree-178", "early_retirement")
OPTION_NAMES: dict[tuple[str, str], Bilingual] = {
    EARLY: Bilingual("Nghỉ hưu trước tuổi (Nghị định 178)", "Early retirement (Decree 178)"),
    ("decree-178", "quit"): Bilingual("Thôi việc (Nghị định 178)", "Quitting (Decree 178)"),
    ("decree-154", "quit"): Bilingual("Thôi việc ngay (Nghị định 154)", "Quitting at once (Decree 154)"),
    ("decree-170-art-58", "quit"): Bilingual(
        "Tự nguyện thôi việc (Nghị định 170, Điều 58)", "Voluntary resignation (Decree 170 Art. 58)"
    ),
}


def province_assumptions(province: str | None) -> dict:
    return {**ASSUMPTIONS["*"], **ASSUMPTIONS.get(province or "", {})}


@dataclass(frozen=True)
class Input:
    """One input of the benefits as shown to the user: its value, where it comes from, and whether it is an
    estimate, a default or the user's choice."""

    label: Bilingual
    value: Bilingual
    basis: Bilingual
    kind: Bilingual


@dataclass(frozen=True)
class Assumptions:
    """The dates every person shares: the first day they would no longer be at work, and the restructuring
    decision from which Decree 178's rate window counts. `*_given` is false when the default was taken."""

    leave_date: dt.date
    decision_date: dt.date
    leave_given: bool = False
    decision_given: bool = False

    @classmethod
    def of(cls, leave_date=None, decision_date=None, today: dt.date | None = None) -> Assumptions:
        """Defaults: the 1st of next month, and the day the two-tier local government began (policy file)."""
        today = today or dt.date.today()
        leave = leave_date or add_months(today.replace(day=1), 1)
        decision = decision_date or national_policy().value("two_tier_in_force", today)
        return cls(leave, decision, leave_date is not None, decision_date is not None)

    def inputs(self) -> tuple[Input, ...]:
        leave_basis = Bilingual(
            "ngày đầu tiên không còn làm việc; mặc định: ngày 1 tháng sau",
            "the first day no longer at work; default: the 1st of next month",
        )
        decision_basis = Bilingual(
            "mốc của 12 tháng hưởng mức đầy đủ (Nghị định 178); mặc định: ngày chính quyền địa phương hai "
            "cấp bắt đầu (tệp chính sách, two_tier_in_force)",
            "opens the 12 months at the full rate (Decree 178); default: the start of two-tier local "
            "government (policy file, two_tier_in_force)",
        )
        return (
            Input(
                Bilingual("Ngày nghỉ", "Leave date"), _date(self.leave_date), leave_basis, self._kind("leave")
            ),
            Input(
                Bilingual("Ngày quyết định sắp xếp", "Restructuring decision date"),
                _date(self.decision_date),
                decision_basis,
                self._kind("decision"),
            ),
        )

    def _kind(self, name: str) -> Bilingual:
        return GIVEN if getattr(self, f"{name}_given") else DEFAULT


@dataclass(frozen=True)
class Person:
    """What the exit rules read of an official, from one row of the registry."""

    pk: int
    full_name: str
    citizen_id: str
    sex: str
    birth_date: dt.date
    birth_precision: str
    early_retirement: bool
    protection: str
    position: Position | None
    since: dt.date | None  # the start of the current main post
    province: str | None
    province_name: str
    commune_name: str
    first_posting: dt.date | None

    @property
    def position_name(self) -> Bilingual | str:
        return Bilingual(self.position.name, self.position.name_en) if self.position else ""


def estimated_facts(person: Person, assumptions: Assumptions) -> tuple[PersonFacts, tuple[Input, ...]]:
    """The person's facts for the benefits, with the estimated inputs. Raises BilingualError for facts that
    cannot be right (a leave date before the birth)."""
    rules = province_assumptions(person.province)
    birth, age = birth_of(person), rules["insurance_start_age"]
    if person.first_posting:
        start, first = person.first_posting, _date(person.first_posting).en
        basis = Bilingual(
            f"từ lần công tác đầu tiên ghi trong sổ ({first}), coi là đóng liên tục",
            f"from the first posting in the registry ({first}), taken as insured without a break",
        )
    else:
        start = add_months(birth.anchor(), 12 * age)
        basis = Bilingual(
            f"sổ không ghi quá trình công tác: từ tuổi {age}, coi là đóng liên tục",
            f"no posting in the registry: from age {age}, taken as insured without a break",
        )
    months = max(0, months_between(start, assumptions.leave_date))
    position = person.position
    leader = position is not None and position.kind == PositionKind.LEADERSHIP
    senior = leader and position.level <= rules["leader_grid_up_to_level"]
    grid, every = rules["leader_grid" if senior else "grid"], rules["years_per_salary_step"]
    step = min(1 + months // 12 // every, grid["steps"])
    coefficient = Decimal(grid["first"]) + Decimal(grid["step"]) * (step - 1)
    allowance = Decimal(rules["position_allowance_by_level"].get(position.level, "0") if leader else "0")
    pct = Decimal(rules["public_service_allowance_pct"])
    facts = PersonFacts(
        birth=birth,
        sex=person.sex,
        salary_coefficient=coefficient,
        position_allowance_coefficient=allowance,
        public_service_allowance_pct=pct,
        social_insurance_months=months,
        leave_date=assumptions.leave_date,
        restructuring_decision_date=assumptions.decision_date,
        reduced_retirement_age=person.early_retirement,
    )
    post = (
        ("chức vụ lãnh đạo", "leadership post")
        if leader
        else ("không giữ chức vụ lãnh đạo", "no leadership post")
    )
    grid_basis = Bilingual(
        f"ngạch {grid['code']}, bậc {step}: một bậc mỗi {every} năm đóng BHXH ước tính; {post[0]}",
        f"grade {grid['code']}, step {step}: a step every {every} estimated insured years; {post[1]}",
    )
    level = position.level if leader else None
    allowance_basis = (
        Bilingual(f"chức vụ cấp độ {level}", f"a post of level {level}") if leader else Bilingual(*post)
    )
    return facts, (
        Input(Bilingual("Hệ số lương", "Salary coefficient"), _number(coefficient), grid_basis, ESTIMATE),
        Input(
            Bilingual("Phụ cấp chức vụ", "Position allowance"), _number(allowance), allowance_basis, ESTIMATE
        ),
        Input(
            Bilingual("Phụ cấp công vụ", "Public-service allowance"),
            Bilingual(f"{pct}%", f"{pct}%"),
            Bilingual("mức chung của cán bộ, công chức", "the common rate for cadres and civil servants"),
            ESTIMATE,
        ),
        Input(
            Bilingual("Thời gian đóng BHXH", "Insured service"),
            Bilingual(f"{months} tháng", f"{months} months"),
            basis,
            ESTIMATE,
        ),
    )


@dataclass(frozen=True)
class ExitRow:
    """One flagged person: the flag, why, any protection, and their options with the inputs used."""

    person: Person
    flag: str
    reason: Bilingual
    protection: Bilingual | None
    options: tuple[ExitOption, ...]
    inputs: tuple[Input, ...]
    facts: PersonFacts | None
    source: str = ""
    unverified: bool = False

    @property
    def flag_label(self) -> Bilingual:
        return FLAGS[self.flag]

    @property
    def severity(self) -> int:
        return SEVERITY[self.flag]

    @property
    def best(self) -> ExitOption | None:
        """The option with the highest total (the first of equal ones), or None when none applies."""
        return max((o for o in self.options if o.benefit is not None), key=lambda o: o.total, default=None)

    @property
    def best_name(self) -> Bilingual | str:
        return OPTION_NAMES[self.best.scheme, self.best.kind] if self.best else ""

    def total(self, scheme: str, kind: str) -> int | None:
        return next((o.total for o in self.options if (o.scheme, o.kind) == (scheme, kind)), None)

    @property
    def estimated(self) -> Bilingual:
        """The estimated inputs in one line: 'Ước tính: hệ số lương 4,98; …'."""
        vi = "; ".join(f"{_lower_first(i.label.vi)} {i.value.vi}" for i in self.inputs)
        en = "; ".join(f"{_lower_first(i.label.en)} {i.value.en}" for i in self.inputs)
        return Bilingual(f"{ESTIMATE.vi.capitalize()}: {vi}", f"{ESTIMATE.en.capitalize()}: {en}")


def consequence_of(person: Person, ratings: dict[int, Level]) -> Consequence | None:
    """What the latest rating leads to, judged as on the person's page (`profile.latest_consequences`)."""
    if not ratings:
        return None
    try:
        found = latest_consequences(person.position, person.since, bool(person.protection), ratings)
    except PolicyError:
        return None  # no rule in force for that year: nothing can be said
    return found[0] if found else None


def exit_row(person: Person, ratings: dict[int, Level], assumptions: Assumptions) -> ExitRow | None:
    """The person's row, or None when no rule flags them."""
    try:
        facts, inputs = estimated_facts(person, assumptions)
        options = tuple(exit_options(facts))
    except BilingualError:
        facts, inputs, options = None, (), ()
    found = consequence_of(person, ratings)
    if found is not None:
        reason, protection = Bilingual(found.message_vi, found.message_en), _protection(person, found.code)
        return ExitRow(
            person, found.code, reason, protection, options, inputs, facts, found.source, found.unverified
        )
    applicable = [o for o in options if o.benefit is not None]
    if not applicable:
        return None
    leave = _date(assumptions.leave_date).en
    early = next((o for o in applicable if (o.scheme, o.kind) == EARLY), None)
    shown = early or applicable[0]
    months = shown.benefit.months_early
    when = Bilingual(
        f"Nghỉ từ {leave}, {months} tháng trước thời điểm hưởng lương hưu đúng tuổi",
        f"Leaving on {leave}, {months} months before the pension at the statutory age",
    )
    if early is not None:
        flag = "early_retirement"
        years = _number((Decimal(facts.social_insurance_months) / 12).quantize(Decimal("0.1")))
        reason = Bilingual(
            f"{when.vi}, với {years.vi} năm đóng BHXH (ước tính): được nghỉ hưu trước tuổi theo Nghị định "
            "178.",
            f"{when.en}, with {years.en} insured years (estimated): may retire early under Decree 178.",
        )
    else:
        flag, names = "quit", [OPTION_NAMES[o.scheme, o.kind] for o in applicable]
        reason = Bilingual(
            f"{when.vi}: " + "; ".join(n.vi for n in names), f"{when.en}: " + "; ".join(n.en for n in names)
        )
    benefit = shown.benefit
    protection = _protection(person, flag)
    return ExitRow(
        person,
        flag,
        reason,
        protection,
        options,
        inputs,
        facts,
        "; ".join(benefit.sources),
        benefit.unverified,
    )


def _protection(person: Person, flag: str) -> Bilingual | None:
    if not person.protection:
        return None
    label = Bilingual.of(Protection(person.protection).label)
    if flag != "relieved_of_office":
        return label
    return Bilingual(
        f"{label.vi}. Quy định chỉ hoãn việc giải quyết thôi việc, không hoãn miễn nhiệm.",
        f"{label.en}. The rule defers dismissal only, not relief of office.",
    )


# ---- reading the registry: three queries, whatever the number of people -----------------------------------

# Each person's options take about half a millisecond to compute, on the spot: a province (a few thousand
# officials) is listed in seconds, the whole country would take minutes, so a national user narrows it first.
MAX_PEOPLE = 20_000

_COLUMNS = ("pk", "full_name", "citizen_id", "sex", "birth_date", "birth_precision", "early_retirement")
_RENAMED = {
    "position_id": F("current_position_id"),
    "since": F("current_since"),
    "province": F("current_province_id"),
    "province_name": F("current_province__name"),
    "commune_name": F("current_commune__name"),
}


class TooManyPeople(Exception):
    """More officials than `MAX_PEOPLE` are selected: their options are computed on the spot."""


def load_people(officials, limit: int | None = None) -> list[Person]:
    """`officials` as `Person`s, by name, with the start of their first posting. Raises TooManyPeople when
    there are more than `limit`."""
    positions = Position.objects.in_bulk()
    first = Posting.objects.filter(official=OuterRef("pk")).order_by("start").values("start")[:1]
    rows = officials.annotate(first_posting=Subquery(first)).order_by("search_key", "citizen_id")
    rows = rows.values(*_COLUMNS, "protection", "first_posting", **_RENAMED)
    people = []
    for row in (rows if limit is None else rows[: limit + 1]).iterator(chunk_size=5000):
        row["position"] = positions.get(row.pop("position_id"))
        row["province_name"], row["commune_name"] = row["province_name"] or "", row["commune_name"] or ""
        people.append(Person(**row))
    if limit is not None and len(people) > limit:
        raise TooManyPeople(limit)
    return people


def load_ratings(officials) -> dict[int, dict[int, Level]]:
    """The ratings of those whose latest rating is KHTNV: nothing follows for anyone else."""
    poor = officials.filter(latest_evaluation=Level.KHTNV.code).values("pk")
    ratings: dict[int, dict[int, Level]] = {}
    rows = Evaluation.objects.filter(official__in=poor).order_by().values_list("official_id", "year", "level")
    for pk, year, level in rows.iterator(chunk_size=5000):
        ratings.setdefault(pk, {})[year] = Level[level]
    return ratings


def exit_rows(officials, assumptions: Assumptions, flag: str | None = None) -> list[ExitRow]:
    """Every flagged person among `officials` (with `flag`, those with that flag only), by severity, then
    by name. Raises TooManyPeople for more than `MAX_PEOPLE` officials."""
    people = load_people(officials, MAX_PEOPLE)
    ratings = load_ratings(officials)
    rows = []
    for person in people:
        row = exit_row(person, ratings.get(person.pk, {}), assumptions)
        if row is not None and flag in (None, row.flag):
            rows.append(row)
    rows.sort(key=lambda row: row.severity)  # stable: the name order stays within a flag
    return rows


# ---- one person's page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownOption:
    """One option as a person's page shows it: its name, and its components or why it does not apply."""

    key: str
    name: Bilingual
    option: ExitOption
    components: tuple[tuple[Bilingual, str, int], ...]
    reason: Bilingual | None


@dataclass(frozen=True)
class PersonExits:
    options: tuple[ShownOption, ...]
    inputs: tuple[Input, ...]
    problem: Bilingual | None = None


def person_of(official, postings) -> Person:
    """`official` (loaded with its current post, province and commune) and its postings, as a `Person`."""
    province, commune = official.current_province, official.current_commune
    return Person(
        **{name: getattr(official, name) for name in (*_COLUMNS, "protection")},
        position=official.current_position,
        since=official.current_since,
        province=official.current_province_id,
        province_name=province.name if province else "",
        commune_name=commune.name if commune else "",
        first_posting=min((p.start for p in postings), default=None),
    )


def person_exits(official, postings, assumptions: Assumptions) -> PersonExits:
    """The four options side by side, each with its total and components or why it does not apply."""
    try:
        facts, inputs = estimated_facts(person_of(official, postings), assumptions)
    except BilingualError as error:
        return PersonExits((), assumptions.inputs(), Bilingual(error.message_vi, error.message_en))
    shown = []
    for option in exit_options(facts):
        parts = option.benefit.components if option.benefit else ()
        components = tuple((Bilingual(c.label_vi, c.label_en), c.formula, c.amount) for c in parts)
        reason = None if option.benefit else Bilingual(option.reason_vi, option.reason_en)
        name = OPTION_NAMES[option.scheme, option.kind]
        shown.append(ShownOption(f"{option.scheme}-{option.kind}", name, option, components, reason))
    return PersonExits(tuple(shown), (*assumptions.inputs(), *inputs))


# ---- the XLSX export ------------------------------------------------------------------------------------

HEADERS = (
    _("Citizen ID"),
    _("Full name"),
    _("Current post"),
    _("Commune or ward"),
    _("Province or city"),
    _("Flag"),
    _("Reason"),
    _("Dismissal protection"),
    _("Best option"),
    _("Best total (VND, estimate)"),
)


def export_values(row: ExitRow) -> list:
    """The row as the export writes it: the page's columns, then each option's total and the inputs used."""
    person, best = row.person, row.best
    return [
        person.citizen_id,
        person.full_name,
        str(person.position_name),
        person.commune_name,
        person.province_name,
        str(row.flag_label),
        str(row.reason),
        str(row.protection or ""),
        str(row.best_name),
        best.total if best else None,
        *(row.total(scheme, kind) for scheme, kind in OPTIONS),
        str(row.estimated),
        f"{row.source} ({UNVERIFIED})" if row.unverified else row.source,
    ]


def write_workbook(file, rows: list[ExitRow], assumptions: Assumptions) -> None:
    """The rows on one sheet (the citizen ID kept as text), and the assumptions on a second one."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("Exit list")))
    sheet.freeze_panes = "A2"
    names = [str(OPTION_NAMES[key]) for key in OPTIONS]
    header = [*map(str, HEADERS), *names, str(_("Estimated inputs")), str(_("Source:")).rstrip(":")]
    sheet.append([_cell(sheet, text, bold=True) for text in header])
    for row in rows:
        values = export_values(row)
        sheet.append([_cell(sheet, values[0], text=True), *values[1:]])
    notes = book.create_sheet(str(_("Assumptions")))
    notes.append([str(NOTE)])
    for item in assumptions.inputs():
        notes.append([str(item.label), str(item.value), str(item.kind), str(item.basis)])
    book.save(file)


def _cell(sheet, value, bold: bool = False, text: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    if text:
        cell.number_format = "@"
    return cell


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]  # "Thời gian đóng BHXH" keeps its capitals


def _date(day: dt.date) -> Bilingual:
    text = day.strftime("%d/%m/%Y")
    return Bilingual(text, text)


def _number(value: Decimal) -> Bilingual:
    text = format(value.normalize(), "f") if value else "0"
    return Bilingual(text.replace(".", ","), text)
