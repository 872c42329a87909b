"""One approved plan per round (đợt): a province's plans for the same date are alternatives, and only one of them
may be approved. A later change to it is a correction that names it (`WorkflowPlan.corrects`), and each approved
plan has at most one approved correction, so the approved plans of a round form one line: the plan, its
correction, the correction's correction.

The database holds the rule (two conditional unique constraints per kind of plan, `one_approved_per_round`), so
two approvers acting at the same moment cannot both succeed whatever the Python does. Databases made before the
rule may already break it; their migration refuses with the plans named (`refuse_approved_twice`) rather than
guess which approval stands: both plans' moves are already in the registry, and only the Standing Committee can
say which one is right.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import models
from django.db.models import Q

from .states import State

# The states in which a plan's moves are in the registry.
APPROVED_STATES = (State.APPROVED.value, State.DECIDED.value)


def one_approved_per_round(kind: str, *round_fields: str) -> list[models.UniqueConstraint]:
    """The constraints for a kind of plan whose round is `round_fields` (e.g. province and rotation date): one
    approved plan that corrects nothing per round, and one approved correction per plan. `kind` prefixes the
    constraints' names, which are unique across the database."""
    approved = Q(state__in=APPROVED_STATES)
    return [
        models.UniqueConstraint(
            fields=list(round_fields),
            condition=approved & Q(corrects__isnull=True),
            name=f"{kind}_one_approved_per_round",
        ),
        models.UniqueConstraint(
            fields=["corrects"],
            condition=approved & Q(corrects__isnull=False),
            name=f"{kind}_one_approved_correction",
        ),
    ]


def approved_twice(model, round_fields: tuple[str, ...]) -> list[list[int]]:
    """The groups of approved plans that break the rule (each group's ids in order, oldest first). `model` may be
    a migration's historical model."""
    groups = defaultdict(list)
    rows = model.objects.filter(state__in=APPROVED_STATES).order_by("pk")
    for row in rows.values("pk", "corrects", *round_fields):
        if row["corrects"] is None:
            key = ("round", *(row[f] for f in round_fields))
        else:
            key = ("correction", row["corrects"])
        groups[key].append(row["pk"])
    return [ids for ids in groups.values() if len(ids) > 1]


class ApprovedTwice(RuntimeError):
    """A database holds two approved plans for one round: the upgrade stops until a person decides."""


def refuse_approved_twice(model, round_fields: tuple[str, ...]) -> None:
    """Stop a migration when `model` already breaks the rule, naming the plans and how to go on."""
    groups = approved_twice(model, round_fields)
    if not groups:
        return
    table = model._meta.db_table
    plans = "; ".join(", ".join(f"#{pk}" for pk in ids) for ids in groups)
    fixes = " ".join(
        f"UPDATE {table} SET corrects_id = {earlier} WHERE id = {later};"
        for ids in groups
        for earlier, later in zip(ids, ids[1:], strict=False)
    )
    raise ApprovedTwice(
        f"Không nâng cấp được: các phương án sau được phê duyệt cùng một đợt (cùng tỉnh, cùng ngày): {plans}. "
        "Từ nay mỗi đợt chỉ một phương án được duyệt; một thay đổi về sau là phương án điều chỉnh. "
        "Các biến động của cả hai phương án đã vào sổ cán bộ: hãy để Ban Thường vụ quyết định phương án nào "
        "đứng, rà soát quá trình công tác của những người liên quan, rồi ghi mỗi phương án sau là điều chỉnh "
        f"của phương án trước nó (ví dụ: {fixes}) và chạy lại nâng cấp. Xem docs/decisions.md.\n"
        f"Cannot upgrade: these plans were approved for the same round (same province, same date): {plans}. "
        "From now on only one plan per round is approved; a later change is a correction of it. Both plans' "
        "moves are already in the registry: have the Standing Committee decide which one stands, review the "
        "postings of the people concerned, then record each later plan as a correction of the one before it "
        f"(for example: {fixes}) and run the upgrade again. See docs/decisions.md."
    )
