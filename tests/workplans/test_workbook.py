"""Work plans in from a workbook: a good one imports whole; a bad one is refused whole with every error on its
cell and nothing written; the user's scope bounds the plans and the people a workbook may name."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import load_workbook

from cadre.geo.models import Commune, Province
from cadre.workplans.closing import close_month
from cadre.workplans.models import EventKind, Milestone, Task, TaskEvent, WorkPlan
from cadre.workplans.workbook import export, importer
from cadre.workplans.workbook.export import export_board
from cadre.workplans.workbook.importer import WorkbookTooLarge, import_plans
from cadre.workplans.workbook.template import EXAMPLE_PLAN, EXAMPLE_TASK, write_template
from tests.people.factories import make_official, post
from tests.people.workbook.crafted import rewritten
from tests.workplans.registry import fixture_world  # noqa: F401

pytestmark = pytest.mark.django_db

TASKS_PART = "xl/worksheets/sheet2.xml"  # the second sheet written, "Nhiệm vụ"


def example(world, **task):
    """The template's example, placed in commune A and led by the world's people."""
    plan = {**EXAMPLE_PLAN, "commune": world["a"]}
    row = {
        **EXAMPLE_TASK,
        "lead_official": world["lead"].citizen_id,
        "coworkers": f"{world['other'].citizen_id}; {world['secretary'].citizen_id}",
        **task,
    }
    return plan, row


def test_the_template_example_imports_whole_with_its_history(world, tmp_path):
    plan, task = example(world)
    second = {
        **task,
        "title": "Tổ chức hội nghị sơ kết",
        "lead_official": "",
        "coworkers": "",
        "lead_unit": "Văn phòng HĐND-UBND",
        "lead_unit_head": world["secretary"].citizen_id,
        "milestones": "",
    }
    path = tmp_path / "kh.xlsx"
    write_template(path, plans=[plan], tasks=[task, second])
    before = Task.objects.count()

    checked = import_plans(path, user=world["leader"], dry_run=True)
    assert checked.ok and not checked.written
    assert Task.objects.count() == before  # a dry run writes nothing

    report = import_plans(path, user=world["leader"])
    assert report.ok and report.written
    assert report.counts == {"plans_created": 1, "tasks_created": 2, "milestones_created": 2}
    imported = WorkPlan.objects.get(source_title=EXAMPLE_PLAN["source_title"])
    assert imported.commune_id == world["a"] and imported.source_kind == "directive"
    first, other = imported.tasks.order_by("number")
    assert (first.number, first.lead_person, first.deadline) == (1, world["lead"], dt.date(2026, 3, 31))
    assert set(first.coworkers.all()) == {world["other"], world["secretary"]}
    assert list(Milestone.objects.filter(task=first).values_list("due", flat=True)) == [
        dt.date(2026, 2, 15),
        dt.date(2026, 3, 15),
    ]
    assert (other.lead_unit, other.lead_person, other.lead_official) == (
        "Văn phòng HĐND-UBND",
        world["secretary"],
        None,
    )
    event = TaskEvent.objects.get(task=first)
    assert event.kind == EventKind.IMPORTED and event.user == world["leader"]
    assert event.after == {"lead": "Lê Thị Chủ", "deadline": "31/03/2026"}
    assert imported.history.count() == 1  # the plan's row history


def stranger():
    """An official of Hà Nội: outside Hải Phòng's scope."""
    commune = Commune.objects.filter(province_id="01").order_by("code").first()
    person = make_official("Vũ Thị Ngoài", birthplace=commune.code, raised=commune.code)
    post(person, "cv_tai_chinh", commune=commune.code, start=dt.date(2024, 1, 1))
    return person


