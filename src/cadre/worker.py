"""The background worker that runs enqueued tasks (django-tasks' database backend) inside `cadre serve`.

One process is all a province's intranet server needs: the worker is a thread beside the web server's threads,
polling the task table. It runs one task at a time (a plan run uses one core for a few seconds). A second
worker, e.g. another `cadre serve` (another port or machine) or `cadre manage db_worker`, is safe: tasks are
claimed under a row lock, each worker has its own id, and a worker only gives up the jobs of its own earlier
process or of a worker silent for CADRE_JOB_STALE_MINUTES (failing the task queue's rows for them too, so a
process killed mid-run leaves nothing RUNNING).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

log = logging.getLogger(__name__)


class BackgroundWorker:
    """django-tasks-db's worker loop in a daemon thread, restarted after an unexpected error."""

    def __init__(self, interval: float = 1.0, name: str = "cadre-serve"):
        """`name` tells this worker from others on the same host (`cadre serve` uses its port): at start it
        marks failed the jobs an earlier process of the same name left running."""
        from django_tasks_db.management.commands.db_worker import Worker

        self.prefix = f"{socket.gethostname()[:30]}:{name[:20]}:"
        worker_id = f"{self.prefix}{os.getpid()}"
        self.worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.thread = threading.Thread(target=self._loop, name="cadre-worker", daemon=True)

    def start(self) -> BackgroundWorker:
        from cadre.rotation.tasks import recover_interrupted

        interrupted = recover_interrupted(self.prefix)
        if interrupted:
            log.warning("%d plan run(s) were interrupted by a restart and are marked failed", interrupted)
        self.thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Let the task in hand finish, then end the loop."""
        self.worker.running = False
        self.thread.join(timeout)

    def _loop(self) -> None:
        from django.db import connections

        try:
            while self.worker.running:
                try:
                    self.worker.run()
                except Exception:
                    log.exception("the background worker failed; restarting in 5 s")
                    time.sleep(5)
        finally:
            connections.close_all()


def run_alone(name: str, parent: int) -> None:
    """The background worker as a process of its own, beside the web processes of `cadre serve --workers N`:
    until SIGTERM or SIGINT (it then lets the task in hand finish, for a few seconds), or until its parent is
    gone (killed outright: the worker does not outlive the server)."""
    import signal

    # Before anything slow: Ctrl+C in the server's terminal reaches this process too, and may come while Django
    # is still loading (a second or more on a busy machine); it must stop the worker, not print a traceback.
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    import django

    django.setup()
    if stopping.is_set():
        return
    worker = BackgroundWorker(name=name).start()
    while not stopping.wait(1.0) and os.getppid() == parent:
        pass
    worker.stop(timeout=5)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Cadre's background worker (started by `cadre serve`)")
    parser.add_argument("--name", required=True, help="the server's worker name (serve-PORT)")
    parser.add_argument("--parent", type=int, required=True, help="the server's process id")
    options = parser.parse_args()
    run_alone(options.name, options.parent)
