"""A plan run's worker killed in the middle (`kill -9`, a power cut): on the next start the job is marked failed,
and so is the task queue's own row for it, so nothing is left RUNNING forever."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cadre.rotation.models import JobState, PlanJob
from cadre.rotation.tasks import recover_interrupted, run_plan_job
from tests.rotation.registry import LAI_CHAU
from tests.users import make_user

ROOT = Path(__file__).resolve().parents[2]


def running_job(user, worker: str, heartbeat) -> tuple[PlanJob, DBTaskResult]:
    """The rows a worker leaves when it dies while running a plan: the job claimed and the queue's row claimed."""
    job = PlanJob.objects.create(
        province_id=LAI_CHAU, created_by=user, state=JobState.RUNNING, worker=worker, heartbeat=heartbeat
    )
    result = DBTaskResult.objects.get(pk=run_plan_job.enqueue(job.pk).id)
    result.claim(worker)
    return job, result


def test_a_killed_workers_task_rows_are_failed_on_restart_and_a_live_workers_are_left_alone(geography):
    user = make_user()
    now = timezone.now()
    _, mine = running_job(user, "host:serve-8000:111", now)  # this worker's earlier process, killed
    _, other = running_job(user, "host:serve-8001:222", now)  # another live server on the same database
    _, silent = running_job(user, "elsewhere:serve-8000:333", now - dt.timedelta(hours=2))

    assert recover_interrupted("host:serve-8000:") == 2

    rows = {r.pk: r for r in DBTaskResult.objects.all()}
    assert rows[other.pk].status == TaskResultStatus.RUNNING
    for dead in (mine, silent):
        row = rows[dead.pk]
        assert row.status == TaskResultStatus.FAILED and row.finished_at is not None
        assert "interrupted by a restart" in row.traceback
        # What django-tasks itself reports for the task: failed, with the reason.
        result = run_plan_job.get_result(str(row.pk))
        assert result.status == TaskResultStatus.FAILED
        assert "interrupted by a restart" in result.errors[0].traceback
    assert not DBTaskResult.objects.running().exclude(pk=other.pk).exists()


def test_a_queue_row_left_running_beside_a_job_already_failed_is_cleared(geography):
    """A database an earlier version left behind: the job was marked failed, its queue row stayed RUNNING."""
    user = make_user()
    job, row = running_job(user, "host:serve-8000:111", timezone.now())
    PlanJob.objects.filter(pk=job.pk).update(state=JobState.FAILED)
    assert recover_interrupted() == 0  # no job left to fail: only the queue's row
    assert DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.FAILED


def test_a_job_whose_task_was_lost_before_it_started_fails_instead_of_waiting_forever(geography):
    """Killed between taking the task from the queue and starting the job: nothing would ever run it."""
    user = make_user()
    job = PlanJob.objects.create(province_id=LAI_CHAU, created_by=user)
    result = DBTaskResult.objects.get(pk=run_plan_job.enqueue(job.pk).id)
    result.claim("host:serve-8000:111")
    recover_interrupted("host:serve-8000:")
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error_en.startswith("The worker stopped")
    assert DBTaskResult.objects.get(pk=result.pk).status == TaskResultStatus.FAILED


def test_a_worker_killed_with_sigkill_mid_run_leaves_nothing_running_after_the_restart(tmp_path):
    """The real thing, in child processes over one SQLite file: a run starts, its worker gets SIGKILL (no
    clean-up of any kind), the worker starts again."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}

    def step(name: str, **kwargs):
        command = [sys.executable, "-m", "tests.rotation.killed_worker", name, str(tmp_path)]
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kwargs
        )

    assert step("queue").returncode == 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.rotation.killed_worker", "work", str(tmp_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(1200):  # until the run has started (at most two minutes)
            if (tmp_path / "running").exists() or worker.poll() is not None:
                break
            time.sleep(0.1)
        assert (tmp_path / "running").exists(), "the worker never started the run"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    restarted = step("restart")
    assert restarted.returncode == 0, restarted.stderr[-3000:]
    rows = json.loads(restarted.stdout.strip().splitlines()[-1])
    assert rows["job"] == "failed" and rows["job_error"].startswith("The worker stopped")
    assert rows["task"] == "FAILED" and rows["task_finished"]
    assert "interrupted by a restart" in rows["task_error"]
