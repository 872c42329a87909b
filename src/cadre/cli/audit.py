"""`cadre audit verify`: is the decision log intact?"""

from __future__ import annotations

from cadre.cli import common


def cmd_audit_verify(args) -> int:
    from cadre.workflow.audit import verify_chain

    common.ensure_database()
    verdict = verify_chain()
    if verdict.intact:
        print(
            f"Nhật ký quyết định nguyên vẹn / The decision log is intact: {verdict.events} sự kiện / events."
        )
        return common.EXIT_OK
    print(f"NHẬT KÝ BỊ THAY ĐỔI / THE LOG WAS TAMPERED WITH\n{verdict.message_vi}\n{verdict.message_en}")
    return common.EXIT_FAILED


def register(sub) -> None:
    add = common.add_command
    audit_sub = common.add_group(sub, "audit", "the hash-chained decision log")
    add(
        audit_sub,
        "verify",
        cmd_audit_verify,
        "check that no decision event was altered, removed or reordered",
        "Recompute the hash chain of the decision log from its first event. Exit status 0 when it is intact; 1 "
        "naming the first event that does not hold when any stored event was altered, removed or reordered, "
        "even by direct SQL.",
    )
