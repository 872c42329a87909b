"""`cadre plan solve`, run as a separate process on a problem file: no database, no Django."""

import json
import os
import subprocess
import sys

from cadre.core.planning.synthetic import random_problem


def plan_solve(tmp_path, problem, *extra):
    source = tmp_path / "problem.json"
    if isinstance(problem, str):
        source.write_text(problem, encoding="utf-8")
    else:
        source.write_text(json.dumps(problem), encoding="utf-8")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "no_such_settings",
        "CADRE_DATA_DIR": str(tmp_path / "var"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cadre.cli",
            "plan",
            "solve",
            str(source),
            "-o",
            str(tmp_path / "plan.json"),
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert not (tmp_path / "var").exists()
    return done


def test_writes_a_proven_optimal_plan_and_a_summary(tmp_path):
    done = plan_solve(tmp_path, random_problem(5, groups=2, posts_per_group=6))
    assert done.returncode == 0, done.stderr
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan["version"] == 1 and plan["status"] == "optimal"
    assert plan["bound"] == plan["objective"]
    assert len(plan["assignments"]) == 12
    assert len(plan["problem_sha256"]) == 64
    assert "optimal" in done.stdout and "G00" in done.stdout  # the per-group shares


def test_an_infeasible_problem_exits_3_with_its_reason(tmp_path):
    problem = random_problem(5, groups=1, posts_per_group=4)
    problem["floors"] = [{"group": "G00", "min_non_local_share": 1.0}]
    problem["pairs"]["non_local"] = [False] * len(problem["pairs"]["non_local"])
    done = plan_solve(tmp_path, problem)
    assert done.returncode == 3, done.stderr
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan["status"] == "infeasible" and plan["assignments"] == []
    assert plan["diagnosis"]["cause"] == "floor_unreachable"
    assert "thiếu 4" in done.stdout and "4 short" in done.stdout


def test_a_problem_that_asks_for_the_closest_plan_gets_it_labelled(tmp_path):
    problem = random_problem(5, groups=1, posts_per_group=4)
    problem["floors"] = [{"group": "G00", "min_non_local_share": 1.0}]
    problem["pairs"]["non_local"] = [False] * len(problem["pairs"]["non_local"])
    problem["group_labels"] = {"G00": "Tỉnh Thử Nghiệm"}
    problem["options"]["when_infeasible"] = "closest"
    done = plan_solve(tmp_path, problem)
    assert done.returncode == 0, done.stderr
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and plan["requirements_met"] is False
    assert len(plan["assignments"]) == 4  # every post filled; the floor is missed by all four
    assert plan["closest"]["floors"][0]["short_by"] == 4 and plan["closest"]["proof"]["shortfall_proven"]
    assert "KHÔNG ĐÁP ỨNG ĐỦ MỌI YÊU CẦU" in done.stdout and "DOES NOT MEET EVERY REQUIREMENT" in done.stdout
    assert "Tỉnh Thử Nghiệm: 0 trong 4 vị trí" in done.stdout
    # The same problem without the option keeps the strict answer.
    del problem["options"]["when_infeasible"]
    done = plan_solve(tmp_path, problem)
    assert done.returncode == 3 and "KHÔNG ĐÁP ỨNG" not in done.stdout
    assert "Tỉnh Thử Nghiệm cần ít nhất 4 trong 4 vị trí" in done.stdout


def test_a_malformed_problem_exits_2_and_writes_nothing(tmp_path):
    problem = random_problem(5, groups=1, posts_per_group=3)
    problem["pairs"]["cost"][0] = -1e400  # json writes -Infinity
    done = plan_solve(tmp_path, problem)
    assert done.returncode == 2
    assert "non-finite" in done.stderr and "Lỗi" in done.stderr
    assert not (tmp_path / "plan.json").exists()
    done = plan_solve(tmp_path, '{"version": 1, "posts": [')
    assert done.returncode == 2 and "not valid JSON" in done.stderr
    assert not (tmp_path / "plan.json").exists()


def test_an_output_path_that_is_a_folder_is_refused_and_leaves_nothing(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    done = plan_solve(tmp_path, random_problem(5, groups=1, posts_per_group=3), "-o", str(folder))
    assert done.returncode == 2 and "is a folder" in done.stderr and "thư mục" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans", "problem.json"]
    assert list(folder.iterdir()) == []


def test_a_cost_too_large_to_be_a_burden_is_refused(tmp_path):
    problem = random_problem(5, groups=1, posts_per_group=3)
    problem["pairs"]["cost"][0] = 10**400  # an integer JSON can hold and a float cannot
    done = plan_solve(tmp_path, problem)
    assert done.returncode == 2 and "non-finite" in done.stderr
    problem["pairs"]["cost"][0] = 3e300
    done = plan_solve(tmp_path, problem)
    assert done.returncode == 2 and "too large" in done.stderr
    assert not (tmp_path / "plan.json").exists()
