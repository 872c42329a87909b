"""`cadre plan run / export-problem / show / document` over a small province: Lai Châu's 38 communes, each
with a local secretary appointed at the merger, and two department directors from Hải Phòng in the
province's pool."""

import json

import pytest
from docx import Document
from openpyxl import load_workbook

from cadre.cli import main
from cadre.cli.plan import RULE_NAMES
from cadre.core.planning.problem import canonical_sha256
from cadre.rotation.models import PlanRun
from cadre.rotation.report import PLAN_COLUMNS
from cadre.rotation.services import run_plan
from tests.rotation.plans import carried, texts
from tests.rotation.registry import (
    LAI_CHAU,
    ON,
    fixture_lai_chau,  # noqa: F401  (the lai_chau fixture)
)

DATE = ON.isoformat()


def test_a_run_stores_the_plan_with_the_hash_of_the_exported_problem(lai_chau, db, tmp_path, capsys):
    run = run_plan(LAI_CHAU, target=0.05, on=ON)
    assert run.status == "optimal" and run.objective == pytest.approx(run.bound)
    assert {a["candidate"] for a in run.plan["assignments"]} >= {str(o.pk) for o in lai_chau}
    assert len(run.plan["explanation"]["assignments"]) == len(run.problem["posts"]) == 38
    path = tmp_path / "problem.json"
    code = main(
        [
            "plan",
            "export-problem",
            "--province",
            LAI_CHAU,
            "--target",
            "0.05",
            "--date",
            DATE,
            "-o",
            str(path),
        ]
    )
    assert code == 0
    assert canonical_sha256(json.loads(path.read_text(encoding="utf-8"))) == run.problem_sha256


def test_plan_run_prints_the_summary_and_the_plan_id(lai_chau, db, capsys):
    assert main(["plan", "run", "--province", LAI_CHAU, "--target", "0.05", "--date", DATE]) == 0
    out = capsys.readouterr().out
    run = PlanRun.objects.get()
    assert f"plan id: {run.pk}" in out and "0.0% → 5.3%" in out


