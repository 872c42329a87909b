"""Small registries for the rotation tests: a few communes of one province, built with the people
factories; and Lai Châu's, which the rotation's and the CLI's tests of a plan share."""

import datetime as dt

import pytest
from django.db import transaction

from cadre.geo.models import Commune, LegacyCommuneLink
from cadre.geo.services import geography_counts, load_geography
from cadre.people.models import Position, SuccessionPlan
from tests.people.factories import make_official, post, rate

ON = dt.date(2026, 7, 1)  # the rotation date every test plans for
MERGER = dt.date(2025, 7, 1)
WELL = {2024: "HTTNV", 2025: "HTTNV"}
LAI_CHAU, HAI_PHONG = "12", "31"


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


def chair(commune: str, *, name="Chủ Tịch Đương Nhiệm", since=MERGER):
    """The incumbent People's Committee chair of `commune`, born and raised there."""
    official = make_official(name, birthplace=commune, raised=commune, born=dt.date(1976, 4, 1))
    post(official, "chu_tich_ubnd", commune=commune, start=since)
    rate(official, WELL)
    return official


def plan_for(official, code: str, province: str):
    """A province-level succession plan of `official` for the post `code` (2025–2030)."""
    SuccessionPlan.objects.create(
        official=official,
        position=Position.objects.get(code=code),
        province_id=province,
        term_start=2025,
        term_end=2030,
    )


def planned_chair(province: str, *, home: str, name="Phó Giám Đốc Quy Hoạch"):
    """A deputy department director (a chair's level) born and raised in `home`, in the province's pool for the
    commune People's Committee chair post only."""
    official = make_official(name, birthplace=home, raised=home, born=dt.date(1984, 2, 1))
    post(official, "pho_giam_doc_so", province=province, start=dt.date(2020, 1, 1))
    rate(official, WELL)
    plan_for(official, "chu_tich_ubnd", province)
    return official


def lai_chau_registry():
    """Every commune of Lai Châu with a local secretary, and two non-local province leaders from Hải Phòng:
    a 5% floor needs both of them moved in. Returns the two leaders."""
    for number, commune in enumerate(communes(LAI_CHAU, 100)):
        secretary(commune, name=f"Bí Thư {number:02d}")
    return [planned(LAI_CHAU, home=h, name=f"Giám Đốc {n}") for n, h in enumerate(communes(HAI_PHONG, 2))]


@pytest.fixture(scope="module", name="lai_chau")
def fixture_lai_chau(django_db_setup, django_db_blocker):
    """Lai Châu's 38 communes with local secretaries, and two Hải Phòng department directors in its pool: a 5%
    floor moves both of them in. Yields the two directors.

    A test module imports `fixture_lai_chau` and asks for `lai_chau`: under its own name the import would be
    shadowed by each test's argument. Module-scoped, so each importing module builds it once."""
    with django_db_blocker.unblock(), transaction.atomic():
        if geography_counts()["communes"] == 0:
            load_geography()
        yield lai_chau_registry()
        transaction.set_rollback(True)
