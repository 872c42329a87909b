"""`cadre calc retirement`, `quota` and `exit`, run as separate processes: they need neither the database nor
Django."""

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


# ---- `cadre calc quota` and `cadre calc exit` ------------------------------------------------------------


def calc_command(tmp_path, command, *argv, stdin=None):
    # As `calc` above, for any calc command: the working directory (not tmp_path, which may hold the input
    # file) must stay empty.
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "no_such_settings",
        "CADRE_DATA_DIR": str(cwd / "var"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "cadre.cli", "calc", command, *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        input=stdin,
        timeout=60,
    )
    assert list(cwd.iterdir()) == []
    return done


def assert_refused_in_both_languages(done):
    assert done.returncode == 2 and done.stdout == ""
    assert "Lỗi:" in done.stderr and "Error:" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["--population", "16000", "--kind", "commune"], 32),
        (["--population", "16999", "--kind", "commune", "--mountain"], 32),
        (["--population", "17000", "--kind", "commune", "--mountain"], 33),
        (["--population", "18000", "--kind", "commune"], 33),  # 2,000 above 16,000: one step elsewhere
        (["--population", "99999", "--kind", "commune", "--mountain"], 50),
        (["--population", "99999", "--kind", "ward"], 70),
    ],
)
def test_quota_prints_the_quota_first(tmp_path, argv, expected):
    done = calc_command(tmp_path, "quota", *argv, "--date", "2025-07-01")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert next(iter(result)) == "quota" and result["quota"] == expected
    assert result["unverified"] is True


@pytest.mark.parametrize(
    "argv",
    [
        ["--population", "-1", "--kind", "commune"],
        ["--population", "16000.5", "--kind", "commune"],
        ["--population", "mười nghìn", "--kind", "commune"],
        ["--population", "16000", "--kind", "town"],
        ["--population", "16000", "--kind", "commune", "--date", "2025-02-30"],
        ["--population", "16000", "--kind", "commune", "--date", "2025-05-29"],  # before the rule
    ],
)
def test_quota_bad_input_exits_2_in_both_languages(tmp_path, argv):
    assert_refused_in_both_languages(calc_command(tmp_path, "quota", *argv))


CASE = {
    "scheme": "decree-178",
    "kind": "early_retirement",
    "birth_date": "1965-08-20",  # 61y9m: retires end of May 2027, pension from 01/06/2027
    "sex": "male",
    "salary_coefficient": 4.0,
    "position_allowance_coefficient": 0.2,
    "public_service_allowance_pct": 25,
    "social_insurance_months": 360,
    "restructuring_decision_date": "2025-03-01",
    "leave_date": "2025-06-01",
}


def exit_case(tmp_path, text):
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_exit_prints_the_components_and_the_total(tmp_path):
    done = calc_command(tmp_path, "exit", "--input", exit_case(tmp_path, json.dumps(CASE)))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # L = (4.0 + 0.2) × 2,340,000 (base salary of May 2025) × 1.25 = 12,285,000; 24 months early
    assert list(result)[:4] == ["monthly_salary", "months_early", "components", "total"]
    assert result["monthly_salary"] == 12_285_000 and result["months_early"] == 24
    assert result["components"] == [
        {"name": "one_time_pension", "formula": "L × 1.0 × 24", "amount": 294_840_000},  # L × 24
        {"name": "early_years", "formula": "L × 5 × 2", "amount": 122_850_000},  # L × 10
        {"name": "service_allowance", "formula": "L × (5 + 0.5 × (30 − 20))", "amount": 122_850_000},
    ]
    assert result["total"] == 540_540_000  # L × 44


