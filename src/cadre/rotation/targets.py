"""Chỉ tiêu bố trí không là người địa phương: the non-local target in force for a province, a commune post type
and a day, and the Board's changes to its province's targets.

Each province's Party committee sets its own target per post type, in a document, from a date
(`models.ProvinceTarget`, with row history). Where a province has set none for the day, the national reference
value of the policy file applies (`non_local_secretary_target`, `non_local_chair_target`): the Party's texts ask
to "basically complete" the policy without a number, so that value is a reference, never a legal figure, and
every page that uses it says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import formats
from django.utils.text import capfirst

from cadre.core.errors import BilingualError
from cadre.core.policy import PolicyError, national_policy
from cadre.core.text import Text
from cadre.documents.bases import cited_title
from cadre.people.change_log import ACTIONS, EMPTY, ChangeEntry, FieldChange
from cadre.people.row_history import CHANGED, CREATED, DELETED, change_reason

from .models import PlanRun, PostType, ProvinceTarget
from .post_types import POST_TYPES, SECRETARY_POST, TITLE
from .shares import percent

# The policy file's national reference value of each post type.
NATIONAL_KEYS = {
    PostType.SECRETARY: "non_local_secretary_target",
    PostType.CHAIR: "non_local_chair_target",
}


class TargetError(BilingualError):
    """A target that cannot be set as given."""


@dataclass(frozen=True)
class TargetInForce:
    share: float  # 0 to 1
    document: str  # the text that set it, as a reader names it: "Kế hoạch số 12-KH/TU ngày 3/9/2025"
    source: Text  # what a page says about where it comes from
    provincial: bool  # set by the province (False: the national reference applies)
    unverified: bool
    effective_from: dt.date
    until: dt.date | None = None

    @property
    def share_text(self) -> str:
        return percent(self.share)

    def to_params(self) -> dict:
        """What a plan's parameters record of the target it used (JSON)."""
        return {
            "share": self.share,
            "document": self.document,
            "source": self.source.to_dict(),
            "provincial": self.provincial,
            "unverified": self.unverified,
            "from": self.effective_from.isoformat(),
            "until": self.until.isoformat() if self.until else None,
        }

    @classmethod
    def from_params(cls, data: dict) -> TargetInForce:
        return cls(
            share=data["share"],
            document=data["document"],
            source=Text.from_dict(data["source"]),
            provincial=data["provincial"],
            unverified=data["unverified"],
            effective_from=dt.date.fromisoformat(data["from"]),
            until=dt.date.fromisoformat(data["until"]) if data.get("until") else None,
        )


def in_force_on(on: dt.date) -> Q:
    """The rows of `ProvinceTarget` in force on `on` (the latest start wins among them)."""
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def target_in_force(province_code: str | None, post_type: str, on: dt.date) -> TargetInForce:
    """The target of `post_type` ("secretary" or "chair") in `province_code` on `on`: the province's own (the
    latest in force that day), else the national reference (`None` as the province: the national one).
    Raises `PolicyError` when not even the national reference is in force on `on`."""
    post_type = PostType(post_type)
    row = None
    if province_code:
        row = (
            ProvinceTarget.objects.filter(in_force_on(on), province_id=province_code, post_type=post_type)
            .order_by("-valid_from", "-pk")
            .first()
        )
    if row is not None:
        return provincial_target(row)
    return national_target(post_type, on)


def provincial_target(row: ProvinceTarget) -> TargetInForce:
    return TargetInForce(
        share=row.share,
        document=row.document,
        source=Text(
            f"Chỉ tiêu do tỉnh/thành đặt: {row.document}",
            f"Target set by the province: {row.document}",
        ),
        provincial=True,
        unverified=False,
        effective_from=row.valid_from,
        until=row.valid_until,
    )


def national_target(post_type: str, on: dt.date) -> TargetInForce:
    entry = national_policy().entry(NATIONAL_KEYS[PostType(post_type)], on)
    return TargetInForce(
        share=float(entry.value),
        document=cited_title(entry.source),
        source=Text(
            f"Tỉnh/thành chưa đặt chỉ tiêu; áp dụng mức tham chiếu chung: {entry.source}",
            f"No provincial target set; national reference value applies: {entry.source}",
        ),
        provincial=False,
        unverified=entry.unverified,
        effective_from=entry.effective_from,
    )


def targets_for(province_codes, on: dt.date, post_type: str = PostType.SECRETARY) -> dict[str, TargetInForce]:
    """The target in force on `on` in each province of `province_codes`, in one query. A province with none of
    its own on a day no national reference is in force either is left out."""
    codes = list(province_codes)
    found: dict[str, TargetInForce] = {}
    rows = ProvinceTarget.objects.filter(in_force_on(on), province_id__in=codes, post_type=post_type)
    for row in rows.order_by("province_id", "-valid_from", "-pk"):
        found.setdefault(row.province_id, provincial_target(row))
    if missing := [code for code in codes if code not in found]:
        try:
            national = national_target(post_type, on)
        except PolicyError:
            return found
        found.update(dict.fromkeys(missing, national))
    return found


