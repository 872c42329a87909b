"""One official as their page and the API show them: the registry's facts and what the rules say about them.

`official_profile` reads the person's rows once (a fixed handful of queries), turns them into the core rules'
plain data and asks the rules: retirement, local person, evaluation consequences, the rating rotation needs and
tenure. Each finding keeps its legal source and whether the policy file marks it unverified. Every sentence is
held in Vietnamese and in English (a `Text`); the page shows the one of the active language, the API both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import VIEW
from cadre.core.dates import PartialDate, months_between
from cadre.core.policy import PolicyError, national_policy
from cadre.core.rules.eligibility import discipline_months, discipline_sentence, discipline_waits
from cadre.core.rules.evaluation import Level, consequences, due_for_rotation, rated_well_recently
from cadre.core.rules.retirement import Retirement, months_of_service_left, retirement
from cadre.core.text import Text
from cadre.web.text import translated

from .locality import local_verdict, locality_key
from .models import (
    Discipline,
    Evaluation,
    Official,
    PositionKind,
    Posting,
    Relation,
    RelationKind,
    SuccessionPlan,
)

# The policy parameters whose citation a finding shows when the rule itself returns none.
_STREAK, _RATING, _TENURE = (
    "poor_rating_consecutive_years",
    "rotation_rating_requirement",
    "rotation_due_tenure",
)
_FLIPPED = {RelationKind.PARENT: RelationKind.CHILD, RelationKind.CHILD: RelationKind.PARENT}
PLACE_RELATED = (
    "birthplace__province",
    "birthplace_district",
    "hometown__province",
    "hometown_district",
    "raised__province",
    "raised_district",
    "current_position",
    "current_province",
    "current_commune",
)


@dataclass(frozen=True)
class Place:
    kind: str  # "birthplace", "hometown" or "raised"
    label: str
    text: str  # as written in the registry
    commune: object  # the new commune it resolved to (geo.Commune), or None
    district: object  # the former district, when known (geo.LegacyDistrict), or None


@dataclass(frozen=True)
class Finding:
    """What one rule says about the person. `outcome` is True when the rule's condition holds (local, a
    consequence follows, rated well, due for rotation), False when it does not, None when it cannot be judged."""

    code: str
    title: Text
    outcome: bool | None
    verdict: Text
    reasons: tuple[Text, ...] = ()
    source: str = ""
    unverified: bool = False


@dataclass(frozen=True)
class Relative:
    """A relative as the viewer may see them. Outside the viewer's scope only what the rules need is kept: how
    they are related, and the communes within the scope where they hold a key post (a person may not hold a key
    post where a relative holds one); never who they are."""

    official: Official | None  # None when the relative is outside the viewer's scope
    kind: str  # how the relative is related to this person
    label: str
    key_posts_in: tuple = ()  # the communes (geo.Commune) within the viewer's scope where they hold a key post now

    @property
    def outside_scope(self) -> bool:
        return self.official is None


@dataclass
class OfficialProfile:
    official: Official
    on: dt.date
    birth: PartialDate
    age: int
    places: list[Place]
    postings: list[Posting]  # the movement history, oldest first
    current_posting: Posting | None
    evaluations: list[Evaluation]  # newest first
    succession_plans: list[SuccessionPlan]
    relatives: list[Relative]
    retirement: Retirement | None
    retirement_problem: Text | None
    months_of_service_left: int | None
    rules: list[Finding] = field(default_factory=list)
    disciplines: list[Discipline] = field(default_factory=list)  # newest first

    @property
    def retirement_age(self) -> tuple[int, int] | None:
        """Years and months of age at retirement."""
        return divmod(self.retirement.age_months, 12) if self.retirement else None


def birth_of(official: Official) -> PartialDate:
    """The birth date with only what is known of it: a year, a month and year, or the day."""
    day, precision = official.birth_date, official.birth_precision
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate.of(day)


def age_on(official: Official, on: dt.date) -> int:
    """Whole years from the birth date (its first possible day when only partly known) to `on`."""
    return months_between(birth_of(official).anchor(), on) // 12


def official_profile(official: Official, on: dt.date | None = None, *, viewer) -> OfficialProfile:
    """Everything the page and the API show `viewer` (the signed-in user) about `official` on the day `on`
    (default today). Relatives outside the viewer's scope are not named (`Relative`).

    Load `official` with `select_related(*PLACE_RELATED)` to keep the count of queries fixed."""
    on = on or dt.date.today()
    postings = list(
        official.postings.select_related("position", "province", "district", "commune").order_by(
            "start", "pk"
        )
    )
    evaluations = list(official.evaluations.order_by("-year"))
    current = _current_posting(official, postings)
    birth = birth_of(official)
    retired, problem = _retirement(official, birth)
    profile = OfficialProfile(
        official=official,
        on=on,
        birth=birth,
        age=age_on(official, on),
        places=_places(official),
        postings=postings,
        current_posting=current,
        evaluations=evaluations,
        succession_plans=list(
            official.succession_plans.select_related("position", "province", "district").order_by(
                "term_start", "pk"
            )
        ),
        relatives=_relatives(official, viewer),
        retirement=retired,
        retirement_problem=problem,
        months_of_service_left=months_of_service_left(retired, on) if retired else None,
    )
    ratings = {e.year: Level[e.level] for e in evaluations}
    profile.disciplines = list(official.disciplines.order_by("-decided_on", "measure"))
    profile.rules = [
        _local_finding(official, current, on),
        _consequence_finding(official, current, ratings),
        _rating_finding(ratings, on),
        _tenure_finding(postings, current, on),
        _discipline_finding(profile.disciplines, on),
    ]
    return profile


def _current_posting(official: Official, postings: list[Posting]) -> Posting | None:
    """The open posting the registry keeps as the person's main post."""
    return next((posting for posting in postings if official.holds_as_main(posting)), None)


