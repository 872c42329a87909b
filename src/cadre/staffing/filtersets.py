"""The commune list's filters: the province, and whether a commune is short of staff, in surplus or at its quota.

Not a django-filter FilterSet: a commune's balance is no column but the dated quota rule applied to its
population (`services.commune_table`), so the province narrows the communes before their rows are computed, and
the balance narrows the computed rows. A blank value, or one the filter does not know, keeps every row. On the
summary of several provinces (no province chosen) the balance keeps the provinces with such a commune.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .services import CommuneRow, ProvinceRow

BALANCES = (
    ("", _("All")),
    ("short", _("Short of staff")),
    ("surplus", _("Surplus")),
    ("even", _("At the quota")),
)


@dataclass(frozen=True)
class CommuneFilter:
    province: str = ""  # a province code
    balance: str = ""  # one of BALANCES

    @classmethod
    def from_query(cls, query) -> CommuneFilter:
        return cls(query.get("province", ""), query.get("balance", ""))

    @staticmethod
    def provinces(communes) -> list[tuple[str, str]]:
        """(code, name) of each province with a commune in `communes`, by name: the form's choices."""
        return sorted(
            set(communes.values_list("province_id", "province__name").distinct()), key=lambda p: p[1]
        )

    def communes(self, communes):
        return communes.filter(province_id=self.province) if self.province else communes

    def provinces_with(self, rows: list[ProvinceRow]) -> list[ProvinceRow]:
        """A summary of several provinces: those with at least one commune of the chosen balance."""
        if self.balance in ("short", "surplus", "even"):
            return [r for r in rows if r.summary[self.balance]]
        return rows

    def rows(self, rows: list[CommuneRow]) -> list[CommuneRow]:
        if self.balance == "short":
            return [r for r in rows if r.balance is not None and r.balance < 0]
        if self.balance == "surplus":
            return [r for r in rows if r.balance is not None and r.balance > 0]
        if self.balance == "even":
            return [r for r in rows if r.balance == 0]
        return rows
