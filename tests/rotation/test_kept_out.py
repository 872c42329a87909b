"""The people kept out of a plan, as the Organisation Board reads them: one table of reasons with how many people
each keeps out, and under each reason the people it keeps out with what the rule found for them."""

import datetime as dt
import re

import pytest

from cadre.rotation.review import kept_out_groups
from cadre.rotation.services import run_plan
from tests.people.factories import discipline
from tests.rotation.registry import HAI_PHONG, LAI_CHAU, ON, communes, lai_chau_registry, planned
from tests.users import make_user

OLD = dt.date(1967, 1, 1)  # retires within the ten years a rotation needs


@pytest.fixture
def plan_with_kept_out(geography):
    lai_chau_registry()
    homes = communes(HAI_PHONG, 5)
    planned(LAI_CHAU, home=homes[2], born=OLD, name="Cán Bộ Sắp Nghỉ Hưu")
    planned(LAI_CHAU, home=homes[3], born=OLD, ratings={2024: "HTNV", 2025: "KHTNV"}, name="Cán Bộ Hai Lý Do")
    planned(LAI_CHAU, home=homes[4], ratings={2024: "HTNV", 2025: "KHTNV"}, name="Cán Bộ Xếp Loại Thấp")
    return run_plan(LAI_CHAU, target=0.05, on=ON)


def test_kept_out_people_are_grouped_by_reason_with_counts_most_first():
    excluded = [
        {
            "candidate": "1",
            "label": "An",
            "reasons": [{"rule": "service_left", "vi": "Còn 5 tháng", "en": "5"}],
        },
        {
            "candidate": "2",
            "label": "Bình",
            "reasons": [
                {"rule": "service_left", "vi": "Còn 7 tháng", "en": "7"},
                {"rule": "rating", "vi": "Chưa đạt", "en": "Not rated"},
            ],
        },
        {"candidate": "3", "label": "Chi", "reasons": [{"rule": "made_up", "vi": "Lạ", "en": "Odd"}]},
    ]
    groups = kept_out_groups(excluded)
    assert [(g.rule, g.count) for g in groups] == [("service_left", 2), ("rating", 1), ("", 1)]
    assert [p["label"] for p in groups[0].people] == ["An", "Bình"]
    assert [p["others"] for p in groups[0].people] == [0, 1]  # Bình is also kept out by the rating
    assert groups[0].label.vi == "Chưa đủ thời gian công tác còn lại"
    assert groups[2].label.vi == "Lý do khác"  # an unknown rule is still shown, under "other reasons"
    assert kept_out_groups([]) == []


def test_the_plan_page_shows_the_kept_out_as_a_table_of_reasons_with_counts(client, plan_with_kept_out):
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    page = client.get(f"/plans/{plan_with_kept_out.pk}/").content.decode()
    section = page.split('id="excluded"')[1].split("</section>")[0]
    summary = section.split('id="kept-out-reasons"')[1].split("</table>")[0]
    counts = dict(
        re.findall(
            r'<tr data-rule="([a-z_]*)"><td><a [^>]*>[^<]+</a></td><td class="num">(\d+)</td>', summary
        )
    )
    assert counts["service_left"] == "2" and counts["rating"] == "2"
    assert "Chưa đủ thời gian công tác còn lại" in summary and "Xếp loại gần đây chưa đạt" in summary
    service = section.split('data-rule="service_left"><summary>')[1].split("</details>")[0]
    assert "Cán Bộ Sắp Nghỉ Hưu" in service and "Cán Bộ Hai Lý Do" in service
    assert "Cán Bộ Xếp Loại Thấp" not in service
    assert "tháng công tác, cần ít nhất" in service  # what the rule found for each, in the user's words
    assert "<li>" not in section  # no longer one paragraph of names


def test_the_plan_page_names_a_recent_warning_that_keeps_a_cadre_out_of_a_higher_post(client, geography):
    lai_chau_registry()
    warned = planned(
        LAI_CHAU,
        home=communes(HAI_PHONG, 5)[4],
        position="pho_phong_tinh",  # below the secretary: the post would be a higher one
        ratings={2024: "HTXSNV", 2025: "HTXSNV"},
        name="Cán Bộ Bị Cảnh Cáo",
    )
    discipline(warned, "warning", dt.date(2025, 7, 1))  # 12 months before the rotation date
    run = run_plan(LAI_CHAU, target=0.05, on=ON)
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    page = client.get(f"/plans/{run.pk}/").content.decode()
    section = page.split('id="excluded"')[1].split("</section>")[0]
    assert 'data-rule="discipline"' in section
    assert "Bị kỷ luật, chưa đủ thời gian để bố trí chức vụ cao hơn" in section
    kept = section.split('data-rule="discipline"><summary>')[1].split("</details>")[0]
    assert "Cán Bộ Bị Cảnh Cáo" in kept
    assert (
        "Bị cảnh cáo ngày 01/07/2025, chưa đủ 36 tháng (từ ngày 02/07/2028 mới được bố trí chức vụ cao hơn)."
        in kept
    )
