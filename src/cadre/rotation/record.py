"""What approving a rotation plan writes into the registry (`PlanRun.record_approval`): its moves become
effective-dated postings. Kept apart from the plan's services so the model can call it without an import cycle;
it takes the plan as it is and imports no rotation model."""

from __future__ import annotations

import datetime as dt

from cadre.people.models import Official, Position
from cadre.people.positions import SECRETARY
from cadre.people.row_history import change_reason
from cadre.people.services import close_posting, leave_posts_elsewhere, record_posting


def record_moves(run, *, user, reason: str) -> None:
    """Approval of a rotation plan (`PlanRun.record_approval`): every registry write records `reason` and `user`;
    a write the registry refuses raises `RegistryError`, and the approval rolls back."""
    with change_reason(reason, user=user):
        _write_moves(run)


def _write_moves(run) -> None:
    """The plan's moves become postings from the rotation date; a replaced incumbent who takes no other post in
    the plan leaves theirs the day before."""
    secretary = Position.objects.get(code=SECRETARY)
    incumbents = {post["id"]: post.get("incumbent") for post in run.problem["posts"]}
    holders = {a["post"]: a["candidate"] for a in run.plan.get("assignments", [])}
    ids = {int(pk) for pk in [*holders.values(), *filter(None, incumbents.values())]}
    officials = Official.objects.in_bulk(ids)
    placed = set(holders.values())
    # A post a closest plan leaves open is not decided by the plan: its incumbent is not replaced.
    undecided = {p["post"] for p in (run.plan.get("closest") or {}).get("open_posts", [])}
    decision = f"Phương án luân chuyển #{run.pk}"
    for post, candidate in holders.items():
        if incumbents.get(post) == candidate:
            continue
        # Sent to the commune: they leave every post they hold elsewhere the day before.
        leave_posts_elsewhere(officials[int(candidate)], post, run.rotation_date - dt.timedelta(days=1))
        record_posting(
            officials[int(candidate)],
            secretary,
            province=run.province_id,
            commune=post,
            start=run.rotation_date,
            decision=decision,
        )
    for post, incumbent in incumbents.items():
        if incumbent and incumbent not in placed and post not in undecided:
            close_posting(
                officials[int(incumbent)], secretary, post, run.rotation_date - dt.timedelta(days=1)
            )
