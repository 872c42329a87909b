"""Demo registry (sổ cán bộ mẫu): realistic officials for whole provinces, from a fixed seed.

For every commune: the key posts and about 55 staff (POLICY.md §5); ages, sexes and evaluations as real
registries have them; origins that are mostly local, with about a quarter of secretaries from elsewhere;
places written the pre-2025 way or the new way; a few hundred province-level officials; succession-plan pools
(quy hoạch) at province and former-district level; some relatives in the same commune.

Each province draws from its own seed (the run's seed and the province code), so a province comes out the
same whether it is generated alone or with the whole country. Foreign keys are set directly: the address
normaliser runs once per distinct place text, never per person, and a text is used only when it resolves to
the commune (and former district) it stands for. The shares and ranges below are demo choices, not statistics
or rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from faker import Faker

from cadre.core import geo as core_geo
from cadre.core.dates import PartialDate, add_months
from cadre.core.places import AddressError, fold
from cadre.core.policy import national_policy
from cadre.core.rules.retirement import retirement
from cadre.geo.models import (
    Commune,
    LegacyCommune,
    LegacyCommuneLink,
    LegacyDistrict,
    LegacyProvince,
    Province,
)
from cadre.geo.services import normalize_address

from .models import Evaluation, Official, Position, Posting, Relation, SuccessionPlan
from .services import ensure_positions, refresh_officials

AS_OF = dt.date(2025, 10, 1)  # the registry's "today": fixed, so a seed always gives the same people
HAI_PHONG = "Thành phố Hải Phòng"
TERM = (2025, 2030)
EVALUATION_YEARS = range(2021, 2026)
BATCH = 2000
RETIREMENT_MARGIN_MONTHS = 12  # nobody is closer than this to retirement at AS_OF
STAFF_PER_COMMUNE = 55
NON_LOCAL_SECRETARY_SHARE = 0.25
RELATIVES_SHARE = 0.05  # communes with a related pair on the staff
TWO_POOR_YEARS_SHARE = 0.001  # staff rated KHTNV in the last two years
PROVINCE_STAFF_PER_COMMUNE, PROVINCE_STAFF_MIN = 2.2, 120
LEGACY_TEXT_SHARE = 0.65
COUNT_KEYS = (
    "provinces",
    "already_present",
    "officials",
    "postings",
    "evaluations",
    "succession_plans",
    "relations",
)


@dataclass(frozen=True)
class Profile:
    ages: tuple[int, int, int]  # youngest, most common, oldest (before the retirement cap)
    women: float
    theory: dict[str, int]  # political theory level -> weight
    party: float  # share who are Party members
    origins: dict[str, int]  # here / near / province / elsewhere -> weight


_LOCALS = {"here": 74, "near": 14, "province": 8, "elsewhere": 4}
PROFILES = {
    "secretary": Profile((42, 52, 59), 0.15, {"advanced": 70, "bachelor": 20, "intermediate": 10}, 1.0, {}),
    "senior": Profile((36, 48, 59), 0.30, {"advanced": 45, "intermediate": 50, "bachelor": 5}, 1.0, _LOCALS),
    "head": Profile((32, 45, 58), 0.42, {"intermediate": 65, "advanced": 15, "basic": 20}, 0.95, _LOCALS),
    "deputy_head": Profile(
        (29, 40, 57), 0.48, {"intermediate": 50, "basic": 40, "advanced": 10}, 0.85, _LOCALS
    ),
    "staff": Profile(
        (23, 36, 59),
        0.55,
        {"none": 35, "basic": 45, "intermediate": 20},
        0.6,
        {"here": 80, "near": 14, "province": 4, "elsewhere": 2},
    ),
    "province_leader": Profile(
        (36, 48, 59),
        0.32,
        {"advanced": 60, "bachelor": 10, "intermediate": 30},
        1.0,
        {"here": 80, "elsewhere": 20},
    ),
    "province_staff": Profile(
        (24, 36, 58), 0.55, {"none": 30, "basic": 40, "intermediate": 30}, 0.7, {"here": 85, "elsewhere": 15}
    ),
}
ROLE_BY_LEVEL = {1: "secretary", 2: "senior", 3: "senior", 4: "head", 5: "deputy_head", 6: "staff"}
DEPARTMENTS = {  # head -> (deputy, body)
    "chanh_van_phong": ("pho_chanh_van_phong", "Văn phòng HĐND và UBND"),
    "truong_phong_kinh_te": ("pho_phong_kinh_te", "Phòng Kinh tế"),
    "truong_phong_vhxh": ("pho_phong_vhxh", "Phòng Văn hóa - Xã hội"),
    "giam_doc_tthcc": ("pho_giam_doc_tthcc", "Trung tâm Phục vụ hành chính công"),
}
JOBS = {
    "cv_van_phong_dang": 3, "cv_xay_dung_dang": 3, "cv_kiem_tra_dang": 2, "cv_mat_tran": 4,
    "cv_van_phong": 3, "cv_tu_phap": 3, "cv_tai_chinh": 3, "cv_dia_chinh": 4, "cv_xay_dung": 3,
    "cv_nong_nghiep": 3, "cv_cntt": 2, "cv_van_hoa": 3, "cv_giao_duc_y_te": 2, "cv_lao_dong": 2,
    "cv_mot_cua": 4,
}  # fmt: skip
# Earlier posts by role: how many (weights for 0, 1, 2), and which posts at which level.
EARLIER_COUNTS = {
    "secretary": (0, 40, 60),
    "senior": (25, 45, 30),
    "head": (35, 45, 20),
    "deputy_head": (50, 40, 10),
}
EARLIER_POSTS = {
    "secretary": {
        "commune": ("bi_thu", "chu_tich_ubnd"),
        "district": (
            "pho_bi_thu_huyen",
            "chu_tich_ubnd_huyen",
            "pho_chu_tich_ubnd_huyen",
            "truong_phong_huyen",
        ),
        "province": ("pho_giam_doc_so", "truong_phong_tinh", "truong_ban_tinh_uy"),
    },
    "senior": {
        "commune": ("pho_bi_thu", "chu_tich_ubnd", "pho_chu_tich_ubnd", "chu_tich_hdnd"),
        "district": ("pho_chu_tich_ubnd_huyen", "truong_phong_huyen", "pho_phong_huyen"),
        "province": ("pho_phong_tinh", "truong_phong_tinh"),
    },
    "head": {
        "commune": ("pho_chu_tich_ubnd", "cv_van_phong", "cv_tai_chinh"),
        "district": ("pho_phong_huyen", "truong_phong_huyen", "cv_huyen"),
        "province": ("cv_tinh", "pho_phong_tinh"),
    },
    "deputy_head": {
        "commune": ("cv_van_phong", "cv_dia_chinh", "cv_van_hoa", "cv_tu_phap"),
        "district": ("cv_huyen", "pho_phong_huyen"),
        "province": ("cv_tinh",),
    },
    "province_leader": {
        "district": ("truong_phong_huyen", "pho_phong_huyen"),
        "province": ("pho_phong_tinh", "cv_tinh"),
    },
}
EARLIER_LEVELS = {"commune": 45, "district": 40, "province": 15}
PLAN_TARGETS = {
    "bi_thu": ("bi_thu",),
    "pho_bi_thu_tt": ("bi_thu", "chu_tich_hdnd"),
    "pho_bi_thu": ("bi_thu", "chu_tich_ubnd"),
    "chu_tich_ubnd": ("chu_tich_ubnd", "bi_thu"),
    "pho_chu_tich_ubnd": ("chu_tich_ubnd", "pho_bi_thu"),
    "pho_chu_tich_hdnd": ("pho_bi_thu", "chu_tich_hdnd"),
    "chu_nhiem_ubkt": ("pho_bi_thu",),
    "chanh_van_phong": ("pho_chu_tich_ubnd",),
    "truong_phong_kinh_te": ("pho_chu_tich_ubnd",),
    "truong_phong_vhxh": ("pho_chu_tich_ubnd",),
}
# Per person a tier, and per year a level drawn from the tier's weights (HTXSNV, HTTNV, HTNV, KHTNV).
TIERS = {"strong": 15, "regular": 75, "weak": 10}
LEVELS = {"strong": (45, 50, 5, 0), "regular": (6, 62, 31, 1), "weak": (0, 35, 55, 10)}
MINORITIES = {  # province -> (share of minority people, the main groups)
    "04": (0.9, ("Tày", "Nùng", "Dao")), "08": (0.55, ("Tày", "Dao", "H'Mông")),
    "11": (0.8, ("Thái", "H'Mông")), "12": (0.85, ("Thái", "H'Mông", "Dao")),
    "14": (0.8, ("Thái", "H'Mông", "Mường")),
    "15": (0.5, ("Tày", "H'Mông", "Dao")), "19": (0.3, ("Tày", "Nùng", "Dao")), "20": (0.8, ("Nùng", "Tày")),
    "25": (0.2, ("Mường", "Dao")), "38": (0.12, ("Mường", "Thái")), "40": (0.1, ("Thái", "Khơ Mú")),
    "52": (0.3, ("Gia Rai", "Ba Na")), "66": (0.25, ("Ê Đê", "M'Nông")), "68": (0.15, ("Cơ Ho", "Mạ")),
    "86": (0.1, ("Khmer",)), "91": (0.08, ("Khmer", "Chăm")), "92": (0.08, ("Khmer", "Hoa")),
}  # fmt: skip
OTHER_MINORITIES = (0.02, ("Tày", "Mường", "Hoa", "Nùng", "Thái", "Khmer"))
MINORITY_SURNAMES = {
    "Tày": ("Hoàng", "Nông", "Lương", "Triệu"), "Nùng": ("Nông", "Vi", "Lục", "Hoàng"),
    "Thái": ("Lò", "Cầm", "Lường", "Hà"), "H'Mông": ("Giàng", "Sùng", "Thào", "Vàng"),
    "Dao": ("Triệu", "Bàn", "Lý"), "Mường": ("Bùi", "Đinh", "Quách"), "Khmer": ("Thạch", "Sơn", "Danh"),
    "Gia Rai": ("Ksor", "Siu", "Rơ Châm"), "Ê Đê": ("Niê", "Êban", "Mlô"),
}  # fmt: skip
MIDDLE_NAMES = {
    "male": ("Văn", "Văn", "Đức", "Quang", "Hữu", "Minh", "Xuân", "Thế", "Tiến", "Ngọc", "Công", "Thanh"),
    "female": ("Thị", "Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Phương"),
}
EDUCATION_BY_JOB = {
    "cv_tai_chinh": "Đại học Kế toán", "cv_dia_chinh": "Đại học Quản lý đất đai",
    "cv_tu_phap": "Đại học Luật", "cv_cntt": "Đại học Công nghệ thông tin", "cv_xay_dung": "Đại học Xây dựng",
    "cv_quan_su": "Trung cấp Quân sự", "cv_nong_nghiep": "Đại học Nông nghiệp",
    "cv_giao_duc_y_te": "Đại học Sư phạm",
}  # fmt: skip
EDUCATION = {
    "Đại học Hành chính": 30,
    "Đại học Luật": 25,
    "Đại học Kinh tế": 20,
    "Thạc sĩ Quản lý công": 10,
    "Đại học Xã hội học": 8,
    "Cao đẳng Văn thư": 7,
}
LEADER_EDUCATION = (
    "Thạc sĩ Quản lý công",
    "Thạc sĩ Kinh tế",
    "Thạc sĩ Luật",
    "Đại học Luật",
    "Đại học Kinh tế",
)
GOVERNMENT_BODIES = (
    "Văn phòng UBND", "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Sở Giáo dục và Đào tạo", "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Thanh tra",
)  # fmt: skip
PARTY_BODIES = ("Ban Tổ chức", "Ban Tuyên giáo và Dân vận", "Ủy ban Kiểm tra", "Văn phòng")
TYPE_WORDS = {  # type word -> (lower case, abbreviation), as registries write them
    "Thành phố": ("thành phố", "TP."), "Thị xã": ("thị xã", "TX."), "Thị trấn": ("thị trấn", "TT."),
    "Đặc khu": ("đặc khu", "đặc khu"), "Tỉnh": ("tỉnh", "T."), "Quận": ("quận", "Q."),
    "Huyện": ("huyện", "H."), "Phường": ("phường", "P."), "Xã": ("xã", "X."),
}  # fmt: skip
PARTY_DECISION_SUFFIX = {
    "commune": "ĐU",
    "old_commune": "ĐU",
    "district": "HU",
    "away_district": "HU",
    "province": "TU",
}
PARTY_COMMITTEE = {"Huyện": "Huyện ủy", "Quận": "Quận ủy", "Thị xã": "Thị ủy", "Thành phố": "Thành ủy"}


def draw(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def styled(name: str, style: str) -> str:
    """'Huyện Tứ Kỳ' as written: 'full' keeps it, 'lower' gives 'huyện Tứ Kỳ', 'short' gives 'H. Tứ Kỳ'."""
    for word, (lower, short) in TYPE_WORDS.items():
        if name.startswith(word + " ") and style != "full":
            return f"{lower if style == 'lower' else short}{name[len(word) :]}"
    return name


# ---- public API -----------------------------------------------------------------------------------------


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


def secretary_locality(province_codes: list[str]) -> tuple[int, int]:
    """(non-local, all) officials holding an open commune secretary posting in these provinces."""
    secretaries = Official.objects.filter(
        postings__position__code="bi_thu",
        postings__end__isnull=True,
        postings__province_id__in=province_codes,
    ).distinct()
    return secretaries.filter(is_local=False).count(), secretaries.count()


def summary_lines(counts: dict[str, int], province_codes: list[str]) -> list[str]:
    non_local, secretaries = secretary_locality(province_codes)
    share = f"{100 * non_local / secretaries:.1f}%" if secretaries else "–"
    return [
        f"Sổ cán bộ mẫu / demo registry: {len(province_codes)} tỉnh/thành / provinces "
        f"({counts['provinces']} mới tạo / created, {counts['already_present']} đã có sẵn / already present)",
        f"  Đã tạo / created: {counts['officials']:,} cán bộ / officials · "
        f"{counts['postings']:,} quá trình công tác / postings · "
        f"{counts['evaluations']:,} đánh giá / evaluations",
        f"  {counts['succession_plans']:,} quy hoạch / succession plans · "
        f"{counts['relations']:,} quan hệ gia đình / relations",
        f"  Bí thư không là người địa phương / non-local secretaries: {non_local}/{secretaries} ({share})",
    ]


# ---- the units, in memory ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceText:
    """A place as a registry writes it, with the units it resolves to."""

    text: str
    commune: str
    district: str | None
    legacy_province: str  # the pre-2025 province, whose code begins a citizen ID
    legacy: bool
    style: str


class Atlas:
    """What a generator needs from geo, read once: communes by province, neighbours, the old-to-new links."""

    def __init__(self):
        self.province_name = dict(Province.objects.values_list("code", "name"))
        self.commune: dict[str, tuple[str, str]] = {}  # code -> (name, province)
        self.communes_of: dict[str, list[str]] = defaultdict(list)
        coords: dict[str, list[tuple]] = defaultdict(list)
        rows = Commune.objects.order_by("code").values_list(
            "code", "name", "province_id", "latitude", "longitude"
        )
        for code, name, province, lat, lon in rows:
            self.commune[code] = (name, province)
            self.communes_of[province].append(code)
            coords[province].append((code, lat, lon))
        self.neighbours: dict[str, list[str]] = {}
        for units in coords.values():
            codes, lat, lon = zip(*units, strict=True)
            order = np.argsort(core_geo.distance_matrix_km(lat, lon), axis=1, kind="stable")
            self.neighbours |= {code: [codes[j] for j in order[i, 1:9]] for i, code in enumerate(codes)}
        self.legacy_province = dict(LegacyProvince.objects.values_list("code", "name"))
        self.district: dict[str, tuple[str, str]] = {}  # code -> (name, former province)
        self.districts_of: dict[str, list[str]] = defaultdict(list)  # new province -> former districts
        rows = LegacyDistrict.objects.order_by("code").values_list(
            "code", "name", "province", "province__new_province"
        )
        for code, name, old_province, new_province in rows:
            self.district[code] = (name, old_province)
            self.districts_of[new_province].append(code)
        rows = LegacyCommune.objects.values_list("code", "name", "district")
        self.legacy_commune = {code: (name, district) for code, name, district in rows}
        # new commune -> the former communes whose default link leads to it
        self.defaults: dict[str, list[str]] = defaultdict(list)
        spread: dict[str, Counter] = defaultdict(Counter)
        links = LegacyCommuneLink.objects.order_by("legacy_commune", "commune")
        for old, new, default in links.values_list("legacy_commune_id", "commune_id", "is_default"):
            spread[new][self.legacy_commune[old][1]] += 1
            if default:
                self.defaults[new].append(old)
        self.sole_district = {new: next(iter(c)) for new, c in spread.items() if len(c) == 1}
        self.main_district = {new: min(c, key=lambda d: (-c[d], d)) for new, c in spread.items()}
        self._places: dict[str, tuple[list[PlaceText], list[PlaceText]]] = {}

    def places(self, commune: str) -> tuple[list[PlaceText], list[PlaceText]]:
        """How people write this commune, (pre-2025 forms, new forms), each checked once by the normaliser."""
        if commune not in self._places:
            checked = [p for p in self._candidates(commune) if _resolves(p)]
            self._places[commune] = ([p for p in checked if p.legacy], [p for p in checked if not p.legacy])
        return self._places[commune]

    def _candidates(self, commune: str):
        name, province = self.commune[commune]
        home = self.district[self.main_district[commune]][1]
        for style in ("full", "lower"):
            text = f"{styled(name, style)}, {styled(self.province_name[province], style)}"
            yield PlaceText(text, commune, self.sole_district.get(commune), home, False, style)
        for old in self.defaults.get(commune, ()):
            old_name, district = self.legacy_commune[old]
            district_name, old_province = self.district[district]
            parts = [district_name, self.legacy_province[old_province]]
            if not old.startswith("D"):  # an island district is its own commune-level unit
                parts.insert(0, old_name)
            for style in ("full", "lower", "short"):
                text = ", ".join(styled(part, style) for part in parts)
                yield PlaceText(text, commune, district, old_province, True, style)

    def old_places(self, commune: str) -> list[PlaceText]:
        """The former communes this commune took in, written in full the pre-2025 way."""
        return [p for p in self.places(commune)[0] if p.style == "full"]

    def unit_keys(self, province: str, district: str | None, commune: str | None) -> list[str]:
        """The keys of the units a place lies in, as the local-person rule reads them (see compile.py)."""
        keys = [f"province:{province}"]
        keys += [f"district:{district}"] if district else []
        return keys + ([f"commune:{commune}"] if commune else [])

    def district_text(self, district: str) -> str:
        name, old_province = self.district[district]
        return f"{name}, {self.legacy_province[old_province]}"


def _resolves(place: PlaceText) -> bool:
    try:
        placed = normalize_address(place.text)
    except AddressError:
        return False
    if placed.commune.code != place.commune:
        return False
    return placed.legacy.district.code == place.district if place.legacy else placed.legacy is None


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


# ---- one province -----------------------------------------------------------------------------------------


@dataclass
class _Context:
    atlas: Atlas
    positions: dict[str, Position]
    faker: Faker
    used_ids: set[str] = field(default_factory=set)


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


class ProvinceBuilder:
    def __init__(self, context: _Context, province: str, seed: int):
        self.ctx, self.atlas, self.province = context, context.atlas, province
        self.positions = context.positions
        number = int.from_bytes(hashlib.sha256(f"{seed}:{province}".encode()).digest()[:8], "big")
        self.rng, self.faker = random.Random(number), context.faker
        self.faker.seed_instance(number)
        self.merger = national_policy().value("two_tier_in_force")
        self.drafts: list[Draft] = []
        self.relations: list[tuple[Draft, Draft, str]] = []
        city = self.atlas.province_name[province].startswith("Thành phố")
        self.province_bodies = [(f"{b} {'Thành ủy' if city else 'Tỉnh ủy'}", True) for b in PARTY_BODIES] + [
            (f"{b} {'thành phố' if city else 'tỉnh'}" if b in ("Văn phòng UBND", "Thanh tra") else b, False)
            for b in GOVERNMENT_BODIES
        ]

    def build(self) -> dict[str, int]:
        rng, communes = self.rng, self.atlas.communes_of[self.province]
        outsiders = set(rng.sample(communes, round(NON_LOCAL_SECRETARY_SHARE * len(communes))))
        related = set(rng.sample(communes, max(1, round(RELATIVES_SHARE * len(communes)))))
        for commune in communes:
            first = len(self.drafts)
            for codes in self._commune_roles():
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

    def _commune_roles(self) -> list[tuple[str, ...]]:
        """Who holds what: the secretary or the standing deputy often also chairs the People's Council, and
        the deputy secretary usually chairs the People's Committee (a second posting on another track)."""
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
        for head, (deputy, _body) in DEPARTMENTS.items():
            roles += [[head]] + [[deputy] for _ in range(rng.choice((1, 2, 2)))]
        roles.append(["cv_quan_su"])
        size = STAFF_PER_COMMUNE + rng.randint(-3, 3)
        roles += [
            [code] for code in rng.choices(list(JOBS), weights=list(JOBS.values()), k=size - len(roles))
        ]
        return [tuple(codes) for codes in roles]

    # -- a person --

    def _person(self, role: str, commune: str | None, codes: tuple[str, ...], origin: str, **given) -> Draft:
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
        draft = Draft(official, role, age, commune, codes, career_start, hometown, surname)
        self._career(draft, origin, given.get("body"))
        draft.ratings = self._ratings(role, career_start)
        self.drafts.append(draft)
        return draft

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
        while (number := f"{head}{self.rng.randrange(10**6):06d}") in self.ctx.used_ids:
            pass
        self.ctx.used_ids.add(number)
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

    def _ratings(self, role: str, career_start: dt.date) -> list[tuple[int, str]]:
        tiers = TIERS if role in ("staff", "province_staff") else {**TIERS, "weak": 0}
        weights = LEVELS[draw(self.rng, tiers)]
        first = career_start.year + (career_start.month > 6)
        levels = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
        return [(year, self.rng.choices(levels, weights)[0]) for year in EVALUATION_YEARS if year >= first]

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

    # -- postings --

    def _career(self, draft: Draft, origin: str, body: str | None) -> None:
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

    def _plans(self) -> list[tuple[Draft, str, str | None]]:
        """Quy hoạch for 2025–2030: province-level leaders in the province's pool for the commune key posts,
        commune leaders in their former district's pool (a quarter in the province's)."""
        rng, rows = self.rng, []
        for draft in self.drafts:
            main = draft.codes[0]
            if draft.age > 53:
                continue
            if draft.commune is None:
                if self.positions[main].kind == "leadership" and rng.random() < 0.45:
                    targets = rng.sample(("bi_thu", "chu_tich_ubnd", "pho_bi_thu"), rng.choice((1, 1, 2)))
                    rows += [(draft, code, None) for code in targets]
            elif main in PLAN_TARGETS and rng.random() < 0.55:
                district = None if rng.random() < 0.25 else self.atlas.main_district[draft.commune]
                rows += [(draft, code, district) for code in PLAN_TARGETS[main][: rng.choice((1, 2))]]
        return rows

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
            for d, code, district in self._plans()
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
        refresh_officials([o.pk for o in officials])
        return {
            "officials": len(officials),
            "postings": len(postings),
            "evaluations": len(evaluations),
            "succession_plans": len(plans),
            "relations": len(relations),
        }
