"""Adapter: reads the administrative units from the `vietnamadminunits` package (MIT) into plain records.

Only the package's own data and query functions are used; nothing is copied into this repository. Its
geocoding path (which calls a web service) is never used: the intranet has no internet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.metadata import version

from cadre.core.place_names import fold

PACKAGE = "vietnamadminunits"


@dataclass
class UnitRecord:
    code: str
    name: str
    kind: str
    latitude: float
    longitude: float
    parent: str | None = None
    area_km2: float | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class GeographyData:
    provinces: list[UnitRecord]
    communes: list[UnitRecord]
    legacy_provinces: list[UnitRecord]
    legacy_districts: list[UnitRecord]
    legacy_communes: list[UnitRecord]
    # legacy commune code -> new commune codes, the default first
    links: dict[str, list[str]]
    # legacy province code -> new province code
    province_links: dict[str, str]
    package_version: str


def _kind(type_name: str) -> str:
    return fold(type_name).replace(" ", "_")


def _province_kind(name: str) -> str:
    return "thanh_pho" if fold(name).startswith("thanh pho ") else "tinh"


def _aliases(raw: str | None) -> list[str]:
    return sorted(set(json.loads(raw))) if raw else []


def _key(raw: str) -> str:
    return fold(raw).replace(" ", "")


def read_package() -> GeographyData:
    from vietnamadminunits.converter import converter_2025 as mapping
    from vietnamadminunits.database import query

    new_rows = query("SELECT * FROM admin_units ORDER BY wardCode")
    old_rows = query("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")

    provinces: dict[str, UnitRecord] = {}
    communes: list[UnitRecord] = []
    new_code_by_key: dict[tuple[str, str], str] = {}
    new_province_code_by_key: dict[str, str] = {}
    for r in new_rows:
        code = r["provinceCode"]
        if code not in provinces:
            provinces[code] = UnitRecord(
                code,
                r["province"],
                _province_kind(r["province"]),
                r["provinceLat"],
                r["provinceLon"],
                area_km2=0.0,
                aliases=_aliases(r["provinceKeywords"]),
            )
            new_province_code_by_key[_key(r["provinceKey"])] = code
        communes.append(
            UnitRecord(
                r["wardCode"],
                r["ward"],
                _kind(r["wardType"]),
                r["wardLat"],
                r["wardLon"],
                parent=code,
                area_km2=r["wardAreaKm2"],
                aliases=_aliases(r["wardKeywords"]),
            )
        )
        # The package keys units by folded name, keeping diacritics only where folding would merge two units.
        new_code_by_key[(code, r["wardKey"])] = r["wardCode"]
        new_code_by_key.setdefault((code, _key(r["wardKey"])), r["wardCode"])
    for commune in communes:  # a province's area is the sum of its communes' (two lack one in the source)
        if commune.area_km2 is not None:
            provinces[commune.parent].area_km2 += commune.area_km2

    legacy_provinces: dict[str, UnitRecord] = {}
    legacy_districts: dict[str, UnitRecord] = {}
    legacy_communes: list[UnitRecord] = []
    legacy_code_by_key: dict[str, str] = {}
    old_province_code_by_key: dict[str, str] = {}
    for r in old_rows:
        pcode, dcode = r["provinceCode"], r["districtCode"]
        if pcode not in legacy_provinces:
            legacy_provinces[pcode] = UnitRecord(
                pcode,
                r["province"],
                _province_kind(r["province"]),
                r["provinceLat"],
                r["provinceLon"],
                aliases=_aliases(r["provinceKeywords"]),
            )
            old_province_code_by_key[_key(r["provinceKey"])] = pcode
        if dcode not in legacy_districts:
            legacy_districts[dcode] = UnitRecord(
                dcode,
                r["district"],
                _kind(r["districtType"]),
                r["districtLat"],
                r["districtLon"],
                parent=pcode,
                aliases=_aliases(r["districtKeywords"]),
            )
        if r["ward"]:
            record = UnitRecord(
                r["wardCode"],
                r["ward"],
                _kind(r["wardType"]),
                r["wardLat"],
                r["wardLon"],
                parent=dcode,
                aliases=_aliases(r["wardKeywords"]),
            )
        else:  # an island district with no communes became a special zone: it is its own commune-level unit
            record = UnitRecord(
                f"D{dcode}",
                r["district"],
                _kind(r["districtType"]),
                r["districtLat"],
                r["districtLon"],
                parent=dcode,
                aliases=_aliases(r["districtKeywords"]),
            )
        legacy_communes.append(record)
        legacy_code_by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"] = record.code

    province_links = {
        old_province_code_by_key[_key(old)]: new_province_code_by_key[_key(new)]
        for new, olds in mapping.DICT_PROVINCE.items()
        for old in olds
    }
    links: dict[str, list[str]] = {}
    for new_pkey, wards in mapping.DICT_PROVINCE_WARD_NO_DIVIDED.items():
        pcode = new_province_code_by_key[_key(new_pkey)]
        for new_wkey, old_keys in wards.items():
            for old_key in old_keys:
                links[legacy_code_by_key[old_key]] = [_new_code(new_code_by_key, pcode, new_wkey)]
    for new_pkey, divided in mapping.DICT_PROVINCE_WARD_DIVIDED.items():
        pcode = new_province_code_by_key[_key(new_pkey)]
        for old_key, targets in divided.items():
            ordered = sorted(targets, key=lambda t: not t["isDefaultNewWard"])
            links[legacy_code_by_key[old_key]] = [
                _new_code(new_code_by_key, pcode, t["newWardKey"]) for t in ordered
            ]

    for p in legacy_provinces.values():
        p.parent = province_links[p.code]
    return GeographyData(
        provinces=list(provinces.values()),
        communes=communes,
        legacy_provinces=list(legacy_provinces.values()),
        legacy_districts=list(legacy_districts.values()),
        legacy_communes=legacy_communes,
        links=links,
        province_links=province_links,
        package_version=version(PACKAGE),
    )


def _new_code(codes: dict[tuple[str, str], str], province_code: str, ward_key: str) -> str:
    return codes.get((province_code, ward_key)) or codes[(province_code, _key(ward_key))]
