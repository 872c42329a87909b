"""The geography a generator needs, read once, and the ways registries write a place.

A place text is used only when the address normaliser resolves it to the commune (and former district) it
stands for; each commune's texts are checked once, never per person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from cadre.core import geo as core_geo
from cadre.core.places import AddressError
from cadre.geo.models import (
    Commune,
    LegacyCommune,
    LegacyCommuneLink,
    LegacyDistrict,
    LegacyProvince,
    Province,
)
from cadre.geo.services import normalize_address

TYPE_WORDS = {  # type word -> (lower case, abbreviation), as registries write them
    "Thành phố": ("thành phố", "TP."), "Thị xã": ("thị xã", "TX."), "Thị trấn": ("thị trấn", "TT."),
    "Đặc khu": ("đặc khu", "đặc khu"), "Tỉnh": ("tỉnh", "T."), "Quận": ("quận", "Q."),
    "Huyện": ("huyện", "H."), "Phường": ("phường", "P."), "Xã": ("xã", "X."),
}  # fmt: skip


def styled(name: str, style: str) -> str:
    """'Huyện Tứ Kỳ' as written: 'full' keeps it, 'lower' gives 'huyện Tứ Kỳ', 'short' gives 'H. Tứ Kỳ'."""
    for word, (lower, short) in TYPE_WORDS.items():
        if name.startswith(word + " ") and style != "full":
            return f"{lower if style == 'lower' else short}{name[len(word) :]}"
    return name


@dataclass(frozen=True)
class PlaceText:
    """A place as a registry writes it, with the units it resolves to."""

    text: str
    commune: str
    district: str | None
    legacy_province: str  # the pre-2025 province, whose code begins a citizen ID
    legacy: bool
    style: str


class Atlas:
    """What a generator needs from geo, read once: communes by province, neighbours, the old-to-new links."""

    def __init__(self):
        self.province_name = dict(Province.objects.values_list("code", "name"))
        self.commune: dict[str, tuple[str, str]] = {}  # code -> (name, province)
        self.communes_of: dict[str, list[str]] = defaultdict(list)
        coords: dict[str, list[tuple]] = defaultdict(list)
        rows = Commune.objects.order_by("code").values_list(
            "code", "name", "province_id", "latitude", "longitude"
        )
        for code, name, province, lat, lon in rows:
            self.commune[code] = (name, province)
            self.communes_of[province].append(code)
            coords[province].append((code, lat, lon))
        self.neighbours: dict[str, list[str]] = {}
        for units in coords.values():
            codes, lat, lon = zip(*units, strict=True)
            order = np.argsort(core_geo.distance_matrix_km(lat, lon), axis=1, kind="stable")
            self.neighbours |= {code: [codes[j] for j in order[i, 1:9]] for i, code in enumerate(codes)}
        self.legacy_province = dict(LegacyProvince.objects.values_list("code", "name"))
        self.district: dict[str, tuple[str, str]] = {}  # code -> (name, former province)
        self.districts_of: dict[str, list[str]] = defaultdict(list)  # new province -> former districts
        rows = LegacyDistrict.objects.order_by("code").values_list(
            "code", "name", "province", "province__new_province"
        )
        for code, name, old_province, new_province in rows:
            self.district[code] = (name, old_province)
            self.districts_of[new_province].append(code)
        rows = LegacyCommune.objects.values_list("code", "name", "district")
        self.legacy_commune = {code: (name, district) for code, name, district in rows}
        # new commune -> the former communes whose default link leads to it
        self.defaults: dict[str, list[str]] = defaultdict(list)
        spread: dict[str, Counter] = defaultdict(Counter)
        links = LegacyCommuneLink.objects.order_by("legacy_commune", "commune")
        for old, new, default in links.values_list("legacy_commune_id", "commune_id", "is_default"):
            spread[new][self.legacy_commune[old][1]] += 1
            if default:
                self.defaults[new].append(old)
        self.sole_district = {new: next(iter(c)) for new, c in spread.items() if len(c) == 1}
        # An island district was its own commune-level unit (its one "commune" is coded after it) and is a
        # commune now: a place named by the district lies in that commune too, as the address reader reads it.
        self.island_commune = {
            self.legacy_commune[old][1]: new
            for new, olds in self.defaults.items()
            for old in olds
            if old.startswith("D")
        }
        self.main_district = {new: min(c, key=lambda d: (-c[d], d)) for new, c in spread.items()}
        self._places: dict[str, tuple[list[PlaceText], list[PlaceText]]] = {}

    def places(self, commune: str) -> tuple[list[PlaceText], list[PlaceText]]:
        """How people write this commune, (pre-2025 forms, new forms), each checked once by the normaliser."""
        if commune not in self._places:
            checked = [p for p in self._candidates(commune) if _resolves(p)]
            self._places[commune] = ([p for p in checked if p.legacy], [p for p in checked if not p.legacy])
        return self._places[commune]

    def _candidates(self, commune: str):
        name, province = self.commune[commune]
        home = self.district[self.main_district[commune]][1]
        for style in ("full", "lower"):
            text = f"{styled(name, style)}, {styled(self.province_name[province], style)}"
            yield PlaceText(text, commune, self.sole_district.get(commune), home, False, style)
        for old in self.defaults.get(commune, ()):
            old_name, district = self.legacy_commune[old]
            district_name, old_province = self.district[district]
            parts = [district_name, self.legacy_province[old_province]]
            if not old.startswith("D"):  # an island district is its own commune-level unit
                parts.insert(0, old_name)
            for style in ("full", "lower", "short"):
                text = ", ".join(styled(part, style) for part in parts)
                yield PlaceText(text, commune, district, old_province, True, style)

    def old_places(self, commune: str) -> list[PlaceText]:
        """The former communes this commune took in, written in full the pre-2025 way."""
        return [p for p in self.places(commune)[0] if p.style == "full"]

    def unit_keys(self, province: str, district: str | None, commune: str | None) -> list[str]:
        """The keys of the units a place lies in, as the local-person rule reads them (see locality.py)."""
        keys = [f"province:{province}"]
        keys += [f"district:{district}"] if district else []
        commune = commune or self.island_commune.get(district)
        return keys + ([f"commune:{commune}"] if commune else [])

    def district_text(self, district: str) -> str:
        name, old_province = self.district[district]
        return f"{name}, {self.legacy_province[old_province]}"


def _resolves(place: PlaceText) -> bool:
    try:
        placed = normalize_address(place.text)
    except AddressError:
        return False
    if placed.commune.code != place.commune:
        return False
    return placed.legacy.district.code == place.district if place.legacy else placed.legacy is None
