"""The `cadre` command, run in-process against the test database."""

import json

import pytest

from cadre.cli import build_parser, main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("demo", "serve", "migrate", "geo"):
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [
        ["demo"],
        ["serve"],
        ["migrate"],
        ["geo"],
        ["geo", "load"],
        ["geo", "normalize"],
        ["geo", "distance"],
        ["manage"],
    ],
)
def test_each_subcommand_has_its_own_help(capsys, argv):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([*argv, "--help"])
    assert done.value.code == 0
    assert "usage: cadre" in capsys.readouterr().out


def test_geo_load_ends_with_the_counts_as_json(geography, capsys):
    for _ in range(2):
        status, out, _err = run(capsys, "geo", "load")
        assert status == 0
        assert json.loads(out.strip().splitlines()[-1]) == {
            "provinces": 34,
            "communes": 3321,
            "legacy_communes": 10040,
        }


def test_normalize_prints_json(geography, capsys):
    status, out, _err = run(capsys, "geo", "normalize", "P. Thanh Binh, TP Hai Duong")
    assert status == 0
    placed = json.loads(out)
    assert set(placed) == {"province_code", "province_name", "commune_code", "commune_name", "legacy"}
    assert placed["province_name"] == "Thành phố Hải Phòng"
    assert placed["legacy"]["commune_name"] == "Phường Thanh Bình"


@pytest.mark.parametrize("address", ["", "không có địa chỉ này", "Xã Ma, Tỉnh Hải Dương"])
def test_normalize_refuses_bad_input_with_status_2_in_both_languages(geography, capsys, address):
    status, out, err = run(capsys, "geo", "normalize", address)
    assert status == 2 and out == ""
    assert "Lỗi:" in err and "Error:" in err


def test_distance_between_two_communes_by_code_or_address(geography, capsys):
    status, out, _err = run(capsys, "geo", "distance", "00070", "Phường Sài Gòn, TP Hồ Chí Minh")
    assert status == 0
    result = json.loads(out)
    assert result["from_name"] == "Phường Hoàn Kiếm" and result["to_name"] == "Phường Sài Gòn"
    assert 1130 < result["km"] < 1150
