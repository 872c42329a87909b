"""Checks of a problem document's parts, each refusing bad input with a reason in Vietnamese and English."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from cadre.core.errors import BilingualError

PAIR_COLUMNS = ("candidate", "post", "cost", "non_local")
# Costs and distances beyond this are input errors, not burdens: sums of thousands of them must stay exact
# to well below a unit in double precision.
MAX_MAGNITUDE = 1e12


class ProblemError(BilingualError):
    """A problem document that cannot be solved as written, with the reason in Vietnamese and in English."""


def fail(vi: str, en: str) -> ProblemError:
    return ProblemError(vi, en)


def list_of_objects(document: dict, key: str) -> list[dict]:
    value = document.get(key)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise fail(f"Mục «{key}» phải là một danh sách đối tượng.", f"'{key}' must be a list of objects.")
    return value


def ids(items: list[dict], what_vi: str, what_en: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, item in enumerate(items):
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            raise fail(
                f"{what_vi} thứ {position + 1} không có «id» dạng chuỗi.",
                f"{what_en} number {position + 1} has no string 'id'.",
            )
        if ident in index:
            raise fail(f"{what_vi} «{ident}» bị trùng.", f"Duplicate {what_en.lower()} id '{ident}'.")
        index[ident] = position
    return index


def pair_columns(pairs: Any) -> dict[str, list]:
    """Pairs as columns, whichever way the document gave them."""
    if isinstance(pairs, dict):
        missing = [c for c in PAIR_COLUMNS if not isinstance(pairs.get(c), list)]
        if missing:
            raise fail(
                f"Cột cặp thiếu hoặc không phải danh sách: {', '.join(missing)}.",
                f"Pair columns missing or not lists: {', '.join(missing)}.",
            )
        lengths = {len(pairs[c]) for c in PAIR_COLUMNS} | (
            {len(pairs["km"])} if isinstance(pairs.get("km"), list) else set()
        )
        if len(lengths) != 1:
            raise fail("Các cột cặp không cùng độ dài.", "The pair columns have different lengths.")
        return {c: pairs[c] for c in (*PAIR_COLUMNS, "km") if c in pairs}
    if not isinstance(pairs, list) or not all(isinstance(p, dict) for p in pairs):
        raise fail(
            "Mục «pairs» phải là danh sách đối tượng hoặc các cột.",
            "'pairs' must be a list of objects or columns.",
        )
    for number, pair in enumerate(pairs, start=1):
        missing = [c for c in PAIR_COLUMNS if c not in pair]
        if missing:
            raise fail(
                f"Cặp thứ {number} thiếu {', '.join(missing)}.", f"Pair {number} lacks {', '.join(missing)}."
            )
    columns = {c: [p[c] for p in pairs] for c in PAIR_COLUMNS}
    if pairs and all("km" in p for p in pairs):
        columns["km"] = [p["km"] for p in pairs]
    return columns


def lookup(index: dict[str, int], values: list, column: str) -> np.ndarray:
    try:
        return np.array(list(map(index.__getitem__, values)), dtype=np.int32)
    except (KeyError, TypeError):
        unknown = next(v for v in values if not isinstance(v, str) or v not in index)
        what_vi = "ứng viên" if column == "candidate" else "vị trí"
        raise fail(
            f"Cặp nêu {what_vi} không có trong bài toán: «{unknown}».",
            f"A pair names an unknown {column}: '{unknown}'.",
        ) from None


def numbers(values: list, name: str) -> np.ndarray:
    if not set(map(type, values)) <= {int, float}:  # bool is not a number here, nor is "5"
        raise fail(f"Cột «{name}» có giá trị không phải số.", f"The '{name}' column has a non-number.")
    try:
        array = np.asarray(values, dtype=np.float64)
    except OverflowError:
        array = np.array([np.inf])
    if not np.isfinite(array).all():
        raise fail(
            f"Cột «{name}» có giá trị không hữu hạn (NaN hoặc vô cực).",
            f"The '{name}' column has a non-finite value (NaN or infinity).",
        )
    if len(array) and np.abs(array).max() > MAX_MAGNITUDE:
        raise fail(
            f"Cột «{name}» có giá trị quá lớn (trị tuyệt đối phải ≤ {MAX_MAGNITUDE:.0e}).",
            f"The '{name}' column has a value too large (its size must be at most {MAX_MAGNITUDE:.0e}).",
        )
    return array


def check_locks(must: list, must_not: list, candidates: list, posts: list) -> None:
    """Locks that contradict each other are refused by name, rather than one silently undoing another."""
    for position, (c, p) in enumerate(must):
        for other_c, other_p in must[:position]:
            if c == other_c or p == other_p:
                raise fail(
                    f"Hai khóa «bắt buộc» mâu thuẫn: ({candidates[other_c]['id']}, {posts[other_p]['id']}) và "
                    f"({candidates[c]['id']}, {posts[p]['id']}).",
                    f"Two 'must' locks contradict each other: ({candidates[other_c]['id']}, "
                    f"{posts[other_p]['id']}) and ({candidates[c]['id']}, {posts[p]['id']}).",
                )
        if (c, p) in must_not:
            raise fail(
                f"Cặp ({candidates[c]['id']}, {posts[p]['id']}) vừa bị bắt buộc vừa bị cấm.",
                f"The pair ({candidates[c]['id']}, {posts[p]['id']}) is both required and forbidden.",
            )


def read_json(path) -> Any:
    """A problem file's JSON, or a ProblemError saying what is wrong with the file (missing, a folder, not
    UTF-8, unreadable, nested too deeply, or not JSON, with the line and column)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as error:
        raise ProblemError(f"Không tìm thấy tệp «{path}».", f"The file '{path}' does not exist.") from error
    except UnicodeDecodeError as error:
        raise ProblemError(
            f"Tệp «{path}» không phải văn bản UTF-8.", f"The file '{path}' is not UTF-8 text."
        ) from error
    except IsADirectoryError as error:
        raise ProblemError(
            f"«{path}» là một thư mục, không phải tệp.", f"'{path}' is a folder, not a file."
        ) from error
    except OSError as error:
        raise ProblemError(
            f"Không đọc được tệp «{path}» ({error.strerror}).",
            f"Cannot read the file '{path}' ({error.strerror}).",
        ) from error
    except RecursionError as error:
        raise ProblemError(
            f"Tệp «{path}» lồng nhau quá sâu để là một bài toán.", f"The file '{path}' is nested too deeply."
        ) from error
    except json.JSONDecodeError as error:
        raise ProblemError(
            f"Tệp «{path}» không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno}: {error.msg}).",
            f"The file '{path}' is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).",
        ) from error
