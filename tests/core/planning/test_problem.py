"""The problem document: what is accepted, and a clear bilingual error for everything else."""

import copy
import json

import pytest

from cadre.core.planning.problem import ProblemError, load_problem, parse_problem


def small() -> dict:
    return {
        "version": 1,
        "posts": [
            {"id": "P1", "group": "31", "incumbent": "A"},
            {"id": "P2", "group": "31", "incumbent": None},
        ],
        "candidates": [{"id": "A"}, {"id": "B"}, {"id": "C"}],
        "pairs": [
            {"candidate": "A", "post": "P1", "cost": 1, "non_local": False},
            {"candidate": "B", "post": "P1", "cost": 5, "non_local": True},
            {"candidate": "B", "post": "P2", "cost": 3, "non_local": True},
            {"candidate": "C", "post": "P2", "cost": 2.5, "non_local": False},
        ],
        "floors": [{"group": "31", "min_non_local_share": 0.3}],
        "options": {"time_limit_s": 10},
    }


def test_reads_the_rows_and_the_columns_form_alike():
    rows = parse_problem(small())
    document = small()
    pairs = document["pairs"]
    document["pairs"] = {key: [p[key] for p in pairs] for key in ("candidate", "post", "cost", "non_local")}
    columns = parse_problem(document)
    assert rows.n_posts == columns.n_posts == 2
    assert rows.pair_cost.tolist() == columns.pair_cost.tolist() == [1, 5, 3, 2.5]
    assert rows.pair_non_local.tolist() == [False, True, True, False]
    assert rows.incumbent.tolist() == [0, -1]
    assert rows.time_limit_s == 10
    # 30% of two posts is 0.6, so one non-local holder is required.
    assert [required for _, _, required in rows.floor_requirements()] == [1]


def test_a_share_times_posts_that_is_whole_is_not_rounded_up_by_floating_point_noise():
    document = small()
    document["posts"] = [{"id": f"P{i}", "group": "g", "incumbent": None} for i in range(10)]
    document["pairs"] = [{"candidate": "A", "post": f"P{i}", "cost": 1, "non_local": True} for i in range(10)]
    document["floors"] = [{"group": "g", "min_non_local_share": 0.3}]
    assert [required for _, _, required in parse_problem(document).floor_requirements()] == [3]


def test_the_hash_ignores_formatting_but_not_content():
    a = parse_problem(small())
    b = parse_problem(json.loads(json.dumps(small(), indent=4)))
    changed = small()
    changed["pairs"][0]["cost"] = 2
    assert a.sha256 == b.sha256
    assert parse_problem(changed).sha256 != a.sha256


def _broken(change):
    document = small()
    change(document)
    return document


BAD = {
    "unknown candidate": (lambda d: d["pairs"][0].update(candidate="Z"), "unknown candidate: 'Z'"),
    "unknown post": (lambda d: d["pairs"][0].update(post="P9"), "unknown post: 'P9'"),
    "duplicate pair": (lambda d: d["pairs"].append(dict(d["pairs"][0])), "Duplicate pair (A, P1)"),
    "negative share": (lambda d: d["floors"][0].update(min_non_local_share=-0.1), "from 0 to 1"),
    "share above one": (lambda d: d["floors"][0].update(min_non_local_share=1.5), "from 0 to 1"),
    "infinite cost": (lambda d: d["pairs"][1].update(cost=float("inf")), "non-finite"),
    "NaN cost": (lambda d: d["pairs"][1].update(cost=float("nan")), "non-finite"),
    "text cost": (lambda d: d["pairs"][1].update(cost="5"), "non-number"),
    "duplicate post": (lambda d: d["posts"].append(dict(d["posts"][0])), "Duplicate post id 'P1'"),
    "floor of no group": (lambda d: d["floors"].append({"group": "99", "min_non_local_share": 0.5}), "'99'"),
    "version 2": (lambda d: d.update(version=2), "Unsupported problem version"),
    "flag not boolean": (lambda d: d["pairs"][0].update(non_local="no"), "true or false"),
    "missing field": (lambda d: d["pairs"][0].pop("cost"), "lacks cost"),
    "incumbent twice": (lambda d: d["posts"][1].update(incumbent="A"), "incumbent of two posts"),
    "zero time limit": (lambda d: d["options"].update(time_limit_s=0), "time_limit_s"),
    "one person locked to two posts": (
        lambda d: d.update(
            locks=[
                {"candidate": "B", "post": "P1", "kind": "must"},
                {"candidate": "B", "post": "P2", "kind": "must"},
            ]
        ),
        "Two 'must' locks contradict each other: (B, P1) and (B, P2)",
    ),
    "a pair required and forbidden": (
        lambda d: d.update(
            locks=[
                {"candidate": "A", "post": "P1", "kind": "must"},
                {"candidate": "A", "post": "P1", "kind": "must_not"},
            ]
        ),
        "both required and forbidden",
    ),
    "lock on no pair": (
        lambda d: d.update(locks=[{"candidate": "A", "post": "P2", "kind": "must"}]),
        "not eligible",
    ),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_documents_are_refused_with_a_reason_in_both_languages(name):
    change, expected = BAD[name]
    with pytest.raises(ProblemError) as raised:
        parse_problem(_broken(change))
    assert expected in raised.value.message_en
    assert raised.value.message_vi and raised.value.message_vi != raised.value.message_en


def test_columns_of_different_lengths_are_refused():
    document = small()
    document["pairs"] = {"candidate": ["A"], "post": ["P1", "P2"], "cost": [1], "non_local": [True]}
    with pytest.raises(ProblemError, match="different lengths"):
        parse_problem(document)


def test_a_file_that_is_not_json_names_the_line(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text('{"version": 1,\n "posts": [}', encoding="utf-8")
    with pytest.raises(ProblemError, match="line 2"):
        load_problem(path)
    with pytest.raises(ProblemError, match="does not exist"):
        load_problem(tmp_path / "missing.json")


def test_parsing_leaves_the_document_untouched():
    document = small()
    before = copy.deepcopy(document)
    parse_problem(document)
    assert document == before