def test_exit_reads_the_case_from_stdin(tmp_path):
    # Decree 178 quitting, the Ministry of Home Affairs' example: coefficient 3.66, 25%, 15 insured years,
    # leaving 01/06/2025: L = 3.66 × 2,340,000 × 1.25 = 10,705,500;
    # 60 × 0.8 × L = 513,864,000; 15 × 1.5 × L = 240,873,750; 3 × L = 32,116,500; total 786,854,250.
    case = CASE | {
        "kind": "quit",
        "birth_date": "1985-05-10",
        "salary_coefficient": 3.66,
        "position_allowance_coefficient": 0,
        "social_insurance_months": 180,
    }
    done = calc_command(tmp_path, "exit", "--input", "-", stdin=json.dumps(case))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [c["amount"] for c in result["components"]] == [513_864_000, 240_873_750, 32_116_500]
    assert result["total"] == 786_854_250


@pytest.mark.parametrize(
    "text",
    [
        '{"scheme": "decree-178",',  # malformed JSON
        "[1, 2]",
        json.dumps({k: v for k, v in CASE.items() if k not in ("sex", "leave_date")}),  # missing fields
        json.dumps(CASE | {"leave_date": "2025-02-30"}),  # a date that does not exist
        json.dumps(CASE | {"salary_coefficient": -4.0}),
        json.dumps(CASE | {"position_allowance_coefficient": -0.2}),
        json.dumps(CASE | {"scheme": "decree-999"}),
        json.dumps(CASE | {"kind": "retire"}),
        json.dumps(CASE | {"birth_date": "1973-06-20"}),  # 121 months early: more than 10 years
        json.dumps(
            CASE | {"kind": "quit", "birth_date": "1965-07-20", "social_insurance_months": 120}
        ),  # 23 months
        json.dumps(CASE | {"restructuring_decision_date": "2025-06-02"}),  # leaves before the decision
    ],
)
def test_exit_bad_or_uncovered_cases_exit_2_in_both_languages(tmp_path, text):
    assert_refused_in_both_languages(calc_command(tmp_path, "exit", "--input", exit_case(tmp_path, text)))


def test_exit_without_the_file_exits_2(tmp_path):
    assert_refused_in_both_languages(calc_command(tmp_path, "exit", "--input", str(tmp_path / "none.json")))


# ---- the regime on the dates (issue 15) ----------------------------------------------------------------------

# Born 20/06/1966: pension from 01/07/2028 (62y0m). L = 4.2 × 2,340,000 × 1.25 = 12,285,000; 30 insured years.
LATE = {k: v for k, v in CASE.items() if k not in ("scheme", "kind")} | {
    "birth_date": "1966-06-20",
    "exit_decision_date": "2025-09-01",
    "leave_date": "2025-09-02",
}


def test_exit_refuses_a_decree_178_case_decided_after_31_august_with_the_reason(tmp_path):
    case = LATE | {"scheme": "decree-178", "kind": "early_retirement"}
    done = calc_command(tmp_path, "exit", "--input", "-", stdin=json.dumps(case))
    assert_refused_in_both_languages(done)
    assert "Nghị định 178 đã kết thúc" in done.stderr and "31/08/2025" in done.stderr
    assert "Decree 178 has closed" in done.stderr and "6383/BNV-TCBC" in done.stderr


def test_exit_without_a_scheme_computes_the_same_case_under_decree_154_and_says_why(tmp_path):
    done = calc_command(tmp_path, "exit", "--input", "-", stdin=json.dumps(LATE))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # 02/09/2025 → 01/07/2028: 33 months = 2 years 9 months → 3 years: 12,285,000 × (5 × 3 + (5 + 0.5 × 10))
    assert (result["scheme"], result["kind"]) == ("decree-154", "early_retirement")
    assert result["months_early"] == 33 and result["total"] == 307_125_000
    assert result["regime"]["scheme"] == "decree-154"
    assert "Nghị định 178 đã kết thúc" in result["regime"]["reason_vi"]
    assert "Early retirement (Decree 154) applies" in result["regime"]["reason_en"]
    (refund,) = result["conditions"]
    assert refund["amount"] == 307_125_000 and refund["until"] == "2030-09-01"


