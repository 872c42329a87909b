"""The demo's choices: the registry's fixed "today", shares and ranges, and the tables people are drawn from
(roles and their profiles, posts, earlier careers, evaluations, ethnicities and names, education, bodies).

These are demo choices, not statistics or rules.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

AS_OF = dt.date(2025, 10, 1)  # the registry's "today": fixed, so a seed always gives the same people
TERM = (2025, 2030)
EVALUATION_YEARS = range(2021, 2026)
RETIREMENT_MARGIN_MONTHS = 12  # nobody is closer than this to retirement at AS_OF
STAFF_PER_COMMUNE = 55
NON_LOCAL_SECRETARY_SHARE = 0.25
RELATIVES_SHARE = 0.05  # communes with a related pair on the staff
TWO_POOR_YEARS_SHARE = 0.001  # staff rated KHTNV in the last two years
DISCIPLINE_SHARE = 0.002  # commune staff with a reprimand or a warning in the last three years
# Communes whose public administration service centre has no director, or no deputy director, yet (drawn
# apart from the rest, by commune, so the other demo people stay the same).
CENTRE_NO_DIRECTOR_SHARE = 0.15
CENTRE_NO_DEPUTY_SHARE = 0.2
PROVINCE_STAFF_PER_COMMUNE, PROVINCE_STAFF_MIN = 2.2, 120
LEGACY_TEXT_SHARE = 0.65


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
# How often each job position is held (weights): the Party's and the Front's, then the Ministry's list (the
# policy file's `commune_job_positions`), every one of its professional positions held somewhere.
JOBS = {
    "cv_van_phong_dang": 3, "cv_xay_dung_dang": 3, "cv_kiem_tra_dang": 2, "cv_mat_tran": 4,
    "cv_van_phong": 3, "cv_tu_phap": 3, "cv_doi_ngoai": 1,
    "cv_tai_chinh": 3, "cv_ke_hoach": 2, "cv_xay_dung": 3, "cv_giao_thong": 1, "cv_cong_thuong": 1,
    "cv_nong_nghiep": 3, "cv_dia_chinh": 4,
    "cv_noi_vu": 2, "cv_dan_toc": 1, "cv_lao_dong": 2, "cv_giao_duc_y_te": 1, "cv_van_hoa": 3, "cv_cntt": 2,
    "cv_thong_tin": 1, "cv_y_te": 1,
    "cv_mot_cua": 4, "tro_ly_quan_su": 1,
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
    "cv_giao_duc_y_te": "Đại học Sư phạm", "cv_y_te": "Đại học Y tế công cộng", "cv_noi_vu": "Đại học Nội vụ",
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
