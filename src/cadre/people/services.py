"""Business actions on the registry. Views, the API, the CLI and the import all call these.

Each change is kept in the row history with the acting user and a reason: the caller's, given with
`row_history.change_reason`, or else the service's own ("Ghi quá trình công tác").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Q

from cadre.accounts.services import create_user
from cadre.bulk import filter_ids, update_rows
from cadre.core.errors import BilingualError, RecordError
from cadre.geo.models import Commune
from cadre.locks import REGISTRY, transaction_lock

from .locality import local_verdict, unit_key
from .models import Evaluation, Official, OfficialLogin, Position, Posting
from .positions import POSITIONS, add_missing_positions
from .postings import PostingFact, merge_postings
from .row_history import CHANGED, default_reason, snapshot

TRACK_ORDER = {"party": 0, "council": 1, "government": 2}
REFRESHED_FIELDS = (
    "current_position_id",
    "current_province_id",
    "current_commune_id",
    "current_since",
    "latest_evaluation",
    "is_local",
)
# What the local-person rule reads of a person (see locality.person_places).
PLACE_FIELDS = (
    "birthplace_id",
    "birthplace_district_id",
    "hometown_id",
    "hometown_district_id",
    "raised_id",
    "raised_district_id",
    "years_by_unit",
)
# Where the three origin communes sit in a row of ("pk", *REFRESHED_FIELDS, *PLACE_FIELDS).
COMMUNE_AT = [
    1 + len(REFRESHED_FIELDS) + PLACE_FIELDS.index(f) for f in ("birthplace_id", "hometown_id", "raised_id")
]


class RegistryError(RecordError):
    """A posting that would contradict the recorded history."""


def registry_lock() -> None:
    """Serialise writers to the movement history until the current transaction ends."""
    transaction_lock(REGISTRY)


def ensure_positions() -> None:
    """The reference posts exist (a migration loads them; a flushed test database needs them again)."""
    if Position.objects.count() < len(POSITIONS):
        add_missing_positions(Position)


def recorded_postings(citizen_ids: list[str], chunk: int = 5000) -> list[PostingFact]:
    """The recorded postings of these people, as plain facts for the history merge."""
    fields = (
        "id",
        "official__citizen_id",
        "position__code",
        "track",
        "province_id",
        "district_id",
        "commune_id",
        "start",
        "end",
        "body",
        "decision",
    )
    names = {p.code: p.label for p in Position.objects.only("code", "name", "name_en")}
    facts = []
    for start in range(0, len(citizen_ids), chunk):
        rows = Posting.objects.filter(official__citizen_id__in=citizen_ids[start : start + chunk])
        for pk, cid, code, track, province, district, commune, begin, end, body, decision in rows.values_list(
            *fields
        ):
            facts.append(
                PostingFact(
                    cid,
                    code,
                    track,
                    province,
                    district,
                    commune,
                    begin,
                    end,
                    body,
                    decision,
                    id=pk,
                    post=names[code],
                )
            )
    return facts


@transaction.atomic
def record_posting(
    official: Official,
    position: Position,
    *,
    province: str,
    start: dt.date,
    district: str | None = None,
    commune: str | None = None,
    end: dt.date | None = None,
    body: str = "",
    decision: str = "",
) -> Posting | None:
    """Add a posting to a person's history. An open posting of the same track is closed the day before;
    an overlap with anything else is refused. Returns the new posting (None if it was already recorded)."""
    registry_lock()
    recorded = recorded_postings([official.citizen_id])
    incoming = PostingFact(
        official.citizen_id,
        position.code,
        position.track,
        province,
        district,
        commune,
        start,
        end,
        body,
        decision,
        post=position.label,
    )
    changes = merge_postings(recorded, [incoming])
    if changes.problems:
        problem = changes.problems[0]
        raise RegistryError(problem.message_vi, problem.message_en)
    created = None
    with default_reason(f"Ghi quá trình công tác theo {decision}" if decision else "Ghi quá trình công tác"):
        for posting_id, new_end in changes.close.items():
            Posting.objects.filter(pk=posting_id).update(end=new_end)
        snapshot(Posting, CHANGED, changes.close)
        for fact in changes.create:
            # Created through the ORM, so its history row is written on save, with the same reason and user.
            created = Posting.objects.create(
                official=official,
                position=position,
                track=position.track,
                province_id=fact.province,
                district_id=fact.district,
                commune_id=fact.commune,
                start=fact.start,
                end=fact.end,
                body=fact.body,
                decision=fact.decision,
            )
    refresh_officials([official.pk])
    return created


def refresh_officials(official_ids: Iterable[int], *, on: dt.date | None = None, chunk: int = 5000) -> int:
    """Recompute each person's current post, latest evaluation and whether they are local to their post.
    Returns how many people changed.

    Their main post is the highest-ranked open posting (party before council before government on a tie)."""
    ids = list(official_ids)
    level = dict(Position.objects.values_list("pk", "level"))
    changed = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        main: dict[int, tuple] = {}
        wanted = set(part)
        open_postings = filter_ids(Posting.objects.filter(end__isnull=True), "official_id", part).values_list(
            "official_id", "position_id", "track", "province_id", "district_id", "commune_id", "start"
        )
        for official_id, position_id, track, *unit_and_start in open_postings:
            if official_id not in wanted:
                continue
            rank = (level[position_id], TRACK_ORDER[track])
            if official_id not in main or rank < main[official_id][0]:
                main[official_id] = (rank, position_id, *unit_and_start)
        ratings = filter_ids(Evaluation.objects, "official_id", part).order_by("year")
        latest = {o: rating for o, rating in ratings.values_list("official_id", "level") if o in wanted}
        fields = ("pk", *REFRESHED_FIELDS, *PLACE_FIELDS)
        rows = [
            row for row in filter_ids(Official.objects, "pk", part).values_list(*fields) if row[0] in wanted
        ]
        # The provinces of the communes these people come from (the local-person rule needs them).
        communes = {row[i] for row in rows for i in COMMUNE_AT if row[i]}
        province_of = dict(Commune.objects.filter(code__in=communes).values_list("code", "province_id"))
        updates = []
        for pk, *values in rows:
            places = SimpleNamespace(**dict(zip(PLACE_FIELDS, values[len(REFRESHED_FIELDS) :], strict=True)))
            refreshed = (None, None, None, None, latest.get(pk, ""), None)
            if pk in main:
                _rank, position_id, province, district, commune, since = main[pk]
                key = unit_key(province, district, commune)
                local = local_verdict(places, key, province_of, on=on).local
                refreshed = (position_id, province, commune, since, latest.get(pk, ""), local)
            if refreshed != tuple(values[: len(REFRESHED_FIELDS)]):
                updates.append((*refreshed, pk))
        changed += update_rows(Official, REFRESHED_FIELDS, updates)
    return changed


def close_posting(official: Official, position: Position, commune: str, end: dt.date) -> int:
    """End the person's open posting in that post and commune on `end` (they were replaced there). Returns the
    number of postings closed (0 when none was open)."""
    return _close(official, Q(position=position, commune_id=commune), end)


def leave_posts_elsewhere(official: Official, commune: str, end: dt.date) -> int:
    """End on `end` every open posting the person holds outside `commune`: they are sent (điều động) to a post
    there and leave their posts wherever else they were, whatever the track (a department director leaves the
    department; a commune secretary leaves the council they chaired at home). Returns how many were closed."""
    return _close(official, ~Q(commune_id=commune) | Q(commune__isnull=True), end)


@transaction.atomic
def _close(official: Official, which: Q, end: dt.date) -> int:
    registry_lock()
    ids = list(
        Posting.objects.filter(which, official=official, end__isnull=True, start__lte=end).values_list(
            "pk", flat=True
        )
    )
    closed = Posting.objects.filter(pk__in=ids).update(end=end)
    with default_reason("Kết thúc quá trình công tác"):
        snapshot(Posting, CHANGED, ids)
    refresh_officials([official.pk])
    return closed


# ---- A person's sign-in account (OfficialLogin) ----------------------------------------------------------------


class LoginLinkError(BilingualError):
    """A sign-in account that cannot be linked to a registry person: no such person, or either already linked."""


def link_login(user, citizen_id: str) -> OfficialLogin:
    """Link the sign-in account `user` to the registry person with `citizen_id` (one account per person and one
    person per account): what makes the signed-in user's "My tasks" theirs. Refused, writing nothing, for an
    unknown person or when the person or the account is linked already."""
    citizen_id = (citizen_id or "").strip()
    if not (len(citizen_id) == 12 and citizen_id.isascii() and citizen_id.isdigit()):
        raise LoginLinkError(
            f"Số định danh cá nhân «{citizen_id[:20]}» không hợp lệ: phải gồm đúng 12 chữ số.",
            f"The citizen ID '{citizen_id[:20]}' is not valid: it has exactly 12 digits.",
        )
    person = Official.objects.filter(citizen_id=citizen_id).first()
    if person is None:
        raise LoginLinkError(
            f"Không có cán bộ nào có số định danh cá nhân {citizen_id} trong sổ cán bộ.",
            f"No one in the registry has the citizen ID {citizen_id}.",
        )
    with transaction.atomic():
        taken = OfficialLogin.objects.select_related("user").filter(official=person).first()
        if taken is not None:
            raise LoginLinkError(
                f"{person.full_name} đã gắn với tài khoản «{taken.user.get_username()}».",
                f"{person.full_name} is already linked to the account '{taken.user.get_username()}'.",
            )
        mine = OfficialLogin.objects.select_related("official").filter(user=user).first()
        if mine is not None:
            raise LoginLinkError(
                f"Tài khoản «{user.get_username()}» đã gắn với {mine.official.full_name}.",
                f"The account '{user.get_username()}' is already linked to {mine.official.full_name}.",
            )
        return OfficialLogin.objects.create(user=user, official=person)


def create_official_user(username: str, role: str, scope_code: str, citizen_id: str) -> tuple:
    """A new user with one role over one scope (accounts.services.create_user), linked to the registry person
    with `citizen_id`, all or nothing; returns (user, password, the person)."""
    with transaction.atomic():
        user, password = create_user(username, role, scope_code)
        login = link_login(user, citizen_id)
    return user, password, login.official
