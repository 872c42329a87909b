"""The demo registry `cadre demo` fills: Hải Phòng as a user sees it; the same seed, the same people."""

import random
from collections import Counter, defaultdict
from itertools import pairwise

import pytest
from django.db import transaction

from cadre.core.dates import PartialDate, add_months
from cadre.core.rules.retirement import retirement
from cadre.geo.models import Commune, LegacyDistrict
from cadre.geo.services import geography_counts, load_geography, normalize_address
from cadre.people.demo import AS_OF, demo_province_codes, generate_registry, secretary_locality
from cadre.people.models import Discipline, Evaluation, Official, Posting, Relation, SuccessionPlan
from cadre.people.workbook.resolve import Resolver
from cadre.rotation.compile import compile_problem

LAI_CHAU = "12"  # the smallest province (38 communes): the seed test's


@pytest.fixture(scope="module")
def hai_phong(django_db_setup, django_db_blocker):
    """Hải Phòng generated once for this module's tests and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        if geography_counts()["communes"] == 0:
            load_geography()
        (code,) = demo_province_codes()
        counts = generate_registry([code])
        communes = set(Commune.objects.filter(province_id=code).values_list("code", flat=True))
        yield code, counts, communes
        transaction.set_rollback(True)


def _people(code):
    return Official.objects.filter(current_province_id=code)


def test_hai_phong_is_the_default_province_and_the_counts_add_up(hai_phong, geography):
    code, counts, communes = hai_phong
    assert Commune.objects.get(code=next(iter(communes))).province.name == "Thành phố Hải Phòng"
    assert len(communes) > 100
    assert counts["provinces"] == 1 and counts["officials"] == _people(code).count()
    assert counts["postings"] == Posting.objects.filter(official__current_province_id=code).count()
    assert counts["evaluations"] == Evaluation.objects.filter(official__current_province_id=code).count()
    assert counts["succession_plans"] > 0 and counts["relations"] > 0


def test_every_commune_has_one_secretary_and_both_chairs(hai_phong, geography):
    code, _counts, communes = hai_phong
    open_postings = Posting.objects.filter(province_id=code, end__isnull=True)
    for post in ("bi_thu", "chu_tich_hdnd", "chu_tich_ubnd"):
        held = Counter(open_postings.filter(position__code=post).values_list("commune_id", flat=True))
        assert set(held) == communes and set(held.values()) == {1}, post


def test_some_service_centres_lack_their_director_or_a_deputy_and_most_have_both(hai_phong, geography):
    code, _counts, communes = hai_phong
    held = defaultdict(set)
    for commune, position in Posting.objects.filter(
        commune__province_id=code,
        end__isnull=True,
        position__code__in=("giam_doc_tthcc", "pho_giam_doc_tthcc"),
    ).values_list("commune_id", "position__code"):
        held[commune].add(position)
    both = sum(1 for c in communes if held[c] == {"giam_doc_tthcc", "pho_giam_doc_tthcc"})
    no_director = sum(1 for c in communes if "giam_doc_tthcc" not in held[c])
    no_deputy = sum(1 for c in communes if "pho_giam_doc_tthcc" not in held[c])
    assert (
        both > len(communes) / 2 and 0 < no_director < len(communes) / 3 and 0 < no_deputy < len(communes) / 3
    )


def test_about_55_officials_work_in_each_commune_plus_a_few_hundred_at_province_level(hai_phong, geography):
    code, _counts, communes = hai_phong
    per_commune = Counter(
        _people(code).exclude(current_commune=None).values_list("current_commune", flat=True)
    )
    assert set(per_commune) == communes
    assert all(50 <= n <= 62 for n in per_commune.values())
    assert 53 <= sum(per_commune.values()) / len(per_commune) <= 57
    assert 150 <= _people(code).filter(current_commune=None).count() <= 500


def test_a_fifth_to_a_third_of_secretaries_are_not_local_but_most_staff_are(hai_phong, geography):
    code, _counts, communes = hai_phong
    secretaries = _people(code).filter(current_position__code="bi_thu")
    assert secretaries.count() == len(communes)
    assert 0.20 <= secretaries.filter(is_local=False).count() / len(communes) <= 0.30
    assert secretary_locality([code]) == (secretaries.filter(is_local=False).count(), len(communes))
    in_communes = _people(code).exclude(current_commune=None)
    assert in_communes.filter(is_local=True).count() / in_communes.count() > 0.7


def test_ages_and_sexes_are_realistic_and_nobody_has_reached_retirement(hai_phong, geography):
    code, _counts, _communes = hai_phong
    people = list(
        _people(code).values_list("sex", "birth_date", "early_retirement", "current_position__kind")
    )
    for sex, birth, early, _kind in people:
        assert retirement(sex, PartialDate.of(birth), early=early).retirement_date > AS_OF
    ages = [(AS_OF - birth).days / 365.25 for _sex, birth, _early, _kind in people]
    assert 23 <= min(ages) and max(ages) < 61 and 37 <= sum(ages) / len(ages) <= 45
    women = sum(sex == "female" for sex, *_ in people) / len(people)
    assert 0.44 <= women <= 0.51
    secretaries = _people(code).filter(current_position__code="bi_thu")
    assert secretaries.filter(sex="female").count() / secretaries.count() < women
    leader_ages = [a for a, (*_, kind) in zip(ages, people, strict=True) if kind == "leadership"]
    assert sum(leader_ages) / len(leader_ages) > sum(ages) / len(ages)
    assert _people(code).filter(ethnicity="Kinh").count() / len(people) > 0.9


def test_evaluations_are_mostly_good_with_a_few_failing_two_years_running(hai_phong, geography):
    code, _counts, _communes = hai_phong
    ratings = Evaluation.objects.filter(official__current_province_id=code)
    levels = Counter(ratings.values_list("level", flat=True))
    total = sum(levels.values())
    assert set(ratings.values_list("year", flat=True).distinct()) == set(range(2021, 2026))
    assert 0.10 <= levels["HTXSNV"] / total <= 0.15
    assert 0.005 <= levels["KHTNV"] / total <= 0.02
    assert (levels["HTTNV"] + levels["HTNV"]) / total > 0.8
    failed = set(ratings.filter(year=2024, level="KHTNV").values_list("official", flat=True))
    assert failed & set(ratings.filter(year=2025, level="KHTNV").values_list("official", flat=True))


def test_place_texts_old_and_new_resolve_to_the_stored_commune(hai_phong, geography):
    code, _counts, _communes = hai_phong
    ids = sorted(_people(code).values_list("pk", flat=True))
    sample = Official.objects.filter(pk__in=random.Random(1).sample(ids, 50))
    forms = Counter()
    for person in sample:
        for place in ("birthplace", "hometown", "raised"):
            placed = normalize_address(getattr(person, f"{place}_text"))
            assert placed.commune.code == getattr(person, f"{place}_id"), getattr(person, f"{place}_text")
            district = getattr(person, f"{place}_district_id")
            if placed.legacy:
                assert placed.legacy.district.code == district
            forms["old" if placed.legacy else "new"] += 1
    assert forms["old"] > 30 and forms["new"] > 15


def test_years_worked_per_unit_name_the_units_they_count_for(hai_phong, geography):
    """Every person's, as the import reads the text back (a re-imported export must not change them): a
    few people served in an island district, which is a commune now (Bạch Long Vĩ)."""
    code, _counts, _communes = hai_phong
    resolver, read, items = Resolver(), {}, 0
    for years in _people(code).values_list("years_by_unit", flat=True):
        for item in years:
            if item["text"] not in read:
                read[item["text"]] = sorted(resolver.any_unit(item["text"]).keys())
            assert read[item["text"]] == item["keys"] and item["years"] >= 0, item
            items += 1
    assert items >= 6000 and any("Bạch Long Vĩ" in text for text in read)


def test_postings_never_overlap_and_current_ones_are_at_new_communes(hai_phong, geography):
    code, _counts, communes = hai_phong
    spans = defaultdict(list)
    rows = Posting.objects.filter(official__current_province_id=code)
    for official, track, start, end in rows.values_list("official", "track", "start", "end"):
        spans[(official, track)].append((start, end))
    for history in spans.values():
        history.sort()
        assert sum(end is None for _start, end in history) <= 1
        for (_start, end), (next_start, _next_end) in pairwise(history):
            assert end is not None and end < next_start
    current = rows.filter(end__isnull=True, position__unit_level="commune")
    assert set(current.values_list("commune", flat=True)) == communes
    assert (
        not rows.filter(end__isnull=True).exclude(position__unit_level__in=("commune", "province")).exists()
    )
    earlier = rows.filter(end__isnull=False, position__unit_level="district")
    assert earlier.exists() and not earlier.filter(district=None).exists()
    districts = set(LegacyDistrict.objects.filter(province__new_province=code).values_list("code", flat=True))
    assert set(earlier.values_list("district", flat=True)) <= districts


def test_succession_pools_at_province_and_former_district_level(hai_phong, geography):
    code, _counts, _communes = hai_phong
    plans = SuccessionPlan.objects.filter(province_id=code, term_start=2025, term_end=2030)
    province_pool = plans.filter(district=None)
    assert province_pool.filter(official__current_commune=None).values("official").distinct().count() >= 20
    assert plans.filter(district__province__new_province=code).filter(official__current_commune__isnull=False)
    assert {"bi_thu", "chu_tich_ubnd", "pho_bi_thu"} <= set(plans.values_list("position__code", flat=True))


def test_relatives_work_in_the_same_commune(hai_phong, geography):
    code, _counts, _communes = hai_phong
    relations = Relation.objects.filter(official__current_province_id=code).select_related(
        "official", "relative"
    )
    assert relations
    for relation in relations:
        assert relation.official_id < relation.relative_id
        assert relation.official.current_commune_id == relation.relative.current_commune_id is not None
        if relation.kind in ("parent", "child"):
            parent, child = (
                (relation.official, relation.relative)
                if relation.kind == "child"
                else (relation.relative, relation.official)
            )
            assert (child.birth_date - parent.birth_date).days > 18 * 365


def test_the_same_seed_gives_the_same_people_and_a_second_run_adds_nobody(hai_phong, geography):
    def people():
        return list(
            _people(LAI_CHAU).order_by("citizen_id").values_list("citizen_id", "full_name", "birth_date")
        )

    generate_registry([LAI_CHAU], seed=7)
    first = people()
    assert generate_registry([LAI_CHAU], seed=7)["already_present"] == 1 and people() == first
    Official.objects.filter(current_province_id=LAI_CHAU).delete()
    generate_registry([LAI_CHAU], seed=7)
    assert people() == first and len(first) > 2000
    assert len({citizen_id for citizen_id, *_ in first}) == len(first)
    Official.objects.filter(current_province_id=LAI_CHAU).delete()
    generate_registry([LAI_CHAU], seed=8)
    assert people() != first


def test_a_planned_province_leader_is_warned_and_kept_out_of_the_secretary_posts(hai_phong, geography):
    """The demo shows the discipline rule at work: one province leader planned for the secretary post, rated
    excellent, was warned two months before AS_OF; a year after AS_OF the 36 months of Quy định 377-QĐ/TW still
    run, so the plan keeps them out of the (higher) secretary posts and says why."""
    code, _counts, _communes = hai_phong
    (warned,) = Discipline.objects.filter(
        official__current_province_id=code, deciding_body="Ủy ban Kiểm tra Tỉnh ủy"
    )
    assert warned.measure == "warning" and warned.official.current_commune_id is None
    # A fixed rotation date a year after AS_OF (the demo plans for today, inside the wait until 01/08/2028).
    compiled = compile_problem(code, on=add_months(AS_OF, 12))
    entry = next(e for e in compiled.excluded if e["candidate"] == str(warned.official_id))
    assert any(r["rule"] == "discipline" and "chưa đủ 36 tháng" in r["vi"] for r in entry["reasons"])
    kept_out = [p["kept_out"] for p in compiled.document["posts"] if p["kept_out"]["people"]]
    assert any("discipline" in str(k) for k in kept_out)