def test_exit_with_a_scheme_before_the_closing_gives_the_ministrys_early_retirement_example(tmp_path):
    # Official Letter 1814/BNV-TCBC, Mr Nguyễn Văn C: L = 5.25 × 2,340,000 × 1.25 = 15,356,250, 30 months early:
    # 30 × L + 2.5 × 5 × L + 6 × L = 460,687,500 + 191,953,125 + 92,137,500 = 744,778,125 (the components the
    # Ministry publishes; its printed total, as reported, is 744,788,125, which is not their sum).
    case = CASE | {
        "birth_date": "1966-01-15",
        "salary_coefficient": 4.65,
        "position_allowance_coefficient": 0.6,
        "social_insurance_months": 264,
        "leave_date": "2025-05-01",
    }
    done = calc_command(tmp_path, "exit", "--input", "-", stdin=json.dumps(case))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [c["amount"] for c in result["components"]] == [460_687_500, 191_953_125, 92_137_500]
    assert result["total"] == 744_778_125


def test_exit_with_no_regime_open_exits_2_with_each_reason(tmp_path):
    case = LATE | {"kind": "early_retirement", "leave_date": "2031-01-01", "exit_decision_date": "2030-12-01"}
    done = calc_command(tmp_path, "exit", "--input", "-", stdin=json.dumps(case))
    assert_refused_in_both_languages(done)
    assert "31/12/2030" in done.stderr


@pytest.mark.parametrize(
    "changes",
    [
        {"exit_decision_date": "2025-09-31"},  # no such day
        {"exit_decision_date": "2025-09-03"},  # after the leave date
        {"leave_date": "2025-13-01"},
    ],
)
def test_exit_bad_decision_dates_exit_2(tmp_path, changes):
    done = calc_command(tmp_path, "exit", "--input", "-", stdin=json.dumps(LATE | changes))
    assert_refused_in_both_languages(done)


def test_exit_names_the_case_files_fields_in_its_refusal(tmp_path):
    done = calc_command(
        tmp_path, "exit", "--input", exit_case(tmp_path, json.dumps(CASE | {"salary_coefficient": -4.0}))
    )
    assert_refused_in_both_languages(done)
    assert "salary_coefficient: hệ số lương phải lớn hơn 0" in done.stderr
    assert "salary_coefficient: the salary coefficient must be more than 0" in done.stderr


def test_exit_without_a_scheme_asks_for_the_restructuring_date_while_decree_178_may_apply(tmp_path):
    # Leaving 01/07/2025 with no restructuring decision date: Decree 178 may apply, so no regime is picked.
    case = {k: v for k, v in LATE.items() if k not in ("restructuring_decision_date", "exit_decision_date")}
    done = calc_command(
        tmp_path, "exit", "--input", exit_case(tmp_path, json.dumps(case | {"leave_date": "2025-07-01"}))
    )
    assert_refused_in_both_languages(done)
    assert "Nghị định 178 có thể áp dụng" in done.stderr
    assert (
        "Decree 178 may apply to leaving on 01/07/2025: give the restructuring decision date" in done.stderr
    )


def test_exit_with_decree_154_asked_while_decree_178_covers_the_case_is_refused(tmp_path):
    # Leaving 01/07/2025 on a restructuring decision of 01/03/2025, decided 01/06/2025: Decree 178 covers the case,
    # and Decree 154 does not cover Decree 178's cases, as the person's page says.
    case = LATE | {
        "scheme": "decree-154",
        "kind": "early_retirement",
        "exit_decision_date": "2025-06-01",
        "leave_date": "2025-07-01",
    }
    done = calc_command(tmp_path, "exit", "--input", "-", stdin=json.dumps(case))
    assert_refused_in_both_languages(done)
    assert "Nghị định 178" in done.stderr and "Decree 178" in done.stderr