def test_a_bad_workbook_is_refused_whole_with_every_error_on_its_cell(world, tmp_path):
    plan, good = example(world)
    far = stranger()
    rows = [
        good,  # row 2: fine, but nothing is written because of the others
        {**good, "lead_official": "", "coworkers": ""},  # 3: no lead
        {**good, "lead_unit": "Văn phòng", "lead_unit_head": world["other"].citizen_id},  # 4: two leads
        {**good, "lead_official": "000000000001"},  # 5: nobody has this ID
        {**good, "lead_official": far.citizen_id},  # 6: a person of another province
        {**good, "start": "01/03/2026", "deadline": "01/02/2026", "milestones": ""},  # 7: deadline first
        {**good, "start": "31/02/2026"},  # 8: no such day
        {**good, "plan_key": "KH9"},  # 9: no such plan
        {**good, "deadline": "cuối quý"},  # 10: words in a date cell
        {**good, "expected_result": "", "authority_level": ""},  # 11: two clears missing
    ]
    path = tmp_path / "bad.xlsx"
    write_template(path, plans=[plan], tasks=rows)
    before = (WorkPlan.objects.count(), Task.objects.count(), TaskEvent.objects.count())

    report = import_plans(path, user=world["province"])

    assert not report.ok and not report.written
    found = [(i.sheet, i.row, i.column.split(" ")[0]) for i in report.issues]
    assert found == [
        ("Nhiệm vụ", 3, "C"),
        ("Nhiệm vụ", 4, "C"),
        ("Nhiệm vụ", 5, "C"),
        ("Nhiệm vụ", 6, "C"),
        ("Nhiệm vụ", 7, "L"),
        ("Nhiệm vụ", 8, "K"),
        ("Nhiệm vụ", 9, "A"),
        ("Nhiệm vụ", 10, "L"),
        ("Nhiệm vụ", 11, "I"),
        ("Nhiệm vụ", 11, "P"),
    ]
    messages = [i.render() for i in report.issues]
    assert "Chưa rõ người" in messages[0]
    assert "có 2 người/đơn vị chủ trì" in messages[1]
    assert "000000000001" in messages[2] and "phạm vi" in messages[2]
    # Someone outside the scope gets the very answer an unknown ID gets: nothing says they exist.
    assert messages[3] == messages[2].replace("000000000001", far.citizen_id).replace("dòng 5", "dòng 6")
    assert "Thời hạn 01/02/2026 trước ngày bắt đầu 01/03/2026" in messages[4]
    assert "31/02/2026 không tồn tại" in messages[5]
    assert "KH9" in messages[6]
    assert "cuối quý" in messages[7]
    assert "Chưa rõ kết quả" in messages[8] and "Chưa rõ thẩm quyền" in messages[9]
    assert (
        report.issues[0]
        .render("en")
        .startswith("Nhiệm vụ, row 3, column C (Người chủ trì): Person not clear")
    )
    assert (WorkPlan.objects.count(), Task.objects.count(), TaskEvent.objects.count()) == before


def test_plans_and_people_outside_the_users_scope_are_refused(world, tmp_path):
    plan, task = example(world, lead_official=world["far"].citizen_id)
    elsewhere = {**plan, "plan_key": "KH2", "commune": world["b"]}
    body = {**plan, "plan_key": "KH3", "commune": "", "body": "Sở Nội vụ"}
    path = tmp_path / "scope.xlsx"
    write_template(path, plans=[plan, elsewhere, body], tasks=[task])

    report = import_plans(path, user=world["leader"])  # the secretary of commune A

    rendered = [i.render() for i in report.issues]
    assert rendered[0].startswith("Kế hoạch, dòng 3, cột B (Xã/phường): Bạn không được giao")
    assert rendered[1].startswith("Kế hoạch, dòng 4, cột D (Tỉnh/thành phố): Kế hoạch của cơ quan cấp tỉnh")
    assert rendered[2].startswith("Nhiệm vụ, dòng 2, cột C (Người chủ trì): Không có cán bộ nào")
    assert len(rendered) == 3
    assert not WorkPlan.objects.filter(commune_id=world["b"]).exists()

    with pytest.raises(PermissionDenied):  # a commune user assigns no work
        import_plans(path, user=world["clerk"])


def test_a_commune_is_named_by_its_name_and_province_and_an_unknown_one_is_an_error(world, tmp_path):
    name = Commune.objects.get(code=world["a"]).name
    plan, task = example(world)
    named = {**plan, "commune": f"{name}, Hải Phòng"}
    unknown = {**plan, "plan_key": "KH2", "commune": "Xã Không Có, Hải Phòng"}
    shared = {**plan, "plan_key": "KH3", "commune": "Xã Tân An"}  # a name six provinces have
    completed = {**shared, "plan_key": "KH4", "province": "Hải Phòng"}  # the plan's province settles it
    path = tmp_path / "names.xlsx"
    write_template(path, plans=[named, unknown, shared, completed], tasks=[task])
    report = import_plans(path, user=world["province"])
    assert [(i.row, i.column.split(" ")[0]) for i in report.issues] == [(3, "B"), (4, "B")]
    assert "khớp với nhiều đơn vị" in report.issues[1].render()


