"""A share as the pages write it ("30.7%"), for the plan pages, the targets and the dashboard."""

from __future__ import annotations

from django.utils.formats import number_format


def percent(share: float | None) -> str:
    """0.307 → "30.7%", 0.3 → "30%"; "—" for none."""
    if share is None:
        return "—"
    value = round(share * 100, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1) + "%"