def _retirement(official: Official, birth: PartialDate) -> tuple[Retirement | None, Text | None]:
    try:
        return retirement(official.sex, birth, early=official.early_retirement), None
    except PolicyError:
        return None, translated(_("The policy file has no retirement age that applies to this person."))


def _places(official: Official) -> list[Place]:
    labels = {
        "birthplace": _("Birthplace"),
        "hometown": _("Hometown (quê quán)"),
        "raised": _("Where they grew up"),
    }
    return [
        Place(
            kind,
            label,
            getattr(official, f"{kind}_text"),
            getattr(official, kind),
            getattr(official, f"{kind}_district"),
        )
        for kind, label in labels.items()
    ]


def _relatives(official: Official, viewer) -> list[Relative]:
    """Relations are stored once per pair; from the other side a parent is a child and a child a parent. Who
    the viewer may see, and which communes, is the registry's own scope (`restrict`): a relative outside it is
    kept without their name, and a key post is named only in a commune within it."""
    relations = Relation.objects.filter(Q(official=official) | Q(relative=official)).select_related(
        "official", "relative"
    )
    found = []
    for relation in relations.order_by("pk"):
        if relation.official_id == official.pk:
            found.append((relation.relative, relation.kind))
        else:
            found.append((relation.official, _FLIPPED.get(relation.kind, relation.kind)))
    if not found:
        return []
    ids = [other.pk for other, _kind in found]
    visible = set(Official.objects.restrict(viewer, VIEW).filter(pk__in=ids).values_list("pk", flat=True))
    held = (
        Posting.objects.restrict(viewer, VIEW)
        .current()
        .key_in_communes()
        .filter(official_id__in=ids)
        .select_related("commune")
        .order_by("commune__name", "commune_id")
    )
    key_posts: dict[int, dict] = {}
    for posting in held:
        key_posts.setdefault(posting.official_id, {})[posting.commune_id] = posting.commune
    relatives = [
        Relative(
            other if other.pk in visible else None,
            kind,
            RelationKind(kind).label,
            tuple(key_posts.get(other.pk, {}).values()),
        )
        for other, kind in found
    ]
    # Those in scope by name; the others after them, in an order that says nothing about who they are.
    inside = sorted(
        (r for r in relatives if r.official), key=lambda r: (r.official.search_key, r.official.pk)
    )
    return inside + [r for r in relatives if r.official is None]