def test_plan_show_xlsx_has_a_row_per_post_with_the_persons_particulars(lai_chau, db, tmp_path):
    """The workbook speaks to officials: Vietnamese headers and values, real dates shown dd/mm/yyyy, shares as
    %, a frozen header row with filters, sheet names with their diacritics, and the ids only on the technical
    sheet."""
    run = run_plan(LAI_CHAU, target=0.05, on=ON)
    path = tmp_path / "plan.xlsx"
    assert main(["plan", "show", str(run.pk), "--format", "xlsx", "-o", str(path)]) == 0
    book = load_workbook(path)
    assert book.sheetnames == [
        "Phương án",
        "Không đủ điều kiện",
        "Không được bố trí",
        "Tỷ lệ",
        "Hỗ trợ",
        "Hỗ trợ theo năm",
        "Chi tiết kỹ thuật",
    ]
    sheet = book["Phương án"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:K{1 + 38}"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.vi for c in PLAN_COLUMNS]
    assert len(rows) == 1 + 38
    by_header = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    moved = next(r for r in by_header if r["Họ và tên"] == lai_chau[0].full_name)
    assert moved["Ngày sinh"].date().isoformat() == "1985-05-01" and moved["Giới tính"] == "Nam"
    assert moved["Quê quán"] is None  # the factory records no hometown
    assert moved["Ngày nghỉ hưu"].date().isoformat() == "2047-05-31"
    assert moved["Quy hoạch"] == "Cấp tỉnh" and moved["Hình thức"] == "bố trí mới"
    assert moved["Không là người địa phương"] == "Có"
    assert "Không phải người địa phương" in moved["Giải trình"]
    birth = sheet.cell(row=2, column=4)
    assert birth.is_date and birth.number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["K"].width >= 60 and sheet.column_dimensions["B"].width >= 10
    shown = {str(value) for row in rows for value in row}
    assert str(lai_chau[0].pk) not in shown and run.problem_sha256 not in shown  # ids only on the last sheet
    shares = list(book["Tỷ lệ"].iter_rows(values_only=True))
    group = run.plan["metrics"]["groups"][0]
    assert shares[1][:4] == ("Tỉnh Lai Châu", 38, group["share_before"], group["share_after"])
    assert book["Tỷ lệ"].cell(row=2, column=3).number_format == "0.0%"
    unplaced = list(book["Không được bố trí"].iter_rows(values_only=True))
    assert len(unplaced) - 1 == len(run.plan["explanation"]["not_moved"]) == 2
    assert all(row[0] and row[2] for row in unplaced[1:])  # each with their name and the reason
    technical = {row[0]: row[1] for row in book["Chi tiết kỹ thuật"].iter_rows(values_only=True)}
    assert technical["SHA-256 của bài toán"] == run.problem_sha256 and technical["Mã phương án"] == run.pk


def test_plan_show_json_lists_each_assignment_with_its_explanation(lai_chau, db, capsys):
    run = run_plan(LAI_CHAU, target=0.05, on=ON)
    capsys.readouterr()
    assert main(["plan", "show", str(run.pk), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["problem_sha256"] == run.problem_sha256 and len(shown["assignments"]) == 38
    first = shown["assignments"][0]
    assert {"birth_date", "sex", "hometown", "retirement_date", "succession_plan", "explanation"} <= set(
        first
    )
    assert first["explanation"]["kind"] in ("stays", "moves", "new")


def test_an_unreachable_target_gives_the_closest_plan_labelled_with_the_reason(lai_chau, db, capsys):
    # Two non-local people for 38 posts: a 50% target (19) is out of reach. The province still gets a plan.
    assert main(["plan", "run", "--province", LAI_CHAU, "--target", "0.5", "--date", DATE]) == 0
    out = capsys.readouterr().out
    assert "PHƯƠNG ÁN GẦN NHẤT — KHÔNG ĐÁP ỨNG ĐỦ MỌI YÊU CẦU" in out
    assert "THE CLOSEST PLAN — DOES NOT MEET EVERY REQUIREMENT" in out
    assert (
        "Tỉnh Lai Châu: 2 trong 38 vị trí do người không phải người địa phương đảm nhiệm, cần 19 (thiếu 17)"
        in out
    )
    assert "Tỉnh Lai Châu needs at least 19 of 38 posts held by non-local people, at most 2" in out
    assert "chỉ tiêu cao nhất có thể đạt là 5,2%" in out
    assert "«12»" not in out and "'12'" not in out  # the province by name, not its code
    run = PlanRun.objects.get()
    assert run.status == "optimal" and run.plan["requirements_met"] is False
    assert (
        run.plan["closest"]["proof"]["shortfall"] == 17 and run.plan["closest"]["proof"]["shortfall_proven"]
    )
    assert len(run.plan["assignments"]) == 38  # every post filled: only the target is missed


def test_the_strict_answer_is_kept_for_a_run_that_asks_for_it(lai_chau, db):
    run = run_plan(LAI_CHAU, target=0.5, on=ON, when_infeasible="strict")
    assert run.status == "infeasible" and "closest" not in run.plan
    assert "Tỉnh Lai Châu cần ít nhất 19 trong 38 vị trí" in run.plan["diagnosis"]["message_vi"]


def test_plan_run_counts_the_rules_that_kept_people_out(lai_chau, db, capsys):
    # Twenty years on, many have too little service left: the committee sees what limits the plan.
    main(["plan", "run", "--province", LAI_CHAU, "--date", "2046-07-01"])
    out = capsys.readouterr().out
    run = PlanRun.objects.get()
    counts = {}
    for person in run.plan["excluded"]:
        for reason in person["reasons"]:
            counts[reason["rule"]] = counts.get(reason["rule"], 0) + 1
    assert counts["service_left"] > 0
    for rule, count in counts.items():
        vi, en = RULE_NAMES[rule]
        assert f"{count:>4} × {vi} / {en}" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "run", "--province", "99"],
        ["plan", "run", "--province", LAI_CHAU, "--target", "1.5"],
        ["plan", "run", "--province", LAI_CHAU, "--target", "ba mươi"],
        ["plan", "run", "--province", LAI_CHAU, "--date", "2026-02-30"],
        ["plan", "show", "424242"],
        ["plan", "show", "abc", "--format", "xlsx"],
        ["plan", "show", "²"],  # a digit to str.isdigit, not to int()
        ["plan", "document", "9" * 5000, "--kind", "proposal"],
    ],
)
def test_bad_input_exits_2_in_both_languages_and_stores_nothing(argv, geography, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and "\nError: " in err
    assert not PlanRun.objects.exists()


def test_export_with_an_impossible_date_writes_nothing(geography, tmp_path, capsys):
    path = tmp_path / "problem.json"
    argv = ["plan", "export-problem", "--province", LAI_CHAU, "--date", "2026-02-30", "-o", str(path)]
    assert main(argv) == 2
    assert not path.exists() and not list(tmp_path.iterdir())


def test_plan_show_to_a_folder_or_a_missing_folder_exits_2_and_leaves_nothing(lai_chau, db, tmp_path, capsys):
    run = run_plan(LAI_CHAU, target=0.05, on=ON)
    for target in (tmp_path, tmp_path / "missing" / "plan.xlsx"):
        assert main(["plan", "show", str(run.pk), "--format", "xlsx", "-o", str(target)]) == 2
        assert "Error: " in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_plan_document_writes_the_docx_or_refuses_with_nothing_written(lai_chau, db, tmp_path, capsys):
    run = run_plan(LAI_CHAU, target=0.05, on=ON)
    path = tmp_path / "quyet-dinh.docx"
    assert main(["plan", "document", str(run.pk), "--kind", "decision", "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        "Lỗi: Phương án luân chuyển Tỉnh Lai Châu" in err
        and "Error: The rotation plan of Tỉnh Lai Châu" in err
    )
    assert "approved or decided" in err
    assert not path.exists()
    run = carried(run, to="decided")
    assert main(["plan", "document", str(run.pk), "--kind", "decision", "-o", str(path)]) == 0
    assert f"written: {path}" in capsys.readouterr().out
    assert "Số 15-QĐ/TU" in texts(Document(path))
    assert main(["plan", "document", str(run.pk), "--kind", "proposal", "-o", str(path)]) == 0
    assert "TỜ TRÌNH" in texts(Document(path))
    assert main(["plan", "document", "404", "--kind", "proposal", "-o", str(tmp_path / "x.docx")]) == 2
    assert "There is no plan with the id '404'" in capsys.readouterr().err
