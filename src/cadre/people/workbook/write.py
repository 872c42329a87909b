"""Writing a checked workbook into the registry: creates and updates in bulk, inside the caller's transaction.

Every row created or changed gets one row of history, copied in bulk right after the write, with the import's
time, user and reason (`row_history.current_change`); a row the workbook leaves as it is gets none."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from cadre.bulk import filter_ids, insert_rows, update_rows
from cadre.core.place_names import fold

from ..models import Discipline, Evaluation, Official, Posting, Relation, SuccessionPlan
from ..row_history import CHANGED, CREATED, current_change, snapshot
from ..services import refresh_officials
from .checks import CHUNK, Checked

# Every stored field of an official, with the value a new person gets when the workbook has no column for it
# (the current post and the local status are filled in afterwards by refresh_officials).
OFFICIAL_DEFAULTS = {
    f.attname: f.get_default()
    for f in Official._meta.concrete_fields
    if not f.primary_key and f.attname not in ("created_at", "updated_at")
}
POSTING_FIELDS = (
    "official_id",
    "position_id",
    "track",
    "province_id",
    "district_id",
    "commune_id",
    "body",
    "start",
    "end",
    "decision",
    "created_at",
)


class RegistryWriter:
    def __init__(self, checked: Checked, resolver):
        self.checked, self.resolver = checked, resolver
        self.counts: dict[str, int] = {}
        self.now = timezone.now()

    def write(self, progress) -> dict[str, int]:
        self.change = current_change()  # the reason and user in force while writing
        progress("Ghi cán bộ / Writing officials")
        ids = self._officials()
        progress("Ghi quá trình công tác, đánh giá, quy hoạch / Writing postings, evaluations, plans")
        self._postings(ids)
        self._evaluations(ids)
        self._plans(ids)
        self._relations(ids)
        self._disciplines(ids)
        progress("Cập nhật chức vụ hiện nay / Refreshing current posts")
        touched = {ids[cid] for cid in self.checked.touched | self.checked.officials.keys()}
        touched |= {ids[a] for pair in self.checked.relations for a in pair}
        refresh_officials(sorted(touched))
        self.touched = sorted(touched)
        return self.counts

    def _count(self, key: str, amount: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + amount

    def _history(self, model, kind: str, ids) -> None:
        snapshot(model, kind, ids, at=self.now, change=self.change)

    def _officials(self) -> dict[str, int]:
        records = self.checked.officials
        wanted = sorted(
            records.keys() | self.checked.touched | {a for p in self.checked.relations for a in p}
        )
        ids: dict[str, int] = {}
        changed: dict[tuple[str, ...], list[tuple]] = {}
        names = [n for n in OFFICIAL_DEFAULTS if n != "citizen_id"]
        for start in range(0, len(wanted), CHUNK):
            found = Official.objects.filter(citizen_id__in=wanted[start : start + CHUNK])
            for pk, citizen_id, *values in found.values_list("pk", "citizen_id", *names):
                ids[citizen_id] = pk
                record = records.get(citizen_id)
                if record is None:
                    continue
                current = dict(zip(names, values, strict=True))
                diff = tuple(sorted(k for k, v in record.items() if current[k] != v))
                if diff:
                    changed.setdefault(diff, []).append((*(record[k] for k in diff), self.now, pk))
        new = [cid for cid in records if cid not in ids]
        columns = ["citizen_id", *names, "created_at", "updated_at"]
        insert_rows(
            Official,
            columns,
            (
                (cid, *(records[cid].get(n, OFFICIAL_DEFAULTS[n]) for n in names), self.now, self.now)
                for cid in new
            ),
        )
        for fields, rows in changed.items():
            update_rows(Official, [*fields, "updated_at"], rows)
        self._count("officials_created", len(new))
        self._count("officials_updated", sum(len(rows) for rows in changed.values()))
        for start in range(0, len(new), CHUNK):
            ids.update(
                Official.objects.filter(citizen_id__in=new[start : start + CHUNK]).values_list(
                    "citizen_id", "pk"
                )
            )
        self._history(Official, CREATED, [ids[cid] for cid in new])
        self._history(Official, CHANGED, [row[-1] for rows in changed.values() for row in rows])
        return ids

    def _postings(self, ids: dict[str, int]) -> None:
        history = self.checked.history
        positions = self.resolver.by_code
        # Close first: an open posting and its successor in the same track may not both be open.
        update_rows(Posting, ["end"], [(end, pk) for pk, end in history.close.items()])
        self._history(Posting, CHANGED, history.close)
        rows = (
            (
                ids[f.official],
                positions[f.position].pk,
                f.track,
                f.province,
                f.district,
                f.commune,
                f.body,
                f.start,
                f.end,
                f.decision,
                self.now,
            )
            for f in history.create
        )
        insert_rows(Posting, POSTING_FIELDS, rows)
        if history.create:  # the postings created now are those stamped with this import's time
            self._history(
                Posting, CREATED, Posting.objects.filter(created_at=self.now).values_list("pk", flat=True)
            )
        self._count("postings_created", len(history.create))
        self._count("postings_closed", len(history.close))

    def _upsert(self, model, name: str, rows: dict, key_fields: tuple[str, ...], owners: list[int]) -> None:
        """Create rows whose key is new; update those whose values differ. `rows` maps key -> {field: value}."""
        value_fields = sorted({k for values in rows.values() for k in values})
        existing = {}
        for start in range(0, len(owners), CHUNK):
            part = owners[start : start + CHUNK]
            found = filter_ids(model.objects, "official_id", part).values_list(
                "pk", *key_fields, *value_fields
            )
            wanted = set(part)
            for pk, *values in found:
                if values[0] not in wanted:
                    continue
                existing[tuple(values[: len(key_fields)])] = (
                    pk,
                    dict(zip(value_fields, values[len(key_fields) :], strict=True)),
                )
        new, changed = [], []
        for key, values in rows.items():
            if key not in existing:
                new.append((*key, *(values[f] for f in value_fields)))
            elif any(existing[key][1][f] != values[f] for f in value_fields):
                changed.append((*(values[f] for f in value_fields), existing[key][0]))
        last = model.objects.aggregate(last=Max("pk"))["last"] or 0
        insert_rows(model, [*key_fields, *value_fields], new)
        update_rows(model, value_fields, changed)
        if new:  # the rows created now: past the last key before, and with one of the new keys
            keys = {row[: len(key_fields)] for row in new}
            after = model.objects.filter(pk__gt=last).values_list("pk", *key_fields)
            self._history(model, CREATED, [pk for pk, *key in after if tuple(key) in keys])
        self._history(model, CHANGED, [row[-1] for row in changed])
        self._count(f"{name}_created", len(new))
        self._count(f"{name}_updated", len(changed))

    def _evaluations(self, ids: dict[str, int]) -> None:
        rows = {(ids[c], year): v for (c, year), v in self.checked.evaluations.items()}
        self._upsert(Evaluation, "evaluations", rows, ("official_id", "year"), sorted({k[0] for k in rows}))

    def _plans(self, ids: dict[str, int]) -> None:
        positions = self.resolver.by_code
        rows = {(ids[c], positions[p].pk, start): v for (c, p, start), v in self.checked.plans.items()}
        key = ("official_id", "position_id", "term_start")
        self._upsert(SuccessionPlan, "succession_plans", rows, key, sorted({k[0] for k in rows}))

    def _disciplines(self, ids: dict[str, int]) -> None:
        rows = {(ids[c], day, body): v for (c, day, body), v in self.checked.disciplines.items()}
        # A body spelt otherwise than in the registry ("Đảng uỷ xã" for "Đảng ủy xã", case, spaces) is the same
        # body: the record held under its spelling is the one the row corrects, not a second one.
        held = {
            (official, day, fold(body)): body
            for official, day, body in Discipline.objects.filter(
                official_id__in={k[0] for k in rows}
            ).values_list("official_id", "decided_on", "deciding_body")
        }
        rows = {(o, day, held.get((o, day, fold(body)), body)): v for (o, day, body), v in rows.items()}
        key = ("official_id", "decided_on", "deciding_body")
        self._upsert(Discipline, "disciplines", rows, key, sorted({k[0] for k in rows}))

    def _relations(self, ids: dict[str, int]) -> None:
        flipped = {"parent": "child", "child": "parent"}
        rows = {}
        for (first, second), kind in self.checked.relations.items():
            a, b = ids[first], ids[second]
            rows[(a, b) if a < b else (b, a)] = {"kind": kind if a < b else flipped.get(kind, kind)}
        self._upsert(
            Relation, "relations", rows, ("official_id", "relative_id"), sorted({a for a, _ in rows})
        )
