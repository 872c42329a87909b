from django.db.models import Count, Q

from cadre.geo.models import Commune, LegacyCommune, LegacyCommuneLink, LegacyProvince, Province
from cadre.geo.services import geography_counts, load_geography


def test_the_units_in_force_since_july_2025_are_all_there(geography):
    assert geography_counts() == {
        "provinces": 34,
        "communes": 3321,
        "legacy_provinces": 63,
        "legacy_districts": 696,
        "legacy_communes": 10040,
    }
    kinds = dict(Commune.objects.values_list("kind").annotate(n=Count("code")))
    assert kinds == {"xa": 2621, "phuong": 687, "dac_khu": 13}


def test_every_unit_has_coordinates_in_vietnam_and_a_province_has_its_area(geography):
    assert not Commune.objects.filter(
        Q(latitude__lt=8) | Q(latitude__gt=23.5) | Q(longitude__lt=102)
    ).exists()
    assert not Province.objects.filter(area_km2__isnull=True).exists()
    hai_phong = Province.objects.get(code="31")
    assert hai_phong.name == "Thành phố Hải Phòng" and 3000 < hai_phong.area_km2 < 3300


def test_loading_twice_changes_nothing(geography):
    before = (
        geography_counts(),
        LegacyCommuneLink.objects.count(),
        LegacyCommuneLink.objects.filter(is_default=True).count(),
    )
    assert load_geography() == before[0]
    after = (
        geography_counts(),
        LegacyCommuneLink.objects.count(),
        LegacyCommuneLink.objects.filter(is_default=True).count(),
    )
    assert after == before


def test_every_former_commune_maps_to_an_existing_new_commune_with_one_default(geography):
    defaults = LegacyCommune.objects.annotate(
        n=Count("links"), d=Count("links", filter=Q(links__is_default=True))
    )
    assert not defaults.filter(n=0).exists()
    assert not defaults.exclude(d=1).exists()
    assert not LegacyCommuneLink.objects.exclude(commune__in=Commune.objects.all()).exists()
    # and no new commune is made of nothing
    assert not Commune.objects.annotate(n=Count("legacy_links")).filter(n=0).exists()


def test_former_hai_duong_is_inside_hai_phong(geography):
    assert LegacyProvince.objects.get(name="Tỉnh Hải Dương").new_province_id == "31"
    assert LegacyProvince.objects.filter(new_province_id="31").count() == 2


def test_distance_matrix_over_the_database_units(geography):
    from cadre.geo.services import commune_distance_matrix

    codes, km = commune_distance_matrix()
    assert len(codes) == 3321 and km.shape == (3321, 3321)
    hoan_kiem, sai_gon = codes.index("00070"), codes.index("26740")
    assert 1130 < km[hoan_kiem, sai_gon] < 1150 and km[hoan_kiem, hoan_kiem] == 0
    codes, km = commune_distance_matrix("31")
    assert len(codes) == 114 and km.shape == (114, 114)
    codes, km = commune_distance_matrix("99")  # no such province: empty, not a crash
    assert codes == [] and km.shape == (0, 0)
