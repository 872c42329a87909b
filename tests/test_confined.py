"""`cadre.confined`: a function run in a limited child process gives back its plain result, or the reason it gave
none; the caller's process is never what ends. (The child imports this module by name: it imports no Django.)"""

import datetime as dt
import fractions
import time

import pytest

from cadre.confined import ConfinedFailure, run_confined

CELLS = [
    [None, "Nguyễn Văn A", 12, 3.5, True],
    [dt.date(1978, 3, 12), dt.datetime(2025, 7, 1, 8, 30), dt.time(7, 45), dt.timedelta(days=2)],
]


def cells(path: str) -> tuple:
    return ("read", path, {"Cán bộ": (0, CELLS)})


def sheets(path: str):
    yield ("titles", ["Cán bộ", "Đánh giá"])
    yield ("sheet", "Cán bộ", CELLS)
    yield ("sheet", "Đánh giá", [])


def not_plain(path: str):
    return fractions.Fraction(1, 3)


def failing(path: str):
    raise KeyError("no such sheet")


def hoarding(path: str):
    blocks = []
    while True:
        blocks.append(bytes(256 << 20))


def asleep(path: str):
    time.sleep(3600)


def test_the_result_comes_back_as_it_was_returned():
    assert run_confined(cells, "so.xlsx", memory_mb=512, seconds=60) == (
        "read",
        "so.xlsx",
        {"Cán bộ": (0, CELLS)},
    )


def test_a_generator_s_items_come_back_in_order():
    assert run_confined(sheets, "so.xlsx", memory_mb=512, seconds=60) == list(sheets("so.xlsx"))


def test_a_result_of_anything_but_plain_values_is_not_built():
    with pytest.raises(ConfinedFailure) as failure:
        run_confined(not_plain, "so.xlsx", memory_mb=512, seconds=60)
    assert failure.value.reason == "crash" and "fractions.Fraction" in failure.value.detail


def test_an_error_in_the_child_is_reported_with_its_traceback():
    with pytest.raises(ConfinedFailure) as failure:
        run_confined(failing, "so.xlsx", memory_mb=512, seconds=60)
    assert failure.value.reason == "crash" and "KeyError: 'no such sheet'" in failure.value.detail


@pytest.mark.parametrize(("function", "reason"), [(hoarding, "memory"), (asleep, "time")])
def test_a_child_past_its_limits_is_stopped_and_says_which(function, reason):
    with pytest.raises(ConfinedFailure) as failure:
        run_confined(function, "so.xlsx", memory_mb=256, seconds=1)
    assert failure.value.reason == reason
    assert run_confined(cells, "next.xlsx", memory_mb=512, seconds=60)[1] == "next.xlsx"


def test_past_its_share_of_children_a_call_waits_its_turn_then_gives_up():
    """Each child may take all of its memory limit: many uploads at once must not add up to more than the
    machine has, so a process reads a few files at a time and the rest wait, up to their time limit."""
    import threading

    failures = []

    def slow():
        try:
            run_confined(asleep, "a.xlsx", memory_mb=256, seconds=3, at_once=1)
        except ConfinedFailure as failure:
            failures.append(failure.reason)

    first = threading.Thread(target=slow)
    first.start()
    time.sleep(0.5)
    with pytest.raises(ConfinedFailure) as waited:
        run_confined(cells, "b.xlsx", memory_mb=512, seconds=1, at_once=1)
    first.join()
    assert waited.value.reason == "busy" and failures == ["time"]
    # Once the slot is free again, the next file is read.
    assert run_confined(cells, "c.xlsx", memory_mb=512, seconds=60, at_once=1)[1] == "c.xlsx"


def test_a_child_that_cannot_be_started_is_a_failure_not_an_error(monkeypatch):
    import multiprocessing.process

    def refuse(self):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    with pytest.raises(ConfinedFailure) as failure:
        run_confined(cells, "so.xlsx", memory_mb=512, seconds=60)
    assert failure.value.reason == "crash" and "cannot be started" in failure.value.detail
