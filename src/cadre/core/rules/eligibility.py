"""Who may hold which commune secretary post, and at what cost: the rotation rules over plain facts.

A `Person` is what the compiler read about one official; `pair_reasons` lists every rule that forbids a pair
(none: the pair is eligible), and `pair_cost` prices an eligible one. The numbers come from the policy file
(docs/policy.md, "Rotation"); nothing here reads the database.

A pair is a *stay* when the person holds the post now, and a *move* otherwise. A move to another commune is a
rotation (luân chuyển) and needs a non-local person; a move inside the person's own commune (a deputy promoted
in place) is an appointment and does not.

A person *serving a rotation* (their current post came from one) is not moved again before the rotation has run
its length: `serving_rotation`, the one reading of Quy định 65-QĐ/TW Art. 8 the planner and the pages share.

A disciplined person is not placed in a post higher than theirs before the waiting time after the decision has
passed (Quy định 377-QĐ/TW; `discipline_waits`, shared with the person's page); an equivalent post stays open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cadre.core.dates import add_months, months_between
from cadre.core.place_names import fold
from cadre.core.policy import Policy, national_policy
from cadre.core.rules.evaluation import Level, due_for_rotation, rated_well_recently
from cadre.core.text import Text


def fact(rule: str, vi: str, en: str) -> dict[str, str]:
    """A finding as the problem document carries it (candidates[].facts, excluded reasons)."""
    return {"rule": rule, **Text(vi, en).to_dict()}


@dataclass
class Rules:
    """The policy values in force on the rotation date."""

    on: dt.date
    min_service_left: int
    rotation_months: int  # the least length of a rotation (policy `rotation_min_tenure_months`)
    higher_min_level: Level
    health_blocks_move: bool
    weights: dict
    policy: Policy
    # Months after a disciplinary decision before a higher post, per measure (`discipline_months`).
    discipline_months: dict[str, int] = field(default_factory=dict)
    # Which planned posts open a post (`succession_plan_levels`): "equivalent" or "equivalent_or_higher".
    planned_levels: str = "equivalent"

    @classmethod
    def on_date(cls, on: dt.date, policy: Policy | None = None) -> Rules:
        policy = policy or national_policy()
        return cls(
            on=on,
            min_service_left=policy.value("rotation_min_service_left_months", on),
            rotation_months=policy.value("rotation_min_tenure_months", on),
            higher_min_level=Level[policy.value("rotation_higher_post_rule", on)["min_latest_level"]],
            health_blocks_move=policy.value("rotation_health_rule", on)["concern_blocks_move"],
            weights=policy.value("rotation_cost_weights", on),
            policy=policy,
            discipline_months=discipline_months(policy, on)[0],
            planned_levels=policy.value("succession_plan_levels", on)["planned"],
        )

    def plan_opens(self, planned_level: int, post_level: int) -> bool:
        """Does a succession plan for a post of `planned_level` count for a post of `post_level` (1 highest)?"""
        if self.planned_levels == "equivalent_or_higher":
            return planned_level <= post_level
        return planned_level == post_level


@dataclass
class Person:
    id: str
    label: str
    age_years: int
    months_left: int
    retirement_date: dt.date
    health_concern: bool
    young_child: bool
    ratings: dict[int, Level]
    current_level: int | None  # level of the main post now (1 highest); None without a post
    current_is_head: bool
    current_commune: str | None
    current_since: dt.date | None
    incumbent_of: str | None = None  # the secretary post (commune code) the person holds
    pools: set[str | None] = field(
        default_factory=set
    )  # former districts of their plans; None: province pool
    relative_key_posts: set[str] = field(default_factory=set)  # communes where a relative holds a key post
    # The start of the current post when it came from a rotation (a rotation plan's move, or a posting recorded
    # as luân chuyển); None when the person was appointed, elected or merged into it without being rotated.
    rotated_since: dt.date | None = None
    # The Standing Committee kept this person on a post with a recorded reason (a "must" lock): the rotation's
    # length does not hold them back.
    rotation_lifted: bool = False
    # Disciplinary measures recorded against the person: (measure, decided on), e.g. ("warning", 2025-02-03).
    disciplines: list[tuple[str, dt.date]] = field(default_factory=list)

    def months_in_post(self, on: dt.date) -> int | None:
        return None if self.current_since is None else months_between(self.current_since, on)

    def serving_rotation(self, rules: Rules) -> bool:
        return not self.rotation_lifted and serving_rotation(
            self.rotated_since, rules.on, rules.rotation_months
        )

    def latest_rating(self) -> tuple[int, Level] | None:
        return max(self.ratings.items()) if self.ratings else None

    def due(self, rules: Rules) -> bool:
        """An incumbent who has held the post long enough to be due for rotation (rotation_due_tenure)."""
        months = self.months_in_post(rules.on)
        if self.incumbent_of is None or months is None:
            return False
        return due_for_rotation(months, self.current_is_head, rules.policy, rules.on)

    def score(self, rules: Rules) -> float:
        """Mean rating rank over the last `fit_years` rated years (HTXSNV 4 … KHTNV 1); higher is better."""
        years = sorted(self.ratings, reverse=True)[: rules.weights["fit_years"]]
        if not years:
            return float(rules.weights["unrated_rank"])
        return round(sum(self.ratings[y].rank for y in years) / len(years), 4)


def serving_rotation(rotated_since: dt.date | None, on: dt.date, rotation_months: int) -> bool:
    """Is a person whose current post came from a rotation that started on `rotated_since` still serving it on
    `on`? Quy định 65-QĐ/TW (28/4/2022) Art. 8: "thời gian luân chuyển ít nhất là 3 năm"; the number is the
    policy file's `rotation_min_tenure_months`. While serving, they are not moved again unless the competent
    authority decides otherwise with a recorded reason (the caller's override). A person appointed, elected or
    merged into their post without being rotated (`rotated_since` None) is never held back by it."""
    return rotated_since is not None and months_between(rotated_since, on) < rotation_months


@dataclass(frozen=True)
class Measure:
    """A disciplinary measure (hình thức kỷ luật): its key, its label in both languages and how a sentence
    says it happened to the person ("Bị cảnh cáo", "Warned")."""

    key: str
    vi: str
    en: str
    done_en: str

    @property
    def label(self) -> str:
        """The registry's label (a msgid of the pages' translations): "Warning (cảnh cáo)"."""
        return f"{self.en} ({self.vi.lower()})"


# The measures, lightest first: the one list the registry (people.models.DisciplineMeasure), the workbook and
# the reasons read. Party and State measures share names; Hạ bậc lương is the State's alone (civil servants,
# until Nghị định 172/2025/NĐ-CP dropped it on 01/07/2025).
MEASURES = (
    Measure("reprimand", "Khiển trách", "Reprimand", "reprimanded"),
    Measure("warning", "Cảnh cáo", "Warning", "warned"),
    Measure("step_down", "Hạ bậc lương", "Salary step down", "moved down a salary step"),
    Measure("demotion", "Giáng chức", "Demotion", "demoted"),
    Measure("removal", "Cách chức", "Removal from office", "removed from office"),
    Measure("recall", "Bãi nhiệm", "Recall from elected office", "recalled from elected office"),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}


def discipline_months(policy: Policy, on: dt.date) -> tuple[dict[str, int], list]:
    """The months a person waits after each measure before a higher post, on `on`: the longer of the Party's
    rule (`discipline_waiting_months_party`, Quy định 377-QĐ/TW) and the State's
    (`discipline_waiting_months_state`), since an appointment must satisfy both; and the two policy entries."""
    entries = [
        policy.entry("discipline_waiting_months_party", on),
        policy.entry("discipline_waiting_months_state", on),
    ]
    months: dict[str, int] = {}
    for entry in entries:
        for measure, wait in entry.value.items():
            months[measure] = max(months.get(measure, 0), wait)
    return months, entries


def discipline_waits(
    disciplines: list[tuple[str, dt.date]], on: dt.date, waiting: dict[str, int]
) -> list[tuple[str, dt.date, int, dt.date]]:
    """The disciplines that still bar a higher post on `on`, as (measure, decided on, months, free from), the
    one ending last first. Counted as the Civil Code counts a period (Bộ luật Dân sự 2015, Art. 147: the
    decision day is not counted; Art. 148: a period of months ends at the end of the matching day of the last
    month, or of that month's last day when it has none): barred while `on` <= decided + months, free from the
    day after. A measure without a waiting time in `waiting` holds nobody back."""
    pending = []
    for measure, decided in disciplines:
        months = waiting.get(measure)
        if not months:
            continue
        last_barred = add_months(decided, months)
        if on <= last_barred:
            pending.append((measure, decided, months, last_barred + dt.timedelta(days=1)))
    return sorted(pending, key=lambda item: item[3], reverse=True)


def discipline_sentence(measure: str, decided: dt.date, months: int, free_from: dt.date) -> Text:
    """The one sentence saying a discipline bars a higher post (the planner's reason, the candidate's fact and
    the person's page): "Bị cảnh cáo ngày 03/02/2025, chưa đủ 36 tháng (từ ngày 04/02/2028 mới được bố trí
    chức vụ cao hơn)."."""
    found = MEASURE_BY_KEY[measure]  # the model's choices are MEASURES: never an unknown key on a page
    vi, en = found.vi.lower(), found.done_en
    return Text(
        f"Bị {vi} ngày {decided:%d/%m/%Y}, chưa đủ {months} tháng (từ ngày {free_from:%d/%m/%Y} mới được bố trí "
        "chức vụ cao hơn).",
        f"{en.capitalize()} on {decided:%d/%m/%Y}, {months} months have not passed (a higher post only from "
        f"{free_from:%d/%m/%Y}).",
    )


def discipline_reason(measure: str, decided: dt.date, months: int, free_from: dt.date) -> dict[str, str]:
    said = discipline_sentence(measure, decided, months, free_from)
    return fact("discipline", said.vi, said.en)


# How a posting's decision says it was a rotation, folded (no diacritics, lower case): "luân chuyển".
_ROTATION_WORDS = "luan chuyen"


def is_rotation_decision(decision: str) -> bool:
    """Does a posting's decision text record a rotation (luân chuyển), however it is accented or cased? A
    transfer (điều động), an appointment (bổ nhiệm) or an election does not."""
    return _ROTATION_WORDS in fold(decision or "")


@dataclass(frozen=True)
class Post:
    id: str  # commune code
    label: str
    level: int
    districts: frozenset[str]  # the former districts the commune took in


def move_reasons(person: Person, post_level: int, rules: Rules) -> list[dict]:
    """The rules that keep this person out of every move to a post of `post_level` (the same for each post)."""
    reasons = []
    if person.months_left < rules.min_service_left:
        reasons.append(
            fact(
                "service_left",
                f"Còn {person.months_left} tháng công tác, cần ít nhất {rules.min_service_left} tháng.",
                f"{person.months_left} months of service left; at least {rules.min_service_left} needed.",
            )
        )
    if person.health_concern and rules.health_blocks_move:
        reasons.append(fact("health", "Sức khỏe hạn chế việc luân chuyển.", "Health does not allow a move."))
    if person.serving_rotation(rules):
        served = months_between(person.rotated_since, rules.on)
        reasons.append(
            fact(
                "serving_rotation",
                f"Đang luân chuyển từ {person.rotated_since:%d/%m/%Y} ({served} tháng): thời gian luân chuyển ít "
                f"nhất là {rules.rotation_months} tháng, chưa luân chuyển tiếp.",
                f"Serving a rotation since {person.rotated_since:%d/%m/%Y} ({served} months): a rotation lasts "
                f"at least {rules.rotation_months} months, so no further move yet.",
            )
        )
    reasons += _level_reasons(person, post_level, rules)
    if not rated_well_recently(person.ratings, rules.on.year, rules.policy):
        reasons.append(
            fact(
                "rating",
                "Chưa đạt xếp loại cần thiết trong những năm gần nhất để luân chuyển.",
                "Not rated well enough in the years before the rotation.",
            )
        )
    return reasons


def _level_reasons(person: Person, post_level: int, rules: Rules) -> list[dict]:
    if person.current_level is None:
        return [fact("no_post", "Không giữ chức vụ nào để so sánh.", "Holds no post to compare with.")]
    if post_level > person.current_level:
        return [
            fact("lower_post", "Vị trí thấp hơn chức vụ hiện tại.", "The post is lower than the current one.")
        ]
    reasons = []
    if post_level < person.current_level:
        latest = person.latest_rating()
        if latest is None or latest[1] < rules.higher_min_level:
            reasons.append(
                fact(
                    "higher_post",
                    f"Vị trí cao hơn chức vụ hiện tại: cần xếp loại gần nhất {rules.higher_min_level.code}.",
                    f"The post is higher than the current one: the latest rating must be "
                    f"{rules.higher_min_level.code}.",
                )
            )
        waits = discipline_waits(person.disciplines, rules.on, rules.discipline_months)
        if waits:
            reasons.append(discipline_reason(*waits[0]))
    return reasons


def pair_reasons(
    person: Person, post: Post, local: bool, person_reasons: list[dict], rules: Rules
) -> list[dict]:
    """Every rule that forbids `person` in `post`; `person_reasons` is move_reasons(person, post.level)."""
    reasons = []
    if post.id in person.relative_key_posts:
        reasons.append(
            fact(
                "relative",
                f"Có người thân giữ chức danh chủ chốt tại {post.label}.",
                f"A relative holds a key post in {post.label}.",
            )
        )
    if person.incumbent_of == post.id:
        if person.due(rules):
            reasons.append(
                fact(
                    "due_for_rotation",
                    "Đã giữ chức vụ đủ thời gian phải luân chuyển, không ở lại.",
                    "Held the post long enough to be due for rotation: no stay.",
                )
            )
        return reasons
    reasons += person_reasons
    if not (None in person.pools or person.pools & post.districts):
        higher = rules.planned_levels == "equivalent_or_higher"
        reasons.append(
            fact(
                "not_planned",
                f"Không trong quy hoạch chức danh này (hoặc tương đương{' trở lên' if higher else ''}) cho "
                f"{post.label}.",
                f"Not in a succession plan for this or an equivalent{' or higher' if higher else ''} post "
                f"covering {post.label}.",
            )
        )
    if local and person.current_commune != post.id:
        reasons.append(
            fact(
                "local",
                f"Là người địa phương tại {post.label}: không luân chuyển về đây.",
                f"A local person of {post.label}: cannot be rotated there.",
            )
        )
    return reasons


def burden_factor(person: Person, rules: Rules) -> float:
    w = rules.weights
    factor = 1.0
    if person.age_years >= w["older_from_age"]:
        factor *= w["older_factor"]
    if person.health_concern:
        factor *= w["health_factor"]
    if person.young_child:
        factor *= w["young_child_factor"]
    return factor


def pair_cost(person: Person, km: float, rules: Rules) -> tuple[float, float]:
    """(cost, burden) of an eligible pair: the burden of the distance plus the fit of the person's ratings.
    A stay is priced with km = 0."""
    w = rules.weights
    burden = km * w["per_km"] * burden_factor(person, rules)
    fit = w["per_rating_step"] * (4 - person.score(rules))
    return round(burden + fit, 4), round(burden, 4)


def person_facts(person: Person, rules: Rules, post_labels: dict[str, str]) -> list[dict]:
    """What made the person eligible, as the explanation cites it (candidates[].facts). Each fact is true of
    the person wherever the plan puts them, so it names the commune they lead now."""
    facts = []
    if person.incumbent_of:
        where = post_labels.get(person.incumbent_of, person.incumbent_of)
        facts.append(
            fact("incumbent", f"Đương nhiệm Bí thư {where}.", f"The incumbent secretary of {where}.")
        )
    if person.pools:
        scope_vi = "cấp tỉnh" if None in person.pools else "cấp huyện (cũ)"
        scope_en = "the province's" if None in person.pools else "a former district's"
        higher = rules.planned_levels == "equivalent_or_higher"
        facts.append(
            fact(
                "succession_plan",
                f"Trong quy hoạch chức danh tương đương Bí thư{' trở lên' if higher else ''} ({scope_vi}).",
                f"In {scope_en} succession plan for an equivalent{' or higher' if higher else ''} post.",
            )
        )
    facts.append(
        fact(
            "service_left",
            f"Còn {person.months_left} tháng công tác (nghỉ hưu {person.retirement_date:%d/%m/%Y}).",
            f"{person.months_left} months of service left (retires {person.retirement_date.isoformat()}).",
        )
    )
    months = person.months_in_post(rules.on)
    if months is not None:
        facts.append(
            fact(
                "tenure",
                f"Giữ chức vụ hiện tại {months} tháng (từ {person.current_since:%d/%m/%Y}).",
                f"In the current post for {months} months (since {person.current_since.isoformat()}).",
            )
        )
    if person.rotated_since is not None:
        served = months_between(person.rotated_since, rules.on)
        if person.serving_rotation(rules):
            said = Text(
                f"Đang luân chuyển từ {person.rotated_since:%d/%m/%Y} ({served} tháng; thời gian luân chuyển ít "
                f"nhất là {rules.rotation_months} tháng): chỉ ở lại vị trí hiện tại.",
                f"Serving a rotation since {person.rotated_since:%d/%m/%Y} ({served} months; a rotation lasts at "
                f"least {rules.rotation_months}): stays in the current post only.",
            )
        else:
            said = Text(
                f"Luân chuyển từ {person.rotated_since:%d/%m/%Y} ({served} tháng).",
                f"Rotated since {person.rotated_since:%d/%m/%Y} ({served} months).",
            )
        facts.append(fact("serving_rotation", said.vi, said.en))
    for wait in discipline_waits(person.disciplines, rules.on, rules.discipline_months):
        facts.append(discipline_reason(*wait))
    latest = person.latest_rating()
    if latest:
        year, level = latest
        facts.append(
            fact("rating", f"Xếp loại năm {year}: {level.label_vi}.", f"Rated in {year}: {level.label_en}.")
        )
    facts.append(
        fact("health", "Sức khỏe hạn chế.", "Health concern.")
        if person.health_concern
        else fact("health", "Đủ sức khỏe.", "Fit for work.")
    )
    return facts
