"""What recording the decision on a rotation plan writes into the registry (`PlanRun.record_decision`): its moves
become postings effective from the rotation date. The Standing Committee's approval writes nothing: only the
decision does. Kept apart from the plan's services so the model can call it without an import cycle; it takes
the plan as it is and imports no rotation model.

A refusal names the person, the post and the commune, and says what to do; it never shows a post's code."""

from __future__ import annotations

import datetime as dt

from cadre.geo.models import Commune
from cadre.people.models import Official, Position, Posting
from cadre.people.row_history import change_reason
from cadre.people.services import RegistryError, close_posting, leave_posts_elsewhere, record_posting

from .post_types import POSITION, SECRETARY_POST, commune_of


def record_moves(run, *, user, reason: str) -> None:
    """The decision on a rotation plan (`PlanRun.record_decision`): every registry write records `reason` and
    `user`; a write the registry refuses raises `RegistryError`, and the whole step rolls back."""
    with change_reason(reason, user=user):
        _write_moves(run)


def decision_text(run) -> str:
    """What each new posting's decision says: a rotation, by the decision's number and the plan (the planner
    reads "luân chuyển" to know who is serving a rotation)."""
    return f"Luân chuyển theo Quyết định {run.decision} (phương án #{run.pk})"[:100]


def _write_moves(run) -> None:
    """The plan's moves become postings from the rotation date, in the post's position (a secretary's post or a
    People's Committee chair's, `post_types`); an incumbent replaced in a post leaves it the day before (one who
    takes another post of the plan in another commune has left it already)."""
    kinds = {post["id"]: post.get("type", SECRETARY_POST) for post in run.problem["posts"]}
    positions = {
        p.code: p for p in Position.objects.filter(code__in=[POSITION[k] for k in set(kinds.values())])
    }
    position = {post: positions[POSITION[kind]] for post, kind in kinds.items()}
    incumbents = {post["id"]: post.get("incumbent") for post in run.problem["posts"]}
    holders = {a["post"]: a["candidate"] for a in run.plan.get("assignments", [])}
    ids = {int(pk) for pk in [*holders.values(), *filter(None, incumbents.values())]}
    officials = Official.objects.in_bulk(ids)
    names = dict(
        Commune.objects.filter(code__in={commune_of(p) for p in holders}).values_list("code", "name")
    )
    communes = {post: names.get(commune_of(post), commune_of(post)) for post in holders}
    moves = {post: candidate for post, candidate in holders.items() if incumbents.get(post) != candidate}
    _check_not_later(run, moves, officials, communes, position)
    _check_no_later_holder(run, moves, incumbents, communes, position)
    # A post a closest plan leaves open is not decided by the plan: its incumbent is not replaced.
    undecided = {p["post"] for p in (run.plan.get("closest") or {}).get("open_posts", [])}
    decision = decision_text(run)
    for post, candidate in moves.items():
        official = officials[int(candidate)]
        try:
            # Sent to the commune: they leave every post they hold elsewhere the day before.
            leave_posts_elsewhere(official, commune_of(post), run.rotation_date - dt.timedelta(days=1))
            record_posting(
                official,
                position[post],
                province=run.province_id,
                commune=commune_of(post),
                start=run.rotation_date,
                decision=decision,
            )
        except RegistryError as error:
            raise _refusal(run, official, _post_name(position[post], communes[post]), error) from error
    for post, candidate in moves.items():
        if incumbents.get(post) is None:
            _close_other_holders(run, position[post], commune_of(post), officials[int(candidate)])
    for post, incumbent in incumbents.items():
        if incumbent and holders.get(post) != incumbent and post not in undecided:
            close_posting(
                officials[int(incumbent)],
                position[post],
                commune_of(post),
                run.rotation_date - dt.timedelta(days=1),
            )


def _close_other_holders(run, position: Position, commune: str, holder: Official) -> None:
    """A post the problem gave no incumbent may still be held in the registry: a person holding both posts of a
    commune is the secretary post's incumbent only. When the plan gives the post to someone else, that person
    leaves it the day before (read from the registry, not from the problem)."""
    eve = run.rotation_date - dt.timedelta(days=1)
    others = (
        Posting.objects.filter(position=position, commune_id=commune, end__isnull=True, start__lte=eve)
        .exclude(official=holder)
        .select_related("official")
    )
    for posting in others:
        close_posting(posting.official, position, commune, eve)