def set_target(
    province,
    post_type: str,
    share: float,
    valid_from: dt.date,
    *,
    document: str,
    reason: str,
    user,
    valid_until: dt.date | None = None,
) -> ProvinceTarget:
    """The Board sets its province's target of `post_type` from `valid_from`: a target already starting that
    day is changed, otherwise a new one is added (a later start takes over from the earlier ones). The row's
    history records `user` and `reason`. The caller has checked that `user` may plan for `province`."""
    document, reason = (document or "").strip(), (reason or "").strip()
    if not 0 <= share <= 1:
        raise TargetError(
            f"Chỉ tiêu phải từ 0% đến 100%, không phải {share * 100:g}%.",
            f"The target must be from 0% to 100%, not {share * 100:g}%.",
        )
    if valid_until is not None and valid_until < valid_from:
        raise TargetError(
            "Ngày kết thúc phải sau ngày bắt đầu áp dụng.", "The end date must be after the start date."
        )
    if not document or not reason:
        raise TargetError(
            "Cần ghi văn bản đặt chỉ tiêu và lý do.",
            "The document that set the target and a reason are needed.",
        )
    with transaction.atomic(), change_reason(reason, user=user):
        same_day = ProvinceTarget.objects.select_for_update().filter(
            province=province, post_type=post_type, valid_from=valid_from
        )
        row = same_day.first() or ProvinceTarget(
            province=province, post_type=post_type, valid_from=valid_from
        )
        row.share, row.valid_until, row.document, row.reason = share, valid_until, document, reason
        row.set_by = user if getattr(user, "is_authenticated", False) else None
        row.save()
    return row


def targets_version() -> int:
    """Moves with every change to the provinces' targets (their newest history row): part of the key of figures
    cached with the targets in them (the dashboard's)."""
    return ProvinceTarget.history.aggregate(newest=Max("history_id"))["newest"] or 0


# The fields a change lists, in this order (the province is the page's own; who, when and why are the entry's).
_SHOWN = ("share", "valid_from", "valid_until", "document")


def target_history(province_code: str) -> list[ChangeEntry]:
    """Every recorded change to the province's targets, newest first: who, when, the post, old → new, and why
    (one query)."""
    model = ProvinceTarget.history.model
    fields = [model._meta.get_field(name) for name in _SHOWN]
    records = model.objects.filter(province_id=province_code).select_related("history_user")
    previous: dict[int, object] = {}
    entries = []
    for record in records.order_by("history_date", "history_id"):
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_type == CHANGED and before is None:
            continue  # the state when the history began, kept only to compare the next change with
        if before is None:  # a new row lists what it was given, not its empty fields
            changed = [f for f in fields if getattr(record, f.attname) not in (None, "")]
        else:
            changed = [f for f in fields if getattr(before, f.attname) != getattr(record, f.attname)]
        changes = tuple(
            FieldChange(
                capfirst(str(f.verbose_name)),
                _shown(f, before) if before is not None and record.history_type != CREATED else EMPTY,
                _shown(f, record),
            )
            for f in changed
            if record.history_type != DELETED
        )
        if record.history_type == CHANGED and not changes and record.reason == before.reason:
            continue  # saved again as it was, for the same reason
        entries.append(
            ChangeEntry(
                record.history_date,
                record.history_user,
                str(ACTIONS[record.history_type]),
                str(PostType(record.post_type).label),
                changes,
                record.history_change_reason or "",
            )
        )
    return entries[::-1]


def _shown(field, record) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return EMPTY
    if field.name == "share":
        return percent(value)
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def planned_types(run: PlanRun) -> tuple[str, ...]:
    """The post types the plan places, in the canonical order (a plan made before chairs were planned: the
    secretaries)."""
    wanted = run.params.get("post_types") or (SECRETARY_POST,)
    return tuple(kind for kind in POST_TYPES if kind in wanted)


def type_target(run: PlanRun, kind: str) -> TargetInForce | None:
    """The province's target of post type `kind` the plan was made against, as its parameters recorded it
    (None: a target set for the plan). A secretaries' plan recorded before the sources were: the target in force
    on the rotation date."""
    sources = run.params.get("target_sources")
    if sources is not None and kind in sources:
        return TargetInForce.from_params(sources[kind]) if sources[kind] else None
    if kind == SECRETARY_POST:
        return province_target(run)
    return None


def province_target(run: PlanRun) -> TargetInForce | None:
    """The province's secretaries' target the plan was made against, as its parameters recorded it (plans made
    before they did: the target in force on the rotation date)."""
    if "target_source" in run.params:
        recorded = run.params["target_source"]
        return TargetInForce.from_params(recorded) if recorded else None
    try:
        return target_in_force(run.province_id, PostType.SECRETARY, run.rotation_date)
    except PolicyError:
        return None


@dataclass(frozen=True)
class PlanTarget:
    """One planned post type's target, as the plan page and `plan run` say it."""

    kind: str
    share: float
    source: TargetInForce | None  # None: set for the plan (`--target`, `--chair-target`, the form's field)


def target_rows(run: PlanRun) -> list[dict]:
    """Each planned post type's target on the plan page: its title, the share, and the document it comes from
    (None: set for the plan)."""
    return [
        {"kind": t.kind, "title": TITLE[t.kind], "pct": percent(t.share), "source": t.source}
        for t in plan_targets(run)
    ]


def plan_targets(run: PlanRun) -> list[PlanTarget]:
    """Each post type the plan places, with the target it was made against and the document that set it."""
    shares = run.params.get("targets") or {}
    return [
        PlanTarget(kind, shares.get(kind, run.target), type_target(run, kind)) for kind in planned_types(run)
    ]
