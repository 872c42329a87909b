"""Issue 14's crawl: every page each role reaches from the menu, over the demo's data, in the Vietnamese UI. It
fails on a server error, a link the role is refused or that leads nowhere, an English sentence, or a word of
tests/web/forbidden_words.txt (a Python dict, a hash, a step or policy key, a solver word, "0.3 năm" …). Text in
a "Chi tiết kỹ thuật" disclosure (`<details data-technical>`) is for auditors and exempt from the word list."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cadre.demo import set_up_demo
from cadre.geo.services import geography_counts
from cadre.rotation.models import PlanRun
from cadre.rotation.services import run_plan
from cadre.staffing.models import TransferPlan
from tests.web.crawl import PageText, crawl, forbidden_words, is_english

# The demo's logins: the administrator, the Organisation Board, the Standing Committee, Home Affairs.
ROLES = ("admin", "bantochuc", "thuongvu", "sonoivu")
COMMUNE_ROLES = (
    "bithu",
    "canbo",
)  # the demo's commune secretary and a commune official, both linked to people
HAI_PHONG = "31"


@pytest.fixture
def demo(geography, settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the demo keeps its logins' passwords there
    set_up_demo("province", geography_counts(), say=lambda line: None, progress=lambda line: None)
    # A draft beside the decided plan, so that the crawl meets the workflow's buttons and the keep/forbid forms.
    draft = run_plan(HAI_PHONG, on=timezone.localdate() + dt.timedelta(days=120))
    decided = PlanRun.objects.exclude(pk=draft.pk).get()
    # The plans' pages, by their ids (PostgreSQL does not reuse the ids of rolled-back tests).
    return {
        f"/plans/{decided.pk}/",
        f"/plans/{draft.pk}/",
        f"/staffing/transfers/{TransferPlan.objects.get().pk}/",
    }


def test_every_page_each_role_reaches_speaks_the_officials_language(client, demo):
    problems, visited = [], {}
    for username in ROLES + COMMUNE_ROLES:
        client.force_login(get_user_model().objects.get(username=username))
        result = crawl(client)
        visited[username] = set(result.visited)
        problems += [f"{username}: {line}" for line in result.problems]
        client.logout()
    assert not problems, "\n".join(problems)
    for username in ROLES:
        # The crawl went everywhere the menu leads: the plans, a plan, the transfer plan, people and exits.
        assert {"/plans/", "/people/", "/people/exits/", *demo} <= visited[username]
    for username in COMMUNE_ROLES:
        # A commune's own users reach their work plans, their tasks and the boards, not the province's close.
        assert {"/workplans/", "/workplans/mine/", "/workplans/board/"} <= visited[username]
        assert "/workplans/close/" not in visited[username]
    assert "/workplans/close/" in visited["bantochuc"] and "/workplans/province/" in visited["thuongvu"]
    # The Standing Committee may not import, so its menu does not offer it (it was offered, and refused: 403).
    assert "/people/import/" not in visited["thuongvu"]
    assert "/people/import/" in visited["bantochuc"] and "/people/import/" in visited["sonoivu"]


@pytest.mark.parametrize(
    "text",
    [
        "Cadre demo, not a real resolution (chính sách minh họa của Cadre, không phải nghị quyết thật)",
        "Monthly support is paid for 36 months from the rotation date",
    ],
)
def test_the_crawl_takes_an_english_sentence_for_one(text):
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    ["Hỗ trợ đi lại hằng tháng: 1.000.000 × 24", "Cadre", "Trọng số khoảng cách (mỗi km)", "15–<40 km"],
)
def test_the_crawl_leaves_vietnamese_and_figures_alone(text):
    assert not is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "{'per_km': 1.0, 'older_from_age': 55}",
        "31/2025-07-01/travel",
        "Học tập, công tác tại địa phương 0.3 năm",
        "Trình: propose / approve / decide",
        "two_tier_in_force",
        "Mã SHA-256 của bài toán",
        "Chưa có lời giải",
        "None",
    ],
)
def test_the_word_list_catches_a_programmers_word(text):
    assert any(pattern.search(text) for pattern in forbidden_words())


def test_hashes_and_solver_words_may_stay_inside_the_technical_details_only():
    page = PageText()
    page.feed(
        "<p>Tổng chi phí <b>1335,113</b></p><details data-technical><summary>Chi tiết kỹ thuật</summary>"
        "<table><tr><th>Mã SHA-256</th><td>ab12</td></tr></table></details><p title='cận dưới'>x</p>"
    )
    assert "Mã SHA-256" in page.technical and "Mã SHA-256" not in page.plain
    assert "cận dưới" in page.plain  # a tooltip is read like the text
