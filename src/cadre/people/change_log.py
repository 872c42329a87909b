"""One official's change log (lịch sử thay đổi) as their page shows it: when, who, what changed and why.

It reads the row history kept by changes.RegistryHistory for the person and for their postings, evaluations,
succession plans and relations: one query per history table, whatever the number of rows, each with its user and
the posts and units its rows name. Each historical row is compared with the one before it for the same row, so a
change lists its fields as "before → after" under their verbose names, in the active language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cadre.accounts.permissions import VIEW

from .models import Discipline, Evaluation, Official, Posting, Relation, RelationKind, SuccessionPlan
from .row_history import CHANGED, CREATED, DELETED

ACTIONS = {CREATED: _("Added"), CHANGED: _("Changed"), DELETED: _("Deleted")}
EMPTY = "—"
_FLIPPED = {RelationKind.PARENT: RelationKind.CHILD, RelationKind.CHILD: RelationKind.PARENT}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangeEntry:
    at: dt.datetime
    user: object | None  # who made the change (None: the command line or the system)
    action: str
    subject: str  # the row: the personal data, or a posting, evaluation, plan or relation named by its key
    changes: tuple[FieldChange, ...]
    reason: str

    @property
    def who(self) -> str:
        if self.user is None:
            return EMPTY
        full_name = self.user.get_full_name()
        return f"{full_name} ({self.user.username})" if full_name else self.user.username


@dataclass(frozen=True)
class _Kind:
    """How the rows of one registry model appear in a person's change log."""

    model: type
    related: tuple[str, ...]  # the foreign keys its subject and values name, read in the same query
    identity: tuple[str, ...]  # the fields that name the row: in the subject, never listed as changes


KINDS = (
    _Kind(Official, ("birthplace", "hometown", "raised"), ()),
    _Kind(
        Posting,
        ("position", "province", "district", "commune"),
        ("position", "province", "district", "commune", "start"),
    ),
    _Kind(Evaluation, (), ("year",)),
    _Kind(
        SuccessionPlan,
        ("position", "province", "district"),
        ("position", "province", "district", "term_start"),
    ),
    _Kind(Relation, ("official", "relative"), ("relative",)),
    # A discipline is named by its day and body (its identity); a corrected measure or an annulment is a change.
    _Kind(Discipline, (), ("decided_on", "deciding_body")),
)


def change_log(official: Official, *, viewer) -> list[ChangeEntry]:
    """Every recorded change to the person and their rows, newest first, as `viewer` may see it: a relation
    names the other person only when they are within the viewer's scope."""
    entries = []
    for rank, kind in enumerate(KINDS):
        history = kind.model.history.model.objects.select_related("history_user", *kind.related)
        if kind.model is Official:
            history = history.filter(id=official.pk)
        elif kind.model is Relation:
            history = history.filter(Q(official_id=official.pk) | Q(relative_id=official.pk))
        else:
            history = history.filter(official_id=official.pk)
        shown = [
            f
            for f in kind.model.history.model.tracked_fields
            if f.editable and not f.primary_key and f.name not in ("official", *kind.identity)
        ]
        records = list(history.order_by("history_date", "history_id"))
        visible = _visible_relatives(official, records, viewer) if kind.model is Relation else set()
        previous: dict[int, object] = {}
        for record in records:
            before = previous.get(record.id)
            previous[record.id] = record
            entry = _entry(official, kind, shown, before, record, visible)
            if entry is not None:
                entries.append(((record.history_date, -rank, record.history_id), entry))
    return [entry for _key, entry in sorted(entries, key=lambda found: found[0], reverse=True)]


def _visible_relatives(official: Official, records: list, viewer) -> set[int]:
    """The other people of these relation rows whom the viewer may see (one query, none without a row)."""
    others = {_other_id(official, record) for record in records}
    if not others:
        return set()
    return set(Official.objects.restrict(viewer, VIEW).filter(pk__in=others).values_list("pk", flat=True))


def _other_id(official: Official, record) -> int:
    return record.relative_id if record.official_id == official.pk else record.official_id


def _entry(
    official: Official, kind: _Kind, shown: list, before, record, visible: set[int]
) -> ChangeEntry | None:
    if record.history_type == CHANGED:
        if before is None:
            return None  # the state when the history began, kept only to compare the next change with
        fields = [f for f in shown if getattr(before, f.attname) != getattr(record, f.attname)]
    elif record.history_type == CREATED:
        # A new row lists what it was given: not the empty fields, nor those left at their default.
        fields = [f for f in shown if getattr(record, f.attname) not in (None, "", [], f.get_default())]
    else:
        fields = []
    changes = tuple(
        FieldChange(
            capfirst(str(f.verbose_name)),
            _value(official, f, before) if before is not None and record.history_type != CREATED else EMPTY,
            _value(official, f, record),
        )
        for f in fields
    )
    if record.history_type == CHANGED and not changes:
        return None  # saved without a change to anything the page shows
    return ChangeEntry(
        record.history_date,
        record.history_user,
        str(ACTIONS[record.history_type]),
        _subject(official, kind, record, visible),
        changes,
        record.history_change_reason or "",
    )


def _subject(official: Official, kind: _Kind, record, visible: set[int]) -> str:
    model = kind.model
    if model is Official:
        return str(_("Personal data"))
    if model is Posting:
        unit = record.commune or record.district or record.province
        where = f"{unit}, {record.province}" if unit != record.province else str(unit)
        parts = (_post(record.position), where, _date(record.start))
    elif model is Evaluation:
        parts = (str(record.year),)
    elif model is Discipline:
        parts = (record.get_measure_display(), _date(record.decided_on), record.deciding_body)
    elif model is SuccessionPlan:
        pool = f"{record.district}, {record.province}" if record.district_id else str(record.province)
        parts = (_post(record.position), pool, f"{record.term_start}–{record.term_end}")
    elif _other_id(official, record) in visible:
        other = record.relative if record.official_id == official.pk else record.official
        parts = (other.full_name if other is not None else EMPTY,)
    else:
        parts = (str(_("a relative outside your scope")),)
    return " · ".join([capfirst(str(model._meta.verbose_name)), *parts])


def _value(official: Official, field, record) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "" or value == []:
        return EMPTY
    if field.is_relation:
        return str(getattr(record, field.name, None) or value)
    if field.choices:
        if field.model is Relation and field.name == "kind" and record.official_id != official.pk:
            value = _FLIPPED.get(value, value)  # the pair is stored once: seen from the relative's side
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.date):
        return _date(value)
    if field.name == "years_by_unit":
        return "; ".join(
            f"{item.get('text', '')}: {formats.number_format(item.get('years'))}" for item in value
        )
    return formats.number_format(value) if not isinstance(value, str) else value


def _date(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _post(position) -> str:
    return EMPTY if position is None else str(position.label)
