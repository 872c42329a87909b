"""Geography actions: load the units, place an address, measure distances. Called by the CLI, views and tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np
from django.db import transaction

from cadre.core import geo as core_geo
from cadre.core.place_names import fold
from cadre.core.places import Gazetteer, Place, Placement
from cadre.core.policy import national_policy

from .models import (
    Commune,
    GeographySource,
    LegacyCommune,
    LegacyCommuneLink,
    LegacyDistrict,
    LegacyProvince,
    Province,
)
from .source import PACKAGE, UnitRecord, read_package

_UNIT_FIELDS = ["name", "kind", "latitude", "longitude", "search_key", "aliases"]


def _rows(model, records: Sequence[UnitRecord], **extra: Callable[[UnitRecord], object]):
    return [
        model(
            code=r.code,
            name=r.name,
            kind=r.kind,
            latitude=r.latitude,
            longitude=r.longitude,
            search_key=fold(r.name),
            aliases=r.aliases,
            **{k: f(r) for k, f in extra.items()},
        )
        for r in records
    ]


def _upsert(model, rows, extra_fields: Sequence[str] = ()) -> None:
    model.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[*_UNIT_FIELDS, *extra_fields],
    )


def load_geography(progress: Callable[[str], None] = lambda message: None) -> dict[str, int]:
    """Load (or refresh) every unit and the old-to-new mapping from the package, in one transaction.

    Idempotent: rows are matched by code and updated in place, so running it twice changes nothing.
    """
    progress(f"Reading {PACKAGE}")
    data = read_package()
    with transaction.atomic():
        progress(f"Writing {len(data.provinces)} provinces and {len(data.communes)} communes")
        _upsert(Province, _rows(Province, data.provinces, area_km2=lambda r: r.area_km2), ["area_km2"])
        _upsert(
            Commune,
            _rows(Commune, data.communes, province_id=lambda r: r.parent, area_km2=lambda r: r.area_km2),
            ["province", "area_km2"],
        )
        progress(
            f"Writing {len(data.legacy_provinces)} former provinces, {len(data.legacy_districts)} districts "
            f"and {len(data.legacy_communes)} communes"
        )
        _upsert(
            LegacyProvince,
            _rows(LegacyProvince, data.legacy_provinces, new_province_id=lambda r: r.parent),
            ["new_province"],
        )
        _upsert(
            LegacyDistrict,
            _rows(LegacyDistrict, data.legacy_districts, province_id=lambda r: r.parent),
            ["province"],
        )
        _upsert(
            LegacyCommune,
            _rows(LegacyCommune, data.legacy_communes, district_id=lambda r: r.parent),
            ["district"],
        )
        progress("Writing the old-to-new commune mapping")
        LegacyCommuneLink.objects.all().delete()
        LegacyCommuneLink.objects.bulk_create(
            [
                LegacyCommuneLink(legacy_commune_id=old, commune_id=new, is_default=(i == 0))
                for old, targets in data.links.items()
                for i, new in enumerate(targets)
            ],
            batch_size=5000,
        )
        in_force = national_policy().value("two_tier_in_force")
        GeographySource.objects.update_or_create(
            pk=1, defaults={"package": PACKAGE, "version": data.package_version, "in_force_from": in_force}
        )
    invalidate_gazetteer()
    return geography_counts()


def geography_counts() -> dict[str, int]:
    return {
        "provinces": Province.objects.count(),
        "communes": Commune.objects.count(),
        "legacy_provinces": LegacyProvince.objects.count(),
        "legacy_districts": LegacyDistrict.objects.count(),
        "legacy_communes": LegacyCommune.objects.count(),
    }


_gazetteer: Gazetteer | None = None
_gazetteer_lock = threading.Lock()


def invalidate_gazetteer() -> None:
    global _gazetteer
    with _gazetteer_lock:
        _gazetteer = None


def gazetteer() -> Gazetteer:
    """The address index over the database's units, built once per process (about 0.2 s)."""
    global _gazetteer
    with _gazetteer_lock:
        if _gazetteer is None:
            _gazetteer = _build_gazetteer()
        return _gazetteer


def _places(model, level: str, legacy: bool, parent_field: str | None):
    fields = ["code", "name", "kind", "aliases", *([parent_field] if parent_field else [])]
    for row in model.objects.values_list(*fields):
        code, name, kind, aliases, *parent = row
        yield Place(code, name, kind, level, legacy, parent[0] if parent else None, tuple(aliases))


def _build_gazetteer() -> Gazetteer:
    places = [
        *_places(Province, "province", False, None),
        *_places(Commune, "commune", False, "province_id"),
        *_places(LegacyProvince, "province", True, None),
        *_places(LegacyDistrict, "district", True, "province_id"),
        *_places(LegacyCommune, "commune", True, "district_id"),
    ]
    links: dict[str, list[str]] = {}
    ordered = LegacyCommuneLink.objects.order_by("legacy_commune", "-is_default", "commune")  # default first
    for old, new in ordered.values_list("legacy_commune_id", "commune_id"):
        links.setdefault(old, []).append(new)
    return Gazetteer(places, links)


class GeographyNotLoaded(RuntimeError):
    def __str__(self) -> str:
        return (
            "Chưa nạp dữ liệu đơn vị hành chính: hãy chạy `cadre geo load`. / "
            "The administrative units are not loaded yet: run `cadre geo load`."
        )


def loaded_gazetteer() -> Gazetteer:
    index = gazetteer()
    if not index.places:
        invalidate_gazetteer()
        raise GeographyNotLoaded()
    return index


def normalize_address(address: str) -> Placement:
    """Place a free-text address, old or new, on a new commune. Raises `AddressError` when it cannot."""
    return loaded_gazetteer().normalize(address)


def find_unit(text: str, level: str) -> Place:
    """The province ("province") or former district ("district") a text names. Raises `AddressError`."""
    return loaded_gazetteer().find_unit(text, level)


def distance_km(a: Commune, b: Commune) -> float:
    return float(core_geo.haversine_km(a.latitude, a.longitude, b.latitude, b.longitude))


def commune_distance_matrix(province_code: str | None = None) -> tuple[list[str], np.ndarray]:
    """Commune codes and the km between every pair of them, for the whole country or one province."""
    queryset = Commune.objects.order_by("code")
    if province_code:
        queryset = queryset.filter(province_id=province_code)
    rows = list(queryset.values_list("code", "latitude", "longitude"))
    if not rows:
        return [], np.zeros((0, 0), dtype=np.float32)
    codes, lat, lon = zip(*rows, strict=True)
    return list(codes), core_geo.distance_matrix_km(lat, lon)
