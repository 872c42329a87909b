import datetime as dt

import pytest

from cadre.core.policy import Policy, PolicyError
from cadre.core.rules.locality import PersonPlaces, Stint, is_local

# A place is the set of unit keys it lies in: new commune and province, former district and province.
TU_KY_DAN_CHU = frozenset({"commune:10507", "province:31", "district:288", "old_province:30"})
TU_KY_OTHER = frozenset({"commune:10510", "province:31", "district:288", "old_province:30"})
HAI_DUONG_CITY = frozenset({"commune:10500", "province:31", "district:290", "old_province:30"})
NGHE_AN = frozenset({"commune:16000", "province:40", "district:412", "old_province:40"})


def rule(origins=("birthplace", "raised"), match="all", years=20):
    return Policy(
        {
            "local_person_rule": {
                "unverified": True,
                "values": [
                    {
                        "from": dt.date(2022, 4, 28),
                        "value": {
                            "origins": list(origins),
                            "origins_match": match,
                            "min_years_studied_or_worked": years,
                        },
                        "source": "Quy định 65-QĐ/TW (test)",
                    }
                ],
            }
        }
    )


def codes(verdict):
    return [r.code for r in verdict.reasons]


def test_born_and_raised_in_the_commune_is_local_there_and_in_its_province_and_former_district():
    person = PersonPlaces(birthplace=TU_KY_DAN_CHU, raised=TU_KY_DAN_CHU)
    for unit in ("commune:10507", "province:31", "district:288"):
        verdict = is_local(person, unit)
        assert verdict.local, unit
        assert codes(verdict) == ["birthplace_here", "raised_here"]
        assert verdict.unverified and "65-QĐ/TW" in verdict.source


def test_the_shipped_rule_needs_both_birth_and_upbringing():
    person = PersonPlaces(birthplace=TU_KY_DAN_CHU, raised=NGHE_AN)
    verdict = is_local(person, "commune:10507")
    assert not verdict.local
    assert codes(verdict) == ["birthplace_here", "raised_elsewhere", "years_short", "not_local"]
    # The same holds for the former district the commune lies in.
    assert not is_local(person, "district:288").local


def test_twenty_years_of_study_or_work_make_a_person_local_and_the_reason_says_so():
    person = PersonPlaces(
        birthplace=NGHE_AN,
        raised=NGHE_AN,
        stints=[Stint(TU_KY_DAN_CHU, 12), Stint(TU_KY_OTHER, 8), Stint(NGHE_AN, 5)],
    )
    district = is_local(person, "district:288")  # 12 + 8 years in the same former district
    assert district.local and codes(district) == ["years_here"]
    assert "20" in district.reasons[0].message_en and "20" in district.reasons[0].message_vi
    commune = is_local(person, "commune:10507")  # 12 years in this commune only
    assert not commune.local
    assert "12" in commune.reasons[codes(commune).index("years_short")].message_en


def test_years_in_a_former_district_count_for_the_new_province_it_went_into():
    person = PersonPlaces(stints=[Stint(TU_KY_DAN_CHU, 10), Stint(HAI_DUONG_CITY, 10.5)])
    assert is_local(person, "province:31").local
    assert not is_local(person, "district:288").local


def test_an_unrecorded_origin_is_not_held_against_the_person_but_nothing_recorded_is_not_local():
    # Registries rarely record where someone grew up: born here, with that blank, counts as local.
    assert is_local(PersonPlaces(birthplace=TU_KY_DAN_CHU), "commune:10507").local
    # Grew up elsewhere, on record: not local under the shipped "all" rule.
    assert not is_local(PersonPlaces(birthplace=TU_KY_DAN_CHU, raised=NGHE_AN), "commune:10507").local
    verdict = is_local(PersonPlaces(), "commune:10507")
    assert not verdict.local
    assert "raised_unknown" in codes(verdict) and "birthplace_unknown" in codes(verdict)
    assert codes(verdict)[-1] == "not_local"


def test_any_match_mode_and_hometown_can_be_configured():
    person = PersonPlaces(hometown=TU_KY_DAN_CHU, birthplace=NGHE_AN)
    policy = rule(origins=("birthplace", "hometown", "raised"), match="any")
    verdict = is_local(person, "commune:10507", policy=policy)
    assert verdict.local and codes(verdict) == ["hometown_here"]
    # With the shipped rule the hometown does not count.
    assert not is_local(person, "commune:10507").local


def test_the_years_threshold_comes_from_the_policy():
    person = PersonPlaces(stints=[Stint(TU_KY_DAN_CHU, 15)])
    assert not is_local(person, "commune:10507", policy=rule(years=20)).local
    assert is_local(person, "commune:10507", policy=rule(years=15)).local


def test_a_rule_is_applied_only_from_its_date():
    with pytest.raises(PolicyError):
        is_local(PersonPlaces(), "commune:10507", policy=rule(), on=dt.date(2020, 1, 1))


def test_a_misconfigured_rule_is_an_error():
    with pytest.raises(PolicyError, match="origins"):
        is_local(PersonPlaces(), "commune:1", policy=rule(origins=("school",)))
    with pytest.raises(PolicyError, match="origins_match"):
        is_local(PersonPlaces(), "commune:1", policy=rule(match="most"))


def test_every_reason_has_both_languages():
    person = PersonPlaces(birthplace=NGHE_AN, hometown=TU_KY_DAN_CHU, stints=[Stint(NGHE_AN, 3)])
    policy = rule(origins=("birthplace", "hometown", "raised"), match="all")
    verdict = is_local(person, "commune:10507", policy=policy)
    assert codes(verdict) == [
        "birthplace_elsewhere",
        "hometown_here",
        "raised_unknown",
        "years_short",
        "not_local",
    ]
    for reason in verdict.reasons:
        assert reason.message_vi and reason.message_en and reason.message_vi != reason.message_en


def test_a_part_year_reads_in_months_never_as_a_fraction_of_a_year():
    person = PersonPlaces(stints=[Stint(TU_KY_DAN_CHU, 0.3), Stint(HAI_DUONG_CITY, 7.5)])

    def years_reason(unit):
        verdict = is_local(person, unit)
        return next(r for r in verdict.reasons if r.code == "years_short")

    reason = years_reason("commune:10507")
    assert reason.message_vi == "Học tập, công tác tại địa phương 3 tháng, chưa đủ 20 năm."
    assert "0.3" not in reason.message_en and "3 months" in reason.message_en
    assert "7 năm 9 tháng" in years_reason("province:31").message_vi  # 0.3 + 7.5 years
