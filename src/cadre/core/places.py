"""Placing free-text Vietnamese addresses, old (pre-2025) or new, on the communes in force since 1 July 2025.

The gazetteer is built from plain `Place` records, so the same code serves the database, imports and tests.
An address is read right to left, one comma-separated part per level (province, then the former district,
then the commune); earlier parts are taken as street detail and ignored. Every reading that fits is scored,
and the best is returned only when it names a single new commune: a tie between two communes is an
`AddressError` listing them, never a guess. Matching ignores case, diacritics and the usual abbreviations
(TP., P., X., H., Q., TX., TT.), and treats i and y alike.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .place_names import (
    COMMUNE,
    COUNTRY_WORDS,
    DASHES,
    DISTRICT,
    LEVEL_KINDS,
    NAME_PREFIXES,
    PROVINCE,
    SEPARATORS,
    Part,
    fold,
    name_key,
    parse_part,
)


@dataclass(frozen=True, slots=True)
class Place:
    """One administrative unit. `parent` is the code of the unit above it in the same era."""

    code: str
    name: str
    kind: str
    level: str
    legacy: bool
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def short_name(self) -> str:
        folded = fold(self.name)
        for prefix in NAME_PREFIXES:
            if folded.startswith(prefix + " ") and len(folded) > len(prefix) + 1:
                return folded[len(prefix) + 1 :]
        return folded


@dataclass(frozen=True)
class LegacyPlacement:
    province: Place
    district: Place
    commune: Place
    new_commune_codes: tuple[str, ...]
    via_former_name: bool = False

    def as_dict(self) -> dict:
        return {
            "province_code": self.province.code,
            "province_name": self.province.name,
            "district_code": self.district.code,
            "district_name": self.district.name,
            "commune_code": self.commune.code,
            "commune_name": self.commune.name,
            "new_commune_codes": list(self.new_commune_codes),
            "split": len(self.new_commune_codes) > 1,
            # True when the address used a name the commune had before an earlier merger (e.g. 2019-2024)
            "via_former_name": self.via_former_name,
        }


@dataclass(frozen=True)
class Placement:
    province: Place
    commune: Place
    legacy: LegacyPlacement | None = None

    def as_dict(self) -> dict:
        return {
            "province_code": self.province.code,
            "province_name": self.province.name,
            "commune_code": self.commune.code,
            "commune_name": self.commune.name,
            "legacy": self.legacy.as_dict() if self.legacy else None,
        }


@dataclass
class AddressError(ValueError):
    """An address that cannot be placed, with the reason in Vietnamese and in English."""

    reason: str  # "empty", "unknown", "no_commune" or "ambiguous"
    message_vi: str
    message_en: str
    candidates: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.message_vi} / {self.message_en}"


@dataclass(frozen=True, order=True)
class _Score:
    levels: int  # how many address parts the reading explains
    exact: int  # minus the number of type words or aliases that had to be overlooked
    accents: int  # 1 when the commune's diacritics match too ("Hoằng Phụ" is not "Hoằng Phú")
    current: int  # 1 when read as a new (2025) address: the new units win a tie with the old ones


class Gazetteer:
    """An index of new and pre-2025 units, and the mapping from each pre-2025 commune to its new units."""

    def __init__(self, places: Iterable[Place], legacy_to_new: Mapping[str, Sequence[str]]):
        """`legacy_to_new[legacy commune code]` lists the new commune codes, the default one first."""
        self.places: dict[tuple[bool, str], Place] = {}
        # (level, legacy) -> name key -> [(place, found only through an alias such as a former name)]
        self._index: dict[tuple[str, bool], dict[str, list[tuple[Place, bool]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._children: dict[tuple[bool, str], list[Place]] = defaultdict(list)
        # Worked out once per place, not per match: its name keys and its short name with diacritics.
        self._names: dict[Place, frozenset[str]] = {}
        self._accented: dict[Place, str] = {}
        for place in places:
            self.places[(place.legacy, place.code)] = place
            index = self._index[(place.level, place.legacy)]
            short = place.short_name
            names = frozenset({name_key(short), name_key(fold(place.name))})
            words = unicodedata.normalize("NFC", place.name).lower().split()
            self._names[place] = names
            self._accented[place] = " ".join(words[len(words) - len(short.split()) :])
            for key in names:
                index[key].append((place, False))
            for key in {name_key(fold(a)) for a in place.aliases} - names:
                index[key].append((place, True))
            if place.parent is not None:
                self._children[(place.legacy, place.parent)].append(place)
        self.legacy_to_new = {code: tuple(new) for code, new in legacy_to_new.items()}
        # Whole provinces were merged in 2025, so each old province lies inside exactly one new one.
        self._old_provinces_of: dict[str, set[str]] = defaultdict(set)
        for legacy_code, new_codes in self.legacy_to_new.items():
            commune, new = self.places.get((True, legacy_code)), self.places.get((False, new_codes[0]))
            if commune is None or new is None:
                continue
            district = self.places[(True, commune.parent)]
            self._old_provinces_of[new.parent].add(district.parent)

    def place(self, code: str, legacy: bool = False) -> Place:
        return self.places[(legacy, code)]

    def children(self, place: Place) -> list[Place]:
        return self._children[(place.legacy, place.code)]

    def _match(
        self, part: Part, level: str, legacy: bool, within: set[str] | None
    ) -> list[tuple[Place, int]]:
        """Places of this level and era that the part names, each with a count of what had to be overlooked:
        a type word of the wrong kind, or a match through an alias (a former name) rather than the name."""
        index = self._index[(level, legacy)]
        found: dict[Place, int] = {}
        for kinds, key in part.readings:
            if kinds is not None and not kinds & LEVEL_KINDS[level]:
                continue
            for place, via_alias in index.get(key, ()):
                if within is not None and place.parent not in within:
                    continue
                miss = (0 if kinds is None or place.kind in kinds else 1) + via_alias
                found[place] = min(found.get(place, miss), miss)
        return list(found.items())

    def _via_alias(self, part: Part, place: Place) -> bool:
        return not any(key in self._names[place] for _kinds, key in part.readings)

    def _accent(self, part: Part, place: Place) -> int:
        return int(f" {self._accented[place]} " in f" {part.lower} ")

    def _placement(self, commune: Place) -> Placement:
        return Placement(province=self.place(commune.parent), commune=commune)

    def _legacy_placement(
        self, commune: Place, district: Place, part: Part | None = None
    ) -> Placement | None:
        new_codes = self.legacy_to_new.get(commune.code)
        if not new_codes:
            return None
        new = self.place(new_codes[0])
        province = self.place(district.parent, legacy=True)
        legacy = LegacyPlacement(
            province=province,
            district=district,
            commune=commune,
            new_commune_codes=new_codes,
            via_former_name=part is not None and self._via_alias(part, commune),
        )
        return Placement(province=self.place(new.parent), commune=new, legacy=legacy)

    def _readings(self, parts: list[Part]) -> Iterable[tuple[_Score, Placement]]:
        last = parts[-1]
        before = parts[-2] if len(parts) > 1 else None
        new_provinces = self._match(last, PROVINCE, False, None)
        old_provinces = self._match(last, PROVINCE, True, None)
        # 1. A new address: "commune, province".
        if before is not None:
            for province, miss_p in new_provinces:
                for commune, miss_c in self._match(before, COMMUNE, False, {province.code}):
                    yield (
                        _Score(2, -(miss_p + miss_c), self._accent(before, commune), 1),
                        self._placement(commune),
                    )
        # 2. An old address under an old province, or under the new province it went into.
        old_scope: dict[str, int] = {p.code: miss for p, miss in old_provinces}
        for province, miss in new_provinces:
            for old in self._old_provinces_of.get(province.code, ()):
                old_scope.setdefault(old, miss)
        if before is not None and old_scope:
            yield from self._legacy_below(parts[:-1], old_scope, extra_levels=1)
        # 3. No province given: "commune, district" or a lone commune name. A last part that names a
        # province is never read as a commune of the same name: "TX. Kinh Môn, Hải Dương" is no ward.
        lone_commune = not (new_provinces or old_provinces)
        yield from self._legacy_below(parts, None, extra_levels=0, lone_commune=lone_commune)
        if lone_commune:
            for commune, miss in self._match(last, COMMUNE, False, None):
                yield _Score(1, -miss, self._accent(last, commune), 1), self._placement(commune)

    def _legacy_below(
        self,
        parts: list[Part],
        provinces: dict[str, int] | None,
        extra_levels: int,
        lone_commune: bool = True,
    ) -> Iterable[tuple[_Score, Placement]]:
        """Readings of `parts` as "[commune,] district" or "commune" inside the given old provinces."""
        within = None if provinces is None else set(provinces)
        penalty = (lambda p: provinces[p]) if provinces is not None else (lambda p: 0)
        last, before = parts[-1], parts[-2] if len(parts) > 1 else None
        for district, miss_d in self._match(last, DISTRICT, True, within):
            communes = self.children(district)
            base = miss_d + penalty(district.parent)
            if before is not None:
                for commune, miss_c in self._match(before, COMMUNE, True, {district.code}):
                    placed = self._legacy_placement(commune, district, before)
                    if placed:
                        yield (
                            _Score(2 + extra_levels, -(base + miss_c), self._accent(before, commune), 0),
                            placed,
                        )
            # An island district with no communes is its own commune-level unit, under the same name.
            if len(communes) == 1 and communes[0].name == district.name:
                placed = self._legacy_placement(communes[0], district)
                if placed:
                    yield _Score(1 + extra_levels, -base, 0, 0), placed
        if not lone_commune:
            return
        districts = None
        if within is not None:
            districts = {d.code for p in within for d in self._children[(True, p)]}
        for commune, miss_c in self._match(last, COMMUNE, True, districts):
            district = self.place(commune.parent, legacy=True)
            placed = self._legacy_placement(commune, district, last)
            if placed:
                yield (
                    _Score(
                        1 + extra_levels, -(miss_c + penalty(district.parent)), self._accent(last, commune), 0
                    ),
                    placed,
                )

    def normalize(self, address: str) -> Placement:
        """The new commune an address names, with the old units when it was written the pre-2025 way."""
        try:
            return self._normalize(address, SEPARATORS.split(address or ""))
        except AddressError as error:
            if error.reason == "ambiguous" or not DASHES.search(address or ""):
                raise
            pieces = [piece for text in SEPARATORS.split(address) for piece in self._dash_split(text)]
            try:
                return self._normalize(address, pieces)
            except AddressError:
                raise error from None

    def find_unit(self, address: str, level: str) -> Place:
        """The province (a new one; an old name gives the new province it went into) or the former district
        that a text names, for postings and plans held above the commune."""
        parts = [p for p in (parse_part(t) for t in SEPARATORS.split(address or "")) if p]
        while parts and fold(parts[-1].text) in COUNTRY_WORDS:
            parts.pop()
        if not parts:
            raise AddressError("empty", "Địa chỉ trống.", "The address is empty.")
        last = parts[-1]
        new = self._match(last, PROVINCE, False, None)
        old = self._match(last, PROVINCE, True, None)
        # Each candidate carries what had to be overlooked, then 1 when it was reached only through the new
        # province's wider scope; only the best candidates are kept ("Huyện Kỳ Anh" is not "Thị xã Kỳ Anh").
        ranked: dict[str, tuple[tuple[int, int], Place]] = {}
        if level == PROVINCE:
            for province, miss in new:
                ranked[province.code] = ((miss, 0), province)
            for province, miss in old:
                for new_code, olds in self._old_provinces_of.items():
                    if province.code in olds:
                        ranked.setdefault(new_code, ((miss, 1), self.place(new_code)))
            what_vi, what_en = "tỉnh/thành phố", "province"
        else:
            scope = {p.code: (miss, 0) for p, miss in old}
            for province, miss in new:
                for code in self._old_provinces_of.get(province.code, ()):
                    scope.setdefault(code, (miss, 1))
            district_part = parts[-2] if scope and len(parts) > 1 else last
            within = set(scope) if district_part is not last else None
            for district, miss in self._match(district_part, DISTRICT, True, within):
                province_miss, wide = scope.get(district.parent, (0, 0)) if within else (0, 0)
                ranked[district.code] = ((miss + province_miss, wide), district)
            what_vi, what_en = "huyện/quận/thị xã cũ", "former district"
        best = min((rank for rank, _place in ranked.values()), default=None)
        found = {code: place for code, (rank, place) in ranked.items() if rank == best}
        if len(found) == 1:
            return next(iter(found.values()))
        if not found:
            raise AddressError(
                "unknown",
                f"Không tìm thấy {what_vi} «{address}».",
                f"No {what_en} '{address}' was found.",
            )
        names = sorted(p.name for p in found.values())
        raise AddressError(
            "ambiguous",
            f"«{address}» khớp với nhiều {what_vi}: {'; '.join(names[:6])}. Hãy ghi thêm tỉnh.",
            f"'{address}' matches several: {'; '.join(names[:6])}. Add the province.",
            candidates=names,
        )

    def _dash_split(self, text: str) -> list[str]:
        """Split at dashes, but keep together neighbours that name a unit together ("Bà Rịa - Vũng Tàu")."""
        pieces: list[str] = []
        for piece in DASHES.split(text):
            if pieces:
                joined = parse_part(f"{pieces[-1]} {piece}")
                if joined and any(self._match(joined, level, True, None) for level in (PROVINCE, DISTRICT)):
                    pieces[-1] = f"{pieces[-1]} - {piece}"
                    continue
            pieces.append(piece)
        return pieces

    def _normalize(self, address: str, texts: list[str]) -> Placement:
        parts = [p for p in (parse_part(t) for t in texts) if p]
        while parts and fold(parts[-1].text) in COUNTRY_WORDS:
            parts.pop()
        if not parts:
            raise AddressError("empty", "Địa chỉ trống.", "The address is empty.")
        best: _Score | None = None
        winners: dict[str, Placement] = {}
        for score, placement in self._readings(parts):
            if best is None or score > best:
                best, winners = score, {}
            if score == best:
                winners.setdefault(placement.commune.code, placement)
        if not winners:
            raise self._unplaced(address, parts)
        if len(winners) > 1:
            names = [self._describe(p) for p in winners.values()]
            raise AddressError(
                "ambiguous",
                f"Địa chỉ «{address}» khớp với nhiều đơn vị: {'; '.join(names[:6])}. "
                "Hãy ghi đủ dấu, thêm huyện/quận cũ hoặc tỉnh.",
                f"The address '{address}' matches several units: {'; '.join(names[:6])}. "
                "Write the name with its diacritics, or add the former district or the province.",
                candidates=names,
            )
        return next(iter(winners.values()))

    def _describe(self, placement: Placement) -> str:
        if placement.legacy:
            old = placement.legacy
            return f"{old.commune.name}, {old.district.name}, {old.province.name} → {placement.commune.name}"
        return f"{placement.commune.name}, {placement.province.name}"

    def _unplaced(self, address: str, parts: list[Part]) -> AddressError:
        """Say which part could not be placed: the one just before the deepest unit recognised."""
        known: Place | None = None
        position = len(parts)
        for level in (PROVINCE, DISTRICT):
            if position == 0:
                break
            part = parts[position - 1]
            found = self._match(part, level, False, None) + self._match(part, level, True, None)
            if found:
                known, position = found[0][0], position - 1
        if known is None:
            return AddressError(
                "unknown",
                f"Không xác định được địa danh trong địa chỉ «{address}».",
                f"No known place was found in the address '{address}'.",
            )
        if position == 0:
            return AddressError(
                "no_commune",
                f"Địa chỉ «{address}» có {known.name} nhưng không có xã/phường.",
                f"The address '{address}' names {known.name} but no commune or ward.",
            )
        missing = parts[position - 1].text
        return AddressError(
            "unknown",
            f"Không tìm thấy xã/phường «{missing}» thuộc {known.name}.",
            f"No commune or ward '{missing}' was found in {known.name}.",
        )