def _post_name(secretary: Position, commune: str) -> str:
    """ "Bí thư Đảng ủy xã Than Uyên": the post as a sentence names it."""
    return f"{secretary.name} {commune[:1].lower()}{commune[1:]}"


def _check_not_later(run, moves: dict, officials: dict, communes: dict, position: dict) -> None:
    """A person the plan moves must not already hold a post that starts on or after the rotation date (a move
    recorded since the plan was made): the registry keeps its history, so the plan is out of date."""
    later = (
        Posting.objects.filter(official_id__in=[int(c) for c in moves.values()], start__gte=run.rotation_date)
        .select_related("position", "commune", "province")
        .order_by("start")
    )
    first = {}
    for posting in later:
        first.setdefault(str(posting.official_id), posting)
    for post, candidate in moves.items():
        if (posting := first.get(str(candidate))) is None:
            continue
        name = officials[int(candidate)].full_name
        held = _post_name(posting.position, str(posting.unit))
        target = _post_name(position[post], communes[post])
        raise RegistryError(
            f"{name} đã giữ chức {held} từ ngày {posting.start:%d/%m/%Y}, không thể ghi luân chuyển làm "
            f"{target} từ ngày {run.rotation_date:%d/%m/%Y}. Phương án đã cũ so với sổ cán bộ: hãy lập phương "
            f"án mới (người vừa luân chuyển không luân chuyển tiếp trước khi hết thời gian luân chuyển), hoặc "
            f"chọn ngày luân chuyển sau ngày {posting.start:%d/%m/%Y}.",
            f"{name} has held the post {posting.position.name_en} of {posting.unit} since "
            f"{posting.start:%d/%m/%Y}, so the rotation to {position[post].name_en} of {communes[post]} "
            f"from {run.rotation_date:%d/%m/%Y} cannot be recorded. The plan is out of date with the registry: "
            f"make a new plan (a person just rotated is not moved again before the rotation has run its "
            f"length), or choose a rotation date after {posting.start:%d/%m/%Y}.",
        )


def _check_no_later_holder(run, moves: dict, incumbents: dict, communes: dict, position: dict) -> None:
    """A post the problem gave no incumbent must not have been given to someone else from the rotation date on
    (recorded since the plan was made): the commune would have two holders of one post."""
    for post, candidate in moves.items():
        if incumbents.get(post) is not None:
            continue
        later = (
            Posting.objects.filter(
                position=position[post],
                commune_id=commune_of(post),
                end__isnull=True,
                start__gte=run.rotation_date,
            )
            .exclude(official_id=int(candidate))
            .select_related("official")
            .order_by("start")
            .first()
        )
        if later is None:
            continue
        target = _post_name(position[post], communes[post])
        raise RegistryError(
            f"{later.official.full_name} đã giữ chức {target} từ ngày {later.start:%d/%m/%Y}, sau khi lập phương "
            f"án. Phương án đã cũ so với sổ cán bộ: hãy lập phương án mới, hoặc chọn ngày luân chuyển sau ngày "
            f"{later.start:%d/%m/%Y}.",
            f"{later.official.full_name} has held the post {position[post].name_en} of {communes[post]} since "
            f"{later.start:%d/%m/%Y}, recorded after the plan was made. The plan is out of date with the registry: "
            f"make a new plan, or choose a rotation date after {later.start:%d/%m/%Y}.",
        )


def _refusal(run, official, target: str, error: RegistryError) -> RegistryError:
    return RegistryError(
        f"Không ghi được việc luân chuyển {official.full_name} làm {target} từ ngày "
        f"{run.rotation_date:%d/%m/%Y}: {error.message_vi} Hãy kiểm tra quá trình công tác của "
        f"{official.full_name} trong sổ cán bộ, rồi lập lại phương án.",
        f"The rotation of {official.full_name} to {target} from {run.rotation_date:%d/%m/%Y} cannot be "
        f"recorded: {error.message_en} Check {official.full_name}'s postings in the registry, then make the "
        "plan again.",
    )
