"""Appending to the decision log and verifying it.

Each event's hash is SHA-256 over its canonical content (sorted-key compact JSON of its number, time, user,
kind, subject, reason and content) followed by the previous event's hash. Verification recomputes every hash in
order, checks that the numbers run 1, 2, 3… without a gap, that each event names its predecessor's hash, and that
the chain ends where the separately kept head says it does.

What it cannot catch: someone with write access to the database who rewrites every event after a point *and*
the head consistently. Printing the head hash on decision documents anchors it outside the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cadre.locks import DECISION_LOG, transaction_lock

from .events import EventKind
from .models import ChainHead, DecisionEvent

GENESIS = "0" * 64


def event_hash(sequence, at, username, kind, subject, reason, content, previous_hash) -> str:
    body = {
        "sequence": sequence,
        "at": at.isoformat(),
        "user": username,
        "kind": kind,
        "subject": subject,
        "reason": reason,
        "content": content,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((text + previous_hash).encode("utf-8")).hexdigest()


def append_event(
    kind: EventKind, subject: str, *, user=None, reason: str = "", content: dict | None = None
) -> DecisionEvent:
    """Add one event at the end of the chain, in the caller's transaction. `kind` must be an `EventKind` (its
    value is what is stored and hashed), so a misspelt kind fails here rather than in the log."""
    kind = EventKind(kind).value
    # As the JSON column will give it back, so the hash verifies later.
    content = json.loads(json.dumps(content or {}, ensure_ascii=False))
    with transaction.atomic():
        transaction_lock(DECISION_LOG)
        head, _ = ChainHead.objects.get_or_create(pk=1)
        at = timezone.now()
        username = getattr(user, "username", "") or ""
        sequence = head.count + 1
        previous = head.hash or GENESIS
        digest = event_hash(sequence, at, username, kind, subject, reason, content, previous)
        event = DecisionEvent.objects.create(
            sequence=sequence,
            at=at,
            user=user if getattr(user, "pk", None) else None,
            username=username,
            kind=kind,
            subject=subject,
            reason=reason,
            content=content,
            previous_hash=previous,
            hash=digest,
        )
        ChainHead.objects.filter(pk=1).update(count=sequence, hash=digest)
    return event


@dataclass(frozen=True)
class Verdict:
    intact: bool
    events: int
    broken_at: int | None = None
    message_vi: str = ""
    message_en: str = ""


def verify_chain() -> Verdict:
    """Recompute the chain from the first event; name the first event that does not hold."""
    previous, expected = GENESIS, 1
    count = 0
    for event in DecisionEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        count += 1
        if event.sequence != expected:
            return _broken(
                expected,
                f"thiếu sự kiện số {expected} (gặp số {event.sequence})",
                f"event {expected} is missing (found {event.sequence} instead)",
            )
        at = event.at
        digest = event_hash(
            event.sequence,
            at,
            event.username,
            event.kind,
            event.subject,
            event.reason,
            event.content,
            previous,
        )
        if event.previous_hash != previous:
            return _broken(
                event.sequence,
                "không nối với sự kiện trước (bị xóa hoặc đổi thứ tự)",
                "does not follow the event before it (removed or reordered)",
            )
        if event.hash != digest:
            return _broken(event.sequence, "nội dung đã bị sửa", "its content was altered")
        previous, expected = event.hash, expected + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.count != count or (head.hash or GENESIS) != previous):
        return _broken(
            count + 1 if head.count > count else count,
            f"sổ có {count} sự kiện nhưng đầu chuỗi ghi {head.count}: sự kiện cuối đã bị xóa hoặc sửa",
            f"the log holds {count} events but its head records {head.count}: the newest were "
            "removed or altered",
        )
    return Verdict(True, count)


def _broken(sequence: int, vi: str, en: str) -> Verdict:
    return Verdict(False, sequence - 1, sequence, f"Sự kiện số {sequence}: {vi}.", f"Event {sequence}: {en}.")
