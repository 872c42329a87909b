"""Plan runs asked for from the browser, run in the background.

`request_plan` checks what it can at once (who asks, for which province, with what values), stores a `PlanJob`
and enqueues `run_plan_job` once the transaction commits. The task (django-tasks, database backend; the worker
runs beside the web server, `cadre.worker`) claims the job with a compare-and-set, so running it twice does
nothing the second time, and writes each stage to the job as `run_plan` reaches it. A refusal from the compiler
or the problem check is stored on the job in both languages; nothing else is written.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from cadre.accounts.permissions import PLAN, provinces_for
from cadre.core.errors import BilingualError
from cadre.geo.models import Province

from .compile import TUNABLE_WEIGHTS, _check_weights
from .models import JobState, PlanJob, PlanRun
from .post_types import CHAIR_POST, SECRETARY_POST, parse_post_types
from .services import run_plan

log = logging.getLogger(__name__)


class RequestError(BilingualError):
    """A plan run cannot be asked for as given."""


def request_plan(
    user,
    province_code: str,
    *,
    target: float | None = None,
    on: dt.date | None = None,
    district_floors: bool = False,
    weights: dict | None = None,
    locks: list[dict] | None = None,
    based_on: PlanRun | None = None,
    post_types: tuple[str, ...] = ("secretary",),
    chair_target: float | None = None,
) -> PlanJob:
    """Store a plan run request and enqueue it. The user must be allowed to plan for the province.
    `post_types` are the posts planned together (the secretaries, and the People's Committee chairs)."""
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        raise RequestError(
            f"Không có tỉnh/thành mã «{province_code}».", f"No province has the code '{province_code}'."
        )
    if not provinces_for(user, PLAN, PlanRun).filter(pk=province.pk).exists():
        raise RequestError(
            f"Bạn không có quyền lập phương án cho {province.name}.",
            f"You may not make plans for {province.name}.",
        )
    for share in (target, chair_target):
        if share is not None and (not math.isfinite(share) or not 0 <= share <= 1):
            raise RequestError(
                f"Chỉ tiêu phải từ 0% đến 100%, không phải {share * 100:g}%.",
                f"The target must be from 0% to 100%, not {share * 100:g}%.",
            )
    try:
        post_types = parse_post_types(post_types)
    except BilingualError as error:
        raise RequestError(error.message_vi, error.message_en) from error
    try:
        weights = _check_weights(weights or {})
    except BilingualError as error:
        raise RequestError(error.message_vi, error.message_en) from error
    if based_on is not None and based_on.province_id != province.code:
        raise RequestError(
            f"Phương án #{based_on.pk} thuộc tỉnh khác.", f"Plan #{based_on.pk} is for another province."
        )
    params = {
        "target": target,
        "date": (on or dt.date.today()).isoformat(),
        "district_floors": bool(district_floors),
        "weights": {k: weights[k] for k in TUNABLE_WEIGHTS if k in weights},
        "locks": list(locks or []),
        "based_on": based_on.pk if based_on is not None else None,
        **(
            {"post_types": list(post_types), "chair_target": chair_target}
            if post_types != (SECRETARY_POST,)
            else {}
        ),
    }
    with transaction.atomic():
        job = PlanJob.objects.create(province=province, params=params, created_by=user)
        transaction.on_commit(lambda: run_plan_job.enqueue(job.pk))
    return job


def request_relock(user, run: PlanRun, lock: dict) -> PlanJob:
    """Solve `run` again with the same parameters and one more lock ({"candidate", "post", "kind"}; it replaces
    a lock on the same pair). The same request while the first still waits (a double click) returns that job."""
    locks = [
        x
        for x in run.params.get("locks", [])
        if (str(x["candidate"]), str(x["post"])) != (lock["candidate"], lock["post"])
    ] + [lock]
    waiting = PlanJob.objects.filter(
        state__in=(JobState.QUEUED, JobState.RUNNING), params__based_on=run.pk, province_id=run.province_id
    )
    for job in waiting:
        if job.params.get("locks") == locks:
            return job
    return request_plan(
        user,
        run.province_id,
        target=_own_target(run.params.get("target_source", False), run.target),
        on=run.rotation_date,
        district_floors=run.params.get("district_floors", False),
        weights=run.params.get("weights") or None,
        locks=locks,
        based_on=run,
        **_post_type_params(run.params),
    )


def _post_type_params(params: dict) -> dict:
    """The post types a job asks for, or a stored plan planned, and the chairs' target (a job's override, or
    the target the plan used), to plan it the same way. A plan made before chairs were planned has none:
    secretaries only."""
    if "chair_target" in params:  # a job's request
        chair_target = params["chair_target"]
    else:  # a stored plan: its own target only, not the province's it took
        sources = params.get("target_sources") or {}
        chair_target = _own_target(
            sources.get(CHAIR_POST, False), (params.get("targets") or {}).get(CHAIR_POST)
        )
    return {"post_types": tuple(params.get("post_types") or (SECRETARY_POST,)), "chair_target": chair_target}


def _own_target(source, share: float | None) -> float | None:
    """The share to pass again as an override when re-solving a plan: the plan's own target (its recorded source
    is None, or a plan stored before sources were recorded: `source` False), not the province's target it took
    from a document (then None, so that the re-solve records the document again)."""
    return None if source else share


@task(takes_context=True)
def run_plan_job(context, job_id: int) -> int | None:
    """Run one requested plan. Returns the plan's id, or None when the job was not waiting (already taken)."""
    worker = ",".join(context.task_result.worker_ids[-1:]) if context is not None else ""
    return perform_job(job_id, worker=worker)


def perform_job(job_id: int, worker: str = "") -> int | None:
    now = timezone.now()
    claimed = PlanJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now, heartbeat=now, worker=worker[:100]
    )
    if not claimed:
        return None
    job = PlanJob.objects.select_related("created_by").get(pk=job_id)
    params = job.params

    def progress(stage: str) -> None:
        PlanJob.objects.filter(pk=job_id, state=JobState.RUNNING).update(
            stage=stage, heartbeat=timezone.now()
        )

    try:
        based_on = (
            PlanRun.objects.filter(pk=params.get("based_on")).first() if params.get("based_on") else None
        )
        run = run_plan(
            job.province_id,
            target=params.get("target"),
            on=dt.date.fromisoformat(params["date"]),
            district_floors=params.get("district_floors", False),
            user=job.created_by,
            weights=params.get("weights") or None,
            locks=params.get("locks") or None,
            based_on=based_on,
            progress=progress,
            **_post_type_params(params),
        )
    except BilingualError as error:
        _fail(job_id, *error.text)
        return None
    except Exception:
        log.exception("plan job %s failed", job_id)
        _fail(
            job_id,
            "Lỗi ngoài dự kiến khi lập phương án; chưa có gì được ghi. Hãy báo quản trị viên.",
            "An unexpected error stopped the plan run; nothing was stored. Please tell the administrator.",
        )
        raise
    PlanJob.objects.filter(pk=job_id, state=JobState.RUNNING).update(
        state=JobState.DONE, run=run, finished_at=timezone.now()
    )
    return run.pk


