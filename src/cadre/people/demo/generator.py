"""Generating the registry: each province from its own seed, in its own transaction, written in bulk."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from faker import Faker

from cadre.core.dates import add_months
from cadre.core.job_positions import CENTRE_DEPUTY, CENTRE_DIRECTOR
from cadre.core.policy import national_policy
from cadre.geo.models import Province

from ..models import Discipline, Evaluation, Official, Position, Posting, Relation, SuccessionPlan
from ..services import ensure_positions, refresh_officials
from .careers import Careers
from .data import (
    AS_OF,
    CENTRE_NO_DEPUTY_SHARE,
    CENTRE_NO_DIRECTOR_SHARE,
    DEPARTMENTS,
    DISCIPLINE_SHARE,
    GOVERNMENT_BODIES,
    JOBS,
    NON_LOCAL_SECRETARY_SHARE,
    PARTY_BODIES,
    PROFILES,
    PROVINCE_STAFF_MIN,
    PROVINCE_STAFF_PER_COMMUNE,
    RELATIVES_SHARE,
    ROLE_BY_LEVEL,
    STAFF_PER_COMMUNE,
    TERM,
    TWO_POOR_YEARS_SHARE,
    draw,
)
from .officials import Draft, Drafter, earliest_birth
from .places import Atlas

HAI_PHONG = "Thành phố Hải Phòng"
BATCH = 2000
COUNT_KEYS = (
    "provinces",
    "already_present",
    "officials",
    "postings",
    "evaluations",
    "succession_plans",
    "relations",
    "disciplines",
)


def demo_province_codes(scale: str = "province") -> list[str]:
    """The provinces a demo fills: Hải Phòng, which took in the former Hải Dương, or all 34 for "national"."""
    if scale == "national":
        return list(Province.objects.order_by("code").values_list("code", flat=True))
    return [Province.objects.get(name=HAI_PHONG).code]


def generate_registry(
    province_codes: list[str] | None = None,
    seed: int = 2025,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Fill the registry for each province (Hải Phòng when none are given), one transaction per province.
    A province that already has officials is skipped. Returns what was created, summed over the provinces."""
    ensure_positions()
    codes = demo_province_codes() if province_codes is None else province_codes
    atlas = Atlas()
    context = _Context(atlas, {p.code: p for p in Position.objects.all()}, Faker("vi_VN"))
    context.used_ids = set(Official.objects.values_list("citizen_id", flat=True))
    counts: Counter[str] = Counter()
    for code in codes:
        name = atlas.province_name[code]
        if Official.objects.filter(current_province_id=code).exists():
            progress(f"{name}: đã có sẵn / already present")
            counts["already_present"] += 1
            continue
        progress(f"{name}: {len(atlas.communes_of[code])} xã/phường / communes")
        with transaction.atomic():
            counts.update(ProvinceBuilder(context, code, seed).build())
        counts["provinces"] += 1
    return {key: counts.get(key, 0) for key in COUNT_KEYS}


@dataclass
class _Context:
    atlas: Atlas
    positions: dict[str, Position]
    faker: Faker
    used_ids: set[str] = field(default_factory=set)


