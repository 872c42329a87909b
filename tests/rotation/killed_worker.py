"""A worker process killed with SIGKILL in the middle of a plan run, for test_tasks.py. Each step is a child
process over one SQLite file in DIR (tables made straight from the models):

    python -m tests.rotation.killed_worker queue DIR     a plan run requested and waiting in the queue
    python -m tests.rotation.killed_worker work DIR      `cadre serve`'s worker; it writes DIR/running once the
                                                         run has started, and the run never ends (kill it)
    python -m tests.rotation.killed_worker restart DIR   the worker starting again; prints the rows as JSON
"""

import json
import os
import sys
import threading
import time
from pathlib import Path


def setup(directory: str) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="tests.settings", DATABASE_URL="", CADRE_DATA_DIR=directory)
    import django
    from django.conf import settings

    from tests.api.burst import NoMigrations

    django.setup()
    settings.MIGRATION_MODULES = NoMigrations()


def queue() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from cadre.geo.models import Province
    from cadre.rotation.models import PlanJob
    from cadre.rotation.tasks import run_plan_job

    call_command("migrate", run_syncdb=True, verbosity=0)
    province = Province.objects.create(
        code="12", name="Lai Châu", kind="tinh", latitude=22.4, longitude=103.5
    )
    user = get_user_model().objects.create_user("bto", password="mat-khau-dai-123")
    job = PlanJob.objects.create(province=province, created_by=user, params={"date": "2026-07-01"})
    run_plan_job.enqueue(job.pk)


def work(directory: str) -> None:
    from cadre.rotation import tasks
    from cadre.worker import BackgroundWorker

    def endless_run(province, *, progress, **kwargs):
        progress("solve")
        Path(directory, "running").write_text(str(os.getpid()))
        threading.Event().wait()

    tasks.run_plan = endless_run
    BackgroundWorker(interval=0.1, name="serve-8000").start()
    time.sleep(600)


def restart() -> None:
    from django_tasks_db.models import DBTaskResult

    from cadre.rotation.models import PlanJob
    from cadre.worker import BackgroundWorker

    BackgroundWorker(name="serve-8000").start().stop(timeout=5)
    job = PlanJob.objects.get()
    result = DBTaskResult.objects.get()
    print(
        json.dumps(
            {
                "job": job.state,
                "job_error": job.error_en,
                "task": result.status,
                "task_finished": result.finished_at is not None,
                "task_error": result.traceback,
            }
        )
    )


if __name__ == "__main__":
    step, directory = sys.argv[1], sys.argv[2]
    setup(directory)
    {"queue": queue, "work": lambda: work(directory), "restart": restart}[step]()
