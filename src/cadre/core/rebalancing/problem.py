"""The staff rebalancing problem document (version 1): units with quotas, and staff who may move.

Điều động, sắp xếp cán bộ, công chức (staff rebalancing) between communes after the 2025 merger: some units hold
more people in a position than their quota (biên chế), others fewer. Each staff member either stays or moves to
one of the units listed for them, keeping their position. The problem is validated here, once, into arrays.

Document (JSON):
    {"version": 1,
     "units": [{"id": str, "quota": {position: int}}],
     "staff": [{"id": str, "unit": str, "position": str, "destinations": [{"unit": str, "cost": number}]}]}

A position missing from a unit's quota has quota 0 there. Other keys (labels, names) are allowed and ignored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from cadre.core.planning.checks import MAX_MAGNITUDE, ProblemError, fail, ids, list_of_objects, read_json

VERSION = 1
# A quota is a number of people in one position of one commune: tens at most. Far beyond that is a typing error,
# and it would also spoil the solver's integer arithmetic.
MAX_QUOTA = 100_000

__all__ = [
    "MAX_QUOTA",
    "VERSION",
    "Problem",
    "ProblemError",
    "canonical_sha256",
    "load_problem",
    "parse_problem",
]


@dataclass
class Problem:
    """A validated problem as arrays.

    A *cell* is one (unit, position) pair that appears anywhere in the problem: in a quota, as a staff member's
    own place, or as a destination (a destination keeps the staff member's position). Cells are sorted by unit,
    then position. Staff member `s` sits in cell `staff_cell[s]`; their destinations are the entries
    `dest_ptr[s]:dest_ptr[s + 1]` of `dest_cell` and `dest_cost` (compressed rows).
    """

    unit_ids: list[str]
    position_ids: list[str]  # sorted
    cell_unit: np.ndarray  # int32, unit index per cell
    cell_position: np.ndarray  # int32, position index per cell
    cell_quota: np.ndarray  # int64
    staff_ids: list[str]
    staff_cell: np.ndarray  # int32
    dest_ptr: np.ndarray  # int64, n_staff + 1
    dest_cell: np.ndarray  # int32
    dest_cost: np.ndarray  # float64, ≥ 0
    sha256: str = ""

    @property
    def n_staff(self) -> int:
        return len(self.staff_ids)

    @property
    def n_cells(self) -> int:
        return len(self.cell_quota)

    @property
    def dest_staff(self) -> np.ndarray:
        """The staff member of each destination entry."""
        return np.repeat(np.arange(self.n_staff, dtype=np.int64), np.diff(self.dest_ptr))

    def holders(self, choice: np.ndarray | None = None) -> np.ndarray:
        """People per cell when staff member `s` takes destination entry `choice[s]` (−1: stays). With no
        choice, everyone stays: the holders before any move."""
        cell = self.staff_cell.astype(np.int64)
        if choice is not None:
            moving = np.flatnonzero(choice >= 0)
            cell[moving] = self.dest_cell[choice[moving]]
        return np.bincount(cell, minlength=self.n_cells)

    def deficits(self, holders: np.ndarray) -> np.ndarray:
        """max(0, quota − holders) per cell."""
        return np.maximum(self.cell_quota - holders, 0)


def canonical_sha256(document: dict[str, Any]) -> str:
    """The hash a plan cites for its problem (see `_content_sha256`)."""
    return parse_problem(document).sha256


def _content_sha256(
    unit_ids: list[str], position_ids: list[str], staff_ids: list[str], arrays: list[np.ndarray]
) -> str:
    """SHA-256 of what the solver reads: the ids as compact JSON, then the cells, quotas, places, destinations
    and costs as arrays. Formatting, key order (a quota's positions too) and ignored extra keys do not change it;
    any changed value, and the order of units, staff or a person's destinations, does."""
    digest = hashlib.sha256(b"cadre-rebalancing-1")
    for names in (unit_ids, position_ids, staff_ids):
        digest.update(b"\x00" + json.dumps(names, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    for array in arrays:
        digest.update(b"\x00" + np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def load_problem(path) -> Problem:
    """Read and validate a problem file."""
    return parse_problem(read_json(path))


def parse_problem(document: Any) -> Problem:
    """Validate a problem document into arrays. Every rejection names the offending item."""
    if not isinstance(document, dict):
        raise fail("Bài toán phải là một đối tượng JSON.", "The problem must be a JSON object.")
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise fail(
            f"Phiên bản bài toán không được hỗ trợ: {version!r} (cần {VERSION}).",
            f"Unsupported problem version {version!r} (expected {VERSION}).",
        )
    units = list_of_objects(document, "units")
    staff = list_of_objects(document, "staff")
    unit_index = ids(units, "Đơn vị", "Unit")
    ids(staff, "Cán bộ", "Staff member")
    quotas = _quotas(units)
    places, dest_units, dest_costs, counts = _staff(staff, unit_index)
    costs = _costs(dest_costs, staff, counts, dest_units, units)

    position_ids = sorted({p for _, p, _ in quotas} | {p for _, p in places})
    position_index = {p: i for i, p in enumerate(position_ids)}
    width = max(len(position_ids), 1)
    quota_keys = np.array([u * width + position_index[p] for u, p, _ in quotas], dtype=np.int64)
    staff_position = np.array([position_index[p] for _, p in places], dtype=np.int64)
    staff_keys = np.array([u for u, _ in places], dtype=np.int64) * width + staff_position
    dest_keys = np.asarray(dest_units, dtype=np.int64) * width + np.repeat(staff_position, counts)
    cell_keys = np.unique(np.concatenate([quota_keys, staff_keys, dest_keys]))
    cell_quota = np.zeros(len(cell_keys), dtype=np.int64)
    cell_quota[np.searchsorted(cell_keys, quota_keys)] = [q for _, _, q in quotas]

    cell_unit = (cell_keys // width).astype(np.int32)
    cell_position = (cell_keys % width).astype(np.int32)
    staff_cell = np.searchsorted(cell_keys, staff_keys).astype(np.int32)
    dest_cell = np.searchsorted(cell_keys, dest_keys).astype(np.int32)
    dest_ptr = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64)
    unit_ids, staff_ids = list(unit_index), [person["id"] for person in staff]
    arrays = [cell_unit, cell_position, cell_quota, staff_cell, dest_ptr, dest_cell, costs]
    return Problem(
        unit_ids=unit_ids,
        position_ids=position_ids,
        cell_unit=cell_unit,
        cell_position=cell_position,
        cell_quota=cell_quota,
        staff_ids=staff_ids,
        staff_cell=staff_cell,
        dest_ptr=dest_ptr,
        dest_cell=dest_cell,
        dest_cost=costs,
        sha256=_content_sha256(unit_ids, position_ids, staff_ids, arrays),
    )


def _whole(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return value.is_integer() and 0 <= value <= MAX_QUOTA
    return isinstance(value, int) and 0 <= value <= MAX_QUOTA


def _quotas(units: list[dict]) -> list[tuple[int, str, int]]:
    quotas = []
    for u, unit in enumerate(units):
        quota = unit.get("quota")
        if not isinstance(quota, dict):
            raise fail(
                f"Đơn vị «{unit['id']}»: «quota» phải là một đối tượng {{vị trí: số người}}.",
                f"Unit '{unit['id']}': 'quota' must be an object {{position: number of people}}.",
            )
        for position, value in quota.items():
            if not position:
                raise fail(
                    f"Đơn vị «{unit['id']}» có định biên cho một vị trí không tên.",
                    f"Unit '{unit['id']}' has a quota for a position with no name.",
                )
            if not _whole(value):
                raise fail(
                    f"Định biên của đơn vị «{unit['id']}», vị trí «{position}» phải là số nguyên từ 0 đến "
                    f"{MAX_QUOTA}, không phải {value!r}.",
                    f"The quota of unit '{unit['id']}', position '{position}' must be a whole number from 0 "
                    f"to {MAX_QUOTA}, not {value!r}.",
                )
            quotas.append((u, position, int(value)))
    return quotas


def _staff(staff: list[dict], unit_index: dict[str, int]):
    """Each person's (unit, position) and their destinations, checked by name."""
    places, dest_units, dest_costs, counts = [], [], [], []
    for person in staff:
        name, unit, position = person["id"], person.get("unit"), person.get("position")
        if not isinstance(unit, str) or unit not in unit_index:
            raise fail(
                f"Cán bộ «{name}» thuộc đơn vị không có trong bài toán: «{unit}».",
                f"Staff member '{name}' belongs to an unknown unit: '{unit}'.",
            )
        if not isinstance(position, str) or not position:
            raise fail(
                f"Cán bộ «{name}» không có «position» (vị trí việc làm) dạng chuỗi.",
                f"Staff member '{name}' has no string 'position'.",
            )
        destinations = person.get("destinations")
        if not isinstance(destinations, list) or not all(isinstance(d, dict) for d in destinations):
            raise fail(
                f"Cán bộ «{name}»: «destinations» phải là một danh sách đối tượng {{unit, cost}} "
                "(có thể rỗng).",
                f"Staff member '{name}': 'destinations' must be a list of {{unit, cost}} objects "
                "(maybe empty).",
            )
        seen = set()
        for destination in destinations:
            target = destination.get("unit")
            if not isinstance(target, str) or target not in unit_index:
                raise fail(
                    f"Cán bộ «{name}» có nơi đến không có trong bài toán: «{target}».",
                    f"Staff member '{name}' has an unknown destination unit: '{target}'.",
                )
            if target == unit:
                raise fail(
                    f"Cán bộ «{name}» có nơi đến là chính đơn vị hiện tại «{target}» (ở lại không cần ghi).",
                    f"Staff member '{name}' lists their own unit '{target}' as a destination (staying is "
                    f"implied).",
                )
            if target in seen:
                raise fail(
                    f"Cán bộ «{name}» có nơi đến «{target}» hai lần.",
                    f"Staff member '{name}' lists the destination '{target}' twice.",
                )
            seen.add(target)
            dest_units.append(unit_index[target])
            dest_costs.append(destination.get("cost"))
        places.append((unit_index[unit], position))
        counts.append(len(destinations))
    return places, dest_units, dest_costs, np.asarray(counts, dtype=np.int64)


def _costs(values: list, staff: list[dict], counts: np.ndarray, dest_units: list[int], units: list[dict]):
    """The destination costs as floats: finite, ≥ 0 and at most MAX_MAGNITUDE, or an error naming the move."""
    numeric = set(map(type, values)) <= {int, float}  # bool is not a number here, nor is "5"
    try:
        array = np.asarray(values, dtype=np.float64) if numeric else None
    except OverflowError:  # an integer beyond float range
        array = None
    if array is not None and (
        not len(array) or (np.isfinite(array).all() and array.min() >= 0 and array.max() <= MAX_MAGNITUDE)
    ):
        return array
    owner = np.repeat(np.arange(len(staff)), counts)
    for k, value in enumerate(values):
        good = type(value) in (int, float) and 0 <= value <= MAX_MAGNITUDE  # NaN fails both comparisons
        if not good:
            name, target = staff[owner[k]]["id"], units[dest_units[k]]["id"]
            raise fail(
                f"Chi phí chuyển cán bộ «{name}» đến «{target}» phải là số từ 0 đến {MAX_MAGNITUDE:.0e} "
                f"(hữu hạn), không phải {value!r}.",
                f"The cost of moving staff member '{name}' to '{target}' must be a finite number from 0 to "
                f"{MAX_MAGNITUDE:.0e}, not {value!r}.",
            )
    raise AssertionError("unreachable: a cost failed the array check but no single cost did")
