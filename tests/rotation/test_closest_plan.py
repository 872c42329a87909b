"""When no plan meets every rule, the province still gets the closest plan: the plan page, the workflow panel, the
workbook and the proposal say it does not meet every requirement, and name each post it leaves open with who
could fill it under which relaxed rule."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from cadre.rotation.documents import proposal_docx
from cadre.rotation.report import write_workbook
from cadre.rotation.services import run_plan
from tests.rotation.plans import carried
from tests.rotation.registry import LAI_CHAU, ON, communes, planned, secretary
from tests.users import make_user

LONG_AGO = dt.date(2012, 1, 1)  # fourteen years in post: due for rotation, may not stay


@pytest.fixture
def scarce(geography):
    """Lai Châu's first three secretaries are due for rotation; only two directors are in the pool for them, and
    a third is kept out by too little service left. One post must stay open."""
    for number, commune in enumerate(communes(LAI_CHAU, 100)):
        secretary(commune, name=f"Bí Thư {number:02d}", since=LONG_AGO if number < 3 else dt.date(2025, 7, 1))
    homes = communes("31", 3)
    planned(LAI_CHAU, home=homes[0], name="Giám Đốc Một")
    planned(LAI_CHAU, home=homes[1], name="Giám Đốc Hai")
    planned(LAI_CHAU, home=homes[2], name="Trần Văn Già", born=dt.date(1966, 1, 1))
    return run_plan(LAI_CHAU, target=0.05, on=ON)


def test_the_run_gives_the_closest_plan_and_names_the_open_post(scarce):
    run = scarce
    closest = run.plan["closest"]
    assert run.status == "optimal" and run.plan["requirements_met"] is False
    assert closest["proof"]["filled"] == closest["proof"]["vertex_cover"] == len(run.problem["posts"]) - 1
    [open_post] = closest["open_posts"]
    names = {p["id"]: p["label"] for p in run.problem["posts"]}
    assert open_post["label"] == names[open_post["post"]] and open_post["group_label"] == "Tỉnh Lai Châu"
    assert any(r["label"] == "Trần Văn Già" for r in open_post["if_relaxed"])
    # The incumbent of the open post is not replaced: the plan decides nothing there.
    assert open_post["incumbent_stays"] and open_post["incumbent_label"].startswith("Bí Thư 0")
    assert len(run.plan["assignments"]) == len(run.problem["posts"]) - 1


def test_the_plan_page_and_the_approval_panel_say_it_does_not_meet_every_requirement(scarce, client):
    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    page = client.get(f"/plans/{scarce.pk}/").content.decode()
    banner = page.split('<section id="closest"')[1].split("</section>")[0]
    assert "Phương án gần nhất — không đáp ứng đủ mọi yêu cầu" in banner
    open_post = scarce.plan["closest"]["open_posts"][0]
    assert f"{open_post['label']} (Tỉnh Lai Châu)" in banner
    assert "Trần Văn Già — nếu bỏ điều kiện: Còn" in banner
    assert "Vị trí chưa bố trí được người" in banner
    # Nothing in the banner is an id: no commune code, no person's number.
    assert not re.search(r"\b\d{5}\b", re.sub(r"<[^>]+>", " ", banner)), banner
    panel = page.split('class="workflow"')[1]
    assert "data-warning>Phương án gần nhất — không đáp ứng đủ mọi yêu cầu<" in panel  # before proposing

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/plans/{scarce.pk}/").content.decode()
    assert "The closest plan — does not meet every requirement" in english
    assert "Trần Văn Già — if the rule were lifted" in english


def test_the_workbook_and_the_proposal_carry_the_label(scarce):
    run = carried(scarce)
    book = io.BytesIO()
    with translation.override("vi"):  # the sheets follow the UI's language; earlier tests may leave English
        write_workbook(run, book)
    sheets = load_workbook(io.BytesIO(book.getvalue()))
    assert sheets.sheetnames[0] == "Chưa đạt yêu cầu"
    first = [c.value for row in sheets["Chưa đạt yêu cầu"].iter_rows() for c in row if c.value]
    assert first[0] == "Phương án gần nhất — không đáp ứng đủ mọi yêu cầu"
    assert any("Trần Văn Già" in str(v) for v in first)
    text = "\n".join(p.text for p in Document(io.BytesIO(proposal_docx(run))).paragraphs)
    assert "Phương án gần nhất — không đáp ứng đủ mọi yêu cầu" in text
    assert scarce.plan["closest"]["open_posts"][0]["label"] in text


def test_approving_the_closest_plan_keeps_the_open_posts_incumbent(scarce):
    from cadre.people.models import Posting

    open_post = scarce.plan["closest"]["open_posts"][0]
    carried(scarce, to="approved")
    holders = Posting.objects.filter(commune_id=open_post["post"], position__code="bi_thu", end__isnull=True)
    assert [p.official.full_name for p in holders] == [open_post["incumbent_label"]]


def test_a_plan_asked_for_in_the_browser_is_the_closest_one(
    scarce, client, django_capture_on_commit_callbacks
):
    from cadre.rotation.models import PlanJob
    from tests.tasks import run_queued_tasks

    make_user("bto", role="board_officer", scope=LAI_CHAU)
    client.login(username="bto", password="mat-khau-dai-123")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/plans/new/", {"province": LAI_CHAU, "rotation_date": ON.isoformat(), "target_percent": "5"}
        )
    run_queued_tasks()
    job = PlanJob.objects.get()
    assert job.run is not None and job.run.plan["requirements_met"] is False
    page = client.get(f"/plans/{job.run.pk}/").content.decode()
    assert "Phương án gần nhất — không đáp ứng đủ mọi yêu cầu" in page
