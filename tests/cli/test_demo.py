"""`cadre demo` as a newcomer runs it: a fresh data directory, an embedded SQLite file, run twice."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

CADRE = [sys.executable, "-m", "cadre.cli"]


def _run(data_dir: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["CADRE_DATA_DIR"] = str(data_dir)
    return subprocess.run([*CADRE, *argv], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("demo")
    return data_dir, _run(data_dir, "demo", "--no-serve"), _run(data_dir, "demo", "--no-serve")


def test_demo_summarises_units_by_province_and_prints_a_login(demo_runs):
    _data_dir, first, _second = demo_runs
    assert first.returncode == 0, first.stderr
    assert "Thành phố Hải Phòng" in first.stdout and "Tỉnh Cà Mau" in first.stdout
    assert "Cả nước: 34 tỉnh/thành" in first.stdout and " 3321" in first.stdout
    assert "Đăng nhập / login: admin / " in first.stdout
    assert (
        "Đăng nhập / login: bantochuc / " in first.stdout
        and "Đăng nhập / login: thuongvu / " in first.stdout
        and "Đăng nhập / login: sonoivu / " in first.stdout
    )
    assert "workflow state: decided" in first.stdout
    assert "staff transfer plan #1" in first.stdout and ": optimal," in first.stdout  # surplus → shortage


def test_demo_is_safe_to_run_twice(demo_runs):
    data_dir, first, second = demo_runs
    assert second.returncode == 0, second.stderr
    login = [line for line in first.stdout.splitlines() if line.startswith("Đăng nhập")]
    assert login and login == [line for line in second.stdout.splitlines() if line.startswith("Đăng nhập")]
    with sqlite3.connect(data_dir / "cadre.sqlite3") as db:
        assert db.execute("select count(*) from geo_commune").fetchone() == (3321,)
        # The administrator, and the province's Organisation Board officer, Standing Committee member and
        # Home Affairs officer.
        assert db.execute("select count(*) from auth_user").fetchone() == (6,)
        # One transfer plan, not a second one on the second run.
        assert db.execute("select count(*), min(state) from staffing_transferplan").fetchone() == (1, "draft")
        # Its plan was carried through once, not again on the second run.
        assert db.execute("select state, decision from rotation_planrun").fetchall() == [
            ("decided", "01-QĐ/TU (mẫu / demo)")
        ]
        kinds = [k for (k,) in db.execute("select kind from workflow_decisionevent order by sequence")]
        assert kinds == ["propose", "approve", "decide"]


def test_demo_database_is_a_wal_sqlite_file_in_the_data_dir(demo_runs):
    data_dir, _first, _second = demo_runs
    with sqlite3.connect(data_dir / "cadre.sqlite3") as db:
        assert db.execute("pragma journal_mode").fetchone() == ("wal",)
    assert (data_dir / "demo-login.json").stat().st_mode & 0o077 == 0  # the password file is private


def test_geo_load_on_a_fresh_directory_creates_the_database(tmp_path):
    result = _run(tmp_path, "geo", "load")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1]
        == '{"provinces": 34, "communes": 3321, "legacy_communes": 10040}'
    )


def test_normalize_on_an_empty_directory_loads_what_it_needs_first(tmp_path):
    result = _run(tmp_path, "geo", "normalize", "--compact", "Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương")
    assert result.returncode == 0, result.stderr
    assert '"commune_name": "Xã Tân Kỳ"' in result.stdout


def test_serve_answers_on_the_given_port_in_vietnamese(demo_runs):
    import socket
    import time
    import urllib.request

    data_dir, _first, _second = demo_runs
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["CADRE_DATA_DIR"] = str(data_dir)
    server = subprocess.Popen(
        [*CADRE, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        deadline, html = time.monotonic() + 60, None
        while html is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/geo/", timeout=5) as response:
                    html = response.read().decode()  # redirected to the login page
            except OSError:
                time.sleep(0.5)
        assert html is not None, "the server did not answer within 60 s"
        assert "Đăng nhập Cadre" in html
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/vendor/htmx/htmx.min.js", timeout=5
        ) as js:
            assert js.status == 200 and len(js.read()) > 10_000  # vendored assets are served, no CDN
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_on_a_busy_port_says_so_in_both_languages(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = _run(tmp_path, "serve", "--port", str(busy.getsockname()[1]))
    assert result.returncode == 2
    assert "Không mở được cổng" in result.stderr and "Cannot listen on" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demos_decision_log_verifies(demo_runs):
    data_dir, _first, _second = demo_runs
    result = _run(data_dir, "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "intact: 3 sự kiện / events" in result.stdout


def test_the_demos_export_reimports_with_no_error_and_no_change(demo_runs):
    """Issue 13, defect 15, as reported: the demo's province exported and checked again with --dry-run."""
    data_dir, _first, _second = demo_runs
    workbook = data_dir / "all.xlsx"
    exported = _run(data_dir, "export", "officials", "-o", str(workbook), "--province", "31")
    assert exported.returncode == 0, exported.stderr
    checked = _run(data_dir, "import", str(workbook), "--dry-run")
    assert checked.returncode == 0, checked.stdout[:3000]
    report = json.loads(checked.stdout.strip().splitlines()[-1])
    assert report.pop("status") == "dry_run"
    assert set(report.values()) == {0}, report  # nothing created, updated or closed