def _fail(job_id: int, vi: str, en: str) -> None:
    PlanJob.objects.filter(pk=job_id, state=JobState.RUNNING).update(
        state=JobState.FAILED, error_vi=vi, error_en=en, finished_at=timezone.now()
    )


class WorkerStopped(Exception):
    """What the task queue records for a task whose worker stopped while running it (`recover_interrupted`)."""


INTERRUPTED = "interrupted by a restart: the worker stopped while running this task"


def recover_interrupted(worker_prefix: str | None = None) -> int:
    """Mark failed the running jobs that can never finish: those of an earlier run of this same worker
    (`worker_prefix`, its host and name: the process that ran them has stopped), and those whose worker has not
    reported for CADRE_JOB_STALE_MINUTES, wherever it ran. Another live worker's jobs are left alone. The task
    queue's own rows for them (django-tasks' results) are marked failed too, so none stays RUNNING forever.
    Returns how many jobs were marked."""
    stale = timezone.now() - dt.timedelta(minutes=settings.CADRE_JOB_STALE_MINUTES)
    dead = Q(heartbeat__lt=stale) | Q(heartbeat__isnull=True, started_at__lt=stale)
    if worker_prefix:
        dead |= Q(worker__startswith=worker_prefix)
    # Reads first, writing only when there is something to mark: the progress page calls this on every poll, and
    # on SQLite any write takes the database's one write lock.
    ids = list(PlanJob.objects.filter(dead, state=JobState.RUNNING).values_list("pk", flat=True))
    marked = _give_up(PlanJob.objects.filter(pk__in=ids, state=JobState.RUNNING)) if ids else 0
    _fail_task_results(worker_prefix)
    return marked


def _give_up(jobs) -> int:
    return jobs.update(
        state=JobState.FAILED,
        error_vi="Bộ xử lý đã dừng khi đang lập phương án; hãy lập lại.",
        error_en="The worker stopped while the plan was running; please run it again.",
        finished_at=timezone.now(),
    )


def _fail_task_results(worker_prefix: str | None) -> None:
    """The queue's RUNNING rows that can never finish: any task last claimed by an earlier process of this
    worker, and any plan run whose job is already marked failed (by this call, or by an earlier version that
    left the queue's row alone). A plan job still waiting whose task was lost this way fails with it: nothing
    would ever run it."""
    from django_tasks_db.models import DBTaskResult

    running = list(DBTaskResult.objects.running().values("pk", "task_path", "args_kwargs", "worker_ids"))
    job_of = {r["pk"]: _job_id(r) for r in running if r["task_path"] == run_plan_job.module_path}
    failed_jobs = set(
        PlanJob.objects.filter(pk__in=set(job_of.values()) - {None}, state=JobState.FAILED).values_list(
            "pk", flat=True
        )
    )
    lost = [
        r["pk"]
        for r in running
        if (worker_prefix and r["worker_ids"] and str(r["worker_ids"][-1]).startswith(worker_prefix))
        or job_of.get(r["pk"]) in failed_jobs
    ]
    if not lost:
        return
    DBTaskResult.objects.filter(pk__in=lost, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{WorkerStopped.__module__}.{WorkerStopped.__qualname__}",
        traceback=INTERRUPTED,
        return_value=None,
    )
    waiting = {job_of[pk] for pk in lost if job_of.get(pk) is not None}
    _give_up(PlanJob.objects.filter(pk__in=waiting, state=JobState.QUEUED))


def _job_id(result: dict) -> int | None:
    args = (result["args_kwargs"] or {}).get("args") or []
    return args[0] if args and isinstance(args[0], int) else None
