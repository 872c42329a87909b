"""What the staffing tables show, with names in place of codes: each commune's job positions short or in
surplus, and a transfer plan's moves and the shortages it leaves. The pages' templates lay them out."""

from __future__ import annotations

from cadre.people.models import Official
from cadre.people.tables import position_names

from .models import TransferPlan
from .services import CommuneRow, ProvinceRow


def name_positions(rows: list[CommuneRow], names: dict[str, str] | None = None) -> None:
    """Give each row `short_named` and `surplus_named`: (position name, how many) in the active language.
    `names`: `position_names()`, when the caller has it."""
    names = position_names() if names is None else names
    for row in rows:
        row.short_named = [(names.get(code, code), n) for code, n in row.short_positions]
        row.surplus_named = [(names.get(code, code), n) for code, n in row.surplus_positions]


def name_province_positions(rows: list[ProvinceRow], names: dict[str, str]) -> None:
    """The same for a province's row: the places missing or over per position, added over its communes."""
    for row in rows:
        row.short_named = [(names.get(code, code), n) for code, n in row.short_positions]
        row.surplus_named = [(names.get(code, code), n) for code, n in row.surplus_positions]


def transfer_rows(plan: TransferPlan, units: dict[str, str]) -> tuple[list[dict], list[tuple[str, str, int]]]:
    """The plan's moves (by position, destination and name) and what each commune is still short of after it
    (most first). `units` names the communes the user may see; any other keeps its code."""
    moves = plan.plan.get("moves", [])
    people = dict(
        Official.objects.filter(pk__in=[int(m["staff"]) for m in moves]).values_list("pk", "full_name")
    )
    names = position_names({m["position"] for m in moves})
    rows = [
        {
            "staff": m["staff"],
            "name": people.get(int(m["staff"]), m["staff"]),
            "position": names.get(m["position"], m["position"]),
            "from": units.get(m["from"], m["from"]),
            "to": units.get(m["to"], m["to"]),
            "km": m.get("cost"),
        }
        for m in moves
    ]
    rows.sort(key=lambda r: (r["position"], r["to"], r["name"]))
    after = plan.plan.get("deficits") or {}
    short_after = sorted(
        ((units.get(u, u), names.get(p, p), d) for u, cells in after.items() for p, d in cells.items()),
        key=lambda r: (-r[2], r[0]),
    )
    return rows, short_after
