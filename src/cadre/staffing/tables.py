"""What the staffing tables show, with names in place of codes: each commune's job positions short or in
surplus, and a transfer plan's moves and the shortages it leaves. The pages' templates lay them out."""

from __future__ import annotations

from cadre.core.text import Text
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
    """The plan's moves (by position, destination and name), each with why it was chosen, and what each commune
    is still short of after it (most first). `units` names the communes the user may see; any other keeps its
    code."""
    moves = plan.plan.get("moves", [])
    people = dict(
        Official.objects.filter(pk__in=[int(m["staff"]) for m in moves]).values_list("pk", "full_name")
    )
    names = position_names({m["position"] for m in moves})
    quota, held = _quota_and_holders(plan.problem or {})
    rows = []
    for m in moves:
        position, origin, destination = m["position"], m["from"], m["to"]
        rows.append(
            {
                "staff": m["staff"],
                "name": people.get(int(m["staff"]), m["staff"]),
                "position": names.get(position, position),
                "from": units.get(origin, origin),
                "to": units.get(destination, destination),
                "km": m.get("cost"),
                "why": _why(
                    names.get(position, position),
                    units.get(origin, origin),
                    units.get(destination, destination),
                    quota,
                    held,
                    (origin, destination, position),
                    m.get("cost"),
                ),
            }
        )
    rows.sort(key=lambda r: (r["position"], r["to"], r["name"]))
    after = plan.plan.get("deficits") or {}
    short_after = sorted(
        ((units.get(u, u), names.get(p, p), d) for u, cells in after.items() for p, d in cells.items()),
        key=lambda r: (-r[2], r[0]),
    )
    return rows, short_after


def _quota_and_holders(problem: dict) -> tuple[dict, dict]:
    """From the transfer problem: each (commune, position)'s quota and how many held it before the plan."""
    quota = {(u["id"], p): n for u in problem.get("units", []) for p, n in (u.get("quota") or {}).items()}
    held: dict[tuple[str, str], int] = {}
    for person in problem.get("staff", []):
        key = (person["unit"], person["position"])
        held[key] = held.get(key, 0) + 1
    return quota, held


def _why(position, origin, destination, quota, held, codes, km) -> Text:
    """Why this move: the shortage it fills at the destination, the surplus it takes from the origin, the way."""
    origin_code, destination_code, code = codes
    need, have = quota.get((destination_code, code), 0), held.get((destination_code, code), 0)
    spare_quota, spare = quota.get((origin_code, code), 0), held.get((origin_code, code), 0)
    short = Text(
        f"{destination} thiếu {need - have} {position} (định mức {need}, có {have})",
        f"{destination} is short of {need - have} {position} (quota {need}, has {have})",
    )
    over = spare - spare_quota
    if over > 0:
        source = Text(
            f"{origin} thừa {over} (định mức {spare_quota}, có {spare})",
            f"{origin} has {over} over (quota {spare_quota}, has {spare})",
        )
    elif over == 0:
        source = Text(
            f"{origin} vừa đủ định mức ({spare_quota}, có {spare}): chuyển để các xã thiếu đều hơn",
            f"{origin} is at its quota ({spare_quota}, has {spare}): moved to even out the shortages",
        )
    else:
        source = Text(
            f"{origin} thiếu ít hơn (định mức {spare_quota}, có {spare}): chuyển để các xã thiếu đều hơn",
            f"{origin} is less short (quota {spare_quota}, has {spare}): moved to even out the shortages",
        )
    if km is None:  # no distance known: the sentence leaves it out rather than print a question mark
        return Text(f"{short.vi}; {source.vi}.", f"{short.en}; {source.en}.")
    vi_km = f"{km:.1f}".replace(".", ",")
    return Text(f"{short.vi}; {source.vi}; cách {vi_km} km.", f"{short.en}; {source.en}; {km:.1f} km away.")
