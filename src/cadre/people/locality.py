"""Adapter from registry rows to the core rules' plain documents (ORM rows in, dataclasses out)."""

from __future__ import annotations

import datetime as dt

from cadre.core.rules.locality import LocalVerdict, PersonPlaces, Stint, is_local


def unit_key(province: str, district: str | None, commune: str | None) -> str:
    """A unit as a locality for the local-person rule: the commune if there is one, else the former
    district, else the province."""
    if commune:
        return f"commune:{commune}"
    if district:
        return f"district:{district}"
    return f"province:{province}"


def locality_key(posting) -> str:
    """The unit a posting is held in, as a locality for the local-person rule."""
    return unit_key(posting.province_id, posting.district_id, posting.commune_id)


def place_keys(commune: str | None, district: str | None, province_of: dict[str, str]) -> frozenset[str]:
    keys = set()
    if commune:
        keys |= {f"commune:{commune}", f"province:{province_of[commune]}"}
    if district:
        keys.add(f"district:{district}")
    return frozenset(keys)


def person_places(official, province_of: dict[str, str]) -> PersonPlaces:
    return PersonPlaces(
        birthplace=place_keys(official.birthplace_id, official.birthplace_district_id, province_of),
        hometown=place_keys(official.hometown_id, official.hometown_district_id, province_of),
        raised=place_keys(official.raised_id, official.raised_district_id, province_of),
        stints=[
            Stint(frozenset(item["keys"]), float(item["years"])) for item in official.years_by_unit or ()
        ],
    )


def local_verdict(official, key: str, province_of: dict[str, str], on: dt.date | None = None) -> LocalVerdict:
    return is_local(person_places(official, province_of), key, on=on)
