"""`cadre audit verify`: an untouched decision log verifies, and any tampering made behind the
application's back with direct SQL is caught, naming the first broken event (the verdict of verify_chain
and the command's exit status and message)."""

import pytest

from cadre.cli import main
from cadre.workflow.audit import verify_chain
from tests.workflow.decision_log import TABLE, fixture_log, sql  # noqa: F401  (the log fixture)


def test_an_untouched_log_verifies_and_chains_each_event_to_the_last(log, capsys):
    assert [e.sequence for e in log] == [1, 2, 3, 4]
    assert all(b.previous_hash == a.hash for a, b in zip(log, log[1:], strict=False))
    assert verify_chain().intact
    assert main(["audit", "verify"]) == 0
    assert "4 sự kiện / events" in capsys.readouterr().out


@pytest.mark.parametrize(
    "tamper, first_broken, words",
    [
        (lambda: sql(f"UPDATE {TABLE} SET reason = %s WHERE sequence = 2", "Đồng ý"), 2, "altered"),
        (lambda: sql(f"UPDATE {TABLE} SET content = %s WHERE sequence = 3", '{"moves": 8}'), 3, "altered"),
        (lambda: sql(f"DELETE FROM {TABLE} WHERE sequence = 2"), 2, "missing"),
        (lambda: sql(f"DELETE FROM {TABLE} WHERE sequence = 4"), 4, "head records 4"),
        (
            lambda: (
                sql(f"UPDATE {TABLE} SET sequence = 99 WHERE sequence = 2"),
                sql(f"UPDATE {TABLE} SET sequence = 2 WHERE sequence = 3"),
                sql(f"UPDATE {TABLE} SET sequence = 3 WHERE sequence = 99"),
            ),
            2,
            "removed or reordered",
        ),
    ],
    ids=["reason changed", "content changed", "middle removed", "newest removed", "two swapped"],
)
def test_tampering_by_direct_sql_is_caught_at_the_first_broken_event(
    log, tamper, first_broken, words, capsys
):
    tamper()
    verdict = verify_chain()
    assert not verdict.intact and verdict.broken_at == first_broken
    assert words in verdict.message_en
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"Event {first_broken}:" in out and f"Sự kiện số {first_broken}:" in out


HEAD_TABLE = "workflow_chainhead"


def test_deleting_the_newest_event_and_the_head_is_caught_by_the_anchor_kept(log, tmp_path, capsys):
    kept = tmp_path / "moc-nhat-ky.txt"
    assert main(["audit", "anchor", "-o", str(kept)]) == 0
    text = kept.read_text(encoding="utf-8")
    assert text.startswith("#") and f"event 4  sha256 {log[-1].hash}" in text
    sql(f"DELETE FROM {TABLE} WHERE sequence = 4")
    sql(f"DELETE FROM {HEAD_TABLE}")
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1  # the head row is gone: that alone is told
    assert "head row was deleted" in capsys.readouterr().out
    assert main(["audit", "verify", "--anchor", str(kept)]) == 1
    out = capsys.readouterr().out
    assert f"Anchor at event 4 ({kept}:4): the log no longer holds that event (removed)." in out
    assert "Mốc sự kiện số 4" in out and "đã bị xóa" in out


def test_a_position_and_code_printed_on_a_document_is_an_anchor(log, capsys):
    short = log[2].hash[:12]
    assert main(["audit", "verify", "--anchor", f"3:{short}", "--anchor", f"4:{log[3].hash[:12]}"]) == 0
    assert "Anchors: 2/2" in capsys.readouterr().out
    # The log rewritten from event 2 on, consistently, with its head: only an anchor can tell.
    assert main(["audit", "verify", "--anchor", f"3:{'0' * 12}"]) == 1
    out = capsys.readouterr().out
    assert "Anchor at event 3 (3:000000000000): the hash does not match" in out
    assert main(["audit", "verify", "--anchor", "9:abcdef123456"]) == 1
    assert "Anchor at event 9 (9:abcdef123456): the log no longer holds that event" in capsys.readouterr().out


def test_anchors_accumulate_in_the_kept_file_and_bad_anchors_are_refused(log, tmp_path, capsys):
    kept = tmp_path / "anchors.txt"
    assert main(["audit", "anchor", "-o", str(kept)]) == 0
    assert main(["audit", "anchor", "-o", str(kept)]) == 0
    assert kept.read_text(encoding="utf-8").count("sha256") == 2
    assert main(["audit", "verify", "--anchor", str(kept)]) == 0
    assert main(["audit", "anchor"]) == 0 and "event 4" in capsys.readouterr().out
    bad = tmp_path / "bad.txt"
    bad.write_text("not an anchor\n", encoding="utf-8")
    assert main(["audit", "verify", "--anchor", str(bad)]) == 2
    assert "line 1: not an anchor" in capsys.readouterr().err
    assert main(["audit", "verify", "--anchor", "4-xyz"]) == 2


def test_a_file_far_too_large_to_hold_anchors_is_refused_unread(log, tmp_path, capsys):
    huge = tmp_path / "backup.dump"
    with huge.open("wb") as sparse:  # 17 MB that take no disk: the wrong file given by mistake
        sparse.truncate(17 << 20)
    assert main(["audit", "verify", "--anchor", str(huge)]) == 2
    err = capsys.readouterr().err
    assert "too large to be an anchor file" in err and "quá lớn" in err
