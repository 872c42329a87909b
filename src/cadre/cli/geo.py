"""`cadre geo load | normalize | distance`: the administrative units, placing an address, distances."""

from __future__ import annotations

import json

from cadre.cli import common


def cmd_geo_load(args) -> int:
    from cadre.geo.services import load_geography

    common.ensure_database()
    counts = load_geography(progress=common.progress)
    print(common.as_json({k: counts[k] for k in ("provinces", "communes", "legacy_communes")}))
    return common.EXIT_OK


def _place(address: str):
    from cadre.core.places import AddressError
    from cadre.geo.services import normalize_address

    try:
        return normalize_address(address)
    except AddressError as error:
        raise common.UserError(error.message_vi, error.message_en) from error


def cmd_geo_normalize(args) -> int:
    common.ensure_geography()
    placement = _place(args.address)
    print(
        common.as_json(placement.as_dict())
        if args.compact
        else json.dumps(placement.as_dict(), ensure_ascii=False, indent=2)
    )
    return common.EXIT_OK


def cmd_geo_distance(args) -> int:
    from cadre.geo.models import Commune
    from cadre.geo.services import distance_km

    common.ensure_geography()
    communes = []
    for text in (args.a, args.b):
        commune = Commune.objects.filter(code=text.strip()).first()
        if commune is None:
            commune = Commune.objects.get(code=_place(text).commune.code)
        communes.append(commune)
    a, b = communes
    print(
        common.as_json(
            {
                "from": a.code,
                "from_name": a.name,
                "to": b.code,
                "to_name": b.name,
                "km": round(distance_km(a, b), 2),
            }
        )
    )
    return common.EXIT_OK


def register(sub) -> None:
    add = common.add_command
    geo_sub = common.add_group(sub, "geo", "administrative units: load, place addresses, distances")
    add(
        geo_sub,
        "load",
        cmd_geo_load,
        "load the 34 provinces, 3,321 communes and the pre-2025 units with their mapping (idempotent)",
        "Load the units in force since 1 July 2025 and the pre-2025 units, with the old-to-new mapping, from "
        "the vietnamadminunits package. The last line of output is JSON with the counts.",
    )
    normalize = add(
        geo_sub,
        "normalize",
        cmd_geo_normalize,
        "place a free-text address, old or new, on the new commune (JSON)",
        "Place an address such as 'Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương' or "
        "'P. Thanh Binh, TP Hai Duong' on the commune in force since 1 July 2025. Exit status 2 "
        "when it cannot be placed.",
    )
    normalize.add_argument("address", help="the address, in quotes")
    normalize.add_argument("--compact", action="store_true", help="print the JSON on one line")
    distance = add(
        geo_sub,
        "distance",
        cmd_geo_distance,
        "great-circle km between two communes",
        "Great-circle distance in km between two communes, each given by code or address.",
    )
    distance.add_argument("a", help="commune code or address")
    distance.add_argument("b", help="commune code or address")
