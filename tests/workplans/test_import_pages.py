"""The work plans' workbook pages: the import (check, then import), the template, and the board's export, each
for who may use it and within their scope."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cadre.workplans import services
from cadre.workplans.models import WorkPlan
from cadre.workplans.workbook import export
from cadre.workplans.workbook.template import EXAMPLE_PLAN, EXAMPLE_TASK, write_template
from tests.workplans.registry import fixture_world, task_input  # noqa: F401

pytestmark = pytest.mark.django_db


def workbook(world, tmp_path, **task):
    path = tmp_path / "kh.xlsx"
    row = {**EXAMPLE_TASK, "lead_official": world["lead"].citizen_id, "coworkers": "", **task}
    write_template(path, plans=[{**EXAMPLE_PLAN, "commune": world["a"]}], tasks=[row])
    return path


def test_the_import_page_checks_then_imports(world, tmp_path, client):
    client.force_login(world["leader"])
    page = client.get("/workplans/import/")
    assert page.status_code == 200 and "/workplans/import/template.xlsx" in page.content.decode()
    assert "sáu rõ" in page.content.decode()  # in Vietnamese first

    with open(workbook(world, tmp_path, deadline="31/02/2026"), "rb") as upload:
        bad = client.post("/workplans/import/", {"file": upload, "import": "1"})
    text = bad.content.decode()
    assert "1 lỗi" in text and "Ngày 31/02/2026 không tồn tại" in text and "L (Thời hạn)" in text
    assert not WorkPlan.objects.filter(source_title=EXAMPLE_PLAN["source_title"]).exists()

    with open(workbook(world, tmp_path), "rb") as upload:
        checked = client.post("/workplans/import/", {"file": upload, "check": "1"})
    assert "Đã kiểm tra: không có lỗi" in checked.content.decode()
    assert not WorkPlan.objects.filter(source_title=EXAMPLE_PLAN["source_title"]).exists()
    with open(workbook(world, tmp_path), "rb") as upload:
        client.post("/workplans/import/", {"file": upload, "import": "1"})
    assert WorkPlan.objects.get(source_title=EXAMPLE_PLAN["source_title"]).tasks.count() == 1


def test_the_import_needs_the_right_to_assign_work(world, client):
    client.force_login(world["clerk"])  # a commune user: may see, may not assign
    assert client.get("/workplans/import/").status_code == 403
    assert client.get("/workplans/import/template.xlsx").status_code == 403


def test_the_template_has_both_sheets_and_a_guide_in_the_words_of_the_six_clears(world, client):
    client.force_login(world["leader"])
    response = client.get("/workplans/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert book.sheetnames == ["Kế hoạch", "Nhiệm vụ", "Hướng dẫn"]
    guide = "\n".join(str(c) for row in book["Hướng dẫn"].iter_rows(values_only=True) for c in row if c)
    assert "Rõ người" in guide and "Rõ thẩm quyền" in guide


def exported(response) -> list[list]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in book["Nhiệm vụ"].iter_rows(values_only=True)]


def test_the_board_export_is_scoped_and_filtered_like_the_board(world, client, django_assert_max_num_queries):
    plan_b = services.create_plan(
        user=world["province"],
        commune_id=world["b"],
        title="Kế hoạch của xã B",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        source_kind="plan",
        source_number="01/KH-UBND",
        source_date=dt.date(2025, 12, 1),
        source_body="UBND xã",
    )
    services.create_task(plan_b, task_input(world["far"], title="Việc của xã B"), user=world["province"])
    second = task_input(world["lead"], title="Việc thứ hai của xã A")
    services.create_task(world["plan"], second, user=world["leader"])

    client.force_login(world["leader"])
    with django_assert_max_num_queries(15):
        mine = exported(client.get("/workplans/board/export.xlsx"))
    titles = [row[3] for row in mine[2:]]
    assert "Việc của xã B" not in titles and len(titles) == 2  # commune A's only

    client.force_login(world["province"])
    everything = [row[3] for row in exported(client.get("/workplans/board/export.xlsx"))[2:]]
    assert "Việc của xã B" in everything and len(everything) == 3
    from_b = exported(client.get("/workplans/board/export.xlsx?source=01/KH-UBND"))
    assert [row[3] for row in from_b[2:]] == ["Việc của xã B"]
    assert "01/KH-UBND" in from_b[0][0]  # the title row says what was selected
    assert client.get("/workplans/board/export.xlsx?status=nonsense").status_code == 400

    client.force_login(world["clerk"])
    assert client.get("/workplans/board/export.xlsx").status_code == 403


def test_an_export_too_large_is_refused_with_a_request_to_filter(world, client, monkeypatch):
    monkeypatch.setattr(export, "MAX_EXPORT_TASKS", 0)
    client.force_login(world["leader"])
    response = client.get("/workplans/board/export.xlsx")
    assert response.status_code == 400
    assert "hãy chọn một tỉnh, một xã" in response.content.decode()
