"""`cadre audit verify`: is the decision log intact, does it still hold the anchors kept outside it, and does
every plan still match it? `cadre audit anchor`: write the log's current position and head hash for an operator
to keep."""

from __future__ import annotations

from pathlib import Path

from cadre.cli import common


def cmd_audit_verify(args) -> int:
    from cadre.workflow.audit import check_anchors, verify_chain
    from cadre.workflow.integrity import altered_plans

    anchors = _anchors(args.anchor or [])
    common.ensure_database()
    failed = False
    verdict = verify_chain()
    if verdict.intact:
        print(
            f"Nhật ký quyết định nguyên vẹn / The decision log is intact: {verdict.events} sự kiện / events."
        )
    else:
        failed = True
        print(f"NHẬT KÝ BỊ THAY ĐỔI / THE LOG WAS TAMPERED WITH\n{verdict.message_vi}\n{verdict.message_en}")
    checks = check_anchors(anchors)
    broken = [check for check in checks if not check.holds]
    if checks:
        print(
            f"Mốc đối chiếu / Anchors: {len(checks) - len(broken)}/{len(checks)} khớp / hold."
            + ("" if broken else f" (đến sự kiện số / up to event {max(c.anchor.sequence for c in checks)})")
        )
    for check in broken:
        failed = True
        print(f"MỐC KHÔNG KHỚP / ANCHOR FAILS\n{check.message_vi}\n{check.message_en}")
    altered = altered_plans()
    for _plan, integrity in altered:
        failed = True
        print(f"PHƯƠNG ÁN BỊ SỬA / PLAN ALTERED\n{integrity.message_vi}\n{integrity.message_en}")
    if not altered:
        print("Mọi phương án khớp với nhật ký / Every plan matches the log.")
    return common.EXIT_FAILED if failed else common.EXIT_OK


def cmd_audit_anchor(args) -> int:
    from cadre.workflow.audit import ANCHOR_HEADER, current_anchor

    common.ensure_database()
    anchor = current_anchor()
    if args.output in (None, "-"):
        print(anchor.line())
        return common.EXIT_OK
    path = Path(args.output)
    try:
        new = not path.exists() or path.stat().st_size == 0
        with path.open("a", encoding="utf-8") as kept:
            kept.write((ANCHOR_HEADER if new else "") + anchor.line() + "\n")
    except OSError as error:
        raise common.UserError(
            f"Không ghi được tệp {path}: {error.strerror}.", f"Cannot write {path}: {error.strerror}."
        ) from error
    print(f"Đã ghi mốc vào / Anchor appended to {path}: {anchor.line()}")
    return common.EXIT_OK


ANCHOR_FILE_LIMIT = 16 << 20  # bytes: a century of daily anchors is under 4 MB


def _anchors(given: list[str]) -> list:
    """Each --anchor: `N:HASH` as a document prints it, or an anchor file."""
    from cadre.core.errors import BilingualError
    from cadre.workflow.audit import parse_anchor, read_anchors

    anchors = []
    for value in given:
        inline = parse_anchor(value)
        if inline is not None:
            anchors.append(inline)
            continue
        path = Path(value)
        try:
            # An anchor file grows by one line a day; anything far larger is the wrong file, not read whole.
            if path.stat().st_size > ANCHOR_FILE_LIMIT:
                raise common.UserError(
                    f"--anchor {value}: tệp quá lớn để là tệp mốc đối chiếu (hơn {ANCHOR_FILE_LIMIT >> 20} MB).",
                    f"--anchor {value}: too large to be an anchor file (over {ANCHOR_FILE_LIMIT >> 20} MB).",
                )
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise common.UserError(
                f"--anchor {value}: không phải mốc dạng SỐ:MÃ (vd. 42:1a2b3c4d5e6f) và không đọc được tệp này.",
                f"--anchor {value}: neither an anchor like N:HASH (e.g. 42:1a2b3c4d5e6f) nor a readable file.",
            ) from error
        try:
            found = read_anchors(text, str(path))
        except BilingualError as error:
            raise common.UserError(error.message_vi, error.message_en) from error
        if not found:
            raise common.UserError(f"Tệp {path} không có mốc nào.", f"{path} holds no anchor.")
        anchors.extend(found)
    return anchors


def register(sub) -> None:
    add = common.add_command
    audit_sub = common.add_group(sub, "audit", "the hash-chained decision log")
    verify = add(
        audit_sub,
        "verify",
        cmd_audit_verify,
        "check that no decision event was altered, removed or reordered, and that no plan was changed",
        "Recompute the hash chain of the decision log from its first event, check it against the anchors given "
        "(kept outside the database: an anchor file written by 'cadre audit anchor', or the position and code "
        "a decision document prints, as N:HASH), and check that every plan's content and state still match its "
        "newest event. Exit status 0 when all hold; 1 naming what does not (the first broken event, each "
        "missing or altered anchor, each altered plan), even when the change was made by direct SQL.",
    )
    verify.add_argument(
        "--anchor",
        action="append",
        metavar="FILE|N:HASH",
        help="an anchor file, or a position and hash (prefix) as a document prints it, e.g. 42:1a2b3c4d5e6f; "
        "repeat for several",
    )
    anchor = add(
        audit_sub,
        "anchor",
        cmd_audit_anchor,
        "write the decision log's current position and head hash, for an operator to keep",
        "Print the decision log's current position (its number of events), the newest event's hash and the "
        "time, or append them to FILE (with a short header when the file is new). Keep the file away from the "
        "server: 'cadre audit verify --anchor FILE' then tells whether the log still holds every anchored event.",
    )
    anchor.add_argument(
        "-o", "--output", metavar="FILE", help="append the anchor to FILE (default: print it)"
    )
