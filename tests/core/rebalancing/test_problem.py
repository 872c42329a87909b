"""The rebalancing problem document: what is accepted, and a clear bilingual error naming the item otherwise."""

import copy
import json

import numpy as np
import pytest

from cadre.core.rebalancing.problem import ProblemError, canonical_sha256, load_problem, parse_problem


def small() -> dict:
    return {
        "version": 1,
        "units": [
            {"id": "A", "quota": {"ke_toan": 1, "dia_chinh": 2}},
            {"id": "B", "quota": {"ke_toan": 2}},
            {"id": "C", "quota": {}},
        ],
        "staff": [
            {"id": "s1", "unit": "A", "position": "ke_toan", "destinations": [{"unit": "B", "cost": 4.5}]},
            {"id": "s2", "unit": "A", "position": "ke_toan", "destinations": []},
            {"id": "s3", "unit": "C", "position": "dia_chinh", "destinations": [{"unit": "A", "cost": 2}]},
        ],
    }


def test_reads_units_quotas_staff_and_destinations_into_cells():
    problem = parse_problem(small())
    assert problem.position_ids == ["dia_chinh", "ke_toan"]
    cells = {
        (problem.unit_ids[u], problem.position_ids[p]): int(q)
        for u, p, q in zip(problem.cell_unit, problem.cell_position, problem.cell_quota, strict=True)
    }
    # C has no quota for dia_chinh: quota 0 there, and B's ke_toan cell exists as s1's destination.
    assert cells == {("A", "dia_chinh"): 2, ("A", "ke_toan"): 1, ("B", "ke_toan"): 2, ("C", "dia_chinh"): 0}
    assert problem.dest_ptr.tolist() == [0, 1, 1, 2]
    assert problem.dest_cost.tolist() == [4.5, 2.0]
    assert problem.holders().tolist() == [0, 2, 0, 1]  # cells in (unit, position) order
    assert problem.deficits(problem.holders()).tolist() == [2, 0, 2, 0]


def test_the_hash_ignores_formatting_and_key_order_but_not_content():
    document = small()
    same = json.loads(json.dumps(document, indent=3))
    same["units"][0]["quota"] = {"dia_chinh": 2, "ke_toan": 1}  # the other key order
    same["units"][0]["label"] = "Xã A"  # ignored extras
    assert canonical_sha256(same) == canonical_sha256(document)
    changed = copy.deepcopy(document)
    changed["staff"][0]["destinations"][0]["cost"] = 4.6
    assert canonical_sha256(changed) != canonical_sha256(document)
    changed = copy.deepcopy(document)
    changed["units"][1]["quota"]["ke_toan"] = 3
    assert canonical_sha256(changed) != canonical_sha256(document)
    assert len(canonical_sha256(document)) == 64


def test_whole_number_floats_are_quotas_and_parsing_leaves_the_document_untouched():
    document = small()
    document["units"][1]["quota"]["ke_toan"] = 2.0
    before = copy.deepcopy(document)
    problem = parse_problem(document)
    assert document == before
    assert problem.cell_quota.dtype == np.int64 and 2 in problem.cell_quota.tolist()


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _append_staff(person):
    return lambda document: document["staff"].append(person)


