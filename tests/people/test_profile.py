"""What a person's page says about them: retirement, and each rule's finding with its source."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from cadre.people.models import Official, Relation
from cadre.people.profile import PLACE_RELATED, official_profile
from tests.users import make_user

from .factories import make_official, post, rate, three_people

pytestmark = pytest.mark.usefixtures("geography")
ON = dt.date(2026, 11, 22)


def profile_of(official, on=ON):
    viewer = (
        get_user_model().objects.filter(username="canbo").first() or make_user()
    )  # sees the whole country
    return official_profile(
        Official.objects.select_related(*PLACE_RELATED).get(pk=official.pk), on=on, viewer=viewer
    )


def rules(profile) -> dict:
    return {rule.code: rule for rule in profile.rules}


@pytest.fixture
def people(db, geography):
    return three_people()


def test_retirement_and_service_left_follow_the_labour_code(people):
    an = profile_of(people["an"])
    assert (an.retirement.retirement_date, an.retirement.pension_start) == (
        dt.date(2037, 6, 30),
        dt.date(2037, 7, 1),
    )
    assert an.retirement_age == (62, 0) and an.months_of_service_left == 127 and an.age == 51
    assert any("45/2019/QH14" in source for source in an.retirement.sources)


def test_the_early_retirement_category_moves_the_date_five_years_earlier(db, geography):
    early = make_official("Đỗ Văn Giang", born=dt.date(1975, 6, 5), early_retirement=True)
    assert profile_of(early).retirement.retirement_date == dt.date(2032, 6, 30)


def test_the_local_verdict_judges_the_current_post_and_gives_its_reasons(people):
    an = rules(profile_of(people["an"]))["local_person"]
    assert an.outcome is False and an.unverified and "Quy định 65-QĐ/TW" in an.source
    assert (
        an.verdict.vi
        == "Không là người địa phương của Phường Hải Dương, Thành phố Hải Phòng, nơi giữ chức vụ hiện nay."
    )
    assert "Sinh ra ở nơi khác." in [r.vi for r in an.reasons]
    binh = rules(profile_of(people["binh"]))["local_person"]
    assert binh.outcome is True and [r.en for r in binh.reasons] == ["Born here.", "Raised here."]
    assert rules(profile_of(people["cuong"]))["local_person"].outcome is None  # no post to judge against


def test_a_page_shows_the_sentence_of_the_active_language(people):
    verdict = rules(profile_of(people["binh"]))["evaluation_consequences"].verdict
    with translation.override("en"):
        assert (
            str(verdict) == "Did not complete tasks in 2 consecutive years (2024, 2025): relieved of office."
        )
    with translation.override("vi"):
        assert str(verdict).endswith("miễn nhiệm, cho thôi làm nhiệm vụ.")


def test_evaluation_consequences_for_a_civil_servant(db, geography):
    clerk = make_official("Hoàng Văn Hùng")
    post(clerk, "cv_tai_chinh", commune="10507", start=dt.date(2020, 1, 1))
    rate(clerk, {2024: "KHTNV", 2025: "HTNV", 2026: "KHTNV"})
    finding = rules(profile_of(clerk))["evaluation_consequences"]
    assert finding.outcome is True and "reassigned or moved to a lower post" in finding.verdict.en
    assert finding.unverified  # the non-consecutive rule is only known from secondary reports

    protected = make_official("Ngô Thị Lan", sex="female", protection="maternity")
    post(protected, "cv_tai_chinh", commune="10507", start=dt.date(2020, 1, 1))
    rate(protected, {2025: "KHTNV", 2026: "KHTNV"})
    deferred = rules(profile_of(protected))["evaluation_consequences"]
    assert "dismissal is deferred" in deferred.verdict.en


def test_rated_well_recently_looks_at_the_year_before(people):
    an = rules(profile_of(people["an"]))["rated_well_recently"]
    assert an.outcome is True and an.unverified and "170/2025" in an.source
    binh = rules(profile_of(people["binh"]))["rated_well_recently"]
    assert binh.outcome is False and [r.vi for r in binh.reasons] == ["2025: KHTNV"]
    cuong = rules(profile_of(people["cuong"]))["rated_well_recently"]
    assert cuong.outcome is False and "chưa có xếp loại" in cuong.reasons[0].vi


def test_tenure_counts_the_unbroken_run_in_the_same_post_and_unit(db, geography):
    deputy = make_official("Phan Văn Khoa")
    post(deputy, "pho_chu_tich_ubnd", commune="10507", start=dt.date(2014, 1, 1), decision="QĐ 1")
    post(deputy, "pho_chu_tich_ubnd", commune="10507", start=dt.date(2020, 1, 1), decision="QĐ 2")
    finding = rules(profile_of(deputy))["rotation_due"]
    assert finding.outcome is True and "154" in finding.verdict.en and "01/01/2014" in finding.verdict.en
    assert "646-QĐ/TU" in finding.source

    earlier = rules(profile_of(deputy, on=dt.date(2023, 6, 1)))["rotation_due"]
    assert earlier.outcome is False and "113" in earlier.verdict.en


def test_a_job_position_is_not_judged_for_tenure(db, geography):
    clerk = make_official("Hoàng Văn Hùng")
    post(clerk, "cv_tai_chinh", commune="10507", start=dt.date(2000, 1, 1))
    assert rules(profile_of(clerk))["rotation_due"].outcome is None


def test_relatives_are_seen_from_both_sides(people):
    an, binh, cuong = people["an"], people["binh"], people["cuong"]
    Relation.objects.create(official=an, relative=binh, kind="spouse")
    Relation.objects.create(official=an, relative=cuong, kind="child")  # Cường is An's child
    assert {(r.official.full_name, r.kind) for r in profile_of(an).relatives} == {
        ("Trần Thị Bình", "spouse"),
        ("Lê Văn Cường", "child"),
    }
    assert [(r.official.full_name, r.kind) for r in profile_of(cuong).relatives] == [
        ("Nguyễn Văn An", "parent")
    ]


def test_the_history_is_ordered_and_the_current_post_found(people):
    profile = profile_of(people["an"])
    assert [p.position.code for p in profile.postings] == ["pho_bi_thu", "bi_thu"]
    assert profile.postings[0].end == dt.date(2025, 6, 30)
    assert profile.current_posting == profile.postings[1]
    assert [e.year for e in profile.evaluations] == [2025, 2024]
