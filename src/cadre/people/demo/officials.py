"""One official as drafted: name, sex, birth, places of birth and origin, citizen ID, ethnicity, education,
Party membership, protections and yearly evaluations. Postings are added by careers.py."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from cadre.core.dates import PartialDate, add_months
from cadre.core.place_names import fold
from cadre.core.rules.retirement import retirement

from ..models import Official
from .data import (
    AS_OF,
    EDUCATION,
    EDUCATION_BY_JOB,
    EVALUATION_YEARS,
    LEADER_EDUCATION,
    LEGACY_TEXT_SHARE,
    LEVELS,
    MIDDLE_NAMES,
    MINORITIES,
    MINORITY_SURNAMES,
    OTHER_MINORITIES,
    PROFILES,
    RETIREMENT_MARGIN_MONTHS,
    TIERS,
    draw,
)
from .places import Atlas, PlaceText

_EARLIEST: dict[str, dt.date] = {}


def earliest_birth(sex: str) -> dt.date:
    """The first birth month whose retirement (policy file) falls after AS_OF plus the margin."""
    if sex not in _EARLIEST:
        limit = add_months(AS_OF, RETIREMENT_MARGIN_MONTHS)
        month = dt.date(AS_OF.year - 70, 1, 1)
        while retirement(sex, PartialDate(month.year, month.month)).retirement_date <= limit:
            month = add_months(month, 1)
        _EARLIEST[sex] = month
    return _EARLIEST[sex]


@dataclass
class Draft:
    """A person being made; postings, ratings and plans are written once the officials have their ids."""

    official: Official
    role: str
    age: int
    commune: str | None  # where they work now (None: province level)
    codes: tuple[str, ...]  # the current posts, main first
    career_start: dt.date
    hometown: PlaceText
    surname: str
    # (code, former district, commune, body, start, end, decision, the unit as text)
    postings: list[tuple] = field(default_factory=list)
    ratings: list[tuple[int, str]] = field(default_factory=list)


class Drafter:
    """Draws the people of one province from its random generator (and Faker, seeded alike)."""

    def __init__(self, rng: random.Random, faker: Faker, atlas: Atlas, province: str, used_ids: set[str]):
        self.rng, self.faker, self.atlas, self.province = rng, faker, atlas, province
        self.used_ids = used_ids  # citizen IDs taken, shared by all provinces of a run

    def draft(self, role: str, commune: str | None, codes: tuple[str, ...], origin: str, **given) -> Draft:
        """A person for these posts, up to the start of their career; `given` fixes what a relative shares."""
        rng, profile = self.rng, PROFILES[role]
        sex = given.get("sex") or ("female" if rng.random() < profile.women else "male")
        birth = given.get("birth") or self._birth(sex, profile.ages)
        born_in = given.get("born_in") or self._origin_commune(commune, origin)
        birthplace = self._text(born_in)
        raised = birthplace if rng.random() < 0.7 else self._text(born_in)
        hometown = given.get("hometown")
        if hometown is None:
            home = born_in if rng.random() < 0.85 else rng.choice(self.atlas.neighbours[born_in][:4])
            hometown = birthplace if home == born_in and rng.random() < 0.8 else self._text(home)
        ethnicity = self._ethnicity(born_in)
        surname = given.get("surname") or self._surname(ethnicity)
        party_joined = self._party_joined(birth, profile.party)
        official = Official(
            citizen_id=self._citizen_id(birthplace, sex, birth),
            full_name=f"{surname} {rng.choice(MIDDLE_NAMES[sex])} {self._given_name(sex)}",
            sex=sex,
            birth_date=birth,
            birthplace_text=birthplace.text,
            birthplace_id=birthplace.commune,
            birthplace_district_id=birthplace.district,
            hometown_text=hometown.text,
            hometown_id=hometown.commune,
            hometown_district_id=hometown.district,
            raised_text=raised.text,
            raised_id=raised.commune,
            raised_district_id=raised.district,
            ethnicity=ethnicity,
            education=self._education(role, codes[0]),
            political_theory=draw(rng, profile.theory) if party_joined else rng.choice(("none", "basic")),
            party_joined=party_joined,
            health_concern=rng.random() < 0.03,
        )
        official.search_key = fold(official.full_name)
        age = AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))
        self._flags(official, age)
        career_start = min(add_months(birth, 12 * rng.randint(22, 26) + rng.randint(0, 11)), AS_OF)
        return Draft(official, role, age, commune, codes, career_start, hometown, surname)

    def _birth(self, sex: str, ages: tuple[int, int, int]) -> dt.date:
        low, mode, high = ages
        days = int(self.rng.triangular(low, high, mode) * 365.25)
        oldest = (AS_OF - earliest_birth(sex)).days
        if days > oldest:
            days = self.rng.randint(int(low * 365.25), oldest)
        return AS_OF - dt.timedelta(days=days)

    def _origin_commune(self, commune: str | None, origin: str) -> str:
        rng, atlas = self.rng, self.atlas
        here = commune or rng.choice(atlas.communes_of[self.province])
        if origin == "here":
            return here
        if origin == "near":
            return rng.choice(atlas.neighbours[here][:6])
        if origin == "province":
            near = {here, *atlas.neighbours[here]}
            return rng.choice([c for c in atlas.communes_of[self.province] if c not in near] or [here])
        other = rng.choice([p for p in sorted(atlas.communes_of) if p != self.province])
        return rng.choice(atlas.communes_of[other])

    def _text(self, commune: str, style: str | None = None) -> PlaceText:
        legacy, new = self.atlas.places(commune)
        pool = legacy if legacy and (not new or self.rng.random() < LEGACY_TEXT_SHARE) else new
        style = style or draw(self.rng, {"full": 60, "lower": 30, "short": 10})
        return self.rng.choice([p for p in pool if p.style == style] or pool)

    def _citizen_id(self, birthplace: PlaceText, sex: str, birth: dt.date) -> str:
        """Số định danh: the birth province's code, a sex-and-century digit, the birth year's last two digits
        and six random digits."""
        century = (birth.year // 100 - 19) * 2 + (sex == "female")
        head = f"0{birthplace.legacy_province}{century}{birth.year % 100:02d}"
        while (number := f"{head}{self.rng.randrange(10**6):06d}") in self.used_ids:
            pass
        self.used_ids.add(number)
        return number

    def _ethnicity(self, born_in: str) -> str:
        share, groups = MINORITIES.get(self.atlas.commune[born_in][1], OTHER_MINORITIES)
        return self.rng.choice(groups) if self.rng.random() < share else "Kinh"

    def _surname(self, ethnicity: str) -> str:
        if ethnicity in MINORITY_SURNAMES:
            return self.rng.choice(MINORITY_SURNAMES[ethnicity])
        return "Nguyễn" if self.rng.random() < 0.25 else self.faker.last_name()

    def _given_name(self, sex: str) -> str:
        if self.rng.random() < 0.2:
            return self.faker.first_name_unisex()
        return self.faker.first_name_male() if sex == "male" else self.faker.first_name_female()

    def _education(self, role: str, code: str) -> str:
        if role in ("secretary", "senior", "province_leader"):
            return self.rng.choice(LEADER_EDUCATION)
        if code in EDUCATION_BY_JOB and self.rng.random() < 0.75:
            return EDUCATION_BY_JOB[code]
        return draw(self.rng, EDUCATION)

    def _party_joined(self, birth: dt.date, share: float) -> dt.date | None:
        if self.rng.random() >= share:
            return None
        joined = add_months(birth, 12 * self.rng.randint(21, 32) + self.rng.randint(0, 11))
        return min(joined, AS_OF - dt.timedelta(days=200 + self.rng.randint(0, 400)))

    def _flags(self, official: Official, age: int) -> None:
        rng = self.rng
        if official.sex == "female" and age < 38 and rng.random() < 0.08:
            official.protection = "maternity"
        elif rng.random() < 0.004:
            official.protection = "discipline"
        if rng.random() < 0.01:
            early = retirement(official.sex, PartialDate.of(official.birth_date), early=True)
            official.early_retirement = early.retirement_date > add_months(AS_OF, RETIREMENT_MARGIN_MONTHS)

    def ratings(self, role: str, career_start: dt.date) -> list[tuple[int, str]]:
        tiers = TIERS if role in ("staff", "province_staff") else {**TIERS, "weak": 0}
        weights = LEVELS[draw(self.rng, tiers)]
        first = career_start.year + (career_start.month > 6)
        levels = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
        return [(year, self.rng.choices(levels, weights)[0]) for year in EVALUATION_YEARS if year >= first]