class ProvinceBuilder:
    def __init__(self, context: _Context, province: str, seed: int):
        self.atlas, self.province = context.atlas, province
        self.positions = context.positions
        number = int.from_bytes(hashlib.sha256(f"{seed}:{province}".encode()).digest()[:8], "big")
        self.rng, self.faker = random.Random(number), context.faker
        # Its own generator, so that the disciplines leave every other draw (and so the demo's plan) as it was.
        self.discipline_rng = random.Random(f"disciplines:{number}")
        self.faker.seed_instance(number)
        self.merger = national_policy().value("two_tier_in_force")
        self.drafts: list[Draft] = []
        self.relations: list[tuple[Draft, Draft, str]] = []
        city = self.atlas.province_name[province].startswith("Thành phố")
        self.province_bodies = [(f"{b} {'Thành ủy' if city else 'Tỉnh ủy'}", True) for b in PARTY_BODIES] + [
            (f"{b} {'thành phố' if city else 'tỉnh'}" if b in ("Văn phòng UBND", "Thanh tra") else b, False)
            for b in GOVERNMENT_BODIES
        ]
        self.drafter = Drafter(self.rng, self.faker, self.atlas, province, context.used_ids)
        self.careers = Careers(
            self.rng, self.atlas, self.positions, province, self.merger, self.province_bodies
        )

    def build(self) -> dict[str, int]:
        rng, communes = self.rng, self.atlas.communes_of[self.province]
        outsiders = set(rng.sample(communes, round(NON_LOCAL_SECRETARY_SHARE * len(communes))))
        related = set(rng.sample(communes, max(1, round(RELATIVES_SHARE * len(communes)))))
        for commune in communes:
            first = len(self.drafts)
            for codes in self._commune_roles(commune):
                role = ROLE_BY_LEVEL[self.positions[codes[0]].level]
                if codes[0] == "bi_thu":
                    origin = rng.choice(("province", "elsewhere")) if commune in outsiders else "here"
                else:
                    origin = draw(rng, PROFILES[role].origins)
                self._person(role, commune, codes, origin)
            if commune in related:
                self._relatives(commune, self.drafts[first:])
        self._province_officials(max(PROVINCE_STAFF_MIN, round(PROVINCE_STAFF_PER_COMMUNE * len(communes))))
        staff = [d for d in self.drafts if d.codes[0] in JOBS and len(d.ratings) >= 3]
        for draft in rng.sample(staff, max(2, round(TWO_POOR_YEARS_SHARE * len(staff)))):
            draft.ratings[-2:] = [(year, "KHTNV") for year, _ in draft.ratings[-2:]]
        return self._write()

    def _commune_roles(self, commune: str) -> list[tuple[str, ...]]:
        """Who holds what: the secretary or the standing deputy often also chairs the People's Council, and
        the deputy secretary usually chairs the People's Committee (a second posting on another track). Some
        communes' service centres lack their director or deputies (`_centre_gaps`)."""
        rng = self.rng
        party = [["bi_thu"], ["pho_bi_thu_tt"], ["pho_bi_thu"], ["chu_nhiem_ubkt"], ["chu_tich_mttq"]]
        roles = [*party, ["pho_chu_tich_hdnd"]]
        council = rng.random()
        if council < 0.55:
            party[0].append("chu_tich_hdnd")
        elif council < 0.85:
            party[1].append("chu_tich_hdnd")
        else:
            roles.append(["chu_tich_hdnd"])
        if rng.random() < 0.85:
            party[2].append("chu_tich_ubnd")
        else:
            roles.append(["chu_tich_ubnd"])
        roles += [["pho_chu_tich_ubnd"] for _ in range(rng.choice((2, 2, 3)))]
        gaps = self._centre_gaps(commune)
        for head, (deputy, _body) in DEPARTMENTS.items():
            deputies = rng.choice((1, 2, 2))
            roles += [[head]] if head not in gaps else []
            roles += [[deputy] for _ in range(deputies)] if deputy not in gaps else []
        roles.append(["cv_quan_su"])
        size = STAFF_PER_COMMUNE + rng.randint(-3, 3)
        roles += [
            [code] for code in rng.choices(list(JOBS), weights=list(JOBS.values()), k=size - len(roles))
        ]
        return [tuple(codes) for codes in roles]

    def _centre_gaps(self, commune: str) -> set[str]:
        """The service centre posts this commune leaves open, from a draw of its own (not `self.rng`)."""
        draws = random.Random(f"centre:{self.province}:{commune}")
        gaps = set()
        if draws.random() < CENTRE_NO_DIRECTOR_SHARE:
            gaps.add(CENTRE_DIRECTOR)
        if draws.random() < CENTRE_NO_DEPUTY_SHARE:
            gaps.add(CENTRE_DEPUTY)
        return gaps

    def _person(self, role: str, commune: str | None, codes: tuple[str, ...], origin: str, **given) -> Draft:
        draft = self.drafter.draft(role, commune, codes, origin, **given)
        self.careers.career(draft, origin, given.get("body"))
        draft.ratings = self.drafter.ratings(role, draft.career_start)
        self.drafts.append(draft)
        return draft

    def _relatives(self, commune: str, people: list[Draft]) -> None:
        """A spouse, a sibling or a child of someone on the staff joins the same commune."""
        rng = self.rng
        staff = [d for d in people if d.codes[0] in JOBS]
        parents = [d for d in staff if d.age >= 50]
        kind = rng.choice(("spouse", "sibling", "child"))
        kind = "sibling" if kind == "child" and not parents else kind
        first = rng.choice(parents if kind == "child" else staff)
        official = first.official
        if kind == "spouse":
            sex = "female" if official.sex == "male" else "male"
            birth, given = add_months(official.birth_date, rng.randint(-60, 60)), {}
        elif kind == "child":
            sex = rng.choice(("male", "female"))
            birth = add_months(official.birth_date, 12 * rng.randint(23, 28) + rng.randint(0, 11))
            given = {
                "surname": first.surname if official.sex == "male" else None,
                "born_in": official.raised_id,
            }
        else:
            sex = rng.choice(("male", "female"))
            birth = add_months(official.birth_date, rng.choice((-1, 1)) * rng.randint(18, 96))
            given = {"surname": first.surname, "born_in": official.birthplace_id, "hometown": first.hometown}
        given |= {"sex": sex, "birth": min(max(birth, earliest_birth(sex)), add_months(AS_OF, -12 * 23))}
        code = rng.choices(list(JOBS), weights=list(JOBS.values()))[0]
        relative = self._person("staff", commune, (code,), "here", **{k: v for k, v in given.items() if v})
        self.relations.append((first, relative, kind))

    def _province_officials(self, count: int) -> None:
        rng, per = self.rng, count / len(self.province_bodies)
        for body, party in self.province_bodies:
            size = max(4, round(per * rng.uniform(0.7, 1.3)))
            if party:
                codes = ["truong_ban_tinh_uy"] * max(1, size // 4)
                codes += ["cv_tinh_uy"] * (size - len(codes))
            else:
                heads = max(1, size // 5)
                codes = ["giam_doc_so", "pho_giam_doc_so", "pho_giam_doc_so"]
                codes += ["truong_phong_tinh"] * heads + ["pho_phong_tinh"] * heads
                codes += ["cv_tinh"] * max(0, size - len(codes))
            for code in codes:
                role = "province_leader" if self.positions[code].kind == "leadership" else "province_staff"
                self._person(role, None, (code,), draw(rng, PROFILES[role].origins), body=body)

    # -- writing --

    def _write(self) -> dict[str, int]:
        officials = [d.official for d in self.drafts]
        Official.objects.bulk_create(officials, batch_size=BATCH)
        positions = self.positions
        postings = [
            Posting(
                official_id=d.official.pk,
                position=positions[code],
                track=positions[code].track,
                province_id=self.province,
                district_id=district,
                commune_id=commune,
                body=body,
                start=start,
                end=end,
                decision=decision,
            )
            for d in self.drafts
            for code, district, commune, body, start, end, decision, _text in d.postings
        ]
        Posting.objects.bulk_create(postings, batch_size=BATCH)
        evaluations = [
            Evaluation(official_id=d.official.pk, year=year, level=level)
            for d in self.drafts
            for year, level in d.ratings
        ]
        Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
        plans = [
            SuccessionPlan(
                official_id=d.official.pk,
                position=positions[code],
                province_id=self.province,
                district_id=district,
                term_start=TERM[0],
                term_end=TERM[1],
            )
            for d, code, district in self.careers.plans(self.drafts)
        ]
        SuccessionPlan.objects.bulk_create(plans, batch_size=BATCH)
        flipped = {"parent": "child", "child": "parent"}
        relations = []
        for first, second, kind in self.relations:  # `kind`: what the second person is to the first
            a, b = first.official.pk, second.official.pk
            relations.append(
                Relation(
                    official_id=min(a, b),
                    relative_id=max(a, b),
                    kind=kind if a < b else flipped.get(kind, kind),
                )
            )
        Relation.objects.bulk_create(relations)
        disciplines = self._disciplines(plans)
        Discipline.objects.bulk_create(disciplines)
        refresh_officials([o.pk for o in officials])
        return {
            "officials": len(officials),
            "postings": len(postings),
            "evaluations": len(evaluations),
            "succession_plans": len(plans),
            "relations": len(relations),
            "disciplines": len(disciplines),
        }

    def _disciplines(self, plans: list[SuccessionPlan]) -> list[Discipline]:
        """A few commune staff (never a secretary or a planned leader) reprimanded or warned by their commune's
        Party committee in the three years before AS_OF, so that the records and the rule are there to see; and
        one province leader planned for the secretary post, below its level and rated excellent, warned two
        months before AS_OF: on the demo's rotation date the 36 months of Quy định 377-QĐ/TW still run, so the
        plan keeps them out of the (higher) secretary posts and its kept-out list names the rule."""
        rng = self.discipline_rng
        staff = [d for d in self.drafts if d.codes[0] in JOBS and d.commune]
        chosen = rng.sample(staff, min(len(staff), max(2, round(DISCIPLINE_SHARE * len(staff)))))
        records = [
            Discipline(
                official_id=d.official.pk,
                measure=rng.choice(("reprimand", "reprimand", "warning")),
                decided_on=add_months(AS_OF, -rng.randint(2, 36)),
                deciding_body=f"Ủy ban Kiểm tra Đảng ủy {self.atlas.commune[d.commune][0]}",
                decision=f"{rng.randint(1, 99)}-QĐ/UBKT",
            )
            for d in chosen
        ]
        secretary = self.positions["bi_thu"]
        in_pool = {p.official_id for p in plans if p.position_id == secretary.pk and p.district_id is None}
        leader = next(
            (
                d
                for d in self.drafts
                if d.commune is None
                and d.official.pk in in_pool
                and self.positions[d.codes[0]].level > secretary.level
                and d.ratings
                and d.ratings[-1][1] == "HTXSNV"
            ),
            None,
        )
        if leader is not None:
            records.append(
                Discipline(
                    official_id=leader.official.pk,
                    measure="warning",
                    decided_on=add_months(AS_OF, -2),
                    deciding_body="Ủy ban Kiểm tra Tỉnh ủy",
                    decision=f"{rng.randint(1, 99)}-QĐ/UBKTTU",
                )
            )
        return records
