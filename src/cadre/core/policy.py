"""The dated, cited policy file: legal parameters as series of values, each with its effective date and source."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


class PolicyError(ValueError):
    pass


@dataclass(frozen=True)
class DatedValue:
    effective_from: dt.date
    value: Any
    source: str
    unverified: bool = False


class Policy:
    def __init__(self, document: dict[str, Any]):
        self._series: dict[str, list[DatedValue]] = {}
        for name, entry in document.items():
            values = entry.get("values") if isinstance(entry, dict) else None
            if not values:
                raise PolicyError(f"policy parameter {name!r} has no values")
            series = []
            for item in values:
                if not item.get("source"):
                    raise PolicyError(f"policy parameter {name!r} has a value without a source")
                unverified = bool(item.get("unverified", entry.get("unverified", False)))
                series.append(DatedValue(item["from"], item["value"], item["source"], unverified))
            self._series[name] = sorted(series, key=lambda v: v.effective_from)

    def entry(self, name: str, on: dt.date | None = None) -> DatedValue:
        """The value of `name` in force on `on` (default today: an announced future value is not yet in force)."""
        series = self._series.get(name)
        if series is None:
            raise PolicyError(f"unknown policy parameter {name!r}")
        on = on or dt.date.today()
        in_force = [v for v in series if v.effective_from <= on]
        if not in_force:
            raise PolicyError(f"policy parameter {name!r} has no value in force on {on.isoformat()}")
        return in_force[-1]

    def value(self, name: str, on: dt.date | None = None) -> Any:
        return self.entry(name, on).value


@cache
def national_policy() -> Policy:
    text = resources.files("cadre").joinpath("policy/vn.toml").read_text(encoding="utf-8")
    return Policy(tomllib.loads(text))
