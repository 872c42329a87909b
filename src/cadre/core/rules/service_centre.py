"""A commune's public administration service centre's month (Trung tâm Phục vụ hành chính công, Decree
118/2025): dossiers received, settled on time, settled late, returned, and citizen satisfaction where measured.

Dossiers settled in a month may have been received earlier, so no sum is checked against `received`; each figure
is a whole number of dossiers, and satisfaction a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from cadre.core.errors import BilingualError
from cadre.core.text import Text

FIGURES: dict[str, Text] = {
    "received": Text("Hồ sơ tiếp nhận", "Dossiers received"),
    "settled_on_time": Text("Giải quyết đúng hạn", "Settled on time"),
    "settled_late": Text("Giải quyết quá hạn", "Settled late"),
    "returned": Text("Trả lại, yêu cầu bổ sung", "Returned"),
}
SATISFACTION = Text("Mức độ hài lòng (%)", "Citizen satisfaction (%)")
MAX_DOSSIERS = 10_000_000  # a bound on a month's count, to refuse a typo like a pasted ID number
VI_MAX = f"{MAX_DOSSIERS:,}".replace(",", ".")  # Vietnamese groups thousands with dots


class CentreFigureError(BilingualError):
    def __init__(self, message_vi: str, message_en: str, *, field: str):
        super().__init__(message_vi, message_en)
        self.field = field


@dataclass(frozen=True)
class CentreMonth:
    received: int
    settled_on_time: int
    settled_late: int
    returned: int
    satisfaction: Decimal | None = None

    @property
    def settled(self) -> int:
        return self.settled_on_time + self.settled_late

    @property
    def on_time_share(self) -> float | None:
        """Settled on time / settled, from 0 to 1; None when nothing was settled."""
        return self.settled_on_time / self.settled if self.settled else None


def check_count(field: str, value) -> int:
    """A month's count of dossiers: a whole number from 0 up."""
    label = FIGURES[field]
    if isinstance(value, bool):
        value = None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 0 <= value <= MAX_DOSSIERS:
        raise CentreFigureError(
            f"{label.vi}: phải là số hồ sơ, số nguyên từ 0 đến {MAX_DOSSIERS:,}.".replace(
                f"{MAX_DOSSIERS:,}", VI_MAX
            ),
            f"{label.en}: must be a whole number of dossiers from 0 to {MAX_DOSSIERS:,}.",
            field=field,
        )
    return value


def check_satisfaction(value) -> Decimal | None:
    """Citizen satisfaction as a percentage from 0 to 100 (blank: not measured)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        share = Decimal(str(value).strip().replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        share = None
    if share is None or not share.is_finite() or not 0 <= share <= 100:
        raise CentreFigureError(
            f"{SATISFACTION.vi}: phải là tỷ lệ phần trăm từ 0 đến 100, hoặc để trống nếu chưa đo.",
            f"{SATISFACTION.en}: must be a percentage from 0 to 100, or blank when not measured.",
            field="satisfaction",
        )
    return share.quantize(Decimal("0.01"))


def check_month(**values) -> CentreMonth:
    """The checked figures of a month, or the first figure at fault."""
    counts = {field: check_count(field, values.get(field)) for field in FIGURES}
    return CentreMonth(**counts, satisfaction=check_satisfaction(values.get("satisfaction")))


def check_period(month: date, *, today: date, first: date) -> date:
    """The month a centre reports on (its first day): neither after `today`'s month, whose figures cannot exist
    yet, nor before `first`'s (the two-tier system's first month, policy `two_tier_in_force`: no commune of today
    had a centre before)."""
    month = month.replace(day=1)
    if month > today.replace(day=1):
        raise CentreFigureError(
            f"Tháng {month:%m/%Y} chưa đến: chỉ nhập số liệu của tháng này hoặc các tháng trước.",
            f"{month:%m/%Y} has not come yet: only this month's or earlier months' figures can be entered.",
            field="month",
        )
    if month < first.replace(day=1):
        raise CentreFigureError(
            f"Tháng {month:%m/%Y} trước khi chính quyền địa phương hai cấp vận hành ({first:%d/%m/%Y}): "
            "xã, phường hiện nay chưa có trung tâm phục vụ hành chính công.",
            f"{month:%m/%Y} is before the two-tier local government began ({first:%d/%m/%Y}): today's "
            "communes had no service centre yet.",
            field="month",
        )
    return month