def test_a_huge_sheet_is_refused_before_it_is_read(world, tmp_path, monkeypatch):
    plan, task = example(world)
    path = tmp_path / "huge.xlsx"
    write_template(path, plans=[plan], tasks=[task] * 4)

    def far_corner(xml: bytes) -> bytes:
        far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
        return xml.replace(b"</sheetData>", far + b"</sheetData>")

    with pytest.raises(WorkbookTooLarge, match="Nhiệm vụ"):
        import_plans(rewritten(tmp_path / "huge.xlsx", TASKS_PART, far_corner), user=world["leader"])

    write_template(path, plans=[plan], tasks=[task] * 4)
    monkeypatch.setattr(importer, "MAX_TASK_ROWS", 3)
    with pytest.raises(WorkbookTooLarge, match="4 dòng"):
        import_plans(path, user=world["leader"])
    assert not WorkPlan.objects.filter(source_title=EXAMPLE_PLAN["source_title"]).exists()


def read_rows(path, sheet):
    """The sheet's rows, each padded to the header's width (empty cells at a row's end are not stored)."""
    rows = [list(row) for row in load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)]
    width = len(rows[1])
    return [row + [None] * (width - len(row)) for row in rows]


def test_the_export_gives_back_what_was_imported_with_names_and_dates(world, tmp_path):
    plan, task = example(world)
    source = tmp_path / "kh.xlsx"
    write_template(source, plans=[plan], tasks=[task, {**task, "title": "Việc thứ hai", "coworkers": ""}])
    assert import_plans(source, user=world["leader"]).written
    imported = WorkPlan.objects.get(source_title=EXAMPLE_PLAN["source_title"])
    out = tmp_path / "out.xlsx"
    now = timezone.make_aware(dt.datetime(2026, 2, 1, 9, 30))

    counts = export_board(out, Task.objects.filter(plan=imported), description="Xã: A", now=now)

    assert counts == {"tasks": 2}
    title, header, first, second = read_rows(out, "Nhiệm vụ")
    assert title[0] == "Danh sách nhiệm vụ (Xã: A): 2 nhiệm vụ, xuất lúc 09:30 ngày 01/02/2026"
    assert header[:5] == ["Kế hoạch", "Đơn vị", "STT", "Nội dung công việc", "Người chủ trì"]
    commune = Commune.objects.get(code=world["a"]).name
    assert first == [
        EXAMPLE_PLAN["title"],
        commune,
        1,
        EXAMPLE_TASK["title"],
        "Lê Thị Chủ",
        "Phạm Văn Phối; Trần Văn Bí; Công an xã",
        EXAMPLE_TASK["expected_result"],
        dt.datetime(2026, 1, 5),
        dt.datetime(2026, 3, 31),
        "Đang thực hiện",
        0,
        None,
        None,
    ]
    assert second[2:4] == [2, "Việc thứ hai"] and second[5] == "Công an xã"
    summary = read_rows(out, "Tổng hợp")
    assert summary[0][0].startswith("Danh sách nhiệm vụ (Xã: A)")
    assert ["Quá hạn", None, 0, None] in summary and ["Đang thực hiện", None, 2, None] in summary


def test_the_export_is_bounded(world, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "MAX_EXPORT_TASKS", 0)
    with pytest.raises(export.TooManyTasks):
        export_board(tmp_path / "out.xlsx", Task.objects.all())


def test_the_exports_summary_gives_each_units_outcomes_of_the_last_closed_month(world, tmp_path):
    close_month(Province.objects.get(code="31"), dt.date(2026, 10, 1), user=world["province"])
    out = tmp_path / "out.xlsx"
    export_board(out, Task.objects.filter(plan=world["plan"]))
    summary = read_rows(out, "Tổng hợp")
    commune = Commune.objects.get(code=world["a"]).name
    assert ["Tháng 10/2026 đã chốt", None, None, None] in summary
    assert ["Không hoàn thành", commune, 1, None] in summary  # never reported: not done
    assert ["Tỷ lệ đúng hạn", commune, 1, 0] in summary
