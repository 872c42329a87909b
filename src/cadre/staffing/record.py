"""What recording the decision on a transfer plan writes into the registry (`TransferPlan.record_decision`):
each move becomes a posting in the destination commune from the transfer date. Approval writes nothing. Kept apart from the staffing services so the model can call it without an
import cycle; it takes the plan as it is and imports no staffing model."""

from __future__ import annotations

import datetime as dt

from cadre.geo.models import Commune
from cadre.people.models import Official, Position, Posting
from cadre.people.row_history import change_reason
from cadre.people.services import RegistryError, leave_posts_elsewhere, record_posting


def record_transfers(plan, *, user, reason: str) -> None:
    """The decision on a transfer plan (`TransferPlan.record_decision`): every registry write records `reason`
    and `user`; a write the registry refuses raises `RegistryError`, and the whole step rolls back."""
    with change_reason(reason, user=user):
        _write_transfers(plan)


def _write_transfers(plan) -> None:
    """Each moved person holds the same job position in the destination commune from the transfer date, and
    leaves their posts elsewhere the day before."""
    moves = plan.plan.get("moves", [])
    officials = Official.objects.in_bulk([int(m["staff"]) for m in moves])
    positions = Position.objects.in_bulk({m["position"] for m in moves}, field_name="code")
    decision = f"Điều động theo Quyết định {plan.decision} (phương án #{plan.pk})"[:100]
    places = {m["to"] for m in moves} | {m["from"] for m in moves}
    rows = Commune.objects.filter(code__in=places).values_list("code", "province_id", "name")
    province = {code: prov for code, prov, _name in rows}
    names = {code: name for code, _prov, name in rows}
    _check_still_held(plan, moves, officials, positions, names)
    for move in moves:
        official = officials[int(move["staff"])]
        leave_posts_elsewhere(official, move["to"], plan.transfer_date - dt.timedelta(days=1))
        record_posting(
            official,
            positions[move["position"]],
            province=province[move["to"]],
            commune=move["to"],
            start=plan.transfer_date,
            decision=decision,
        )


def _check_still_held(plan, moves: list[dict], officials: dict, positions: dict, communes: dict) -> None:
    """Each mover must still hold the plan's position in the commune it moves them from, on the day before the
    transfer: a plan made before someone left, retired or moved elsewhere is refused, naming them."""
    eve = plan.transfer_date - dt.timedelta(days=1)
    held = set(
        Posting.objects.held_on(eve)
        .filter(official_id__in=[int(m["staff"]) for m in moves])
        .values_list("official_id", "commune_id", "position__code")
    )
    for move in moves:
        if (int(move["staff"]), move["from"], move["position"]) not in held:
            official = officials.get(int(move["staff"]))
            name = official.full_name if official else move["staff"]
            position = positions.get(move["position"])
            post_vi = position.name if position else move["position"]
            post_en = position.name_en if position else move["position"]
            where = communes.get(move["from"], move["from"])
            raise RegistryError(
                f"Phương án #{plan.pk} đã cũ: {name} không còn giữ vị trí «{post_vi}» tại {where} vào ngày "
                f"{eve:%d/%m/%Y}. Hãy lập lại phương án.",
                f"Plan #{plan.pk} is out of date: {name} no longer holds '{post_en}' in {where} on "
                f"{eve:%d/%m/%Y}. Make the plan again.",
            )
