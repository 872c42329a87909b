"""Importing the registry workbook: everything or nothing, every error reported in one pass."""

import datetime as dt

import pytest

from cadre.people.models import Discipline, Evaluation, Official, Posting, Relation, SuccessionPlan
from cadre.people.services import refresh_officials
from cadre.people.workbook import schema
from cadre.people.workbook.importer import WorkbookError, import_workbook

from ..workbooks import (
    AN,
    BINH,
    CUONG,
    EVALUATION_HEADERS,
    EXPECTED,
    OFFICIAL_HEADERS,
    POSTING_HEADERS,
    bad_sheets,
    good_sheets,
    write,
)

pytestmark = pytest.mark.usefixtures("geography")


def registry_size():
    return tuple(m.objects.count() for m in (Official, Posting, Evaluation, SuccessionPlan, Relation))


def test_a_clean_workbook_imports_everything(tmp_path):
    report = import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    assert report.ok and report.written
    assert registry_size() == (3, 4, 3, 2, 1)

    an = Official.objects.get(citizen_id=AN)
    assert an.birth_date == dt.date(1975, 6, 5) and an.birth_precision == "day"  # 05/06 is 5 June
    # The pre-2025 address resolves to the commune it was merged into, and keeps the former district.
    assert an.birthplace_text == "Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương"
    assert an.birthplace_id == "11113" and an.birthplace_district.name == "Huyện Tứ Kỳ"
    assert an.current_position.code == "bi_thu" and an.current_commune_id == "10532"
    assert an.current_since == dt.date(2025, 7, 1)
    assert an.latest_evaluation == "HTXSNV"
    tu_ky = an.birthplace_district_id
    assert [(i["keys"], i["years"]) for i in an.years_by_unit] == [
        ([f"district:{tu_ky}", "province:31"], 12.0),
        (["province:31"], 9.0),
    ]
    history = list(an.postings.order_by("start").values_list("position__code", "end"))
    assert history == [("pho_chu_tich_ubnd_huyen", dt.date(2025, 6, 30)), ("bi_thu", None)]

    binh = Official.objects.get(citizen_id=BINH)
    assert (binh.birth_date, binh.birth_precision) == (dt.date(1980, 1, 1), "year")
    assert binh.is_local is True  # born in the ward she chairs
    cuong = Official.objects.get(citizen_id=CUONG)
    assert cuong.birth_date == dt.date(1985, 11, 30)  # a real Excel date cell
    assert cuong.current_commune is None and cuong.current_province_id == "31"
    assert cuong.is_local is False  # born in Hà Nội, posted to Hải Phòng
    pools = dict(SuccessionPlan.objects.values_list("official__citizen_id", "district__name"))
    assert pools == {AN: "Huyện Tứ Kỳ", CUONG: None}
    relation = Relation.objects.get()
    assert {relation.official.citizen_id, relation.relative.citizen_id} == {AN, BINH}
    assert relation.kind == "spouse"


def test_importing_the_same_file_again_updates_instead_of_duplicating(tmp_path):
    path = write(tmp_path / "good.xlsx", good_sheets())
    import_workbook(path)
    before = registry_size()
    sheets = good_sheets()
    sheets["Cán bộ"][2][1] = "Trần Thị Bình An"  # a corrected name
    report = import_workbook(write(tmp_path / "again.xlsx", sheets))
    assert report.ok and registry_size() == before
    assert report.counts["officials_created"] == 0 and report.counts["officials_updated"] == 1
    assert Official.objects.get(citizen_id=BINH).full_name == "Trần Thị Bình An"


def test_english_keys_are_accepted_as_headers(tmp_path):
    sheets = {
        "officials": [
            ["CITIZEN_ID", "Full_Name", "sex", "birth_date", "hometown"],
            [AN, "Nguyễn Văn An", "male", "06/1975", "Xã Dân Chủ, Huyện Tứ Kỳ, Tỉnh Hải Dương"],
        ]
    }
    assert import_workbook(write(tmp_path / "en.xlsx", sheets)).ok
    an = Official.objects.get()
    assert (an.birth_date, an.birth_precision, an.hometown_id) == (dt.date(1975, 6, 1), "month", "11113")


