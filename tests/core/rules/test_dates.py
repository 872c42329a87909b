import datetime as dt

import pytest

from cadre.core.dates import (
    DateError,
    PartialDate,
    add_months,
    end_of_month,
    months_between,
    parse_iso,
    parse_vn,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05/06/1975", PartialDate(1975, 6, 5)),  # day first: 5 June, never May 6
        ("5/6/1975", PartialDate(1975, 6, 5)),
        ("05-06-1975", PartialDate(1975, 6, 5)),
        ("05.06.1975", PartialDate(1975, 6, 5)),
        (" 29/02/1976 ", PartialDate(1976, 2, 29)),
        ("06/1975", PartialDate(1975, 6)),
        ("6/1975", PartialDate(1975, 6)),
        ("06.1975", PartialDate(1975, 6)),
        ("1975", PartialDate(1975)),
    ],
)
def test_vietnamese_dates_are_read_day_first_at_the_precision_given(text, expected):
    assert parse_vn(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1975-06-05", PartialDate(1975, 6, 5)),
        ("1975-06", PartialDate(1975, 6)),
        ("1975", PartialDate(1975)),
    ],
)
def test_iso_dates_round_trip_at_the_same_precision(text, expected):
    parsed = parse_iso(text)
    assert parsed == expected
    assert parsed.isoformat() == text


def test_anchor_is_the_first_day_of_what_is_known():
    assert PartialDate(1975).anchor() == dt.date(1975, 1, 1)
    assert PartialDate(1975, 6).anchor() == dt.date(1975, 6, 1)
    assert PartialDate(1975, 6, 5).anchor() == dt.date(1975, 6, 5)
    assert [PartialDate(1975).precision, PartialDate(1975, 6).precision] == ["year", "month"]
    assert PartialDate(1975, 6, 5).format_vn() == "05/06/1975"
    assert PartialDate(1975, 6).format_vn() == "06/1975"


@pytest.mark.parametrize(
    "text",
    ["31/02/1980", "29/02/1981", "31/04/1990", "00/05/1990", "13/1980", "0/1980", "0000", "1899", "2101"],
)
def test_impossible_dates_are_refused_in_both_languages(text):
    with pytest.raises(DateError) as caught:
        parse_vn(text)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.message_vi and error.message_en and error.message_vi != error.message_en
    assert str(error) == f"{error.message_vi} / {error.message_en}"


def test_the_message_says_why_a_day_does_not_exist():
    with pytest.raises(DateError) as caught:
        parse_vn("31/02/1980")
    assert "29" in caught.value.message_vi and "29 days" in caught.value.message_en


@pytest.mark.parametrize(
    "text",
    ["", "abc", "1975/06/05", "05/06/75", "1/2/3/1975", "05//1975", "1975-6-5", "1975-13", "1975-02-30"],
)
def test_unreadable_text_is_refused(text):
    parser = parse_iso if text.startswith("1975-") else parse_vn
    with pytest.raises(DateError):
        parser(text)


def test_iso_parser_does_not_accept_vietnamese_order():
    with pytest.raises(DateError):
        parse_iso("05/06/1975")


def test_a_day_without_a_month_cannot_be_built():
    with pytest.raises(DateError):
        PartialDate(1975, None, 5)


def test_month_arithmetic_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2021, 11, 15), 14) == dt.date(2023, 1, 15)
    assert end_of_month(dt.date(2021, 4, 3)) == dt.date(2021, 4, 30)
    assert end_of_month(dt.date(2024, 2, 1)) == dt.date(2024, 2, 29)


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2025, 7, 1), dt.date(2030, 7, 1)) == 60
    assert months_between(dt.date(2025, 7, 15), dt.date(2030, 7, 14)) == 59
    assert months_between(dt.date(2025, 1, 15), dt.date(2025, 2, 14)) == 0
    assert months_between(dt.date(2023, 1, 31), dt.date(2023, 2, 28)) == 1
    assert months_between(dt.date(2030, 7, 1), dt.date(2025, 7, 1)) == -60


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-03", dt.date(2026, 3, 1)),
        (" 2026-12 ", dt.date(2026, 12, 1)),
        ("0000-01", None),
        ("2026-13", None),
        ("2026-3", None),
        ("26-03", None),
        ("2101-01", None),
        ("", None),
        (None, None),
        ("2026-03-01", None),
    ],
)
def test_a_month_is_written_year_month_within_plausible_years(text, month):
    from cadre.core.dates import parse_month

    assert parse_month(text) == month
