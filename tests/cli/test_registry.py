"""`cadre import` as a province's staff run it, in a subprocess: every error of a bad workbook listed (in
either language) with exit status 1 and nothing written; a dry run that writes nothing; a missing file
refused."""

import json
import os
import subprocess
import sys

import pytest

from tests.people.workbook.crafted import far_cell
from tests.people.workbooks import EXPECTED, bad_sheets, good_sheets, write

pytestmark = pytest.mark.usefixtures("geography")


def run_cli(*args, data_dir, env_extra=None):
    env = {**os.environ, "CADRE_DATA_DIR": str(data_dir), **(env_extra or {})}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "cadre.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.django_db(transaction=False)
def test_the_command_lists_every_error_exits_1_and_writes_nothing(tmp_path):
    bad = write(tmp_path / "bad.xlsx", bad_sheets())
    result = run_cli("import", str(bad), data_dir=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(EXPECTED)
    assert "Cán bộ, dòng 7, cột D (Ngày sinh):" in result.stdout
    assert "nothing was written" in result.stderr
    english = run_cli("import", str(bad), "--lang", "en", data_dir=tmp_path)
    assert "Cán bộ, row 7, column D (Ngày sinh):" in english.stdout

    good = write(tmp_path / "good.xlsx", good_sheets())
    dry = run_cli("import", str(good), "--dry-run", data_dir=tmp_path)
    assert dry.returncode == 0 and json.loads(dry.stdout)["status"] == "dry_run"
    assert json.loads(dry.stdout)["officials_created"] == 3
    done = run_cli("import", str(good), data_dir=tmp_path)
    assert json.loads(done.stdout)["officials_created"] == 3  # the dry run wrote nothing
    assert run_cli("import", str(tmp_path / "missing.xlsx"), data_dir=tmp_path).returncode == 2


@pytest.mark.django_db(transaction=False)
def test_a_workbook_made_to_exhaust_the_reader_is_refused_without_a_crash(tmp_path):
    """Before the guard, this 7 KB file made the reader ask for 512 GiB and the process abort (exit 134)."""
    result = run_cli("import", str(far_cell(tmp_path)), "--dry-run", data_dir=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Trang tính «Cán bộ» trải tới ô XFD1048576" in result.stderr
    assert "Sheet 'Cán bộ' reaches cell XFD1048576" in result.stderr