def test_every_error_is_reported_and_nothing_is_written(tmp_path):
    report = import_workbook(write(tmp_path / "bad.xlsx", bad_sheets()))
    found = {(i.sheet, i.row, i.column.split(" ")[0]) for i in report.issues}
    assert found == EXPECTED, "\n".join(i.render() for i in report.issues)
    assert not report.written and registry_size() == (0, 0, 0, 0, 0)
    messages = {(i.sheet, i.row): i for i in report.issues}
    assert "số 0 ở đầu" in messages[("Cán bộ", 6)].message_vi  # tells why the ID lost a digit
    assert "leading zeros" in messages[("Cán bộ", 6)].message_en
    assert (
        messages[("Cán bộ", 11)].render("en").startswith("Cán bộ, row 11, column A (Số định danh cá nhân):")
    )
    assert "row 2" in messages[("Cán bộ", 11)].message_en  # points at the first occurrence
    assert messages[("Cán bộ", 7)].render().startswith("Cán bộ, dòng 7, cột D (Ngày sinh):")
    # An overlap names both posts as officials know them, never by the registry's keys.
    overlap = messages[("Quá trình công tác", 7)]
    assert "«Giám đốc Sở và tương đương» 01/07/2025–…" in overlap.message_vi, overlap.message_vi
    assert "'Department director or equivalent' 01/07/2025–…" in overlap.message_en, overlap.message_en
    assert "giam_doc_so" not in overlap.message_vi + overlap.message_en


def test_one_bad_row_keeps_the_good_rows_out_too(tmp_path):
    sheets = good_sheets()
    sheets["Đánh giá"].append([AN, 2023, "XYZ", None])
    report = import_workbook(write(tmp_path / "one.xlsx", sheets))
    assert [(i.sheet, i.row) for i in report.issues] == [("Đánh giá", 5)]
    assert registry_size() == (0, 0, 0, 0, 0)


def test_a_person_with_a_bad_row_is_not_reported_again_on_other_sheets(tmp_path):
    sheets = good_sheets()
    sheets["Cán bộ"][2][3] = "30/02/1980"
    report = import_workbook(write(tmp_path / "x.xlsx", sheets))
    assert [(i.sheet, i.row) for i in report.issues] == [("Cán bộ", 3)]


def test_headers_are_checked(tmp_path):
    sheets = {"Cán bộ": [["Số định danh cá nhân", "Họ và tên", "Tuổi", "Họ và tên"], [AN, "A", 50, "A"]]}
    report = import_workbook(write(tmp_path / "h.xlsx", sheets))
    problems = {(i.row, i.column) for i in report.issues}
    assert (1, "—") in problems  # the unknown column "Tuổi"
    assert (1, "Giới tính") in problems and (1, "Ngày sinh") in problems  # required columns missing
    assert any("repeats" in i.message_en for i in report.issues)
    assert all(i.row == 1 for i in report.issues)  # a missing column is not reported again on every row


