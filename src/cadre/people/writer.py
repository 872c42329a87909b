"""Writing a checked workbook into the registry: creates and updates in bulk, inside the caller's transaction."""

from __future__ import annotations

from django.utils import timezone

from .checks import CHUNK, Checked
from .models import Evaluation, Official, Posting, Relation, SuccessionPlan
from .services import refresh_officials

BATCH = 2000


class RegistryWriter:
    def __init__(self, checked: Checked, resolver):
        self.checked, self.resolver = checked, resolver
        self.counts: dict[str, int] = {}

    def write(self, progress) -> dict[str, int]:
        progress("officials")
        ids = self._officials()
        progress("postings")
        self._postings(ids)
        self._evaluations(ids)
        self._plans(ids)
        self._relations(ids)
        progress("refresh")
        touched = {ids[cid] for cid in self.checked.touched | self.checked.officials.keys()}
        touched |= {ids[a] for pair in self.checked.relations for a in pair}
        refresh_officials(sorted(touched))
        return self.counts

    def _count(self, key: str, amount: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + amount

    def _officials(self) -> dict[str, int]:
        records = self.checked.officials
        wanted = sorted(
            records.keys() | self.checked.touched | {a for p in self.checked.relations for a in p}
        )
        existing: dict[str, Official] = {}
        for start in range(0, len(wanted), CHUNK):
            for official in Official.objects.filter(citizen_id__in=wanted[start : start + CHUNK]):
                existing[official.citizen_id] = official
        new, changed, fields = [], [], set()
        for citizen_id, record in records.items():
            official = existing.get(citizen_id)
            if official is None:
                new.append(Official(citizen_id=citizen_id, **record))
                continue
            diff = {k: v for k, v in record.items() if getattr(official, k) != v}
            if diff:
                for key, value in diff.items():
                    setattr(official, key, value)
                official.updated_at = timezone.now()
                fields |= diff.keys()
                changed.append(official)
        Official.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            Official.objects.bulk_update(changed, sorted(fields | {"updated_at"}), batch_size=BATCH)
        self._count("officials_created", len(new))
        self._count("officials_updated", len(changed))
        ids = {o.citizen_id: o.pk for o in existing.values()}
        if new:
            for start in range(0, len(new), CHUNK):
                chunk = [o.citizen_id for o in new[start : start + CHUNK]]
                ids.update(Official.objects.filter(citizen_id__in=chunk).values_list("citizen_id", "pk"))
        return ids

    def _postings(self, ids: dict[str, int]) -> None:
        history = self.checked.history
        positions = self.resolver.by_code
        # Close first: an open posting and its successor in the same track may not both be open.
        for posting_id, end in history.close.items():
            Posting.objects.filter(pk=posting_id).update(end=end)
        Posting.objects.bulk_create(
            [
                Posting(
                    official_id=ids[f.official],
                    position=positions[f.position],
                    track=f.track,
                    province_id=f.province,
                    district_id=f.district,
                    commune_id=f.commune,
                    start=f.start,
                    end=f.end,
                    body=f.body,
                    decision=f.decision,
                )
                for f in history.create
            ],
            batch_size=BATCH,
        )
        self._count("postings_created", len(history.create))
        self._count("postings_closed", len(history.close))

    def _upsert(self, model, name: str, rows: dict, key_fields: tuple[str, ...], existing_rows) -> None:
        """Create rows whose key is new; update those whose values differ."""
        existing = {tuple(getattr(obj, f) for f in key_fields): obj for obj in existing_rows}
        new, changed, fields = [], [], set()
        for key, values in rows.items():
            obj = existing.get(key)
            if obj is None:
                new.append(model(**dict(zip(key_fields, key, strict=True)), **values))
                continue
            diff = {k: v for k, v in values.items() if getattr(obj, k) != v}
            if diff:
                for field, value in diff.items():
                    setattr(obj, field, value)
                fields |= diff.keys()
                changed.append(obj)
        model.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            model.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)
        self._count(f"{name}_created", len(new))
        self._count(f"{name}_updated", len(changed))

    def _touched_ids(self, ids: dict[str, int], citizen_ids) -> list[int]:
        return sorted({ids[c] for c in citizen_ids})

    def _evaluations(self, ids: dict[str, int]) -> None:
        rows = {(ids[c], year): v for (c, year), v in self.checked.evaluations.items()}
        owners = self._touched_ids(ids, (c for c, _ in self.checked.evaluations))
        existing = _in_chunks(Evaluation.objects, owners)
        self._upsert(Evaluation, "evaluations", rows, ("official_id", "year"), existing)

    def _plans(self, ids: dict[str, int]) -> None:
        positions = self.resolver.by_code
        rows = {(ids[c], positions[p].pk, start): v for (c, p, start), v in self.checked.plans.items()}
        owners = self._touched_ids(ids, (c for c, _, _ in self.checked.plans))
        existing = _in_chunks(SuccessionPlan.objects, owners)
        self._upsert(
            SuccessionPlan, "succession_plans", rows, ("official_id", "position_id", "term_start"), existing
        )

    def _relations(self, ids: dict[str, int]) -> None:
        flipped = {"parent": "child", "child": "parent"}
        rows = {}
        for (first, second), kind in self.checked.relations.items():
            a, b = ids[first], ids[second]
            rows[(a, b) if a < b else (b, a)] = {"kind": kind if a < b else flipped.get(kind, kind)}
        owners = sorted({a for a, _ in rows})
        existing = _in_chunks(Relation.objects, owners)
        self._upsert(Relation, "relations", rows, ("official_id", "relative_id"), existing)


def _in_chunks(manager, official_ids: list[int]) -> list:
    found = []
    for start in range(0, len(official_ids), CHUNK):
        found.extend(manager.filter(official_id__in=official_ids[start : start + CHUNK]))
    return found
