"""`cadre staffing solve` and `cadre staffing run` through the real `cadre.cli.main`: exit statuses, files,
messages, the stored plan."""

import json

import pytest

from cadre.cli import main
from cadre.core.rebalancing.synthetic import national_problem
from cadre.staffing.models import TransferPlan
from tests.staffing.registry import (
    HAI_PHONG,
    LAI_CHAU,
    ON,
    fixture_registry,  # noqa: F401  (the registry fixture)
)


def write(tmp_path, problem):
    path = tmp_path / "problem.json"
    path.write_text(problem if isinstance(problem, str) else json.dumps(problem), encoding="utf-8")
    return str(path)


def test_writes_a_proven_plan_and_prints_its_summary(tmp_path, capsys):
    source = write(tmp_path, national_problem(2, provinces=2, communes=50))
    status = main(["staffing", "solve", source, "-o", str(tmp_path / "plan.json")])
    assert status == 0
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and plan["bound"] == plan["total_cost"]
    assert plan["moves"] and len(plan["problem_sha256"]) == 64
    assert plan["summary"]["after"]["sum_of_squares"] < plan["summary"]["before"]["sum_of_squares"]
    out = capsys.readouterr().out
    assert "optimal" in out and "largest deficit" in out and "Số người điều động" in out


@pytest.mark.parametrize(
    "text, english",
    [
        ('{"version": 1,\n "units": [', "not valid JSON (line 2"),
        ('{"version": 1, "units": [], "staff": [{"id": "s", "unit": "Z"}]}', "unknown unit: 'Z'"),
    ],
)
def test_bad_input_exits_2_in_both_languages_and_writes_nothing(tmp_path, capsys, text, english):
    status = main(["staffing", "solve", write(tmp_path, text), "-o", str(tmp_path / "plan.json")])
    assert status == 2
    err = capsys.readouterr().err
    assert english in err and "Lỗi" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "problem.json"]


def test_an_output_in_a_missing_folder_is_refused_before_solving(tmp_path, capsys):
    source = write(tmp_path, {"version": 1, "units": [], "staff": []})
    assert main(["staffing", "solve", source, "-o", str(tmp_path / "no" / "plan.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_running_out_of_time_exits_1_with_the_reason(tmp_path, capsys):
    source = write(tmp_path, national_problem(2, provinces=1, communes=30))
    status = main(["staffing", "solve", source, "-o", str(tmp_path / "plan.json"), "--time-limit", "1e-9"])
    assert status == 1
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan["status"] == "unknown" and plan["moves"] == [] and plan["diagnosis"]["cause"] == "time_limit"
    assert "time limit" in capsys.readouterr().out


def test_a_time_limit_that_is_not_a_positive_number_is_an_argument_error(tmp_path):
    with pytest.raises(SystemExit) as caught:
        main(["staffing", "solve", "p.json", "-o", str(tmp_path / "plan.json"), "--time-limit", "-3"])
    assert caught.value.code == 2


def test_staffing_run_stores_a_plan_or_refuses_with_exit_2(registry, capsys):
    assert main(["staffing", "run", "--province", HAI_PHONG, "--date", ON.isoformat()]) == 0
    assert f"#{TransferPlan.objects.get().pk}" in capsys.readouterr().out
    assert main(["staffing", "run", "--province", LAI_CHAU]) == 2
    assert main(["staffing", "run", "--province", HAI_PHONG, "--date", "2026-02-30"]) == 2
    err = capsys.readouterr().err
    assert "Lỗi: " in err and "Error: " in err and TransferPlan.objects.count() == 1
