"""Running a reader of untrusted files in a child process, so that whatever a file does to it ends only the child.

A reader written in a compiled language does not raise when it runs out of memory: it aborts the process it runs
in, and with it the web server and every request in flight. So an uploaded file is read in a child process with
an address-space limit (RLIMIT_AS) and a time limit (RLIMIT_CPU for the CPU it burns, and a deadline the parent
keeps for the time it waits, asleep or stuck): a reader that asks for too much memory, aborts, crashes or never
ends is stopped, and the parent answers `ConfinedFailure` instead of dying.

The child is started by multiprocessing's *forkserver* (its *spawn* where there is none): never by forking the
server itself. A fork copies a threaded server in the middle of its work (its other threads' locks held, its
database connections' sockets shared, its whole address space counted against the child's limit); the fork
server is a small single-threaded process started once (about a second), from a fresh interpreter, with the
reader's modules already imported, so each child costs a fork of it, and the import of the parent's main script
that multiprocessing does in every child (a script must run nothing when imported: `cadre`'s and the WSGI
servers' do not): 15 to 80 ms a file (`benchmarks/workbook_guard.py`). Spawn would start an interpreter and
import the reader for every file, 0.6 to 1 s each.

The result comes back as a pickle read by an unpickler that builds only plain values (numbers, text, lists,
tuples, dicts, dates and times): a reader the file has taken over cannot make the parent build anything else.
This module imports only the standard library, as the child must start without Django.
"""

from __future__ import annotations

import inspect
import io
import logging
import multiprocessing
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Any

try:
    import resource
except ImportError:  # not a POSIX system: the time limit still holds, the memory limit cannot be set
    resource = None

log = logging.getLogger(__name__)

# The classes a result may hold besides the builtin containers and scalars, which need no lookup.
_PLAIN = {("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")}


class ConfinedFailure(Exception):
    """The child did not return a result. `reason` is "time" (the deadline passed), "memory" (it ran out under
    its limit and said so), "crash" (it died: an abort, a signal, an error it did not expect; or could not be
    started) or "busy" (`at_once` children of this process were reading for the whole of `seconds`)."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


def run_confined(
    function: Callable[..., Any],
    *args: Any,
    memory_mb: int,
    seconds: float,
    preload: tuple[str, ...] = (),
    at_once: int = 2,
) -> Any:
    """`function(*args)` run in a child process limited to `memory_mb` of address space and `seconds` of CPU and
    of waiting; its result, which must be plain values. A generator's items come back as a list, each sent as
    soon as it is made, so the parent reads one while the child makes the next. `function` must be importable
    by name in a process without Django (a module-level function); `preload` names the modules the fork server
    imports once for every child. At most `at_once` children run at once in this process (each may take all of
    `memory_mb`): a call beyond them waits its turn up to `seconds`. Raises ConfinedFailure when the child ends
    without a result."""
    slots = _slots(at_once)
    if not slots.acquire(timeout=seconds):
        raise ConfinedFailure("busy", f"{at_once} other files were being read for {seconds} s")
    try:
        return _run(function, args, memory_mb, seconds, preload)
    finally:
        slots.release()


_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def _slots(at_once: int) -> threading.BoundedSemaphore:
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(at_once, threading.BoundedSemaphore(max(at_once, 1)))


def _run(function, args, memory_mb: int, seconds: float, preload: tuple[str, ...]) -> Any:
    context = _context(preload)
    receiver, sender = context.Pipe(duplex=False)
    limit = memory_mb << 20
    child = context.Process(target=_child, args=(sender, function, args, limit, seconds), daemon=True)
    try:
        child.start()
    except OSError as error:  # no process could be made (the system's limit on processes, or on memory)
        receiver.close()
        sender.close()
        log.warning("A file reader (%s) could not be started: %s", function.__qualname__, error)
        raise ConfinedFailure("crash", f"the child process cannot be started: {error}") from None
    sender.close()  # the parent's copy: the pipe reads as ended once the child's is closed too
    # The deadline covers the whole exchange, the sending included: killing the child ends the pipe, which wakes
    # the parent however far it had got.
    expired = threading.Event()
    deadline = threading.Timer(seconds, lambda: (expired.set(), child.kill()))
    deadline.start()
    items, budget = [], [limit]  # all the messages together: no more than the child could have held
    try:
        status, value = _receive(receiver, child, budget)
        while status == "item":  # read while the child makes the next
            items.append(value)
            status, value = _receive(receiver, child, budget)
    finally:
        deadline.cancel()
        deadline.join()  # never kill after the child is reaped below: its number may be another's by then
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if expired.is_set() and status not in ("ok", "end"):
        status, value = "time", f"no result after {seconds} s"
    if status not in ("ok", "end"):
        log.warning("A file reader (%s) was stopped in its child process: %s", function.__qualname__, value)
        raise ConfinedFailure(status, value)
    return items if status == "end" else value


def _receive(receiver, child, budget: list[int]) -> tuple[str, Any]:
    try:
        data = receiver.recv_bytes(max(budget[0], 1))
        budget[0] -= len(data)
    except EOFError:
        child.join(5)
        return "crash", _ending(child.exitcode)
    except OSError as error:
        return "crash", f"the result cannot be received: {error}"
    try:
        outcome = _PlainUnpickler(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as error:
        return "crash", f"the result cannot be read: {error}"
    if not (
        isinstance(outcome, tuple)
        and len(outcome) == 2
        and outcome[0] in ("item", "end", "ok", "memory", "crash")
    ):
        return "crash", "the result is not in the shape the child sends"
    return outcome


def _context(preload: tuple[str, ...]):
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Read when the fork server starts (the first call), so every caller asks for its reader's modules.
    context.set_forkserver_preload([__name__, *preload])
    return context


def _child(sender, function, args, memory_bytes: int, seconds: float) -> None:
    """The child's whole life: limit itself, run the reader, send back what it returned or why it did not."""
    if resource is not None:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file of a stranger's data
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        cpu = max(1, int(seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    try:
        result = function(*args)
        if inspect.isgenerator(result):
            for item in result:  # each item goes as soon as it is made, and is freed here
                _send(sender, ("item", item), memory_bytes)
            outcome = ("end", None)
        else:
            outcome = ("ok", result)
    except MemoryError:
        outcome = ("memory", f"over {memory_bytes >> 20} MB")
    except Exception:
        outcome = ("crash", traceback.format_exc(limit=-8))
    _send(sender, outcome, memory_bytes)
    sender.close()


def _send(sender, message: tuple, memory_bytes: int) -> None:
    try:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", f"over {memory_bytes >> 20} MB while sending the result"))
    sender.send_bytes(data)


def _ending(exitcode: int | None) -> str:
    if exitcode is None:
        return "the child did not end"
    if exitcode < 0:
        try:
            return f"the child was ended by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"the child was ended by signal {-exitcode}"
    return f"the child exited with status {exitcode} and no result"


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _PLAIN:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a confined reader may not return {module}.{name}")
