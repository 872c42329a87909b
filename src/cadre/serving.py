"""Serving the web app with several processes (`cadre serve --workers N` on PostgreSQL).

One process (the default, and the only way on SQLite) is waitress's threads with the background worker as one
more thread (`cli.common.serve_web_app`). A Python process runs one thread at a time, though, and a page costs
tens of milliseconds of Python, so one process is a ceiling of a few dozen pages a second whatever the cores.
With `--workers N` the `cadre serve` process becomes gunicorn's arbiter: it binds the port and forks N web
processes (gthread workers, a few threads each so a slow client or a database wait does not hold a whole
process), restarts any that dies, and on SIGINT or SIGTERM stops them all. The background worker must run once,
not once per web process, so the arbiter starts it as one process of its own (`python -m cadre.worker`) and
stops it when it stops. Each of these children ends by itself if the arbiter is killed outright (gunicorn's
workers and ours both watch their parent).

gunicorn runs on Unix only; `--workers` above 1 is refused elsewhere, and on SQLite (one writer at a time: more
processes would only wait on each other's locks).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# Two threads a process: a database wait or a slow client does not hold the whole process, and a process's
# Python is not shared among so many requests that a few of them wait long (20 busy users on 2 cores: p95
# 565-600 ms with two threads against 650-740 ms with four, at the same 65-75 pages a second).
THREADS_PER_WORKER = 2
# The background worker is asked to stop with the server; it lets a task in hand run this long, then is killed
# (the job is marked failed when the server starts again, as after any interruption).
TASK_STOP_SECONDS = 10


def default_workers(vendor: str) -> int:
    """One process on SQLite; on PostgreSQL one per core and one more (a process waiting on the database then
    leaves its core to another), at most 8 (docs/operations.md)."""
    if vendor != "postgresql" or sys.platform == "win32":
        return 1
    return min((os.cpu_count() or 1) + 1, 8)


def start_task_worker(name: str) -> subprocess.Popen:
    """The background worker as a child process of its own: the same Python, the same environment, and the
    folder this package was imported from first on its path (the server may run from a source tree)."""
    package_root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    return subprocess.Popen(
        [sys.executable, "-m", "cadre.worker", "--name", name, "--parent", str(os.getpid())], env=env
    )


def stop_task_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(TASK_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve_with_gunicorn(application, host: str, port: int, workers: int, task_worker_name: str) -> None:
    """Run gunicorn's arbiter in this process until SIGINT or SIGTERM; the caller has made sure the port is
    free and closed its database connections (the web processes are forked from this one)."""
    from gunicorn.app.base import BaseApplication

    task_worker: list[subprocess.Popen] = []

    def when_ready(arbiter) -> None:
        task_worker.append(start_task_worker(task_worker_name))

    def on_exit(arbiter) -> None:
        for process in task_worker:
            stop_task_worker(process)

    settings = {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS_PER_WORKER,
        # A gthread worker's heartbeat does not wait for a request, so this bounds a stuck process, not a
        # long export.
        "timeout": 120,
        "graceful_timeout": 10,
        "keepalive": 5,
        "preload_app": True,  # Django is loaded once, before the fork
        "proc_name": f"cadre-{port}",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "control_socket_disable": True,  # no socket file in the user's home
        "when_ready": when_ready,
        "on_exit": on_exit,
    }

    class CadreServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    try:
        CadreServer().run()
    finally:
        # When the arbiter stops through an error rather than a signal, on_exit was not called.
        on_exit(None)
