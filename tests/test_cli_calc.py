"""`cadre calc retirement`, run as a separate process: it needs neither the database nor Django."""

import json
import os
import subprocess
import sys

import pytest


def calc(tmp_path, *argv):
    # A settings module that does not exist: the command fails if it sets Django up. Run in an empty
    # directory, which must stay empty (no ./var data directory, no secret key).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "no_such_settings",
        "CADRE_DATA_DIR": str(tmp_path / "var"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "cadre.cli", "calc", "retirement", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert list(tmp_path.iterdir()) == []
    return done


@pytest.mark.parametrize(
    "argv, expected",
    [
        # Men born in October 1961 skip 2021's age (60y3m) and retire at 2022's (60y6m).
        (["--sex", "male", "--birth", "1961-10-20"], (726, "60y6m", "2022-04-30", "2022-05-01")),
        (["--sex", "male", "--birth", "1961-09"], (723, "60y3m", "2021-12-31", "2022-01-01")),
        (["--sex", "female", "--birth", "1966-09"], (668, "55y8m", "2022-05-31", "2022-06-01")),
        (["--sex", "male", "--birth", "1961"], (723, "60y3m", "2021-04-30", "2021-05-01")),
        (["--sex", "male", "--birth", "1966-01", "--early"], (663, "55y3m", "2021-04-30", "2021-05-01")),
    ],
)
def test_prints_the_retirement_as_json(tmp_path, argv, expected):
    done = calc(tmp_path, *argv)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (
        result["retirement_age_months"],
        result["retirement_age"],
        result["retirement_date"],
        result["pension_start"],
    ) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["--sex", "male", "--birth", "1980-02-30"],
        ["--sex", "male", "--birth", "1980-13"],
        ["--sex", "male", "--birth", "30/04/1975"],
        ["--sex", "nam", "--birth", "1975"],
    ],
)
def test_bad_input_exits_2_with_a_message_in_both_languages(tmp_path, argv):
    done = calc(tmp_path, *argv)
    assert done.returncode == 2 and done.stdout == ""
    assert "Lỗi:" in done.stderr and "Error:" in done.stderr
    assert "Traceback" not in done.stderr
