"""Careers: the postings (quá trình công tác) a drafted official has held and holds, the years they worked
per unit, and the succession-plan pools (quy hoạch) they are in."""

from __future__ import annotations

import datetime as dt
import random

from cadre.core.dates import add_months

from ..models import Position
from .data import (
    AS_OF,
    DEPARTMENTS,
    EARLIER_COUNTS,
    EARLIER_LEVELS,
    EARLIER_POSTS,
    PARTY_COMMITTEE,
    PARTY_DECISION_SUFFIX,
    PLAN_TARGETS,
    draw,
)
from .officials import Draft
from .places import Atlas, styled

SECRETARY_POOL = ("bi_thu", "giam_doc_so")


class Careers:
    """Postings and plans for the people of one province, drawn from the province's random generator."""

    def __init__(
        self,
        rng: random.Random,
        atlas: Atlas,
        positions: dict[str, Position],
        province: str,
        merger: dt.date,
        province_bodies: list[tuple[str, bool]],
    ):
        self.rng, self.atlas, self.positions, self.province = rng, atlas, positions, province
        self.merger = merger  # the two-tier government's first day
        self.province_bodies = province_bodies  # (name, is a Party body)

    def career(self, draft: Draft, origin: str, body: str | None) -> None:
        """Earlier closed postings, then the current ones (a second track for a concurrent post)."""
        rng, commune, main = self.rng, draft.commune, draft.codes[0]
        start = draft.career_start
        if self.positions[main].kind == "leadership":
            start = self.merger if rng.random() < 0.85 else self.merger + dt.timedelta(rng.randint(15, 80))
            if commune is None and rng.random() < 0.4:  # kept their province post through the merger
                start = add_months(self.merger, -rng.randint(6, 72))
            start = max(start, draft.career_start)
            self._earlier(draft, origin, start)
        elif commune and start < self.merger and rng.random() < 0.55 and self.atlas.old_places(commune):
            self._post(draft, main, "old_commune", start, self.merger - dt.timedelta(days=1))
            start = self.merger
        for code in draft.codes:
            self._post(draft, code, "commune" if commune else "province", start, None, body)
        self._stints(draft)

    def _earlier(self, draft: Draft, origin: str, before: dt.date) -> None:
        """One or two closed postings before `before`: in the former commune, a former district or the
        province. A secretary from elsewhere comes from the province, by way of another district."""
        rng = self.rng
        outsider = draft.commune is not None and draft.codes[0] == "bi_thu" and origin != "here"
        count = rng.choices((0, 1, 2), EARLIER_COUNTS.get(draft.role, (40, 40, 20)))[0]
        chain, end = [], before - dt.timedelta(days=1)
        for i in range(max(count, outsider)):
            start = add_months(end, -12 * rng.randint(2 + i, 7 + i) - rng.randint(0, 11))
            if start < draft.career_start:
                break
            posts = EARLIER_POSTS[draft.role]
            level = "province" if outsider and i == 0 else draw(rng, EARLIER_LEVELS)
            if level == "commune" and draft.commune and not outsider and self.atlas.old_places(draft.commune):
                level = "old_commune"
            elif level not in posts or level == "commune":
                level = "district"
            code = rng.choice(posts["commune" if level == "old_commune" else level])
            chain.append((code, "away_district" if outsider and level == "district" else level, start, end))
            end = start - dt.timedelta(days=1)
        for code, level, start, end in reversed(chain):
            self._post(draft, code, level, start, end)

    def _post(self, draft: Draft, code: str, level: str, start, end, body: str | None = None) -> None:
        """A posting at `level`: "commune" (the person's), "old_commune" (a former commune it took in),
        "district" (the commune's former district), "away_district" (another one) or "province"."""
        rng, atlas, track = self.rng, self.atlas, self.positions[code].track
        district = commune = None
        if level in ("commune", "old_commune"):
            commune = draft.commune
            if level == "old_commune":
                place = rng.choice(atlas.old_places(commune))
                district, text, name = place.district, place.text, place.text.split(", ")[0]
                body = f"{self._commune_organ(code)} {styled(name, 'lower')} (cũ)"
            else:
                district, name = atlas.sole_district.get(commune), atlas.commune[commune][0]
                text = f"{name}, {atlas.province_name[self.province]}"
                body = f"{self._commune_organ(code)} {styled(name, 'lower')}"
        elif level in ("district", "away_district"):
            home = atlas.main_district.get(draft.commune) if draft.commune else None
            others = [d for d in atlas.districts_of[self.province] if d != home]
            district = home if home and level == "district" else rng.choice(others)
            name, text = atlas.district[district][0], atlas.district_text(district)
            word = next((w for w in PARTY_COMMITTEE if name.startswith(w + " ")), "Huyện")
            party_body = f"{PARTY_COMMITTEE[word]}{name[len(word) :]}"
            body = party_body if track == "party" else f"UBND {styled(name, 'lower')}"
        else:
            text = atlas.province_name[self.province]
            body = body or rng.choice([b for b, party in self.province_bodies if party == (track == "party")])
        number = rng.randint(1, 480)
        if track == "party":
            decision = f"{number}-QĐ/{PARTY_DECISION_SUFFIX[level]}"
        else:
            decision = f"{number}/{'NQ-HĐND' if track == 'council' else 'QĐ-UBND'}"
        draft.postings.append((code, district, commune, body, start, end, decision, text))

    def _commune_organ(self, code: str) -> str:
        for head, (deputy, body) in DEPARTMENTS.items():
            if code in (head, deputy):
                return body
        if code in ("chu_tich_mttq", "cv_mat_tran"):
            return "Ủy ban MTTQ"
        return {"party": "Đảng ủy", "council": "HĐND"}.get(self.positions[code].track, "UBND")

    def _stints(self, draft: Draft) -> None:
        """Years studied or worked per unit, from the postings (a concurrent posting is counted once)."""
        items: dict[tuple, dict] = {}
        seen = set()
        for _code, district, commune, _body, start, end, _decision, text in draft.postings:
            if (start, end) in seen:
                continue
            seen.add((start, end))
            keys = tuple(self.atlas.unit_keys(self.province, district, commune))
            item = items.setdefault(keys, {"keys": sorted(keys), "text": text, "years": 0.0})
            item["years"] += ((end or AS_OF) - start).days / 365.25
        for item in items.values():
            item["years"] = round(item["years"], 1)
        draft.official.years_by_unit = list(items.values())

    def plans(self, drafts: list[Draft]) -> list[tuple[Draft, str, str | None]]:
        """Quy hoạch for 2025–2030: province-level leaders in the province's pool for the commune key posts,
        commune leaders in their former district's pool (a quarter in the province's). Sitting commune
        secretaries and department directors (the secretary's level) are all in the province's pool for the
        secretary post, so that a rotation plan can move them anywhere in the province."""
        rng, rows = self.rng, []
        for draft in drafts:
            main = draft.codes[0]
            if draft.age > 53:
                continue
            if main in SECRETARY_POOL:
                rows.append((draft, "bi_thu", None))
            elif draft.commune is None:
                if self.positions[main].kind == "leadership" and rng.random() < 0.45:
                    targets = rng.sample(("bi_thu", "chu_tich_ubnd", "pho_bi_thu"), rng.choice((1, 1, 2)))
                    rows += [(draft, code, None) for code in targets]
            elif main in PLAN_TARGETS and rng.random() < 0.55:
                district = None if rng.random() < 0.25 else self.atlas.main_district[draft.commune]
                rows += [(draft, code, district) for code in PLAN_TARGETS[main][: rng.choice((1, 2))]]
        return rows
