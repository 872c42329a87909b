"""Running the background queue in a test: the worker loop `cadre serve` runs in a thread, here in the test's
own thread until the queue is empty."""

from unittest import mock

from django_tasks_db.management.commands import db_worker


def run_queued_tasks() -> None:
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    # Between tasks the worker closes stale connections; inside a test's transaction that would close the
    # test's own connection (the real worker runs in autocommit, where it only drops broken ones).
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
