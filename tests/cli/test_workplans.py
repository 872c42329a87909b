"""`cadre workplans …` as a province's or a commune's staff run it: the import lists every error and writes
nothing, or writes all; the export is the user's scope; the close prints the month's counts in words; bad input
is a bilingual error with exit status 2."""

import json

import pytest
from openpyxl import load_workbook

from cadre.cli import main
from cadre.workplans.models import MonthClose, WorkPlan
from cadre.workplans.workbook.template import EXAMPLE_PLAN, EXAMPLE_TASK, write_template
from tests.workplans.registry import fixture_world  # noqa: F401

pytestmark = pytest.mark.django_db


def workbook(world, tmp_path, **task):
    path = tmp_path / "kh.xlsx"
    row = {**EXAMPLE_TASK, "lead_official": world["lead"].citizen_id, "coworkers": "", **task}
    write_template(path, plans=[{**EXAMPLE_PLAN, "commune": world["a"]}], tasks=[row])
    return path


def imported() -> bool:
    return WorkPlan.objects.filter(source_title=EXAMPLE_PLAN["source_title"]).exists()


def test_import_lists_every_error_then_imports_a_good_file(world, tmp_path, capsys):
    bad = workbook(world, tmp_path, start="31/02/2026", authority_body="")
    assert main(["workplans", "import", str(bad), "--user", "bithu"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "Nhiệm vụ, dòng 2, cột K (Ngày bắt đầu): Ngày 31/02/2026 không tồn tại: tháng 2/2026 có 28 ngày.",
        "Nhiệm vụ, dòng 2, cột Q (Người/cơ quan quyết định): Chưa rõ thẩm quyền: thiếu người hoặc cơ quan"
        " quyết định.",
    ]
    assert "nothing was written" in err and not imported()

    good = workbook(world, tmp_path)
    assert main(["workplans", "import", str(good), "--user", "bithu", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "dry_run" and not imported()
    assert main(["workplans", "import", str(good), "--user", "bithu"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "status": "written",
        "plans_created": 1,
        "tasks_created": 1,
        "milestones_created": 2,
    }
    assert imported()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["workplans", "import", "missing.xlsx", "--user", "bithu"], "does not exist"),
        (["workplans", "close", "--province", "31", "--month", "2026-13", "--user", "tinh"], "valid month"),
        (["workplans", "close", "--province", "99", "--month", "2026-10", "--user", "tinh"], "no province"),
        (
            ["workplans", "close", "--province", "31", "--month", "2026-10", "--user", "bithu"],
            "may not close",
        ),
        (["workplans", "export", "out.txt", "--user", "tinh"], "must end in .xlsx"),
        (["workplans", "export", "out.xlsx", "--user", "nobody"], "No active user"),
        (["workplans", "export", "out.xlsx", "--user", "canbo_a"], "may not export"),
    ],
)
def test_bad_input_is_a_bilingual_error_with_status_2(world, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and message in err
    assert not MonthClose.objects.exists()


def test_a_commune_user_may_not_import(world, tmp_path, capsys):
    assert main(["workplans", "import", str(workbook(world, tmp_path)), "--user", "canbo_a"]) == 2
    assert "may not assign work" in capsys.readouterr().err and not imported()


def test_export_writes_the_users_scope(world, tmp_path, capsys):
    out = tmp_path / "board.xlsx"
    assert main(["workplans", "export", str(out), "--user", "bithu", "--commune", world["a"]]) == 0
    assert json.loads(capsys.readouterr().out) == {"file": str(out), "tasks": 1}
    rows = list(load_workbook(out, read_only=True)["Nhiệm vụ"].iter_rows(values_only=True))
    assert rows[2][3] == world["task"].title and rows[2][4] == "Lê Thị Chủ"


def test_close_prints_the_months_counts_in_words_and_is_final(world, capsys):
    argv = ["workplans", "close", "--province", "31", "--month", "2026-10", "--user", "tinh"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Đã chốt tháng 10/2026 của" in out
    assert "Không hoàn thành / Not done: 1 nhiệm vụ / tasks" in out  # never reported: not done
    assert "Tỷ lệ đúng hạn / on-time share: 0,0% (0/1)" in out
    assert main(argv) == 2
    assert "already closed" in capsys.readouterr().err


def test_template_writes_the_empty_workbook(tmp_path, db, capsys):
    out = tmp_path / "mau.xlsx"
    assert main(["workplans", "template", str(out)]) == 0
    assert load_workbook(out, read_only=True).sheetnames == ["Kế hoạch", "Nhiệm vụ", "Hướng dẫn"]