def unit_label(posting) -> str:
    """'Phường Hải Dương, Thành phố Hải Phòng': the unit of a posting with its (new) province."""
    if posting.commune_id or posting.district_id:
        return f"{posting.unit.name}, {posting.province.name}"
    return posting.province.name


def _local_finding(official: Official, current: Posting | None, on: dt.date) -> Finding:
    title = translated(_("Local person (người địa phương)"))
    if current is None:
        return Finding("local_person", title, None, translated(_("No current post to judge against.")))
    province_of = {
        place.code: place.province_id
        for place in (official.birthplace, official.hometown, official.raised)
        if place is not None
    }
    try:
        verdict = local_verdict(official, locality_key(current), province_of, on=on)
    except PolicyError:
        return _no_rule(title, "local_person", on.year)
    unit = unit_label(current)
    message = (
        _("Local person of %(unit)s, where they hold their current post.")
        if verdict.local
        else _("Not a local person of %(unit)s, where they hold their current post.")
    )
    return Finding(
        "local_person",
        title,
        verdict.local,
        translated(message, unit=unit),
        tuple(Text(r.message_vi, r.message_en) for r in verdict.reasons),
        verdict.source,
        verdict.unverified,
    )


def latest_consequences(position, since: dt.date | None, protected: bool, ratings: dict[int, Level]) -> list:
    """What the latest rating leads to under the evaluation rules (`core.rules.evaluation.consequences`), most
    serious first: the current post says whether the person is an elected cadre and a leader, and, as the
    registry holds no term dates, a leader's time in the post (from `since`) stands in for the term. Raises
    PolicyError when no rule is in force for that year. The person's page and the exit list both ask this."""
    year = max(ratings)
    is_leader = position is not None and position.kind == PositionKind.LEADERSHIP
    return consequences(
        ratings,
        "elected" if position is not None and position.is_elected else "civil_servant",
        is_leader=is_leader,
        term_years=range(since.year, year + 1) if is_leader and since else None,
        protected=protected,
        on_year=year,
    )


def _consequence_finding(official: Official, current: Posting | None, ratings: dict[int, Level]) -> Finding:
    title = translated(_("Consequences of the evaluations"))
    if not ratings:
        return Finding("evaluation_consequences", title, None, translated(_("No evaluation is recorded.")))
    year = max(ratings)
    try:
        found = latest_consequences(
            current.position if current else None,
            current.start if current else None,
            bool(official.protection),
            ratings,
        )
        streak = national_policy().entry(_STREAK, dt.date(year, 12, 31))
    except PolicyError:
        return _no_rule(title, "evaluation_consequences", year)
    if not found:
        verdict = translated(
            _("No consequence follows from the ratings up to %(year)s (latest: %(level)s)."),
            year=year,
            level=ratings[year].code,
        )
        return Finding("evaluation_consequences", title, False, verdict, (), streak.source, streak.unverified)
    return Finding(
        "evaluation_consequences",
        title,
        True,
        Text(found[0].message_vi, found[0].message_en),
        tuple(Text(c.message_vi, c.message_en) for c in found[1:]),
        "; ".join(dict.fromkeys(c.source for c in found)),
        any(c.unverified for c in found),
    )


