"""Export writes what the import reads: exporting and importing into an empty database gives the same registry."""

import datetime as dt

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cadre.people.models import Official
from cadre.people.workbook.export import export_registry, write_template
from cadre.people.workbook.importer import import_workbook
from cadre.people.workbook.schema import SHEETS

from ..workbooks import AN, CUONG, good_sheets, write


def snapshot() -> dict:
    """The registry as plain values keyed by citizen ID, without database ids or timestamps."""
    people = {}
    for o in Official.objects.order_by("citizen_id"):
        fields = {
            name: getattr(o, name)
            for name in (
                "full_name sex birth_date birth_precision birthplace_text birthplace_id birthplace_district_id "
                "hometown_text hometown_id hometown_district_id raised_text raised_id years_by_unit ethnicity "
                "education political_theory party_joined health_concern early_retirement protection "
                "current_position_id current_province_id current_commune_id current_since is_local "
                "latest_evaluation"
            ).split()
        }
        postings = sorted(
            o.postings.values_list(
                "position__code", "province", "district", "commune", "body", "start", "end", "decision"
            )
        )
        evaluations = sorted(o.evaluations.values_list("year", "level", "score"))
        plans = sorted(
            o.succession_plans.values_list("position__code", "province", "district", "term_start", "term_end")
        )
        relatives = sorted(
            [(r.relative.citizen_id, r.kind) for r in o.relations.all()]
            + [(r.official.citizen_id, "as-relative:" + r.kind) for r in o.relations_as_relative.all()]
        )
        disciplines = sorted(
            o.disciplines.values_list("measure", "decided_on", "deciding_body", "decision", "note")
        )
        people[o.citizen_id] = (fields, postings, evaluations, plans, relatives, disciplines)
    return people


def test_export_then_import_into_an_empty_registry_gives_the_same_registry(geography, tmp_path):
    sheets = good_sheets()
    import_workbook(write(tmp_path / "good.xlsx", sheets))
    Official.objects.filter(citizen_id=AN).update(
        ethnicity="Tày", education="Thạc sĩ Luật", health_concern=True
    )
    before = snapshot()
    assert len(before) == 3

    counts = export_registry(tmp_path / "export.xlsx")
    assert counts == {
        "officials": 3,
        "postings": 4,
        "evaluations": 3,
        "succession_plans": 2,
        "relations": 1,
        "disciplines": 1,
    }
    assert before[CUONG][5] == [
        ("warning", dt.date(2025, 2, 3), "Ủy ban Kiểm tra Thành ủy Hải Phòng", "15-QĐ/UBKTTU", "")
    ]
    Official.objects.all().delete()
    assert Official.objects.count() == 0
    report = import_workbook(tmp_path / "export.xlsx")
    assert report.ok, [i.render() for i in report.issues]
    assert snapshot() == before


def test_citizen_ids_are_text_so_leading_zeros_survive(geography, tmp_path):
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    export_registry(tmp_path / "export.xlsx")
    sheet = load_workbook(tmp_path / "export.xlsx")["Cán bộ"]
    ids = [(row[0].value, row[0].number_format, row[0].data_type) for row in sheet.iter_rows(min_row=2)]
    assert ("001085000003", "@", "s") in ids  # Lê Văn Cường's ID starts with zeros
    assert all(fmt == "@" and kind == "s" for _value, fmt, kind in ids)


def test_the_template_has_every_sheet_with_its_headers_and_a_guide(db, tmp_path):
    write_template(tmp_path / "template.xlsx")
    book = load_workbook(tmp_path / "template.xlsx")
    for spec in SHEETS:
        headers = [c.value for c in book[spec.title][1]]
        assert headers == [c.label + (" *" if c.required else "") for c in spec.columns]
        assert book[spec.title].max_row == 1
    guide = [row for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert any(row[2] == "citizen_id" for row in guide if len(row) > 2)
    assert any("05/06/1975 is 5 June" in (row[0] or "") for row in guide)
    posts = [row[0] for row in book["Chức vụ"].iter_rows(min_row=2, values_only=True)]
    assert "bi_thu" in posts and "chu_tich_ubnd" in posts


def test_the_empty_template_imports_as_nothing(db, geography, tmp_path):
    write_template(tmp_path / "template.xlsx")
    report = import_workbook(tmp_path / "template.xlsx")
    assert report.ok and report.counts["officials_created"] == 0


def test_the_export_is_a_workbook_an_office_reads(geography, tmp_path):
    """Sheets named with their diacritics, a frozen header with filters over every row, dates as date cells
    shown dd/mm/yyyy, yes/no in words, the citizen ID as text; and it still imports (the round trip above)."""
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    Official.objects.filter(citizen_id=AN).update(health_concern=True)
    export_registry(tmp_path / "export.xlsx")
    book = load_workbook(tmp_path / "export.xlsx")
    assert [s.title for s in SHEETS] == book.sheetnames[: len(SHEETS)] and "Cán bộ" in book.sheetnames
    sheet = book["Cán bộ"]
    assert (
        sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}4"
    )
    headers = [c.value for c in sheet[1]]
    an = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == AN)
    row = dict(zip(headers, an, strict=True))
    assert row["Số định danh cá nhân *"].number_format == "@"
    born = row["Ngày sinh *"]
    assert born.is_date and born.number_format == "DD/MM/YYYY"
    assert row["Hạn chế sức khỏe"].value == "Có" and row["Thuộc diện nghỉ hưu sớm"].value == "Không"
    assert sheet.column_dimensions["B"].width >= max(len(str(c.value or "")) for c in sheet["B"])
    starts = [c for c in book["Quá trình công tác"]["E"][1:] if c.value is not None]
    assert starts and all(c.is_date and c.number_format == "DD/MM/YYYY" for c in starts)


def test_the_posts_sheet_gives_each_posts_group_and_source(db, tmp_path):
    write_template(tmp_path / "template.xlsx")
    rows = {
        row[0]: row
        for row in load_workbook(tmp_path / "template.xlsx")["Chức vụ"].iter_rows(values_only=True)
    }
    assert rows["Mã / Code"][5:] == ("Nhóm vị trí việc làm / Group", "Căn cứ / Source")
    director = rows["giam_doc_tthcc"]
    assert director[1] == "Giám đốc Trung tâm Phục vụ hành chính công"
    assert "lãnh đạo, quản lý" in director[5].lower() and "7415/BNV-CCVC" in director[6]
    assert "chuyên môn, nghiệp vụ" in rows["cv_tai_chinh"][5].lower()


def test_a_workbook_written_before_the_ministrys_list_still_names_its_posts(geography, tmp_path):
    """A posting recorded under the post's former name ("Tài chính - kế toán") lands on the same post."""
    sheets = good_sheets()
    sheets["Quá trình công tác"][2][1] = "Tài chính - kế toán"
    report = import_workbook(write(tmp_path / "old.xlsx", sheets))
    assert report.ok, report.errors
    binh = Official.objects.get(full_name="Trần Thị Bình")
    assert binh.postings.get().position.code == "cv_tai_chinh"


def test_a_workbook_naming_a_post_by_its_former_english_name_still_imports(geography, tmp_path):
    """An English workbook of before the list ("Finance and accounting") lands on the same post."""
    sheets = good_sheets()
    sheets["Quá trình công tác"][2][1] = "Finance and accounting"
    report = import_workbook(write(tmp_path / "old-en.xlsx", sheets))
    assert report.ok, report.errors
    assert Official.objects.get(full_name="Trần Thị Bình").postings.get().position.code == "cv_tai_chinh"
