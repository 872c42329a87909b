"""`cadre serve --workers N`: several web processes and one background worker on PostgreSQL, one process on
SQLite, and nothing left running once the server is stopped."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

CADRE = [sys.executable, "-m", "cadre.cli"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


def _command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
        return response.status


def _wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()
        try:
            if _get(f"http://127.0.0.1:{port}/login/") == 200:
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail("the server did not answer within 90 s")


def _postgres_url() -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def _environment(tmp_path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["CADRE_DATA_DIR"] = str(tmp_path)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def test_several_processes_on_sqlite_are_refused_in_both_languages(tmp_path):
    port = _free_port()
    result = subprocess.run(
        [*CADRE, "serve", "--port", str(port), "--workers", "3"],
        env=_environment(tmp_path, None),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "SQLite chỉ chạy một tiến trình" in result.stderr
    assert "SQLite runs one process only" in result.stderr
    assert "Traceback" not in result.stderr
    with socket.socket() as probe:  # nothing was left listening
        probe.bind(("127.0.0.1", port))


@pytest.fixture
def postgres_url(db):
    if connection.vendor != "postgresql":
        pytest.skip("several web processes need PostgreSQL")
    return _postgres_url()


@pytest.mark.parametrize("stop", ["SIGTERM to the server", "Ctrl+C in its terminal"])
def test_two_web_processes_share_the_load_beside_one_background_worker(tmp_path, postgres_url, stop):
    port = _free_port()
    server = subprocess.Popen(
        [*CADRE, "serve", "--port", str(port), "--workers", "2"],
        env=_environment(tmp_path, postgres_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    try:
        _wait_until_serving(port, server)
        # The port answers as soon as the first web process is up: the arbiter forks the others one by one,
        # which on a busy machine takes a moment more.
        deadline = time.monotonic() + 30
        while True:
            children = _children(server.pid)
            workers = [pid for pid in children if "cadre.worker" in _command_line(pid)]
            web = [pid for pid in children if pid not in workers]
            if (len(workers), len(web)) == (1, 2) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert len(workers) == 1, "exactly one background worker, not one per web process"
        assert len(web) == 2
        before = {pid: _cpu_ticks(pid) for pid in web}

        def load() -> None:
            for _ in range(15):
                _get(f"http://127.0.0.1:{port}/login/")

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(_cpu_ticks(pid) > before[pid] + 5 for pid in web):
            users = [threading.Thread(target=load) for _ in range(8)]
            for user in users:
                user.start()
            for user in users:
                user.join()
        assert all(_cpu_ticks(pid) > before[pid] + 5 for pid in web), "both web processes answer requests"
    finally:
        if stop == "SIGTERM to the server":
            server.send_signal(signal.SIGTERM)
        else:
            os.killpg(server.pid, signal.SIGINT)
        status = server.wait(timeout=60)
    assert status == 0, server.stderr.read()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)], "no process outlives the server"
    assert "Traceback" not in server.stderr.read()