BAD = {
    "no version": (lambda d: d.pop("version"), "Unsupported problem version None", "Phiên bản"),
    "version 2": (_set(["version"], 2), "Unsupported problem version 2", "Phiên bản"),
    "version true": (_set(["version"], True), "Unsupported problem version True", "Phiên bản"),
    "units not a list": (_set(["units"], {}), "'units' must be a list of objects", "«units»"),
    "duplicate unit": (_set(["units", 2, "id"], "A"), "Duplicate unit id 'A'", "«A» bị trùng"),
    "duplicate staff": (_set(["staff", 1, "id"], "s1"), "Duplicate staff member id 's1'", "«s1» bị trùng"),
    "unit without id": (_set(["units", 1, "id"], 5), "Unit number 2 has no string 'id'", "thứ 2"),
    "quota not an object": (_set(["units", 0, "quota"], [1]), "Unit 'A': 'quota' must be an object", "«A»"),
    "negative quota": (_set(["units", 1, "quota", "ke_toan"], -1), "unit 'B', position 'ke_toan'", "«B»"),
    "fractional quota": (_set(["units", 1, "quota", "ke_toan"], 1.5), "not 1.5", "«ke_toan»"),
    "text quota": (_set(["units", 1, "quota", "ke_toan"], "2"), "not '2'", "«B»"),
    "boolean quota": (_set(["units", 1, "quota", "ke_toan"], True), "not True", "«B»"),
    "huge quota": (_set(["units", 1, "quota", "ke_toan"], 10**9), "0 to 100000", "«B»"),
    "nan quota": (_set(["units", 1, "quota", "ke_toan"], float("nan")), "not nan", "«B»"),
    "nameless position": (_set(["units", 1, "quota", ""], 1), "position with no name", "«B»"),
    "unknown staff unit": (_set(["staff", 1, "unit"], "Z"), "'s2' belongs to an unknown unit: 'Z'", "«Z»"),
    "no position": (_set(["staff", 1, "position"], None), "'s2' has no string 'position'", "«s2»"),
    "destinations missing": (_set(["staff", 1, "destinations"], None), "'s2': 'destinations'", "«s2»"),
    "unknown destination": (
        _set(["staff", 0, "destinations", 0, "unit"], "Q"),
        "'s1' has an unknown destination unit: 'Q'",
        "«Q»",
    ),
    "own unit as destination": (
        _set(["staff", 0, "destinations", 0, "unit"], "A"),
        "'s1' lists their own unit 'A'",
        "«A»",
    ),
    "duplicate destination": (
        _set(["staff", 0, "destinations"], [{"unit": "B", "cost": 1}, {"unit": "B", "cost": 2}]),
        "'s1' lists the destination 'B' twice",
        "«B» hai lần",
    ),
    "negative cost": (_set(["staff", 2, "destinations", 0, "cost"], -1), "'s3' to 'A'", "«s3» đến «A»"),
    "nan cost": (_set(["staff", 2, "destinations", 0, "cost"], float("nan")), "not nan", "«s3»"),
    "infinite cost": (_set(["staff", 2, "destinations", 0, "cost"], float("inf")), "not inf", "«s3»"),
    "text cost": (_set(["staff", 2, "destinations", 0, "cost"], "3"), "not '3'", "«s3»"),
    "boolean cost": (_set(["staff", 2, "destinations", 0, "cost"], False), "not False", "«s3»"),
    "missing cost": (_set(["staff", 2, "destinations", 0], {"unit": "A"}), "not None", "«s3»"),
    "huge cost": (_set(["staff", 0, "destinations", 0, "cost"], 2e12), "'s1' to 'B'", "«s1» đến «B»"),
    "enormous integer cost": (_set(["staff", 0, "destinations", 0, "cost"], 10**400), "'s1' to 'B'", "«s1»"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_documents_are_refused_with_a_reason_naming_the_item(name):
    change, english, vietnamese = BAD[name]
    document = small()
    change(document)
    with pytest.raises(ProblemError) as caught:
        parse_problem(document)
    assert english in caught.value.message_en
    assert vietnamese in caught.value.message_vi


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(ProblemError, match="must be a JSON object"):
        parse_problem([small()])


def test_a_file_that_is_not_json_names_the_line_and_a_missing_file_is_named(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text('{"version": 1,\n "units": [,]}', encoding="utf-8")
    with pytest.raises(ProblemError) as caught:
        load_problem(path)
    assert "line 2" in caught.value.message_en and "dòng 2" in caught.value.message_vi
    with pytest.raises(ProblemError, match="does not exist"):
        load_problem(tmp_path / "missing.json")
    path.write_text(json.dumps(small()), encoding="utf-8")
    assert load_problem(path).n_staff == 3
