"""Small registries for the rotation tests: a few communes of one province, built with the people factories."""

import datetime as dt

from cadre.geo.models import Commune, LegacyCommuneLink
from cadre.people.models import Position, SuccessionPlan
from tests.people.factories import make_official, post, rate

ON = dt.date(2026, 7, 1)  # the rotation date every test plans for
MERGER = dt.date(2025, 7, 1)
WELL = {2024: "HTTNV", 2025: "HTTNV"}


def communes(province: str, count: int) -> list[str]:
    return list(
        Commune.objects.filter(province_id=province).order_by("code").values_list("code", flat=True)[:count]
    )


def main_district(commune: str) -> str:
    districts = LegacyCommuneLink.objects.filter(commune_id=commune).values_list(
        "legacy_commune__district_id", flat=True
    )
    return max(sorted(set(districts)), key=list(districts).count)


def secretary(commune: str, *, since=MERGER, name="Bí Thư Đương Nhiệm", home=None, ratings=WELL, **fields):
    """The incumbent secretary of `commune`, born and raised in `home` (default: the commune itself)."""
    home = home or commune
    official = make_official(name, birthplace=home, raised=home, born=dt.date(1975, 3, 1), **fields)
    post(official, "bi_thu", commune=commune, start=since)
    rate(official, ratings)
    return official


def planned(
    province: str,
    *,
    home: str,
    position: str = "giam_doc_so",
    since=dt.date(2020, 1, 1),
    born=dt.date(1985, 5, 1),
    ratings=WELL,
    district: str | None = None,
    name="Cán Bộ Quy Hoạch",
    **fields,
):
    """A province-level leader born and raised in `home`, in the pool for the commune secretary post."""
    official = make_official(name, birthplace=home, raised=home, born=born, **fields)
    post(official, position, province=province, start=since)
    if ratings:
        rate(official, ratings)
    SuccessionPlan.objects.create(
        official=official,
        position=Position.objects.get(code="bi_thu"),
        province_id=province,
        district_id=district,
        term_start=2025,
        term_end=2030,
    )
    return official
