"""Appending to the decision log and verifying it.

Each event's hash is SHA-256 over its canonical content (sorted-key compact JSON of its number, time, user,
kind, subject, reason and content) followed by the previous event's hash. Verification recomputes every hash in
order, checks that the numbers run 1, 2, 3… without a gap, that each event names its predecessor's hash, and that
the chain ends where the separately kept head says it does.

What the table alone cannot catch: someone with write access to the database who removes (or rewrites) the newest
events *and* the head consistently. Anchors are kept outside the database for that: every decision document
prints the chain's position and the head's short hash when it was drawn up (`chain_position`), `cadre audit
anchor` writes them to a file an operator keeps, and `check_anchors` tells whether the log still holds each.

A head that does not match the newest event (or is missing while events exist) is tampering: no event is
appended after it (`LogTampered`), so a step is refused with a clear message instead of failing on a number
already taken. Recreating the head from the newest event would bless the removal; the way back is the backup.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cadre.core.errors import BilingualError
from cadre.locks import DECISION_LOG, transaction_lock

from .events import EventKind
from .models import ChainHead, DecisionEvent

GENESIS = "0" * 64
# How many hex digits of a hash documents print: 48 bits, more than enough to tell an anchor from a forgery.
SHORT = 12


class LogTampered(BilingualError):
    """The decision log's head does not match its newest event: events were removed or the head was."""

    def __init__(self, detail_vi: str, detail_en: str):
        super().__init__(
            f"Nhật ký quyết định đã bị can thiệp ngoài ứng dụng ({detail_vi}), nên không ghi thêm được sự kiện "
            "nào. Hãy báo quản trị viên chạy lệnh «cadre audit verify» với các mốc đối chiếu đã lưu.",
            f"The decision log was tampered with outside the application ({detail_en}), so no event can be "
            "added. Ask the administrator to run 'cadre audit verify' with the anchors kept.",
        )


def _last_event():
    return DecisionEvent.objects.order_by("-sequence").only("sequence", "hash").first()


def _check_head(head: ChainHead | None, last: DecisionEvent | None) -> None:
    """Raise `LogTampered` unless the head names the newest event (or both are absent: a new log)."""
    if head is None:
        if last is not None:
            raise LogTampered("mất dòng đầu chuỗi", "its head row is missing")
        return
    count, digest = (last.sequence, last.hash) if last else (0, GENESIS)
    if head.count != count or (head.hash or GENESIS) != digest:
        raise LogTampered(
            f"đầu chuỗi ghi {head.count} sự kiện, sổ còn {count}",
            f"its head records {head.count} events, the log ends at {count}",
        )


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
        head = ChainHead.objects.filter(pk=1).first()
        _check_head(head, _last_event())
        if head is None:
            head = ChainHead.objects.create(pk=1)
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
    if head is None and count:
        return _broken(
            count + 1,
            f"dòng đầu chuỗi đã bị xóa (sổ còn {count} sự kiện): không biết sự kiện mới nhất có bị xóa "
            "theo hay không; hãy đối chiếu với các mốc đã lưu (--anchor)",
            f"the head row was deleted (the log holds {count} events): whether the newest events went with "
            "it cannot be told from the table; check against the anchors kept (--anchor)",
        )
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


def chain_position() -> tuple[int, str]:
    """The number and hash of the newest event (0 and the genesis hash for an empty log): the anchor a document
    prints. Raises `LogTampered` when the head does not match, so nothing is anchored to a truncated log."""
    last = _last_event()
    _check_head(ChainHead.objects.filter(pk=1).first(), last)
    return (last.sequence, last.hash) if last else (0, GENESIS)


@dataclass(frozen=True)
class Anchor:
    """A position in the chain and its event's hash (a prefix of at least 8 hex digits), as kept outside the
    database; `source` says where it came from (a file and line, or the command line)."""

    sequence: int
    hash: str
    source: str = ""
    at: str = ""

    def line(self) -> str:
        return f"{self.at}  sự kiện / event {self.sequence}  sha256 {self.hash}"


ANCHOR_HEADER = (
    "# Mốc đối chiếu nhật ký quyết định Cadre (cadre audit anchor): lưu tệp này ngoài máy chủ.\n"
    "# Cadre decision log anchors (cadre audit anchor): keep this file away from the server.\n"
    "# thời điểm / time                 vị trí / position         mã băm / hash\n"
)
_IN_FILE = re.compile(r"(?:event|sự kiện)\s+(\d+)\s+sha256\s+([0-9a-fA-F]{8,64})")
_INLINE = re.compile(r"\s*(\d+)\s*:\s*([0-9a-fA-F]{8,64})\s*")


def current_anchor() -> Anchor:
    sequence, digest = chain_position()
    return Anchor(sequence, digest, at=timezone.localtime().isoformat(timespec="seconds"))


def parse_anchor(text: str) -> Anchor | None:
    """`42:1a2b3c4d5e6f` (as a document prints it), or None."""
    found = _INLINE.fullmatch(text)
    return Anchor(int(found[1]), found[2].lower(), source=text.strip()) if found else None


def read_anchors(text: str, source: str) -> list[Anchor]:
    """Every anchor line of an anchor file (comments and blank lines skipped; a line in the document's form
    `42:1a2b3c4d5e6f` is accepted too)."""
    anchors = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        found = _IN_FILE.search(raw)
        anchor = Anchor(int(found[1]), found[2].lower()) if found else parse_anchor(raw)
        if anchor is None:
            raise BilingualError(
                f"{source}, dòng {number}: không đọc được mốc đối chiếu.",
                f"{source}, line {number}: not an anchor.",
            )
        anchors.append(Anchor(anchor.sequence, anchor.hash, f"{source}:{number}", raw.split("  ")[0].strip()))
    return anchors


@dataclass(frozen=True)
class AnchorCheck:
    anchor: Anchor
    holds: bool
    message_vi: str
    message_en: str


def check_anchors(anchors: list[Anchor]) -> list[AnchorCheck]:
    """For each anchor: does the log still hold its event, with a hash that starts with the anchor's?"""
    wanted = {a.sequence for a in anchors}
    stored = dict(DecisionEvent.objects.filter(sequence__in=wanted).values_list("sequence", "hash"))
    stored[0] = GENESIS
    results = []
    for anchor in anchors:
        where = f" ({anchor.source})" if anchor.source else ""
        digest = stored.get(anchor.sequence)
        if digest is None:
            results.append(
                AnchorCheck(
                    anchor,
                    False,
                    f"Mốc sự kiện số {anchor.sequence}{where}: sự kiện này không còn trong nhật ký (đã bị xóa).",
                    f"Anchor at event {anchor.sequence}{where}: the log no longer holds that event (removed).",
                )
            )
        elif not digest.startswith(anchor.hash):
            results.append(
                AnchorCheck(
                    anchor,
                    False,
                    f"Mốc sự kiện số {anchor.sequence}{where}: mã băm không khớp (ghi {anchor.hash[:SHORT]}, nay "
                    f"là {digest[:SHORT]}): sự kiện này hoặc một sự kiện trước nó đã bị viết lại.",
                    f"Anchor at event {anchor.sequence}{where}: the hash does not match (kept {anchor.hash[:SHORT]}, "
                    f"now {digest[:SHORT]}): this event or one before it was rewritten.",
                )
            )
        else:
            results.append(
                AnchorCheck(
                    anchor,
                    True,
                    f"Mốc sự kiện số {anchor.sequence}{where}: khớp.",
                    f"Anchor at event {anchor.sequence}{where}: holds.",
                )
            )
    return results
