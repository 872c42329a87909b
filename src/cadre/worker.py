"""The background worker that runs enqueued tasks (django-tasks' database backend) inside `cadre serve`.

One process is all a province's intranet server needs: the worker is a thread beside the web server's threads,
polling the task table. It runs one task at a time (a plan run uses one core for a few seconds). A second
worker, e.g. `cadre manage db_worker` on another machine, is safe: tasks are claimed under a row lock.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)


class BackgroundWorker:
    """django-tasks-db's worker loop in a daemon thread, restarted after an unexpected error."""

    def __init__(self, interval: float = 1.0, worker_id: str = "cadre-serve"):
        from django_tasks_db.management.commands.db_worker import Worker

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
        self.thread = threading.Thread(target=self._loop, name=worker_id, daemon=True)

    def start(self) -> BackgroundWorker:
        from cadre.rotation.tasks import recover_interrupted

        interrupted = recover_interrupted()
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
