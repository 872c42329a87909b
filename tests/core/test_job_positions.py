"""The Ministry's list of commune job positions in the policy file: it loads with its source and the Law's
groups, the service centre's posts are on it, and a list that cannot be right is refused with what is wrong."""

import copy
import datetime as dt

import pytest

from cadre.core.job_positions import GROUPS, centre_rule, commune_positions
from cadre.core.policy import Policy, PolicyError, national_policy

ON = dt.date(2026, 12, 1)


def test_the_list_in_force_has_the_laws_groups_its_source_and_the_service_centre_posts():
    positions = {p.code: p for p in commune_positions(national_policy(), ON)}
    leaders = [p for p in positions.values() if p.group == "leadership"]
    # Eight leadership positions on the list (the Office's, a department's, the centre's, the military command's),
    # Cadre keeping one head and one deputy per department.
    assert len({p.official for p in leaders}) == 8
    assert {p.group for p in positions.values()} <= set(GROUPS)
    director, deputy = positions["giam_doc_tthcc"], positions["pho_giam_doc_tthcc"]
    assert director.name == "Giám đốc Trung tâm Phục vụ hành chính công" and director.group == "leadership"
    assert deputy.name == "Phó Giám đốc Trung tâm Phục vụ hành chính công"
    assert director.body.name == "Trung tâm Phục vụ hành chính công"
    assert "7415/BNV-CCVC" in director.source and director.unverified
    assert director.effective_from == dt.date(2025, 7, 1)
    assert str(GROUPS["professional"].vi) == "Chuyên môn, nghiệp vụ"


def test_old_codes_keep_their_post_under_the_official_name_and_the_old_name_is_remembered():
    positions = {p.code: p for p in commune_positions(national_policy(), ON)}
    finance = positions["cv_tai_chinh"]
    assert finance.name == "Chuyên viên lĩnh vực tài chính" and finance.former == "Tài chính - kế toán"
    assert finance.former_en == "Finance and accounting"
    assert finance.group == "professional" and finance.body.key == "kinh_te"
    # The former "military commander" job position is the list's leadership post of the military command.
    commander = positions["cv_quan_su"]
    assert commander.group == "leadership" and commander.name.startswith("Chỉ huy trưởng Ban Chỉ huy quân sự")
    # "Education and health" was one post: its code is education and training; health is a new position.
    assert positions["cv_giao_duc_y_te"].name == "Chuyên viên lĩnh vực giáo dục và đào tạo"
    assert positions["cv_y_te"].former == ""


def test_the_service_centre_is_led_by_a_vice_chair_until_resolution_332_and_by_its_own_director_after():
    before = centre_rule(national_policy(), dt.date(2025, 10, 14))
    after = centre_rule(national_policy(), dt.date(2025, 10, 15))
    assert before.director_is_vice_chair and before.deputy_rank == "truong_phong"
    assert "118/2025/NĐ-CP" in before.source
    assert not after.director_is_vice_chair and after.deputy_rank == "pho_truong_phong"
    assert "332/NQ-CP" in after.source and after.unverified
    with pytest.raises(PolicyError, match="no value in force"):
        centre_rule(national_policy(), dt.date(2025, 6, 30))


def test_from_decree_367_the_director_ranks_with_a_department_head_and_the_rule_says_it_in_both_languages():
    before = centre_rule(national_policy(), dt.date(2025, 12, 30))
    after = centre_rule(national_policy(), dt.date(2025, 12, 31))
    assert before.director_rank == "" and before.deputy_count is None
    assert (after.director_rank, after.deputy_rank) == ("truong_phong", "pho_truong_phong")
    assert "367/2025/NĐ-CP" in after.source and after.unverified
    said = [(t.vi, t.en) for t in after.sentences]
    assert ("Giám đốc tương đương Trưởng phòng.", "The director ranks with a department head.") in said
    first = centre_rule(national_policy(), dt.date(2025, 7, 1))
    assert first.deputy_count == 1 and "Trung tâm có 1 Phó Giám đốc." in [t.vi for t in first.sentences]
    # No sentence names a policy key.
    assert not any("truong_phong" in t.vi + t.en for rule in (first, after) for t in rule.sentences)


@pytest.mark.parametrize(
    "value",
    [
        {"director_is_vice_chair": False, "deputy_rank": "pho_truong_phong", "director_rank": "giam_doc"},
        {"director_is_vice_chair": False, "deputy_rank": "pho_truong_phong", "deputy_count": 0},
        {"director_is_vice_chair": False, "deputy_rank": "pho_truong_phong", "deputy_count": "2"},
    ],
)
def test_a_centre_rule_with_an_unknown_rank_or_a_bad_count_is_refused(value):
    bad = Policy({"service_centre_leadership": {"values": [{"from": ON, "value": value, "source": "x"}]}})
    with pytest.raises(PolicyError, match="deputy_count"):
        centre_rule(bad, ON)


def _document(**changes):
    """The file's list, with `changes` applied to its first position (None removes the key)."""
    entry = copy.deepcopy(national_policy().entry("commune_job_positions", ON))
    value = entry.value
    for key, new in changes.items():
        if new is None:
            value["positions"][0].pop(key, None)
        else:
            value["positions"][0][key] = new
    item = {"from": entry.effective_from, "value": value, "source": entry.source}
    return Policy({"commune_job_positions": {"values": [item]}})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"group": "management"},
            "has group 'management'; it must be one of leadership, professional, support",
        ),
        ({"body": "phong_noi_vu"}, "is in body 'phong_noi_vu', which `bodies` does not list"),
        ({"name": "  "}, "has no name"),
        ({"name_en": None}, "has no name_en"),
        ({"code": "Chánh VP"}, "is not lower-case letters"),
        ({"code": "cv_tai_chinh"}, "'cv_tai_chinh' is listed twice"),
    ],
)
def test_a_list_that_cannot_be_right_is_refused_naming_the_parameter_and_the_position(changes, message):
    with pytest.raises(PolicyError) as refused:
        commune_positions(_document(**changes), ON)
    assert "commune_job_positions" in str(refused.value) and message in str(refused.value)


def test_a_list_without_positions_or_a_centre_rule_without_its_fields_is_refused():
    empty = Policy(
        {"commune_job_positions": {"values": [{"from": ON, "value": {"bodies": []}, "source": "x"}]}}
    )
    with pytest.raises(PolicyError, match="needs a list of `positions`"):
        commune_positions(empty, ON)
    bad = Policy(
        {
            "service_centre_leadership": {
                "values": [{"from": ON, "value": {"deputy_rank": "x"}, "source": "x"}]
            }
        }
    )
    with pytest.raises(PolicyError, match="director_is_vice_chair"):
        centre_rule(bad, ON)