def _rating_finding(ratings: dict[int, Level], on: dt.date) -> Finding:
    title = translated(_("Rated well enough to be rotated (civil servants)"))
    try:
        entry = national_policy().entry(_RATING, dt.date(on.year, 12, 31))
        well = rated_well_recently(ratings, on.year)
    except PolicyError:
        return _no_rule(title, "rated_well_recently", on.year)
    rule = entry.value
    years = range(on.year - rule["lookback_years"], on.year)
    params = {"level": rule["min_level"], "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else years[0]}
    message = (
        _("Rated %(level)s or better in each year of %(years)s.")
        if well
        else _("Not rated %(level)s or better in each year of %(years)s.")
    )
    shown = tuple(
        Text(f"{y}: {ratings[y].code}", f"{y}: {ratings[y].code}")
        if y in ratings
        else translated(_("%(year)s: no rating recorded"), year=y)
        for y in years
    )
    return Finding(
        "rated_well_recently",
        title,
        well,
        translated(message, **params),
        shown,
        entry.source,
        entry.unverified,
    )


def _tenure_start(postings: list[Posting], current: Posting) -> dt.date:
    """The start of the unbroken run of postings in the same post and unit that ends with `current`."""
    start = current.start
    place = (current.position_id, current.province_id, current.district_id, current.commune_id)
    for posting in reversed(postings):
        same = (posting.position_id, posting.province_id, posting.district_id, posting.commune_id) == place
        if same and posting.end is not None and posting.end + dt.timedelta(days=1) == start:
            start = posting.start
    return start


def _tenure_finding(postings: list[Posting], current: Posting | None, on: dt.date) -> Finding:
    title = translated(_("Due for rotation by time in post"))
    code = "rotation_due"
    if current is None or current.position.kind != PositionKind.LEADERSHIP:
        return Finding(
            code, title, None, translated(_("Applies to heads and deputies in a leadership post."))
        )
    since = _tenure_start(postings, current)
    months = max(0, months_between(since, on))
    try:
        entry = national_policy().entry(_TENURE, on)
        due = due_for_rotation(months, current.position.is_head, on=on)
    except PolicyError:
        return _no_rule(title, code, on.year)
    params = {"months": months, "since": since.strftime("%d/%m/%Y")}
    if current.position.is_head:
        params["limit"] = entry.value["head_more_than_months"]
        message = (
            _("%(months)s months in this post since %(since)s: more than %(limit)s months, due for rotation.")
            if due
            else _(
                "%(months)s months in this post since %(since)s: a head is due after more than %(limit)s months."
            )
        )
    else:
        params["limit"] = entry.value["deputy_at_least_months"]
        message = (
            _("%(months)s months in this post since %(since)s: %(limit)s months or more, due for rotation.")
            if due
            else _("%(months)s months in this post since %(since)s: a deputy is due after %(limit)s months.")
        )
    return Finding(code, title, due, translated(message, **params), (), entry.source, entry.unverified)


def _discipline_finding(disciplines: list[Discipline], on: dt.date) -> Finding:
    """Whether a discipline still bars a higher post on `on` (Quy định 377-QĐ/TW: the policy's waiting times)."""
    title = translated(_("Discipline and a higher post"))
    code = "discipline"
    try:
        months, entries = discipline_months(national_policy(), on)
    except PolicyError:
        return _no_rule(title, code, on.year)
    source = "; ".join(entry.source for entry in entries)
    unverified = any(entry.unverified for entry in entries)
    facts = [(d.measure, d.decided_on) for d in disciplines if d.decided_on <= on and not d.annulled]
    waits = discipline_waits(facts, on, months)
    if not waits:
        verdict = translated(_("No discipline bars an appointment to a higher post."))
        return Finding(code, title, False, verdict, (), source, unverified)
    return Finding(code, title, True, discipline_sentence(*waits[0]), (), source, unverified)


def _no_rule(title: Text, code: str, year: int) -> Finding:
    verdict = translated(_("The policy file has no rule in force for %(year)s."), year=year)
    return Finding(code, title, None, verdict)
