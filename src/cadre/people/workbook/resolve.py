"""Turning the names people write into the registry's units and posts, once per distinct text.

A workbook names the same few hundred places and posts over and over; each distinct text is resolved once
(about 90 µs for an address), so a 100,000-row import spends its time reading cells, not parsing addresses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from cadre.core.place_names import fold
from cadre.core.places import AddressError
from cadre.core.text import Text
from cadre.geo.models import LegacyCommuneLink, LegacyDistrict
from cadre.geo.services import find_unit, loaded_gazetteer, normalize_address

from ..models import Position
from ..positions import FORMER_NAMES
from ..services import ensure_positions
from .schema import CellError


@dataclass(frozen=True)
class UnitRef:
    """Where a posting or a place is: a new province, and a former district and/or a new commune."""

    province: str
    district: str | None = None
    commune: str | None = None

    def keys(self) -> frozenset[str]:
        """The unit keys the place lies in, for the local-person rule."""
        keys = {f"province:{self.province}"}
        if self.district:
            keys.add(f"district:{self.district}")
        if self.commune:
            keys.add(f"commune:{self.commune}")
        return frozenset(keys)


class Resolver:
    def __init__(self):
        loaded_gazetteer()
        ensure_positions()
        self.by_code = {p.code: p for p in Position.objects.all()}
        self.positions: dict[str, Position] = {}
        for position in self.by_code.values():
            for name in (position.code, position.name, position.name_en):
                self.positions.setdefault(fold(name).replace("_", " "), position)
        # A workbook written before the Ministry's list names a post as Cadre used to: the same post.
        for code, names in FORMER_NAMES.items():
            for name in names if code in self.by_code else ():
                self.positions.setdefault(fold(name).replace("_", " "), self.by_code[code])
        self._by_text: dict[str, Position | None] = {}
        self.split: list[tuple[str, str]] = []  # old addresses of communes split in 2025, and where they went
        self._places: dict[tuple[str, str], UnitRef | CellError] = {}
        self._district_province: dict[str, str] | None = None
        self._sole_district: dict[str, str] | None = None

    def position(self, text: str) -> Position:
        found = self._by_text.get(text)
        if found is None:
            found = self._by_text[text] = self.positions.get(fold(text).replace("_", " "))
        if found is None:
            raise CellError(
                f"Không có chức vụ «{text}»; xem danh sách ở sheet «Chức vụ» của tệp mẫu.",
                f"There is no post '{text}'; see the 'Chức vụ' sheet of the template for the list.",
            )
        return found

    def unit(self, text: str, level: str) -> UnitRef:
        """`level` is "commune", "district" or "province"; errors are cached too, so each is worded once."""
        key = (level, text)
        if key not in self._places:
            try:
                self._places[key] = self._resolve(text, level)
            except AddressError as error:
                self._places[key] = CellError(error.message_vi, error.message_en)
        found = self._places[key]
        if isinstance(found, CellError):
            raise found
        return found

    def any_unit(self, text: str) -> UnitRef:
        """A unit of any level: a lone name is tried as a province, then a former district, then a commune."""
        order = ("province", "district", "commune") if "," not in text else ("commune", "district")
        first_error = None
        for level in order:
            try:
                return self.unit(text, level)
            except CellError as error:
                first_error = first_error or error
        raise first_error

    def warnings(self) -> list[Text]:
        """What the user should know about how places were read, though nothing is wrong."""
        if not self.split:
            return []
        shown = "; ".join(f"«{text}» → {name}" for text, name in self.split[:5])
        return [
            Text(
                f"{len(self.split)} địa chỉ cũ thuộc xã đã được chia cho nhiều xã mới năm 2025; đã lấy xã mặc "
                f"định theo bảng chuyển đổi (ghi địa chỉ mới nếu cần chính xác): {shown}",
                f"{len(self.split)} old address(es) name a commune that was split among several new ones in "
                f"2025; the default new commune of the mapping was taken (write the new address to be exact): "
                f"{shown}",
            )
        ]

    def _resolve(self, text: str, level: str) -> UnitRef:
        if level == "commune":
            placed = normalize_address(text)
            if placed.legacy and len(placed.legacy.new_commune_codes) > 1:
                self.split.append((text, placed.commune.name))
            district = (
                placed.legacy.district.code if placed.legacy else self.sole_district(placed.commune.code)
            )
            return UnitRef(placed.province.code, district, placed.commune.code)
        place = find_unit(text, level)
        if level == "province":
            return UnitRef(place.code)
        return UnitRef(self.district_province()[place.code], place.code)

    def district_province(self) -> dict[str, str]:
        if self._district_province is None:
            self._district_province = dict(
                LegacyDistrict.objects.values_list("code", "province__new_province_id")
            )
        return self._district_province

    def sole_district(self, commune: str) -> str | None:
        """The former district a new commune lies wholly within, or None when it was formed across several."""
        if self._sole_district is None:
            districts: dict[str, set[str]] = defaultdict(set)
            links = LegacyCommuneLink.objects.values_list("commune_id", "legacy_commune__district_id")
            for new, district in links:
                districts[new].add(district)
            self._sole_district = {new: next(iter(d)) for new, d in districts.items() if len(d) == 1}
        return self._sole_district.get(commune)