def test_a_yes_no_cell_must_be_yes_or_no(tmp_path):
    sheets = {
        "Cán bộ": [
            ["citizen_id", "full_name", "sex", "birth_date", "health_concern", "early_retirement"],
            [AN, "Nguyễn Văn An", "Nam", "1975", "?", "x"],
        ]
    }
    report = import_workbook(write(tmp_path / "f.xlsx", sheets))
    assert [(i.row, i.column) for i in report.issues] == [(2, "E (Hạn chế sức khỏe)")]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "registry.xlsx"
    path.write_text("citizen_id,full_name\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as error:
        import_workbook(path)
    assert "xlsx" in error.value.message_vi
    empty = write(tmp_path / "empty.xlsx", {"Ghi chú": [["nothing here"]]})
    with pytest.raises(WorkbookError):
        import_workbook(empty)


def test_a_movement_closes_the_open_posting_and_keeps_the_history(tmp_path):
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    moved = {
        "Cán bộ": [
            OFFICIAL_HEADERS[:4] + OFFICIAL_HEADERS[8:],
            [
                BINH,
                "Trần Thị Bình",
                "Nữ",
                "1980",
                "Xã Tân Kỳ, Thành phố Hải Phòng",
                "Phó Bí thư Đảng ủy",
                "01/03/2026",
            ],
        ]
    }
    moved["Cán bộ"][1][5] = "Chủ tịch UBND"
    report = import_workbook(write(tmp_path / "moved.xlsx", moved))
    assert report.ok, report.issues
    history = list(
        Posting.objects.filter(official__citizen_id=BINH)
        .order_by("start")
        .values_list("commune_id", "start", "end")
    )
    assert history == [
        ("10532", dt.date(2025, 7, 1), dt.date(2026, 2, 28)),
        ("11113", dt.date(2026, 3, 1), None),
    ]
    assert Official.objects.get(citizen_id=BINH).current_commune_id == "11113"


def test_a_recorded_posting_is_never_overwritten(tmp_path):
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    changed = {
        "Quá trình công tác": [
            POSTING_HEADERS,
            [
                AN,
                "pho_chu_tich_ubnd_huyen",
                "Huyện Tứ Kỳ, Tỉnh Hải Dương",
                "",
                "01/01/2016",
                "31/12/2024",
                "",
            ],
        ]
    }
    report = import_workbook(write(tmp_path / "changed.xlsx", changed))
    assert [(i.sheet, i.row) for i in report.issues] == [("Quá trình công tác", 2)]
    assert "never overwritten" in report.issues[0].message_en
    assert Posting.objects.get(
        official__citizen_id=AN, position__code="pho_chu_tich_ubnd_huyen"
    ).end == dt.date(2025, 6, 30)


def test_evaluations_only_update_the_ratings(tmp_path):
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    report = import_workbook(
        write(tmp_path / "e.xlsx", {"Đánh giá": [EVALUATION_HEADERS, [AN, 2025, "KHTNV", 40]]})
    )
    assert report.counts["evaluations_updated"] == 1
    an = Official.objects.get(citizen_id=AN)
    assert an.latest_evaluation == "KHTNV" and an.full_name == "Nguyễn Văn An"


def test_from_2026_a_level_may_not_be_better_than_its_score(tmp_path):
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    sheets = {
        "Đánh giá": [
            EVALUATION_HEADERS,
            [AN, 2026, "HTXSNV", 85],  # 85 points is "good" at most
            [BINH, 2026, "HTTNV", 95],  # lower than the band: the 20% cap on "excellent" allows it
            [AN, 2024, "HTXSNV", 60],  # before the 100-point scale applied
        ]
    }
    report = import_workbook(write(tmp_path / "s.xlsx", sheets))
    assert [(i.row, i.column) for i in report.issues] == [(2, "C (Xếp loại)")]
    assert "reaches HTTNV at most" in report.issues[0].message_en


def test_text_longer_than_its_column_is_an_error_not_a_crash(tmp_path):
    sheets = good_sheets()
    sheets["Cán bộ"][1][1] = "Nguyễn " * 20  # 140 characters
    sheets["Quá trình công tác"][3][3] = "Sở " * 60
    report = import_workbook(write(tmp_path / "long.xlsx", sheets))
    assert [(i.sheet, i.row, i.column) for i in report.issues] == [
        ("Cán bộ", 2, "B (Họ và tên)"),
        ("Quá trình công tác", 4, "D (Cơ quan)"),
    ]
    assert "at most 100" in report.issues[0].message_en
    assert registry_size() == (0, 0, 0, 0, 0)


def test_a_year_or_month_alone_ends_at_the_end_of_that_year_or_month(tmp_path):
    sheets = good_sheets()
    sheets["Quá trình công tác"][1:2] = [
        [AN, "pho_phong_huyen", "Huyện Tứ Kỳ, Tỉnh Hải Dương", "", "2010", "2015", ""],
        [AN, "truong_phong_huyen", "Huyện Tứ Kỳ, Tỉnh Hải Dương", "", "2016", "06/2025", ""],
    ]
    report = import_workbook(write(tmp_path / "years.xlsx", sheets))
    assert report.ok, [i.render("en") for i in report.issues]
    ends = list(
        Posting.objects.filter(official__citizen_id=AN).order_by("start").values_list("end", flat=True)
    )
    assert ends == [dt.date(2015, 12, 31), dt.date(2025, 6, 30), None]


def test_every_bad_cell_of_a_row_is_reported(tmp_path):
    sheets = good_sheets()
    sheets["Quá trình công tác"].append(
        ["099999999999", "Trưởng thôn", "Xã Tân Kỳ, Hải Phòng", "", "31/13/2025", "", ""]
    )
    sheets["Quy hoạch"].append([AN, "Trưởng thôn", "Huyện Không Có, Hải Dương", "20x5", 2030])
    report = import_workbook(write(tmp_path / "cells.xlsx", sheets))
    found = [(i.sheet, i.row, i.column.split(" ")[0]) for i in report.issues]
    assert found == [
        ("Quá trình công tác", 5, "A"),
        ("Quá trình công tác", 5, "B"),
        ("Quá trình công tác", 5, "E"),
        ("Quy hoạch", 4, "B"),
        ("Quy hoạch", 4, "C"),
        ("Quy hoạch", 4, "D"),
    ]


def test_a_closed_posting_inside_a_recorded_open_one_is_an_overlap_not_a_movement(tmp_path):
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    inside = {
        "Quá trình công tác": [
            POSTING_HEADERS,
            [BINH, "Phó Chủ tịch UBND", "P. Thanh Binh, TP Hai Duong", "", "01/09/2025", "30/09/2025", ""],
        ]
    }
    report = import_workbook(write(tmp_path / "inside.xlsx", inside))
    assert [(i.sheet, i.row) for i in report.issues] == [("Quá trình công tác", 2)]
    assert Official.objects.get(citizen_id=BINH).current_position.code == "chu_tich_ubnd"


def test_blank_rows_and_columns_before_the_table_are_allowed(tmp_path):
    rows = [[], [], [None, None, "citizen_id", "full_name", "sex", "birth_date"]]
    rows += [[None, None, AN, "Nguyễn Văn An", "Nam", "31/02/1975"]]
    report = import_workbook(write(tmp_path / "offset.xlsx", {"Cán bộ": rows}))
    assert [i.render("en").split(":")[0] for i in report.issues] == ["Cán bộ, row 4, column F (Ngày sinh)"]


def test_an_old_address_of_a_split_commune_is_placed_with_a_warning(tmp_path):
    sheets = {
        "Cán bộ": [
            ["citizen_id", "full_name", "sex", "birth_date", "birthplace"],
            [AN, "Nguyễn Văn An", "Nam", "1975", "Phường Điện Biên, Quận Ba Đình, Hà Nội"],
        ]
    }
    report = import_workbook(write(tmp_path / "split.xlsx", sheets))
    assert report.ok and report.written
    assert len(report.warnings) == 1 and "split" in report.warnings[0][1]


def test_full_width_digits_are_not_a_citizen_id(tmp_path):
    sheets = {
        "Cán bộ": [
            ["citizen_id", "full_name", "sex", "birth_date"],
            ["０３１０７５０００００１", "A", "Nam", "1975"],
        ]
    }
    report = import_workbook(write(tmp_path / "wide.xlsx", sheets))
    assert [(i.row, i.column) for i in report.issues] == [(2, "A (Số định danh cá nhân)")]


def test_refreshing_people_in_any_order_refreshes_them_all(tmp_path):
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    ids = list(Official.objects.order_by("pk").values_list("pk", flat=True))
    Official.objects.update(current_position=None, current_commune=None, is_local=None)
    assert refresh_officials(list(reversed(ids))) == 3
    assert Official.objects.get(citizen_id=AN).current_commune_id == "10532"


def test_a_discipline_row_is_stored_with_its_measure_date_and_body(tmp_path):
    report = import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    assert report.ok and report.counts["disciplines_created"] == 1
    record = Discipline.objects.get()
    assert (record.official.citizen_id, record.measure, record.decided_on) == (
        CUONG,
        "warning",
        dt.date(2025, 2, 3),
    )
    assert (record.deciding_body, record.decision) == ("Ủy ban Kiểm tra Thành ủy Hải Phòng", "15-QĐ/UBKTTU")
    assert record.history.count() == 1  # the row history has its creation


def test_bad_discipline_rows_are_each_reported_and_nothing_is_written(tmp_path):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    sheets = good_sheets()
    sheets["Kỷ luật"] += [
        [AN, "Phê bình", "01/02/2025", "Đảng ủy", "", ""],  # row 3: not a measure
        [AN, "Khiển trách", tomorrow.strftime("%d/%m/%Y"), "Đảng ủy", "", ""],  # row 4: in the future
        ["031099999999", "Cảnh cáo", "01/02/2025", "Đảng ủy", "", ""],  # row 5: nobody has this ID
        [AN, "Cảnh cáo", "02/2025", "Đảng ủy", "", ""],  # row 6: no day
        [AN, "Cách chức", "01/02/1970", "Đảng ủy", "", ""],  # row 7: before An was born (1975)
        [AN, "Cảnh cáo", "01/02/2025", "", "", ""],  # row 8: no deciding body
        # row 9: the same body and day as row 2 (one body decides one measure about a person on a day)
        [CUONG, "khien trach", "03/02/2025", "Ủy ban Kiểm tra Thành ủy Hải Phòng", "", ""],
        # row 10: another body on that day is another record (a Party and a State measure): no error
        [CUONG, "Cảnh cáo", "03/02/2025", "Chủ tịch UBND thành phố Hải Phòng", "", ""],
    ]
    report = import_workbook(write(tmp_path / "bad.xlsx", sheets))
    found = [(i.sheet, i.row, i.column.split(" ")[0]) for i in report.issues]
    assert found == [
        ("Kỷ luật", row, column)
        for row, column in ((3, "B"), (4, "C"), (5, "A"), (6, "C"), (7, "C"), (8, "D"), (9, "D"))
    ]
    messages = {i.row: i for i in report.issues}
    assert "Khiển trách" in messages[3].message_vi or "khien trach" in messages[3].message_vi
    assert "tương lai" in messages[4].message_vi and "future" in messages[4].message_en
    assert "031099999999" in messages[5].message_vi
    assert "trước ngày sinh" in messages[7].message_vi and "05/06/1975" in messages[7].message_vi
    assert (
        "dòng 2" in messages[9].message_vi
        and "một hình thức kỷ luật trong một ngày" in messages[9].message_vi
    )
    assert not report.written and Discipline.objects.count() == 0 and Official.objects.count() == 0


def test_a_discipline_is_corrected_and_annulled_by_importing_its_row_again(tmp_path):
    """The record is the person, the day and the body: a row given again with another measure corrects it, and
    a filled "Hủy bỏ" annuls it (kept, struck out, barring nothing); an import never deletes."""
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    sheets = {"Kỷ luật": [good_sheets()["Kỷ luật"][0] + ["Hủy bỏ"]]}
    row = [CUONG, "Khiển trách", "03/02/2025", "Ủy ban Kiểm tra Thành ủy Hải Phòng", "15-QĐ/UBKTTU", "", ""]
    report = import_workbook(write(tmp_path / "corrected.xlsx", {"Kỷ luật": sheets["Kỷ luật"] + [row]}))
    assert report.ok and (report.counts["disciplines_created"], report.counts["disciplines_updated"]) == (
        0,
        1,
    )
    record = Discipline.objects.get()
    assert record.measure == "reprimand" and record.annulled == ""
    annulled = row[:-1] + ["21-QĐ/UBKTTU ngày 10/03/2025 hủy bỏ quyết định 15-QĐ/UBKTTU"]
    report = import_workbook(write(tmp_path / "annulled.xlsx", {"Kỷ luật": sheets["Kỷ luật"] + [annulled]}))
    assert report.ok and report.counts["disciplines_updated"] == 1
    record.refresh_from_db()
    assert record.annulled.startswith("21-QĐ/UBKTTU") and record.measure == "reprimand"
    assert record.history.count() == 3  # created, corrected, annulled: each in the row history


def test_a_deciding_body_spelt_another_way_corrects_the_same_discipline(tmp_path):
    """ "Ủy ban" and "Uỷ ban" (the tone mark on u or on y), another case or extra spaces name the same body: the
    row corrects the record held under the registry's spelling instead of adding a second measure."""
    import_workbook(write(tmp_path / "good.xlsx", good_sheets()))
    header = good_sheets()["Kỷ luật"][0]
    row = [CUONG, "Khiển trách", "03/02/2025", "Uỷ ban  Kiểm tra thành ủy Hải Phòng", "15-QĐ/UBKTTU", ""]
    report = import_workbook(write(tmp_path / "respelt.xlsx", {"Kỷ luật": [header, row]}))
    counts = report.counts
    assert report.ok and (counts["disciplines_created"], counts["disciplines_updated"]) == (0, 1)
    record = Discipline.objects.get()
    assert record.measure == "reprimand" and record.deciding_body == "Ủy ban Kiểm tra Thành ủy Hải Phòng"
    # Two rows of one file naming one body in two spellings are one row too many.
    twice = [header, row, [CUONG, "Cảnh cáo", "03/02/2025", "Ủy ban Kiểm tra Thành ủy Hải Phòng", "", ""]]
    report = import_workbook(write(tmp_path / "twice.xlsx", {"Kỷ luật": twice}))
    assert not report.ok and "already on row 2" in str(report.issues[0].message_en)
    assert Discipline.objects.get().measure == "reprimand"


def test_the_protection_under_discipline_review_reads_its_new_label_and_the_old_one(tmp_path):
    """ "Đang xem xét kỷ luật" (under discipline review) is not a discipline record; the old label "Kỷ luật"
    is still accepted, and the export writes the new one."""
    sheets = good_sheets()
    labels = ["Đang được bảo vệ", "Đang xem xét kỷ luật", "Kỷ luật", ""]
    for row, label in zip(sheets["Cán bộ"], labels, strict=False):
        row.append(label)
    assert import_workbook(write(tmp_path / "good.xlsx", sheets)).ok
    assert Official.objects.filter(protection="discipline").count() == 2
    assert schema.PROTECTION_LABELS["discipline"] == "Đang xem xét kỷ luật"
