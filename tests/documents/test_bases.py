"""The legal bases a document cites come from the policy file, each once, without their gloss."""

import datetime as dt

from cadre.documents.bases import cited_texts, cited_title


def test_a_citation_loses_its_gloss():
    assert cited_title("Nghị định 178/2024/NĐ-CP ngày 31/12/2024, Điều 12 (cán bộ được cử…)") == (
        "Nghị định 178/2024/NĐ-CP ngày 31/12/2024, Điều 12"
    )
    assert (
        cited_title("Quy định 65-QĐ/TW ngày 28/4/2022: còn ít nhất 10 năm")
        == "Quy định 65-QĐ/TW ngày 28/4/2022"
    )


def test_each_text_once_and_a_value_not_yet_in_force_left_out():
    keys = (
        "rotation_min_service_left_months",
        "rotation_min_service_left_months",
        "non_local_secretary_target",
    )
    assert cited_texts(keys, dt.date(2026, 1, 1)) == [
        "Quy định 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị về luân chuyển cán bộ",
        "Chỉ thị 45-CT/TW ngày 14/4/2025",
    ]
    # Before 1 July 2025 the national target was not in force: only the rotation rule is cited.
    assert cited_texts(keys, dt.date(2025, 1, 1)) == [
        "Quy định 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị về luân chuyển cán bộ"
    ]
