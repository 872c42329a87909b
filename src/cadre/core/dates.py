"""Dates as the registry knows them: a birth date may be only a year, or a month and a year.

`PartialDate` keeps the precision it was given. Rules that need a day use `anchor()`, which takes the first
day of what is known (1 January when only the year is known, the 1st when only the month and year are), as
Decree 135/2020 does for retirement. Vietnamese input is day first: 05/06/1975 is 5 June 1975.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from cadre.core.errors import BilingualError

# Plausible years for people in the registry: a guard against typing mistakes, not a legal limit.
MIN_YEAR, MAX_YEAR = 1900, 2100

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_VN_SEPARATOR = re.compile(r"\s*[./-]\s*")


class DateError(BilingualError):
    """A date that cannot be read or cannot exist, with the reason in Vietnamese and in English."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A day, a month or a year: `month` and `day` are None when unknown (a day needs its month)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        _check(self.year, self.month, self.day)

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> str:
        """'year', 'month' or 'day': how much of the date is known."""
        return "year" if self.month is None else "month" if self.day is None else "day"

    def anchor(self) -> dt.date:
        """The first day of what is known: 1 January for a year, the 1st for a month and year."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def isoformat(self) -> str:
        """The same precision back: '1975', '1975-06' or '1975-06-05'."""
        parts = [f"{self.year:04d}"]
        parts += [f"{v:02d}" for v in (self.month, self.day) if v is not None]
        return "-".join(parts)

    def format_vn(self) -> str:
        """Vietnamese order: '1975', '06/1975' or '05/06/1975'."""
        parts = [f"{v:02d}" for v in (self.day, self.month) if v is not None]
        return "/".join([*parts, f"{self.year:04d}"])

    def __str__(self) -> str:
        return self.isoformat()


def parse_iso(text: str) -> PartialDate:
    """Read 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'."""
    match = _ISO.fullmatch(text.strip())
    if match is None:
        raise DateError(
            f"Không đọc được ngày {text!r}: hãy viết YYYY-MM-DD, YYYY-MM hoặc YYYY.",
            f"Cannot read the date {text!r}: write YYYY-MM-DD, YYYY-MM or YYYY.",
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    return PartialDate(year, month, day)


def parse_vn(text: str) -> PartialDate:
    """Read Vietnamese order: 'dd/mm/yyyy', 'd/m/yyyy', 'mm/yyyy' or 'yyyy' (also with '-' or '.')."""
    parts = _VN_SEPARATOR.split(text.strip())
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() for p in parts) or len(parts[-1]) != 4:
        raise DateError(
            f"Không đọc được ngày {text!r}: hãy viết ngày/tháng/năm (05/06/1975), tháng/năm (06/1975) "
            "hoặc năm (1975).",
            f"Cannot read the date {text!r}: write day/month/year (05/06/1975), month/year (06/1975) "
            "or the year (1975).",
        )
    if any(len(p) > 2 for p in parts[:-1]):
        raise DateError(
            f"Ngày {text!r}: ngày và tháng có nhiều nhất 2 chữ số.",
            f"Date {text!r}: the day and the month have at most 2 digits.",
        )
    numbers = [int(p) for p in reversed(parts)]  # year, month, day
    return PartialDate(*numbers)


def _check(year: int, month: int | None, day: int | None) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(
            f"Năm {year} không hợp lệ: phải từ {MIN_YEAR} đến {MAX_YEAR}.",
            f"The year {year} is not valid: it must be from {MIN_YEAR} to {MAX_YEAR}.",
        )
    if month is None:
        if day is not None:
            raise DateError("Có ngày thì phải có tháng.", "A day needs its month.")
        return
    if not 1 <= month <= 12:
        raise DateError(
            f"Tháng {month} không hợp lệ: phải từ 1 đến 12.",
            f"The month {month} is not valid: it must be from 1 to 12.",
        )
    if day is None:
        return
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(
            f"Ngày {day:02d}/{month:02d}/{year} không tồn tại: tháng {month}/{year} có {last} ngày.",
            f"The date {day:02d}/{month:02d}/{year} does not exist: {calendar.month_name[month]} {year} "
            f"has {last} days.",
        )


# ---- month arithmetic -----------------------------------------------------------------------------------


def month_index(day: dt.date) -> int:
    """Months since year 0: consecutive months differ by one, so ages and spans are plain subtraction."""
    return day.year * 12 + day.month - 1


def first_of_month_index(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def end_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), moved back to the month's last day when it has none."""
    first = first_of_month_index(month_index(day) + months)
    return first.replace(day=min(day.day, end_of_month(first).day))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end`, negative when `end` is earlier. As in `add_months`, a month after
    31 January is the last day of February: 15/01 → 14/02 is 0 months, 15/01 → 15/02 and 31/01 → 28/02 are 1."""
    if end < start:
        return -months_between(end, start)
    months = month_index(end) - month_index(start)
    return months if add_months(start, months) <= end else months - 1


_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
PLAUSIBLE_YEARS = (
    2000,
    2100,
)  # a month outside them is a typing mistake (0000 is no year), not a month to show


def parse_month(text: str | None) -> dt.date | None:
    """A month written year-month ("2026-03"), as URLs, forms and the command line carry it, as its first day;
    None for anything else, a year outside PLAUSIBLE_YEARS included."""
    found = _YEAR_MONTH.fullmatch((text or "").strip()[:20])
    if not found:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not PLAUSIBLE_YEARS[0] <= year <= PLAUSIBLE_YEARS[1] or not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)
