import datetime as dt
from decimal import Decimal

import pytest

from cadre.core.rules.service_centre import (
    MAX_DOSSIERS,
    CentreFigureError,
    CentreMonth,
    check_count,
    check_month,
    check_period,
    check_satisfaction,
)

GOOD = {"received": 120, "settled_on_time": 100, "settled_late": 5, "returned": 3}


def test_a_good_month_is_read_whole():
    month = check_month(**GOOD, satisfaction="96,5")
    assert month == CentreMonth(120, 100, 5, 3, Decimal("96.50"))
    assert month.settled == 105
    assert month.on_time_share == pytest.approx(100 / 105)


def test_the_on_time_share_is_unknown_when_nothing_was_settled():
    assert CentreMonth(4, 0, 0, 4).on_time_share is None
    assert CentreMonth(0, 0, 3, 0).on_time_share == 0


@pytest.mark.parametrize(
    "value, expected",
    [(0, 0), (12, 12), (" 12 ", 12), ("7", 7), (12.0, 12), (MAX_DOSSIERS, MAX_DOSSIERS)],
)
def test_a_count_may_be_written_as_a_number_or_as_text(value, expected):
    assert check_count("received", value) == expected


@pytest.mark.parametrize(
    "value",
    [-1, "-1", 2.5, "2,5", "12.0", MAX_DOSSIERS + 1, True, False, None, "", "mười", "1e3", float("nan")],
)
def test_a_count_that_is_no_whole_number_of_dossiers_is_refused_naming_the_figure(value):
    with pytest.raises(CentreFigureError) as refused:
        check_count("settled_late", value)
    assert refused.value.field == "settled_late"
    assert refused.value.message_vi.startswith("Giải quyết quá hạn:")
    assert "10.000.000" in refused.value.message_vi  # the bound, grouped as Vietnamese writes it
    assert "10,000,000" in refused.value.message_en


@pytest.mark.parametrize(
    "value, expected",
    [
        ("95%", Decimal("95.00")),
        ("95 %", Decimal("95.00")),
        ("87,25", Decimal("87.25")),
        ("87.25", Decimal("87.25")),
        (100, Decimal("100.00")),
        (0, Decimal("0.00")),
        (99.5, Decimal("99.50")),
    ],
)
def test_satisfaction_is_a_percentage_written_with_a_comma_a_point_or_a_percent_sign(value, expected):
    assert check_satisfaction(value) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_satisfaction_means_not_measured(value):
    assert check_satisfaction(value) is None
    assert check_month(**GOOD, satisfaction=value).satisfaction is None


@pytest.mark.parametrize("value", ["100,5", 101, -1, "-0.5", "rất hài lòng", "NaN", "Infinity", True, "9%5"])
def test_satisfaction_outside_0_to_100_or_not_a_number_is_refused(value):
    with pytest.raises(CentreFigureError) as refused:
        check_satisfaction(value)
    assert refused.value.field == "satisfaction"
    assert "từ 0 đến 100" in refused.value.message_vi
    assert "from 0 to 100" in refused.value.message_en


def test_a_month_with_a_figure_missing_or_wrong_names_that_figure():
    with pytest.raises(CentreFigureError) as missing:
        check_month(received=5, settled_on_time=5, settled_late=0)
    assert missing.value.field == "returned"
    with pytest.raises(CentreFigureError) as negative:
        check_month(**{**GOOD, "settled_on_time": -4})
    assert negative.value.field == "settled_on_time"


TODAY = dt.date(2026, 3, 18)
FIRST = dt.date(2025, 7, 1)


@pytest.mark.parametrize(
    "month, expected",
    [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
        (dt.date(2026, 3, 31), dt.date(2026, 3, 1)),  # any day of the month stands for it
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1)),
        (dt.date(2025, 12, 1), dt.date(2025, 12, 1)),
    ],
)
def test_this_month_and_every_month_since_the_two_tier_system_may_be_reported(month, expected):
    assert check_period(month, today=TODAY, first=FIRST) == expected


def test_a_future_month_is_refused():
    with pytest.raises(CentreFigureError) as refused:
        check_period(dt.date(2026, 4, 1), today=TODAY, first=FIRST)
    assert refused.value.field == "month"
    assert "04/2026 chưa đến" in refused.value.message_vi


def test_a_month_before_the_two_tier_system_is_refused():
    with pytest.raises(CentreFigureError) as refused:
        check_period(dt.date(2025, 6, 1), today=TODAY, first=FIRST)
    assert refused.value.field == "month"
    assert "01/07/2025" in refused.value.message_vi
    assert "two-tier" in refused.value.message_en
